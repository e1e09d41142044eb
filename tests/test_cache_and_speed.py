"""The cache gives the same answer as a cold run, never serves a changed file, and can be turned off or
removed; the process pool gives the same answer as one process."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from msglint.lint import cache
from msglint.lint import run as engine
from tests.conftest import FIXTURES, write

CATALOG = """\
msglint: 1
services:
  orders:
    publishes: [OrderPlaced]
messages:
  OrderPlaced: {kind: event}
"""


def _bump(path) -> None:
    """A new modification time even on file systems with coarse timestamps."""
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


def findings(result) -> list[tuple[str, str, int]]:
    return [(d["code"], d["location"]["path"], d["location"]["line"]) for d in result.json()["diagnostics"]]


@pytest.fixture
def marketplace(tmp_path):
    shutil.copytree(
        FIXTURES / "asyncapi" / "marketplace", tmp_path / "app", ignore=shutil.ignore_patterns(".msglint_cache")
    )
    return tmp_path / "app"


def test_warm_run_equals_cold_run_and_reads_nothing(marketplace, run_cli, monkeypatch):
    cold = run_cli("check", ".", "--format", "json", cwd=marketplace, cache=True)
    assert (marketplace / ".msglint_cache" / "CACHEDIR.TAG").is_file()

    def no_reading(*args, **kwargs):
        raise AssertionError("a warm run read a file")

    monkeypatch.setattr(engine, "read_file", no_reading)
    warm = run_cli("check", ".", "--format", "json", cwd=marketplace, cache=True)
    assert warm.out == cold.out
    assert warm.exit_code == cold.exit_code


def test_only_the_changed_file_is_read_again(marketplace, run_cli, monkeypatch):
    run_cli("check", ".", "--format", "json", cwd=marketplace, cache=True)
    changed = next(marketplace.rglob("*.yaml"))
    changed.write_text(changed.read_text() + "# edited\n")
    _bump(changed)
    touched = sorted(marketplace.rglob("*.yaml"))[-1]
    _bump(touched)  # a new modification time, the same content: not read again
    read = []
    original = engine.read_file

    def counting(path, *args, **kwargs):
        read.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(engine, "read_file", counting)
    run_cli("check", ".", "--format", "json", cwd=marketplace, cache=True)
    assert read == [changed.name]


def test_a_changed_file_changes_the_result(tmp_path, run_cli):
    catalog = write(tmp_path, "catalog.yaml", CATALOG)
    assert findings(run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)) == []
    catalog.write_text(CATALOG.replace("OrderPlaced", "PlaceOrder"))
    _bump(catalog)
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)
    assert findings(result) == [("MSG101", "catalog.yaml", 6)]


def test_a_changed_ref_target_invalidates_the_document_that_uses_it(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", 'extend-exclude = ["shared"]\n')
    write(
        tmp_path,
        "orders.yaml",
        """\
        asyncapi: 3.0.0
        info: {title: orders, version: '1'}
        channels:
          orders:
            address: orders
            messages:
              placed: {$ref: './shared/messages.yaml#/Placed'}
        operations:
          announce:
            action: send
            channel: {$ref: '#/channels/orders'}
        """,
    )
    shared = write(tmp_path, "shared/messages.yaml", "Placed:\n  name: OrderPlaced\n")
    first = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True).json()
    assert [m["name"] for m in first["messages"]] == ["OrderPlaced"]
    shared.write_text("Placed:\n  name: ShipOrder\n")
    _bump(shared)
    second = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True).json()
    assert [m["name"] for m in second["messages"]] == ["ShipOrder"]


def test_no_cache_writes_nothing_and_cache_dir_moves_it(tmp_path, run_cli):
    write(tmp_path, "app/catalog.yaml", CATALOG)
    run_cli("check", "app", "--no-cache", cwd=tmp_path, cache=True)
    assert not (tmp_path / "app" / ".msglint_cache").exists()
    run_cli("check", "app", "--cache-dir", str(tmp_path / "elsewhere"), cwd=tmp_path, cache=True)
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()
    assert not (tmp_path / "app" / ".msglint_cache").exists()


def test_clean_removes_the_cache_and_only_a_cache(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG)
    run_cli("check", ".", cwd=tmp_path, cache=True)
    result = run_cli("clean", ".", cwd=tmp_path)
    assert result.out == f"removed {tmp_path / '.msglint_cache'}\n"
    assert not (tmp_path / ".msglint_cache").exists()
    (tmp_path / "not-ours").mkdir()
    (tmp_path / "not-ours" / "keep.txt").write_text("x")
    result = run_cli("clean", ".", "--cache-dir", str(tmp_path / "not-ours"), cwd=tmp_path)
    assert result.out.startswith("no msglint cache at ")
    assert (tmp_path / "not-ours" / "keep.txt").is_file()


def test_a_corrupt_cache_is_a_cold_run(tmp_path, run_cli):
    write(tmp_path, "catalog.yaml", CATALOG.replace("OrderPlaced", "PlaceOrder"))
    run_cli("check", ".", cwd=tmp_path, cache=True)
    for stored in (tmp_path / ".msglint_cache").glob("*.json*"):
        stored.write_bytes(stored.read_bytes()[:-40])  # truncated, as a kill while writing would leave it
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path, cache=True)
    assert findings(result) == [("MSG101", "catalog.yaml", 6)]


def test_process_pool_gives_the_same_result(run_cli, monkeypatch):
    one = run_cli("check", "fixtures/python/plainbus", "--format", "json", "--jobs", "1")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    two = run_cli("check", "fixtures/python/plainbus", "--format", "json", "--jobs", "2")
    assert two.out == one.out


def test_the_lines_of_files_read_in_workers_are_written_and_a_warm_run_reads_no_file(tmp_path, monkeypatch):
    from msglint.lint.config import Config

    for number in range(6):
        write(tmp_path, f"orders{number}.yaml", CATALOG.replace("OrderPlaced", f"PlaceOrder{number}"))
    write(tmp_path, "notes.py", "print('hello')\n")  # no reader wants it: a line without a digest
    write(tmp_path, "events.py", "class Event:\n    pass\n")  # its summary's empty lists travel as tuples
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    cold = engine.lint([tmp_path], Config(), jobs=2)
    [facts_file] = (tmp_path / ".msglint_cache").glob("facts-*.jsonl")
    lines = [line for line in facts_file.read_text().splitlines()[1:] if line.strip()]
    written = sorted((line.split('"')[1].rpartition("/")[2], line.split(",")[3]) for line in lines)
    assert written[1] == ("notes.py", "null") and [name for name, _ in written if name != "notes.py"] == [
        "events.py",
        *(f"orders{n}.yaml" for n in range(6)),
    ]
    assert cold.overview.notes == []

    def no_reading(*arguments, **keywords):
        raise AssertionError("a file was read again")

    monkeypatch.setattr(engine, "_read_one", no_reading)
    (tmp_path / ".msglint_cache" / "unchanged").write_text("")  # another result key: only the facts are reused
    warm = engine.lint([tmp_path], Config(), jobs=2, rules=engine.BUILTIN_RULES[:3])
    assert len(warm.files) == 7


@pytest.mark.parametrize("workers", [1, 2])
def test_a_first_run_stamps_files_as_they_are_read_and_the_next_run_reuses_its_result(tmp_path, monkeypatch, workers):
    from msglint.lint.config import Config

    for number in range(4):
        write(tmp_path, f"orders{number}.yaml", CATALOG.replace("OrderPlaced", f"PlaceOrder{number}"))
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    stamped = []
    monkeypatch.setattr(engine, "stamp", lambda path: stamped.append(path) or cache.stamp(path))
    cold = engine.lint([tmp_path], Config(), jobs=workers)
    assert len(stamped) == (0 if workers > 1 else 4)  # in workers, from the descriptor each one read

    def no_analysis(*arguments, **keywords):
        raise AssertionError("analysed again")

    monkeypatch.setattr(engine, "read_all", no_analysis)
    warm = engine.lint([tmp_path], Config(), jobs=workers)
    assert warm.diagnostics == cold.diagnostics != []


def test_an_interrupted_run_leaves_no_worker_writing(tmp_path, monkeypatch):
    import multiprocessing

    from msglint.lint.config import Config

    for number in range(4):
        write(tmp_path, f"orders{number}.yaml", CATALOG.replace("OrderPlaced", f"PlaceOrder{number}"))
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)

    def interrupted(*arguments, **keywords):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "build_system", interrupted)
    with pytest.raises(KeyboardInterrupt):
        engine.lint([tmp_path], Config(), jobs=2)
    assert multiprocessing.active_children() == []
    with pytest.raises(ChildProcessError):  # nor the copy of itself that writes the cache lines
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lines are written by a forked copy on Linux")
def test_lines_that_the_forked_copy_cannot_write_are_said_once(tmp_path, monkeypatch):
    from msglint.lint import cache
    from msglint.lint.config import Config

    for number in range(4):
        write(tmp_path, f"orders{number}.yaml", CATALOG.replace("OrderPlaced", f"PlaceOrder{number}"))
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cache.Appender, "append", lambda self, lines: "No space left on device")
    result = engine.lint([tmp_path], Config(), jobs=2)
    assert result.overview.notes == [
        f"the cache could not be written ({tmp_path / '.msglint_cache'}: No space left on device); msglint ran "
        "without it (`--no-cache` skips it)"
    ]
    assert result.diagnostics == engine.lint([tmp_path], Config(), use_cache=False).diagnostics


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lines are written by a forked copy on Linux")
def test_a_forked_copy_that_dies_costs_the_cache_only(tmp_path, monkeypatch):
    from msglint.lint import cache
    from msglint.lint.config import Config

    for number in range(4):
        write(tmp_path, f"orders{number}.yaml", CATALOG.replace("OrderPlaced", f"PlaceOrder{number}"))
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cache.Appender, "append", lambda self, lines: os.kill(os.getpid(), signal.SIGKILL))
    result = engine.lint([tmp_path], Config(), jobs=2)
    assert result.overview.notes == [
        f"the cache could not be written ({tmp_path / '.msglint_cache'}: it was killed (SIGKILL), most likely "
        "because the system ran out of memory); msglint ran without it (`--no-cache` skips it)"
    ]
    assert result.diagnostics == engine.lint([tmp_path], Config(), use_cache=False).diagnostics


def test_nested_gitignore_applies_only_below_its_folder(tmp_path, run_cli):
    write(tmp_path, "a/.gitignore", "*.yaml\n")
    write(tmp_path, "a/catalog.yaml", CATALOG.replace("OrderPlaced", "PlaceOrder"))
    write(tmp_path, "b/catalog.yaml", CATALOG.replace("OrderPlaced", "ShipOrder"))
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert findings(result) == [("MSG101", "b/catalog.yaml", 6)]


def _age(folder: Path) -> None:
    """Every folder and file below `folder` last changed an hour ago: old enough for the cache to trust."""
    earlier = time.time_ns() - 3600 * 1_000_000_000
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, ns=(earlier, earlier))


@pytest.fixture
def walks(monkeypatch):
    """The folders msglint walked in the runs of a test."""
    walked = []
    original = engine.discover

    def counting(paths, *args, **kwargs):
        walked.append([p.name for p in paths])
        return original(paths, *args, **kwargs)

    monkeypatch.setattr(engine, "discover", counting)
    return walked


def test_a_warm_run_does_not_walk_folders_that_did_not_change(tmp_path, run_cli, walks):
    write(tmp_path, "app/orders/catalog.yaml", CATALOG.replace("OrderPlaced", "PlaceOrder"))
    write(tmp_path, "app/.gitignore", "ignored/\n")
    write(tmp_path, "app/.msglint_cache/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# msglint\n")
    _age(tmp_path)
    first = run_cli("check", "app", "--format", "json", cwd=tmp_path, cache=True)
    second = run_cli("check", "app", "--format", "json", cwd=tmp_path, cache=True)
    assert (walks, second.out) == ([["app"]], first.out)
    write(tmp_path, "app/orders/more.yaml", "msglint: 1\nmessages:\n  ShipOrder: {kind: event}\n")  # its folder changes
    assert findings(run_cli("check", "app", "--format", "json", cwd=tmp_path, cache=True)) == [
        ("MSG101", "orders/catalog.yaml", 6),
        ("MSG101", "orders/more.yaml", 3),
    ]
    assert walks == [["app"], ["app"]]


def test_a_changed_gitignore_makes_a_new_walk(tmp_path, run_cli, walks):
    write(tmp_path, "app/orders/catalog.yaml", CATALOG.replace("OrderPlaced", "PlaceOrder"))
    ignore = write(tmp_path, "app/.gitignore", "nothing\n")
    write(tmp_path, "app/.msglint_cache/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# msglint\n")
    _age(tmp_path)
    assert len(findings(run_cli("check", "app", "--format", "json", cwd=tmp_path, cache=True))) == 1
    ignore.write_text("orders/\n")
    os.utime(tmp_path / "app", ns=(0, (tmp_path / "app").stat().st_mtime_ns))  # its folder looks unchanged
    assert findings(run_cli("check", "app", "--format", "json", cwd=tmp_path, cache=True)) == []
    assert walks == [["app"], ["app"]]


def test_a_folder_changed_just_before_the_walk_is_walked_again(tmp_path, run_cli, walks):
    write(tmp_path, "app/catalog.yaml", CATALOG)
    write(tmp_path, "app/.msglint_cache/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# msglint\n")
    _age(tmp_path)
    run_cli("check", "app", cwd=tmp_path, cache=True)
    just_now = time.time_ns() + 1_000_000_000  # as if changed while it was listed, whatever the machine's speed
    os.utime(tmp_path / "app", ns=(just_now, just_now))
    run_cli("check", "app", cwd=tmp_path, cache=True)
    run_cli("check", "app", cwd=tmp_path, cache=True)
    assert walks == [["app"], ["app"], ["app"]]  # a change in the same timestamp tick could have gone unseen


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("tty", "enabled", "shown"), [(True, True, True), (False, True, False), (True, False, False)])
def test_progress_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch, tty, enabled, shown):
    import sys

    from msglint import progress as module

    monkeypatch.setattr(sys, "stderr", _Terminal(tty))
    monkeypatch.setattr(module, "SHOW_AFTER", 0.0)
    with module.Progress(enabled=enabled) as bar:
        bar(1, 10)
        assert (bar.bar is not None) is shown


def test_progress_bar_waits_a_second(monkeypatch):
    import sys

    from msglint import progress as module

    monkeypatch.setattr(sys, "stderr", _Terminal(True))
    with module.Progress() as bar:
        bar(1, 10)
        assert bar.bar is None


def test_a_file_that_cannot_be_opened_is_one_finding(tmp_path):
    from msglint.readers import ReadSettings

    gone = tmp_path / "vanished.yaml"  # listed, then deleted before it was read
    facts, data, stamped = engine._read_one(gone, tmp_path, ReadSettings(root=str(tmp_path)), debug=False)
    assert (data, stamped) == (None, None)
    [problem] = facts.problems
    assert (problem.problem, problem.message) == ("invalid-input", "cannot open the file: No such file or directory")
    assert problem.location.path.endswith("vanished.yaml")


def test_a_reused_result_with_a_cache_that_could_not_be_written_this_time_says_so(tmp_path, monkeypatch):
    import errno

    from msglint.lint.config import Config

    write(tmp_path, "orders.yaml", CATALOG.replace("OrderPlaced", "PlaceOrder"))
    cold = engine.lint([tmp_path], Config())
    (tmp_path / "docs").mkdir()  # a new folder: the walk is made again, and its listing saved
    earlier = time.time_ns() - 3600 * 1_000_000_000
    for folder in (tmp_path, tmp_path / "docs"):  # old enough to be trusted; the files keep their stamps
        os.utime(folder, ns=(earlier, earlier))
    original = cache.FactsCache._write

    def full_disk(self, target, *parts):
        if target.name.startswith("files-"):
            self._cannot_write(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
            return False
        return original(self, target, *parts)

    monkeypatch.setattr(cache.FactsCache, "_write", full_disk)
    monkeypatch.setattr(engine, "read_all", lambda *arguments, **keywords: pytest.fail("analysed again"))
    warm = engine.lint([tmp_path], Config())
    note = (
        f"the cache could not be written ({tmp_path / '.msglint_cache'}: {os.strerror(errno.ENOSPC)}); msglint ran "
        "without it (`--no-cache` skips it)"
    )
    assert (warm.diagnostics, warm.overview.notes) == (cold.diagnostics, [note])
