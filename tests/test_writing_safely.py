"""What msglint writes (reports, baselines, renames) is written whole or not at all: a failure in the middle
leaves every file as it was, and a rename across files is one change."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from msglint import files
from msglint.files import replace_all, write_atomically
from tests.conftest import FIXTURES


def test_an_atomic_write_keeps_the_old_file_when_the_replace_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old")
    os.chmod(target, 0o640)

    def refuse(source, destination):
        raise OSError(28, "No space left on device", str(destination))

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left behind


def test_an_atomic_write_keeps_the_permissions(tmp_path):
    target = tmp_path / "baseline.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomically(target, "new")
    assert (target.read_text(), oct(os.stat(target).st_mode & 0o777)) == ("new", "0o640")


def test_replace_all_restores_what_it_changed_when_a_later_file_fails(tmp_path, monkeypatch):
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("A = 1\n")
    second.write_text("B = 1\r\n")
    real_replace = os.replace
    calls = []

    def fail_on_the_second(source, destination):
        calls.append(destination)
        if str(destination) == str(second):
            raise OSError(13, "Permission denied", str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", fail_on_the_second)
    with pytest.raises(OSError):
        replace_all({str(first): ("A = 1\n", "A = 2\n"), str(second): ("B = 1\r\n", "B = 2\r\n")})
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert (first.read_bytes(), second.read_bytes()) == (b"A = 1\n", b"B = 1\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "b.py"]


def test_replace_all_refuses_a_file_that_changed_since_it_was_read(tmp_path):
    target = tmp_path / "a.py"
    target.write_text("edited meanwhile\n")
    with pytest.raises(OSError, match="changed since msglint read it"):
        replace_all({str(target): ("A = 1\n", "A = 2\n")})
    assert target.read_text() == "edited meanwhile\n"


def test_a_rename_that_cannot_write_one_file_changes_none(tmp_path, run_cli, monkeypatch):
    app = tmp_path / "app"
    shutil.copytree(FIXTURES / "python" / "mixed", app, ignore=shutil.ignore_patterns(".msglint_cache"))
    before = {p: p.read_bytes() for p in app.rglob("*") if p.is_file()}
    real_replace = os.replace
    replaced = []

    def fail_on_the_second(source, destination):  # the second file cannot be replaced; restoring works
        replaced.append(destination)
        if len(replaced) == 2:
            raise OSError(28, "No space left on device", str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", fail_on_the_second)
    result = run_cli("rename", "NotifyWarehouse", "WarehouseNotified", "--write", cwd=app)
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert result.exit_code == 2
    assert result.err.splitlines()[-1].startswith(
        "msglint: error: rename: nothing was changed: No space left on device ("
    )
    assert result.err.splitlines()[-1].endswith("); every file is as it was")
    assert {p: p.read_bytes() for p in app.rglob("*") if p.is_file()} == before


def test_a_new_report_gets_the_mode_the_umask_gives_not_a_temporary_file_s(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "report.sarif", "{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.sarif").stat().st_mode) == 0o644
