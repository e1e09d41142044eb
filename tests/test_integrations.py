"""Report formats, statistics, baseline, flow graph, inventory, per-path ignores and plugins."""

from __future__ import annotations

import json
import re
import shutil
from xml.etree import ElementTree

import jsonschema
import pytest

from msglint.lint.baseline import fingerprint
from msglint.model import Diagnostic, Location, Severity
from msglint.report.github import annotation
from tests.conftest import FIXTURES, REPO, write

SHOP = "fixtures/catalog/shop"
RIDE = "fixtures/catalog/ride-hailing"
PLUGIN = "fixtures/plugins/team_rules"

# GitHub's code scanning accepts a subset of SARIF 2.1.0 (docs.github.com, "SARIF support for code
# scanning"). No PyPI package ships the official schema, so these are the structural checks an upload
# needs: version 2.1.0; runs[].tool.driver with a name and rules carrying id, short and full description,
# help and a default level; results with a ruleId, a message text and physical locations whose artifact
# has a uri and whose region starts at line and column 1 or later; partialFingerprints as strings.
_REGION = {
    "type": "object",
    "required": ["startLine", "startColumn"],
    "properties": {
        name: {"type": "integer", "minimum": 1} for name in ("startLine", "startColumn", "endLine", "endColumn")
    },
}
_PHYSICAL = {
    "type": "object",
    "required": ["artifactLocation", "region"],
    "properties": {
        "artifactLocation": {
            "type": "object",
            "required": ["uri"],
            "properties": {"uri": {"type": "string", "minLength": 1}},
        },
        "region": _REGION,
    },
}
_TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs", "$schema"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "name",
                                                "shortDescription",
                                                "fullDescription",
                                                "help",
                                                "helpUri",
                                                "defaultConfiguration",
                                            ],
                                            "properties": {
                                                "shortDescription": _TEXT,
                                                "fullDescription": _TEXT,
                                                "help": _TEXT,
                                                "helpUri": {"type": "string", "pattern": "^https://"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": {"enum": ["error", "warning", "note"]}},
                                                },
                                            },
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations", "level", "partialFingerprints"],
                            "properties": {
                                "level": {"enum": ["error", "warning", "note"]},
                                "message": _TEXT,
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {"physicalLocation": _PHYSICAL},
                                    },
                                },
                                "relatedLocations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "physicalLocation", "message"],
                                        "properties": {"physicalLocation": _PHYSICAL},
                                    },
                                },
                                "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
}

MERMAID_RESERVED = {
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "class",
    "classDef",
    "click",
    "linkStyle",
    "default",
}
_MERMAID_ID = r"[a-z][0-9]+"
_MERMAID_LINES = [
    re.compile(rf'^    ({_MERMAID_ID})(\[\["[^"]*"\]\]|\["[^"]*"\]|\(\["[^"]*"\]\)|\{{\{{"[^"]*"\}}\}})$'),
    re.compile(rf"^    ({_MERMAID_ID}) -->\|[a-z]+\| ({_MERMAID_ID})$"),
    re.compile(r"^    classDef finding stroke:#d33,stroke-width:3px$"),
    re.compile(rf"^    class {_MERMAID_ID}(,{_MERMAID_ID})* finding$"),
    re.compile(r"^    linkStyle \d+(,\d+)* stroke:#d33,stroke-width:3px$"),
]


