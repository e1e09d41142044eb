"""Configuration: where it is found, what it changes, and one clear line with exit code 2 when it is wrong."""

from __future__ import annotations

import pytest

from tests.conftest import write

CATALOG = """\
msglint: 1
services:
  orders:
    publishes: [ProductUpdated, ShipOrder]
messages:
  ProductUpdated: {kind: event}
  ShipOrder: {kind: event}
"""


def codes(result) -> list[tuple[str, str]]:
    return [(d["code"], d["severity"]) for d in result.json()["diagnostics"]]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('selct = ["MSG101"]\n', "msglint.toml:1: `selct` is not a msglint setting; did you mean `select`?"),
        ('fail-on = "fatal"\n', "msglint.toml: `fail-on` must be error, warning or info, not 'fatal'"),
        ('select = ["MSG999"]\n', "msglint.toml: `select` names an unknown rule `MSG999`; did you mean `MSG904`?"),
        ('ignore = "MSG101"\n', "msglint.toml: `ignore` must be a list of strings"),
        (
            "[naming]\nextra-verb = ['x']\n",
            "msglint.toml:2: `naming.extra-verb` is not a msglint setting; did you mean `naming.extra-verbs`?",
        ),
        ("[severity]\nMSG101 = 'loud'\n", "msglint.toml: `severity.MSG101` must be error, warning or info, not 'loud'"),
        ("select = [\n", "msglint.toml: invalid TOML"),
        (
            "[python]\nhandler-decorators = ['bus.on:']\n",
            "msglint.toml: `python.handler-decorators` entries are `dotted.name` or `dotted.name:ARG` "
            "(a position or a keyword), not 'bus.on:'",
        ),
        (
            "[python]\nevent-base = ['Fact']\n",
            "msglint.toml:2: `python.event-base` is not a msglint setting; did you mean `python.event-bases`?",
        ),
        ("[python]\ninclude-tests = 'yes'\n", "msglint.toml: `python.include-tests` must be true or false"),
        (
            "[tool.msglint]\nselect = ['MSG101']\n",
            "msglint.toml: `[tool.msglint]` belongs in pyproject.toml; in msglint.toml write the same keys without "
            "the `tool.msglint` prefix",
        ),
    ],
    ids=[
        "misspelt-key",
        "bad-level",
        "unknown-rule",
        "wrong-type",
        "naming-key",
        "bad-severity",
        "bad-toml",
        "decorator-entry",
        "python-key",
        "python-bool",
        "pyproject-table-in-msglint-toml",
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(tmp_path, run_cli, config, expected):
    write(tmp_path, "msglint.toml", config)
    write(tmp_path, "c.yaml", CATALOG)
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    line = result.err.strip().replace(str(tmp_path) + "/", "")
    assert line.startswith("msglint: error: ")
    assert expected in line


def test_pyproject_table_is_found_from_a_subfolder(tmp_path, run_cli):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.msglint]\nignore = ["crud-event"]\n')
    write(tmp_path, "contracts/c.yaml", CATALOG)
    result = run_cli("check", "contracts", "--format", "json", cwd=tmp_path)
    assert codes(result) == [("MSG101", "error")]


