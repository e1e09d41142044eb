"""`msglint catalog --format eventcatalog -o OUT`: the export is read back by msglint itself and must give the
same messages, kinds and relations as the system it was written from."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, write

ROUND_TRIP_SOURCES = [
    "catalog/shop",
    "catalog/ride-hailing",
    "python/plainbus",
    "python/same_names",
    "asyncapi/marketplace",
    "eventcatalog/travel",
    "org",
]


def _system(run_cli, *args: str, cwd: Path = REPO) -> dict:
    """Messages of a known kind by name, and who sends and receives them, as `msglint catalog --format json`
    reports them (a requester receiving its reply is not a receiver)."""
    result = run_cli("catalog", *args, "--format", "json", cwd=cwd)
    assert result.exit_code == 0, result.err
    messages = [m for m in result.json()["messages"] if m["kind"] != "unknown"]
    for message in messages:  # two messages of one name, kept apart by module, are exported as `Name@module`
        module = message["key"].partition("@")[2]
        message["id"] = f"{message['name']}@{module}" if module else message["name"]
    return {
        "kinds": {m["id"]: m["kind"] for m in messages},
        "relations": sorted(
            {(m["id"], "sends", e["component"]) for m in messages for e in m["emitters"]}
            | {(m["id"], "receives", h["component"]) for m in messages for h in m["handlers"] if h["mode"] != "reply"}
        ),
    }


@pytest.mark.parametrize("source", ROUND_TRIP_SOURCES)
def test_the_export_reads_back_as_the_same_system(run_cli, tmp_path, source):
    out = tmp_path / "catalog"
    exported = run_cli("catalog", str(FIXTURES / source), "--format", "eventcatalog", "-o", str(out))
    assert exported.exit_code == 0, exported.err

    original = _system(run_cli, str(FIXTURES / source))
    assert original["kinds"], "a source with no message proves nothing"
    assert _system(run_cli, str(out)) == original


SMALL_SYSTEM = """
msglint: 1
services:
  payments:
    description: Takes payment for placed orders.
    subscribes: [OrderPlaced]
    publishes: [PaymentCaptured]
  Legacy billing:
    publishes: [PaymentCaptured]
  Warehouse:
    handles: [ReserveStock]
messages:
  OrderPlaced: {kind: event}
  PaymentCaptured: {kind: event}
  ReserveStock: {kind: command}