def assert_valid_mermaid(text: str) -> None:
    """The subset of the flowchart grammar msglint writes: a header, quoted labels without quotes inside,
    sanitised ids (never a reserved word), labelled arrows, and styling lines that point at real edges."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR"
    edges = 0
    for line in lines[1:]:
        match = next((m for pattern in _MERMAID_LINES if (m := pattern.match(line))), None)
        assert match is not None, f"not in the Mermaid subset msglint writes: {line!r}"
        assert not set(match.groups()) & MERMAID_RESERVED
        if "-->" in line:
            edges += 1
        if line.startswith("    linkStyle"):
            assert all(int(i) < edges for i in line.split()[1].split(","))


def test_sarif_has_every_rule_and_results_with_locations(run_cli):
    result = run_cli("check", SHOP, "--format", "sarif")
    document = json.loads(result.out)
    jsonschema.validate(document, SARIF_SUBSET)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:3] == ["MSG101", "MSG102", "MSG103"]
    assert rules[0]["helpUri"].endswith("/docs/rules/MSG101.md")
    expected = run_cli("check", SHOP, "--format", "json").json()["diagnostics"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        (d["code"], d["location"]["line"]) for d in expected
    ]
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "fixtures/catalog/shop/messages.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    multiple = next(r for r in run["results"] if r["ruleId"] == "MSG201")
    assert [loc["message"]["text"] for loc in multiple["relatedLocations"]] == [
        "handled by payments",
        "handled by fraud",
    ]
    assert result.exit_code == 1


def test_github_annotations_are_escaped():
    diagnostic = Diagnostic(
        "MSG101",
        "event-imperative-name",
        Severity.ERROR,
        "100% wrong,\nreally: yes",
        Location("a,b:c.yaml", 3, 5, 3, 9),
    )
    assert annotation(diagnostic) == (
        "::error file=a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,title=MSG101 event-imperative-name"
        "::100%25 wrong,%0Areally: yes"
    )


def test_github_format_one_line_per_finding(run_cli):
    result = run_cli("check", SHOP, "--format", "github")
    lines = result.out.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("::warning file=fixtures/catalog/shop/messages.yaml,line=46,col=3,")


def test_junit_one_case_per_rule_per_file_failing_only_at_or_above_fail_on(run_cli):
    result = run_cli("check", RIDE, "--format", "junit", "--fail-on", "warning")
    suites = ElementTree.fromstring(result.out)
    cases = suites.findall("./testsuite/testcase")
    failing = [(c.get("classname"), c.get("name")) for c in cases if c.find("failure") is not None]
    assert (f"{RIDE}/messages.yaml", "MSG202 disguised-command") in failing
    assert len(failing) == 5  # 6 findings, two of them MSG202 in one file
    assert suites.get("failures") == "5"
    two = next(c for c in cases if c.get("name") == "MSG202 disguised-command").find("failure")
    assert two.get("message") == "2 findings of MSG202"

    # with the default --fail-on error, the warnings pass: the report fails exactly when the run does
    suites = ElementTree.fromstring(run_cli("check", RIDE, "--format", "junit").out)
    cases = suites.findall("./testsuite/testcase")
    assert suites.get("failures") == "3"
    assert sorted(c.get("name") for c in cases if c.find("failure") is not None) == [
        "MSG101 event-imperative-name",
        "MSG201 command-multiple-handlers",
        "MSG901 invalid-input",
    ]
    two = next(c for c in cases if c.get("name") == "MSG202 disguised-command")
    assert two.find("system-out").text.splitlines()[0] == "2 findings below --fail-on error, not failing:"


def test_gitlab_code_quality(run_cli):
    issues = json.loads(run_cli("check", SHOP, "--format", "gitlab").out)
    report = run_cli("check", SHOP, "--format", "json").json()["diagnostics"]
    assert len(issues) == len(report) == 7
    first = issues[0]
    assert first["check_name"] == "MSG204 event-multiple-publishers"
    assert first["severity"] == "minor"
    assert first["location"] == {"path": "fixtures/catalog/shop/messages.yaml", "lines": {"begin": 46, "end": 46}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_markdown_summary_with_mermaid(run_cli):
    text = run_cli("check", SHOP, "--format", "markdown").out
    assert text.startswith("## msglint\n\nFound 7 findings (2 errors, 4 warnings, 1 info);")
    assert "| MSG202 `disguised-command` | warning | 1 |" in text
    assert (
        "| `fixtures/catalog/shop/messages.yaml:52:3` | MSG201 | command `ChargePayment` is handled by 2 components"
        in text
    )
    diagram = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert_valid_mermaid(diagram)
    assert '"ChargePayment (command)"' in diagram


def test_statistics(run_cli):
    result = run_cli("check", RIDE, "--statistics")
    assert result.out.splitlines()[:2] == [
        "2  MSG202  disguised-command  [warning]",
        "1  MSG101  event-imperative-name  [error]",
    ]
    rows = json.loads(run_cli("check", RIDE, "--statistics", "--format", "json").out)
    assert rows[0] == {
        "code": "MSG202",
        "slug": "disguised-command",
        "severity": "warning",
        "severities": ["warning"],
        "count": 2,
    }
    assert result.exit_code == 1


def test_several_formats_at_once(run_cli, tmp_path):
    result = run_cli(
        "check",
        SHOP,
        "--output-sarif",
        str(tmp_path / "r.sarif"),
        "--output-junit",
        str(tmp_path / "r.xml"),
        "--output-json",
        str(tmp_path / "r.json"),
        "--quiet",
    )
    assert result.exit_code == 1
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert ElementTree.parse(tmp_path / "r.xml").getroot().tag == "testsuites"
    assert len(json.loads((tmp_path / "r.json").read_text())["diagnostics"]) == 7
    assert result.out.count("\n") == 7  # the text report still goes to standard output


CATALOG = """\
msglint: 1
services:
  orders:
    publishes: [SendReceipt]
