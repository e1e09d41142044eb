"""The command line end to end: reports, exit codes, explicit files, rules, explain, name, start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FIXTURES, REPO, write

SCHEMA = json.loads((REPO / "msglint" / "schemas" / "report-v1.schema.json").read_text())

PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"


@pytest.mark.parametrize("fixture", sorted(p.name for p in (FIXTURES / "catalog").iterdir()))
def test_json_report_validates_against_the_shipped_schema(run_cli, fixture):
    result = run_cli("check", f"fixtures/catalog/{fixture}", "--format", "json")
    document = result.json()
    jsonschema.validate(document, SCHEMA)
    assert document["summary"]["exit_code"] == result.exit_code


def test_json_inventory_lists_handlers_and_emitters(run_cli):
    document = run_cli("check", "fixtures/catalog/clean", "--format", "json").json()
    lend = next(m for m in document["messages"] if m["name"] == "LendBook")
    assert lend["kind"] == "command"
    assert lend["kind_strength"] == "declared"
    assert [(h["component"], h["mode"], h["via"]) for h in lend["handlers"]] == [("loans", "handle", "catalog:handles")]
    assert [(e["component"], e["mode"]) for e in lend["emitters"]] == [("desk", "send")]
    assert {e["source"] for e in lend["evidence"]} >= {"catalog-kind", "catalog-list"}


def test_text_report_shows_source_evidence_fix_and_summary(run_cli):
    result = run_cli("check", "fixtures/catalog/broken", "--no-color")
    assert result.exit_code == 1
    lines = result.out.splitlines()
    assert lines[0] == "fixtures/catalog/broken/good.yaml"
    assert lines[1].startswith(
        "fixtures/catalog/broken/good.yaml:6:3: error MSG101 [event-imperative-name] event `ShipOrder`"
    )
    assert lines[2] == "     6 |   ShipOrder:"
    assert lines[3] == "       |   ^^^^^^^^^"
    assert lines[4] == "       = evidence: event: declared `kind: event` in the catalog (line 7:11) [declared]"
    assert lines[5].startswith("       = fix: rename it to `ShipmentSent`") or lines[5].startswith(
        "       = fix: rename it to"
    )
    assert lines[-1] == "Found 2 findings (2 errors); 1 message, 1 service in 2 files checked."
    assert "\x1b[" not in result.out


def test_clean_fixture_exits_zero(run_cli):
    result = run_cli("check", "fixtures/catalog/clean")
    assert result.exit_code == 0
    assert result.out.strip() == "No findings (4 messages, 4 services in 1 file checked)."


def test_exit_zero_and_output_file(run_cli, tmp_path):
    target = tmp_path / "report.json"
    result = run_cli("check", "fixtures/catalog/shop", "--format", "json", "--output", str(target), "--exit-zero")
    assert (result.exit_code, result.out) == (0, "")
    assert json.loads(target.read_text())["summary"]["findings"] > 0


def test_named_files_are_checked_in_the_context_of_their_project(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "commands.yaml", "msglint: 1\nmessages:\n  ChargeCard: {kind: command}\n")
    write(tmp_path, "billing.yaml", "msglint: 1\nservices:\n  billing: {handles: [ChargeCard]}\n")
    write(tmp_path, "fraud.yaml", "msglint: 1\nservices:\n  fraud: {handles: [ChargeCard]}\n")
    whole = run_cli("check", "fraud.yaml", "commands.yaml", "--format", "json", cwd=tmp_path).json()
    assert [(d["code"], d["location"]["path"]) for d in whole["diagnostics"]] == [("MSG201", "commands.yaml")]
    only_fraud = run_cli("check", "fraud.yaml", "--format", "json", cwd=tmp_path)
    assert only_fraud.json()["diagnostics"] == []
    assert only_fraud.exit_code == 0


def test_missing_path_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("check", "does-not-exist", cwd=tmp_path)
    assert (result.exit_code, result.err) == (2, "msglint: error: no such file or folder: does-not-exist\n")


def test_summary_counts_components_when_no_contract_names_services(run_cli):
    result = run_cli("check", "fixtures/python/plainbus")
    assert result.out.splitlines()[-1] == (
        "Found 5 findings (3 errors, 2 warnings); 5 messages, 6 components in 8 files checked."
    )


def test_syntax_errors_and_bad_bytes_have_a_caret_where_they_are(run_cli, tmp_path):
    (tmp_path / "msglint.toml").write_text("")
    (tmp_path / "m.py").write_text("class Event:\n    pass\n\n\nclass OrderPlaced(Event)\n    sku: str\n")
    (tmp_path / "l.py").write_bytes(b'x = 1\nnote = "caf\xe9"\nclass Event: pass\n')
    lines = run_cli("check", ".", cwd=tmp_path).out.splitlines()
    assert lines[:4] == [
        "l.py",
        "l.py:2:12: error MSG901 [invalid-input] Python source cannot be decoded: byte 0xe9 is not valid utf-8; "
        "save the file as UTF-8",
        '     2 | note = "caf\ufffd"',
        "       |            ^^",
    ]
    assert lines[5:9] == [
        "m.py",
        f"m.py:5:25: error MSG901 [invalid-input] Python syntax error: expected ':' (read as Python {PYTHON})",
        "     5 | class OrderPlaced(Event)",
        "       |                         ^",
    ]


def test_a_folder_with_nothing_to_read_says_so(run_cli, tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here\n")
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 0
    assert result.out.strip() == (
        "Nothing to check: no AsyncAPI document, EventCatalog page, msglint catalog or Python file that "
        "mentions messages was found (see `msglint check --help` for what is read)."
    )


def test_unknown_option_is_one_line(run_cli):
    result = run_cli("check", "--formt", "json")
    assert result.exit_code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith("msglint: error: No such option") and "--format" in result.err


def test_rules_lists_every_rule(run_cli):
    from msglint.rules import BUILTIN_RULES

    out = run_cli("rules").out
    for rule in BUILTIN_RULES:
        assert rule.code in out and rule.slug in out
    assert "[conventions]" in out  # a summary's brackets are text, not terminal markup


@pytest.mark.parametrize("name", ["MSG202", "msg202", "disguised-command"])
def test_explain_by_code_or_slug(run_cli, name):
    result = run_cli("explain", name)
    assert result.exit_code == 0
    assert result.out.startswith("# MSG202 disguised-command\n")
    assert "## Why it matters" in result.out and "PasswordResetRequested" in result.out


def test_explain_unknown_rule(run_cli):
    result = run_cli("explain", "disguised-comand")
    assert (result.exit_code, result.err) == (
        2,
        "msglint: error: explain: unknown rule 'disguised-comand'; did you mean disguised-command?\n",
    )


def test_name_command(run_cli):
    result = run_cli(
        "name",
        "SendWelcomeEmail",
        "OrderCreated",
        "order.created.v1",
        "OrderDetails",
        "CacheInvalidated",
        "--format",
        "json",
    )
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert [(r["name"], r["grammar"], r["technical"]) for r in rows] == [
        ("SendWelcomeEmail", "imperative", False),
        ("OrderCreated", "past", False),
        ("order.created.v1", "past", False),
        ("OrderDetails", "noun", False),
        ("CacheInvalidated", "past", True),
    ]
    assert rows[0]["suggestion"] == "WelcomeEmailSent"
    assert rows[1]["suggestion"] == "CreateOrder"
    assert set(rows[0]) >= {"name", "tokens", "grammar", "action_word", "technical", "crud", "suggestion"}


def test_name_offers_only_the_formats_it_writes(run_cli):
    result = run_cli("name", "OrderPlaced", "--format", "sarif")
    assert result.exit_code == 2
    assert "'sarif' is not one of 'text', 'json'" in result.err


def test_name_reads_stdin(run_cli):
    result = run_cli("name", "-", stdin="ShipOrder\n\nOrderShipped\n")
    assert result.out.splitlines() == [
        "ShipOrder: imperative ('ship'), reads as a command; other kind: OrderShipped",
        "OrderShipped: past ('shipped'), reads as an event; other kind: ShipOrder",
    ]


def test_version_imports_neither_rich_nor_yaml():
    code = (
        "import sys; from msglint.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'yaml', 'libcst')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.splitlines()[-1] == "[]"
    assert out.splitlines()[0].startswith("msglint ")


def test_python_dash_m_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "msglint", "check", str(Path(FIXTURES / "catalog" / "clean"))],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No findings")