"""


def test_the_export_is_these_pages(run_cli, tmp_path):
    write(tmp_path / "src", "messages.yaml", SMALL_SYSTEM)
    out = tmp_path / "catalog"
    result = run_cli("catalog", str(tmp_path / "src"), "--format", "eventcatalog", "-o", str(out))

    assert result.err == f"msglint: wrote 3 services and 3 messages to {out}\n"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "commands/ReserveStock/index.mdx",
        "events/OrderPlaced/index.mdx",
        "events/PaymentCaptured/index.mdx",
        "services/Legacy-billing/index.mdx",
        "services/Warehouse/index.mdx",
        "services/payments/index.mdx",
    ]
    assert (out / "services/payments/index.mdx").read_text(encoding="utf-8") == (
        "---\n"
        "id: payments\n"
        "name: payments\n"
        "version: 1.0.0\n"
        "summary: Takes payment for placed orders.\n"
        "sends:\n"
        "- id: PaymentCaptured\n"
        "  version: 1.0.0\n"
        "receives:\n"
        "- id: OrderPlaced\n"
        "  version: 1.0.0\n"
        "---\n"
        "\n"
        "<NodeGraph />\n"
    )
    assert (out / "services/Legacy-billing/index.mdx").read_text(encoding="utf-8") == (
        "---\n"
        "id: legacy-billing\n"
        "name: Legacy billing\n"
        "version: 1.0.0\n"
        "summary: Legacy billing, as msglint found it in code and contracts.\n"
        "sends:\n"
        "- id: PaymentCaptured\n"
        "  version: 1.0.0\n"
        "---\n"
        "\n"
        "<NodeGraph />\n"
    )


def test_a_message_page_states_its_kind_evidence_and_owner(run_cli, tmp_path):
    write(
        tmp_path / "src",
        "messages.yaml",
        """
        msglint: 1
        services:
          loans:
            handles: [LendBook]
        messages:
          LendBook:
            kind: command
            owner: loans
            description: A member asks to borrow a copy.
        """,
    )
    out = tmp_path / "out"
    run_cli("catalog", str(tmp_path / "src"), "--format", "eventcatalog", "-o", str(out))

    page = (out / "services/loans/commands/LendBook/index.mdx").read_text(encoding="utf-8")
    assert page == (
        "---\n"
        "id: LendBook\n"
        "name: LendBook\n"
        "version: 1.0.0\n"
        "summary: 'A member asks to borrow a copy.\n"
        "\n"
        "\n"
        "  msglint: command (declared evidence): declared `kind: command` in the catalog. Owned by loans.'\n"
        "---\n"
        "\n"
        "<NodeGraph />\n"
    )


def test_the_same_system_gives_the_same_bytes(run_cli, tmp_path):
    pages = []
    for name in ("first", "second"):
        out = tmp_path / name
        run_cli("catalog", str(FIXTURES / "catalog/shop"), "--format", "eventcatalog", "-o", str(out))
        pages.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert pages[0] == pages[1]


def test_hostile_names_stay_inside_the_output_folder(run_cli, tmp_path):
    write(
        tmp_path / "src",
        "messages.yaml",
        """
        msglint: 1
        services:
          "../../evil svc":
            publishes: ["../../../etc/passwd"]
          "Svc<b>{x}":
            subscribes: ["../../../etc/passwd"]
            handles: ["Hidden\\nline ---"]
        messages:
          "../../../etc/passwd":
            kind: event
          "Hidden\\nline ---":
            kind: command
            owner: "Svc<b>{x}"
        """,
    )
    out = tmp_path / "nested" / "out"
    result = run_cli("catalog", str(tmp_path / "src"), "--format", "eventcatalog", "-o", str(out))

    assert result.exit_code == 0, result.err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.mdx")) == [
        "nested/out/events/etc-passwd/index.mdx",
        "nested/out/services/Svc-b-x/commands/Hidden-line/index.mdx",
        "nested/out/services/Svc-b-x/index.mdx",
        "nested/out/services/evil-svc/index.mdx",
    ]
    assert _system(run_cli, str(out)) == _system(run_cli, str(tmp_path / "src"))


def test_messages_of_unknown_kind_are_left_out_and_counted(run_cli, tmp_path):
    write(
        tmp_path / "src",
        "messages.yaml",
        """
        msglint: 1
        services:
          shop:
            sends: [OrderStatus]
            publishes: [OrderPlaced]
          billing:
            publishes: [OrderStatus]
        messages:
          OrderPlaced:
            kind: event
          OrderStatus: {}
        """,
    )
    out = tmp_path / "out"
    result = run_cli("catalog", str(tmp_path / "src"), "--format", "eventcatalog", "-o", str(out))

    assert result.err == f"msglint: wrote 2 services and 1 message to {out}; left out 1 of unknown kind\n"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.mdx")) == [
        "events/OrderPlaced/index.mdx",
        "services/billing/index.mdx",
        "services/shop/index.mdx",
    ]
    assert "OrderStatus" not in (out / "services/shop/index.mdx").read_text(encoding="utf-8")


def test_a_folder_that_is_not_empty_needs_force(run_cli, tmp_path):
    out = tmp_path / "out"
    write(out, "notes.md", "mine\n")
    source = str(FIXTURES / "catalog/shop")

    refused = run_cli("catalog", source, "--format", "eventcatalog", "-o", str(out))
    assert (refused.exit_code, refused.out) == (2, "")
    assert refused.err == (
        f"msglint: error: {out} is not empty: choose an empty or new folder, or pass --force to write into it\n"
    )
    assert [p.name for p in out.iterdir()] == ["notes.md"]

    forced = run_cli("catalog", source, "--format", "eventcatalog", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.err
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert (out / "services").is_dir()


def test_the_export_needs_an_output_folder(run_cli):
    result = run_cli("catalog", str(FIXTURES / "catalog/shop"), "--format", "eventcatalog")
    assert (result.exit_code, result.err) == (
        2,
        "msglint: error: --format eventcatalog writes a folder: name it with --output FOLDER\n",
    )


def test_the_output_must_be_a_folder(run_cli, tmp_path):
    target = write(tmp_path, "file.txt", "x\n")
    result = run_cli("catalog", str(FIXTURES / "catalog/shop"), "--format", "eventcatalog", "-o", str(target))
    assert (result.exit_code, result.err) == (2, f"msglint: error: {target} is not a folder\n")


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need a POSIX file system here")
def test_nothing_is_written_through_a_symbolic_link(run_cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "services").symlink_to(elsewhere)

    source = write(tmp_path / "src", "messages.yaml", SMALL_SYSTEM)
    result = run_cli("catalog", str(source.parent), "--format", "eventcatalog", "-o", str(out), "--force")
    assert (result.exit_code, result.err) == (
        2,
        f"msglint: error: {out / 'services'} is a symbolic link: msglint does not write through it\n",
    )
    assert list(elsewhere.iterdir()) == []


LINTER = os.environ.get("MSGLINT_EVENTCATALOG_LINTER", "")


def _linter_command(tmp_path: Path) -> list[str] | None:
    """The EventCatalog linter: MSGLINT_EVENTCATALOG_LINTER (a path to `eventcatalog-linter`), else installed
    from npm into a temporary folder; None when neither works (no npm, no network)."""
    if LINTER:
        return [LINTER]
    npm = shutil.which("npm")
    if npm is None:
        return None
    prefix = tmp_path / "npm"
    try:
        installed = subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "@eventcatalog/linter"],
            capture_output=True,
            text=True,
            timeout=180,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    binary = prefix / "node_modules" / ".bin" / "eventcatalog-linter"
    return [str(binary)] if installed.returncode == 0 and binary.exists() else None


def test_the_eventcatalog_linter_accepts_the_export(run_cli, tmp_path):
    command = _linter_command(tmp_path)
    if command is None:
        pytest.skip("the EventCatalog linter cannot be installed here (npm or the npm registry is missing)")
    out = tmp_path / "catalog"
    write(tmp_path / "src", "messages.yaml", SMALL_SYSTEM)
    run_cli("catalog", str(tmp_path / "src"), "--format", "eventcatalog", "-o", str(out))
    # msglint knows services, not the teams and people EventCatalog wants as owners: that rule is off here
    write(out, ".eventcatalogrc.js", "module.exports = { rules: { 'best-practices/owner-required': 'off' } };\n")

    linted = subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "✖" not in linted.stdout
    warnings = [line.strip() for line in linted.stdout.splitlines() if "⚠ warning" in line]
    assert warnings, "the linter printed nothing it checked"
    assert all(line.endswith("(best-practices/schema-required)") for line in warnings), warnings


def test_the_joined_system_of_inventories_reads_back_the_same(run_cli, tmp_path):
    inventories = tmp_path / "inventories"
    inventories.mkdir()
    for repository in sorted(p for p in (FIXTURES / "org").iterdir() if p.is_dir()):
        made = run_cli("inventory", str(repository), "-o", str(inventories / f"{repository.name}.msglint.json"))
        assert made.exit_code == 0, made.err
    here = tmp_path / "here"  # an empty folder: only the inventories are read
    here.mkdir()
    joined = ("--inventory", str(inventories))

    exported = run_cli("catalog", *joined, "--format", "eventcatalog", "-o", str(tmp_path / "out"), cwd=here)
    assert exported.exit_code == 0, exported.err

    original = _system(run_cli, *joined, cwd=here)
    assert {component for _, _, component in original["relations"]} >= {"payments:payments", "warehouse:Warehouse"}
    assert _system(run_cli, str(tmp_path / "out")) == original


def test_force_goes_with_the_eventcatalog_format(run_cli):
    result = run_cli("catalog", str(FIXTURES / "catalog/shop"), "--force")
    assert (result.exit_code, result.err) == (
        2,
        "msglint: error: --force writes into a folder that is not empty: it goes with --format eventcatalog\n",
    )