messages:
  SendReceipt: {kind: event}
"""


def test_baseline_round_trip(tmp_path, run_cli):
    catalog = write(tmp_path, "catalog.yaml", CATALOG)
    written = run_cli("check", ".", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.exit_code == 0
    assert "recorded 1 findings in baseline.json" in written.err
    assert run_cli("check", ".", "--baseline", "baseline.json", cwd=tmp_path).exit_code == 0

    # lines move and a new problem appears: only the new one is reported
    catalog.write_text(
        "# moved down\n\n"
        + CATALOG.replace("[SendReceipt]", "[SendReceipt, ShipOrder]")
        + "  ShipOrder: {kind: event}\n"
    )
    result = run_cli("check", ".", "--baseline", "baseline.json", "--format", "json", cwd=tmp_path)
    assert [(d["code"], d["message_name"]) for d in result.json()["diagnostics"]] == [("MSG101", "ShipOrder")]
    assert result.exit_code == 1
    assert result.err == "msglint: 1 findings hidden by the baseline baseline.json\n"

    # the baselined problem is fixed: the entry is reported as prunable
    catalog.write_text(CATALOG.replace("SendReceipt", "ReceiptSent"))
    result = run_cli("check", ".", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.exit_code == 0
    assert "1 of its entries match nothing any more" in result.err
    run_cli("check", ".", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert json.loads((tmp_path / "baseline.json").read_text())["findings"] == []


def test_fingerprint_ignores_line_numbers_but_not_the_message():
    at = Diagnostic("MSG101", "x", Severity.ERROR, "event `A` at line 4", Location("c.yaml", 4), message_key="a")
    moved = Diagnostic("MSG101", "x", Severity.ERROR, "event `A` at line 40", Location("c.yaml", 40), message_key="a")
    other = Diagnostic("MSG101", "x", Severity.ERROR, "event `B` at line 4", Location("c.yaml", 4), message_key="b")
    assert fingerprint(at) == fingerprint(moved) != fingerprint(other)


@pytest.mark.parametrize("content", ['{"something": 1}', "[]", '"text"', '{"msglint_baseline": 1, "findings": 3}'])
def test_bad_baseline_is_a_usage_error(tmp_path, run_cli, content):
    write(tmp_path, "catalog.yaml", CATALOG)
    write(tmp_path, "baseline.json", content)
    result = run_cli("check", ".", "--baseline", "baseline.json", cwd=tmp_path)
    assert (result.exit_code, result.err) == (
        2,
        "msglint: error: --baseline: baseline.json is not a msglint baseline (write one with --write-baseline)\n",
    )


def test_graph_mermaid_marks_both_handlers_of_a_command(run_cli):
    text = run_cli("graph", SHOP).out
    assert_valid_mermaid(text)
    lines = text.splitlines()
    charge = next(line.split("[")[0].strip() for line in lines if '"ChargePayment (command)"' in line)
    edges = [line.strip() for line in lines if "-->" in line]
    red = {int(i) for line in lines if "linkStyle" in line for i in line.split()[1].split(",")}
    handled = [i for i, edge in enumerate(edges) if edge.startswith(f"{charge} -->|handle|")]
    assert len(handled) == 2
    assert set(handled) <= red


def test_graph_message_and_service_filters(run_cli):
    one = json.loads(run_cli("graph", SHOP, "--format", "json", "--message", "charge_payment").out)
    assert sorted(n["label"] for n in one["nodes"]) == ["ChargePayment", "fraud", "payments"]
    assert {e["relation"] for e in one["edges"]} == {"handle"}
    assert all(e["problem"] for e in one["edges"] if e["relation"] == "handle")
    service = json.loads(run_cli("graph", SHOP, "--format", "json", "--service", "fraud").out)
    assert "fraud" in {n["label"] for n in service["nodes"]}
    missing = run_cli("graph", SHOP, "--message", "NoSuchThing")
    assert (missing.exit_code, missing.err) == (2, "msglint: error: no message or service matches 'NoSuchThing'\n")


def test_graph_follows_a_command_through_its_handler_to_the_event_it_publishes(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "shop/messages.py",
        "class Command:\n    pass\n\n\nclass Event:\n    pass\n\n\n"
        "class PlaceOrder(Command):\n    sku: str\n\n\nclass OrderPlaced(Event):\n    sku: str\n",
    )
    write(
        tmp_path,
        "shop/handlers.py",
        "from shop.messages import OrderPlaced, PlaceOrder\n\n\n"
        "def handle_place_order(command: PlaceOrder, bus):\n    bus.publish(OrderPlaced(sku=command.sku))\n",
    )
    graph = json.loads(run_cli("graph", ".", "--format", "json", cwd=tmp_path).out)
    label = {n["id"]: n["label"] for n in graph["nodes"]}
    assert sorted((label[e["from"]], e["relation"], label[e["to"]]) for e in graph["edges"]) == [
        ("PlaceOrder", "handle", "shop.handlers.handle_place_order"),
        ("shop.handlers.handle_place_order", "publish", "OrderPlaced"),
    ]
    inventory = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    placed = next(m for m in inventory["messages"] if m["name"] == "OrderPlaced")
    assert [(e["component"], e["origin"]) for e in placed["emitters"]] == [("shop", "shop.handlers.handle_place_order")]


def test_graph_dot(run_cli):
    text = run_cli("graph", SHOP, "--format", "dot").out
    assert text.startswith("digraph msglint {\n    rankdir=LR;")
    assert '[label="ChargePayment\\ncommand", shape=box, color="#dd3333", penwidth=2];' in text
    assert text.rstrip().endswith("}")


def test_catalog_inventory(run_cli):
    text = run_cli("catalog", SHOP).out
    assert "ChargePayment  [command]  fixtures/catalog/shop/messages.yaml:52:3" in text
    assert "    handle    by fraud  (catalog:handles; fixtures/catalog/shop/messages.yaml:" in text
    document = json.loads(run_cli("catalog", SHOP, "--format", "json").out)
    charge = next(m for m in document["messages"] if m["name"] == "ChargePayment")
    assert sorted(h["component"] for h in charge["handlers"]) == ["fraud", "payments"]


def test_catalog_says_emit_and_receive_when_the_input_does_not_say_how(run_cli):
    lines = run_cli("catalog", "fixtures/eventcatalog/clinic").out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("appointment-booked  [event]"))
    roles = [line.split()[0] for line in lines[start + 4 : start + 7]]
    assert roles == ["emit", "receive", "receive"]


def test_catalog_states_a_reason_found_twice_once(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "jobs/tasks.py",
        "from celery import Celery\n\napp = Celery('jobs')\n\n\n"
        "@app.task(name='reports.build')\ndef build_report():\n    pass\n\n\n"
        "@app.task(name='reports.build')\ndef build_report_again():\n    pass\n",
    )
    lines = run_cli("catalog", ".", cwd=tmp_path).out.splitlines()
    assert [line for line in lines if line.startswith("    why:")] == [
        "    why: command: a Celery task is a command [declared]",
        "    why: command: its name is imperative ('build') [name]",
    ]


def test_catalog_marks_evidence_that_lost(run_cli):
    lines = run_cli("catalog", "fixtures/python/blinker_app").out.splitlines()
    start = lines.index("bake-bread  [event]  fixtures/python/blinker_app/bakery/signals.py:6:1")
    assert lines[start + 1 : start + 3] == [
        "    why: event: a signal (blinker.Namespace().signal) is an event [declared]",
        "    why: command: its name is imperative ('bake') [name, outweighed]",
    ]


def test_per_path_ignores_and_extend_select(tmp_path, run_cli):
    write(tmp_path, "legacy/catalog.yaml", CATALOG)
    write(tmp_path, "new/catalog.yaml", CATALOG.replace("orders", "billing").replace("SendReceipt", "SendInvoice"))
    write(
        tmp_path,
        "msglint.toml",
        'select = ["MSG104"]\nextend-select = ["MSG101"]\n[per-path-ignores]\n"legacy/*" = ["event-imperative-name"]\n',
    )
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert [(d["code"], d["location"]["path"]) for d in result.json()["diagnostics"]] == [
        ("MSG101", "new/catalog.yaml")
    ]


def test_plugin_findings_appear_in_every_format(run_cli):
    document = run_cli("check", PLUGIN, "--format", "json").json()
    assert [(d["code"], d["location"]["path"], d["location"]["line"]) for d in document["diagnostics"]] == [
        ("TEAM001", f"{PLUGIN}/catalog.yaml", 9),
        ("TEAM002", f"{PLUGIN}/msglint.toml", 2),
    ]
    sarif = json.loads(run_cli("check", PLUGIN, "--format", "sarif").out)
    jsonschema.validate(sarif, SARIF_SUBSET)
    assert "TEAM001" in [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["TEAM001", "TEAM002"]
    for output_format, needle in (
        ("text", "warning TEAM001 [event-needs-description] event `OrderCancelled` has no description"),
        ("github", "::warning file=fixtures/plugins/team_rules/catalog.yaml,line=9,col=3,"),
        ("junit", 'name="TEAM001 event-needs-description"'),
        ("gitlab", '"check_name": "TEAM001 event-needs-description"'),
        ("markdown", "| TEAM001 `event-needs-description` | warning | 1 |"),
    ):
        assert needle in run_cli("check", PLUGIN, "--format", output_format).out, output_format


def test_a_failing_plugin_is_named_and_the_other_rules_run(run_cli):
    document = run_cli("check", PLUGIN, "--format", "json").json()
    broken = next(d for d in document["diagnostics"] if d["code"] == "TEAM002")
    assert broken["message"] == (
        "plugin rule TEAM002 (broken-rule) from `team_rules:BrokenRule` (plugins) failed and reported nothing: "
        "RuntimeError: boom"
    )
    assert broken["severity"] == "error"


def test_plugin_rule_examples_run_like_builtin_ones(run_cli):
    explained = run_cli("explain", "TEAM001", "--config", f"{PLUGIN}/msglint.toml")
    assert explained.out.startswith("# TEAM001 event-needs-description")


@pytest.mark.parametrize(
    ("plugins", "message"),
    [
        ('["nowhere:Rule"]', "plugin `nowhere:Rule` (plugins) cannot be imported: ModuleNotFoundError"),
        ('["team_rules"]', "plugin `team_rules` (plugins) must be written `module:Class`"),
        ('["team_rules:Missing"]', "plugin `team_rules:Missing` (plugins): module `team_rules` has no `Missing`"),
        ('["json:JSONDecoder"]', "plugin `json:JSONDecoder` (plugins) is not a subclass of msglint.rules.Rule"),
    ],
)
def test_bad_plugins_are_usage_errors(tmp_path, run_cli, plugins, message):
    shutil.copy(REPO / PLUGIN / "team_rules.py", tmp_path)
    write(tmp_path, "msglint.toml", f"plugins = {plugins}\n")
    write(tmp_path, "catalog.yaml", CATALOG)
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.err
    assert len(result.err.splitlines()) == 1


def test_plugin_from_an_entry_point(tmp_path, run_cli, monkeypatch):
    """An installed package registers its rules under the `msglint.rules` entry point group."""
    import importlib.metadata
    import sys

    monkeypatch.syspath_prepend(str(FIXTURES / "plugins" / "team_rules"))
    sys.modules.pop("team_rules", None)
    entry = importlib.metadata.EntryPoint("team", "team_rules:EventNeedsDescription", "msglint.rules")
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda group=None: [entry] if group == "msglint.rules" else []
    )
    write(tmp_path, "catalog.yaml", CATALOG.replace("SendReceipt", "ReceiptSent"))
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [(d["code"], d["message"]) for d in document["diagnostics"]] == [
        ("TEAM001", "event `ReceiptSent` has no description")
    ]