def test_pyproject_errors_name_the_table(tmp_path, run_cli):
    write(tmp_path, "pyproject.toml", "[tool.msglint]\nfail_on = 'warning'\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert "`tool.msglint.fail_on` is not a msglint setting; did you mean `tool.msglint.fail-on`?" in result.err


def test_severity_and_fail_on(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", 'fail-on = "info"\n[severity]\nevent-imperative-name = "warning"\n')
    write(tmp_path, "c.yaml", CATALOG)
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert codes(result) == [("MSG104", "info"), ("MSG101", "warning")]
    assert result.exit_code == 1
    assert run_cli("check", ".", "--fail-on", "error", cwd=tmp_path).exit_code == 0


def test_select_and_ignore_from_the_command_line(tmp_path, run_cli):
    write(tmp_path, "c.yaml", CATALOG)
    assert codes(run_cli("check", ".", "--format", "json", "--select", "crud-event", cwd=tmp_path)) == [
        ("MSG104", "info")
    ]
    assert codes(run_cli("check", ".", "--format", "json", "--ignore", "MSG101,MSG104", cwd=tmp_path)) == []
    bad = run_cli("check", ".", "--select", "crud-events", cwd=tmp_path)
    assert bad.exit_code == 2
    assert bad.err == "msglint: error: --select: unknown rule 'crud-events'; did you mean crud-event?\n"


def test_exclude_and_gitignore(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", 'extend-exclude = ["legacy/"]\n')
    write(tmp_path, ".gitignore", "generated/\n*.tmp.yaml\n!keep.tmp.yaml\n")
    for name in ("legacy/c.yaml", "generated/c.yaml", "x.tmp.yaml", "keep.tmp.yaml", "live/c.yaml"):
        write(tmp_path, name, CATALOG.replace("ShipOrder", "Ship" + name.split("/")[0].split(".")[0].title()))
    (tmp_path / ".git").mkdir()
    result = run_cli("check", ".", "--format", "json", "--select", "MSG101", cwd=tmp_path)
    paths = sorted(d["location"]["path"] for d in result.json()["diagnostics"])
    assert paths == ["keep.tmp.yaml", "live/c.yaml"]


def test_catalog_patterns_read_files_without_the_marker(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", 'catalogs = ["messages.yaml"]\n')
    write(tmp_path, "team/messages.yaml", CATALOG.replace("msglint: 1\n", ""))
    result = run_cli("check", ".", "--format", "json", "--select", "MSG101", cwd=tmp_path)
    assert [d["location"]["path"] for d in result.json()["diagnostics"]] == ["team/messages.yaml"]


def test_missing_config_file_is_a_usage_error(tmp_path, run_cli):
    result = run_cli("check", ".", "--config", "nope.toml", cwd=tmp_path)
    assert (result.exit_code, result.err) == (2, "msglint: error: --config: no such file: nope.toml\n")


def test_aliases_join_messages(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", '[aliases]\nOrderPlaced = ["PurchaseCompleted"]\n')
    write(
        tmp_path,
        "c.yaml",
        """\
        msglint: 1
        services:
          orders: {publishes: [OrderPlaced]}
          legacy: {publishes: [PurchaseCompleted]}
        messages:
          OrderPlaced: {kind: event}
          PurchaseCompleted: {kind: event}
        """,
    )
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert [(d["code"], d["message_key"]) for d in result.json()["diagnostics"]] == [("MSG204", "order_placed")]


def test_a_suppression_of_a_rule_that_did_not_run_is_not_unused(tmp_path, run_cli):
    write(
        tmp_path,
        "c.yaml",
        "msglint: 1\nservices:\n  shop:\n    publishes: [SendReceipt]\nmessages:\n"
        "  SendReceipt:\n    kind: event\n    ignore: [MSG101, MSG999]\n",
    )
    write(tmp_path, "msglint.toml", "")
    for flags in (["--ignore", "MSG101"], ["--select", "MSG903"]):
        document = run_cli("check", ".", "--format", "json", *flags, cwd=tmp_path).json()
        assert [(d["code"], d["message"]) for d in document["diagnostics"]] == [
            ("MSG903", "this suppression names MSG999, which is no msglint rule")
        ], flags


def test_a_configuration_padded_with_blank_lines_is_read_in_linear_time(tmp_path, run_cli):
    # patterns over the whole text once backtracked on lines of whitespace for minutes
    padding = " \n" * 20_000
    (tmp_path / "msglint.toml").write_text(padding + 'selct = ["MSG101"]\n' + padding + "[naming]\nextra = [[[[1]]]]\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert "msglint.toml:20001: `selct` is not a msglint setting; did you mean `select`?" in result.err


def test_consecutive_ignore_rules_of_one_kind_keep_gits_last_match_wins(tmp_path):
    from msglint.lint.config import Config as Settings
    from msglint.lint.discover import IgnoreRules

    write(tmp_path, ".gitignore", "*.tmp.yaml\nold-*\n!keep.tmp.yaml\n!old-but-kept.yaml\nold-but-kept.yaml\nbuild/\n")
    rules = IgnoreRules(tmp_path, Settings(exclude=()))
    rules.load_folder(tmp_path)
    root = tmp_path.as_posix()

    verdicts = {
        name: rules.excluded_text(f"{root}/{name}", is_dir=False)
        for name in ("x.tmp.yaml", "old-a.yaml", "keep.tmp.yaml", "old-but-kept.yaml", "live.yaml", "build")
    }

    assert verdicts == {
        "x.tmp.yaml": True,
        "old-a.yaml": True,
        "keep.tmp.yaml": False,
        "old-but-kept.yaml": True,  # excluded again by the last line
        "live.yaml": False,
        "build": False,  # `build/` is for folders only
    }
    assert rules.excluded_text(f"{root}/build", is_dir=True)
    assert len(rules.rules) == 4  # two exclusions in one, two negations in one, then one each


def test_a_run_of_ignore_rules_of_one_kind_is_compiled_once(tmp_path, monkeypatch):
    from msglint.lint import discover
    from msglint.lint.config import Config as Settings

    compiled = []
    real_compile = discover.re.compile
    monkeypatch.setattr(discover.re, "compile", lambda source: compiled.append(source) or real_compile(source))
    write(tmp_path, ".gitignore", "".join(f"generated-{number}.yaml\n" for number in range(1000)))
    rules = discover.IgnoreRules(tmp_path, Settings(exclude=()))
    rules.load_folder(tmp_path)

    verdicts = [
        rules.excluded_text(f"{tmp_path.as_posix()}/{name}", is_dir=False) for name in ("generated-7.yaml", "x.yaml")
    ]

    assert (verdicts, len(compiled)) == ([True, False], 1)  # compiling it again for every line was quadratic
