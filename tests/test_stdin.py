"""`msglint check - --stdin-filename PATH`: an editor's unsaved text, checked as the file at PATH in its project."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, write


def project(tmp_path: Path, fixture: str) -> Path:
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / fixture, target, ignore=shutil.ignore_patterns(".msglint_cache"))
    return target


@pytest.fixture
def check_stdin(run_cli, monkeypatch):
    """`msglint check - --stdin-filename PATH` with these bytes on stdin (a binary stream, as a pipe is)."""

    def run(path: str, data: bytes, *args: str, cwd: Path, cache: bool = False):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        return run_cli("check", "-q", *args, "-", "--stdin-filename", path, cwd=cwd, cache=cache)

    return run


def same_as_on_disk(check_stdin, run_cli, root: Path, name: str, text: bytes) -> str:
    """The report for `text` given on stdin, after checking that it is the report of `check PATH` on a
    disk file holding it."""
    from_stdin = check_stdin(name, text, cwd=root)
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(text)
    on_disk = run_cli("check", "-q", name, cwd=root)
    assert (from_stdin.exit_code, from_stdin.out, from_stdin.err) == (on_disk.exit_code, on_disk.out, on_disk.err)
    return from_stdin.out


def test_python_file_is_checked_with_its_project(check_stdin, run_cli, tmp_path):
    root = project(tmp_path, "python/plainbus")
    name = "src/shop/orders/commands.py"
    text = (root / name).read_bytes().replace(b"OrderCancelled", b"CancelOrder")
    report = same_as_on_disk(check_stdin, run_cli, root, name, text)
    # MSG201 needs handlers.py, read from disk; the renamed command is no longer past tense; only this file
    assert report == (
        "src/shop/orders/commands.py:7:1: error MSG201 [command-multiple-handlers] command `PlaceOrder` is "
        "handled by 2 components (shop.orders.handlers.place_order, shop.orders.handlers.place_order_again); "
        "a command has exactly one owner\n"
    )


def test_asyncapi_document_is_checked_with_its_project(check_stdin, run_cli, tmp_path):
    root = project(tmp_path, "asyncapi/marketplace")
    name = "services/orders.yaml"
    text = (root / name).read_bytes().replace(b"OrderRowInserted", b"OrderRowWritten")
    report = same_as_on_disk(check_stdin, run_cli, root, name, text)
    assert report.splitlines() == [
        "services/orders.yaml:37:3: error MSG205 [command-published] command `ShipParcel` is sent by orders into "
        "`marketplace.shipping.commands`, which 2 components receive (shipping, warehouse): each of them gets it, "
        "but a command goes to the one component that owns the work",
        "services/orders.yaml:47:5: warning MSG103 [technical-event] event `OrderRowWritten` names an "
        "infrastructure fact ('row'), not a business one (heuristic: technical vocabulary in the name)",
    ]


def test_catalog_is_checked_with_the_catalogs_beside_it(check_stdin, run_cli, tmp_path):
    root = project(tmp_path, "catalog/bank")
    write(
        root,
        "branch.yaml",
        """
        msglint: 1
        services:
          branch-office:
            handles: [OpenAccount]
        """,
    )
    text = (root / "catalog.yaml").read_bytes().replace(b"CloseAcount", b"CloseAccount")
    report = same_as_on_disk(check_stdin, run_cli, root, "catalog.yaml", text)
    lines = report.splitlines()
    assert not any("MSG902" in line for line in lines)  # the typo is fixed in the text on stdin
    assert lines[2] == (  # branch.yaml is read from disk
        "catalog.yaml:31:3: error MSG201 [command-multiple-handlers] command `OpenAccount` is handled by "
        "2 components (branch-office, accounts); a command has exactly one owner"
    )
    assert len(lines) == 9
    assert all(line.startswith("catalog.yaml:") for line in lines)


def test_a_file_not_yet_on_disk_is_checked(check_stdin, tmp_path):
    root = project(tmp_path, "catalog/bank")
    text = b"msglint: 1\nservices:\n  audit:\n    subscribes: [AccountOpened]\n"
    text += b"messages:\n  AuditRecorded:\n    kind: command\n"
    result = check_stdin("new.yaml", text, cwd=root)
    assert result.out == (
        "new.yaml:6:3: error MSG102 [command-past-tense-name] command `AuditRecorded` is named as a fact "
        "('recorded' is past tense), but a command asks for work that may still be refused\n"
    )
    assert result.exit_code == 1
    assert not (root / "new.yaml").exists()


def test_stdin_text_is_not_cached_as_the_files_facts_and_the_rest_of_the_cache_is_used(
    check_stdin, run_cli, tmp_path, monkeypatch
):
    import msglint.lint.run as engine

    root = project(tmp_path, "python/plainbus")
    name = "src/shop/orders/commands.py"
    before = run_cli("check", "-q", name, cwd=root, cache=True)
    assert "MSG102" in before.out

    read = []
    real_read_file = engine.read_file
    monkeypatch.setattr(engine, "read_file", lambda path, *rest: read.append(str(path)) or real_read_file(path, *rest))
    edited = (root / name).read_bytes().replace(b"OrderCancelled", b"CancelOrder")
    from_stdin = check_stdin(name, edited, cwd=root, cache=True)
    assert "MSG102" not in from_stdin.out
    assert read == [name]  # every other file came from the cache

    read.clear()
    after = run_cli("check", "-q", name, cwd=root, cache=True)
    assert after.out == before.out  # the file on disk still holds OrderCancelled
    assert read == []


def test_bad_bytes_on_stdin_are_a_bad_file(check_stdin, run_cli, tmp_path):
    root = project(tmp_path, "python/plainbus")
    report = same_as_on_disk(check_stdin, run_cli, root, "src/shop/broken.py", b"x = '\xff\xfe'\n\x00\x01")
    assert report == (
        "src/shop/broken.py:1:6: error MSG901 [invalid-input] Python source cannot be decoded: byte 0xff is not "
        "valid utf-8; save the file as UTF-8\n"
    )


def test_huge_input_on_stdin_is_skipped_within_the_memory_budget(check_stdin, tmp_path):
    root = tmp_path / "huge"
    write(root, "msglint.toml", "memory-budget-mb = 10\n")
    values = ",".join(["1"] * 2_000_000)
    text = f"asyncapi: 2.6.0\ninfo: {{title: t, version: '1'}}\nchannels: {{}}\nx-big: [{values}]\n".encode()
    result = check_stdin("big.yaml", text, cwd=root)
    assert result.exit_code == 1
    assert result.out.startswith("big.yaml:")
    # as a file that big on disk: one MSG901 saying it was skipped (where the budget ran out may differ)
    assert result.out.count("\n") == 1
    assert "error MSG901 [invalid-input]" in result.out
    assert result.out.endswith("it was skipped (`memory-budget-mb` in the configuration raises the budget)\n")


def test_dash_without_a_filename_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("check", "-", cwd=tmp_path, stdin="msglint: 1\n")
    assert (result.exit_code, result.out) == (2, "")
    assert result.err == (
        "msglint: error: `-` checks the text on stdin: name the file it stands for with --stdin-filename PATH\n"
    )


def test_stdin_filename_with_other_paths_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("check", ".", "--stdin-filename", "a.yaml", cwd=tmp_path, stdin="msglint: 1\n")
    assert (result.exit_code, result.err) == (
        2,
        "msglint: error: --stdin-filename checks stdin alone: give no PATHS, or `-`\n",
    )


def test_stdin_filename_alone_reads_stdin(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", "")
    text = "msglint: 1\nmessages:\n  ShipOrder:\n    kind: event\n"
    result = run_cli("check", "-q", "--stdin-filename", "shop.yaml", cwd=tmp_path, stdin=text)
    assert result.out == (
        "shop.yaml:3:3: error MSG101 [event-imperative-name] event `ShipOrder` is named as an instruction "
        "('ship' is imperative), but an event records a fact that already happened\n"
    )


def test_force_exclude_leaves_out_an_excluded_path_as_for_the_file_on_disk(check_stdin, run_cli, tmp_path):
    root = project(tmp_path, "catalog/bank")
    write(root, "msglint.toml", 'extend-exclude = ["legacy"]\n')
    text = (root / "catalog.yaml").read_bytes()
    for name in ("legacy/old.yaml", "legacy/unsaved.yaml"):  # on disk, and not yet
        assert check_stdin(name, text, "--force-exclude", cwd=root).out == ""
    (root / "legacy").mkdir()
    (root / "legacy/old.yaml").write_bytes(text)
    assert run_cli("check", "-q", "--force-exclude", "legacy/old.yaml", cwd=root).out == ""
    without = check_stdin("legacy/unsaved.yaml", text, cwd=root)  # named, so checked, as in ruff
    assert without.exit_code == 1
    assert without.out.startswith("legacy/unsaved.yaml:5:3: error MSG901 [invalid-input] service `teller` is already")


def test_reports_quote_and_hash_the_text_on_stdin_not_the_file_on_disk(run_cli, monkeypatch, tmp_path):
    from msglint.report.linehash import line_hashes

    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "events.py", "class Event:\n    pass\n\n\nclass OrderShipped(Event):\n    pass\n")
    unsaved = b"class Event:\n    pass\n\n\nclass ShipOrder(Event):  # being typed\n    pass\n"

    def check(*args: str):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(unsaved)))
        return run_cli("check", *args, "-", "--stdin-filename", "events.py", cwd=tmp_path)

    assert "class ShipOrder(Event):  # being typed" in check().out
    result = check("--format", "sarif").json()["runs"][0]["results"][0]
    assert result["ruleId"] == "MSG101"
    expected = line_hashes(unsaved.decode(), 5)[5]
    assert result["partialFingerprints"]["primaryLocationLineHash"] == expected
