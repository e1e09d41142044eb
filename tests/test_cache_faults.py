"""What msglint writes to its cache survives faults: a kill at any moment, damaged entries, two processes
sharing one cache, a full disk. After any of them the next run reports every finding, and so does the one
after it."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from msglint.lint import run as engine
from tests.conftest import REPO, write

linux_only = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds the cache's files in /proc")
NAMES = ("Invoice", "Receipt", "Parcel", "Reminder", "Report", "Statement", "Letter", "Voucher", "Ticket", "Notice")


def catalog(noun: str, version: int = 0) -> str:
    return f"msglint: 1\n# version {version}\nmessages:\n  Send{noun}: {{kind: event}}\n"


def expected(nouns=NAMES) -> list[tuple[str, str, int]]:
    return [("MSG101", f"{noun.lower()}.yaml", 4) for noun in sorted(nouns, key=str.lower)]


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "msglint.toml", "")
    for noun in NAMES:
        write(tmp_path, f"{noun.lower()}.yaml", catalog(noun))
    return tmp_path


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "MSGLINT_NO_CACHE"}
    environment["PYTHONPATH"] = str(REPO)
    return environment


def command(prelude: str = "") -> list[str]:
    """msglint check in a child process, after `prelude` (Python that sets up a fault); the worker pool is
    used whatever the number of files, so that workers encode the cache's lines as in a large run."""
    code = f"import sys\nimport msglint.lint.run as engine\nengine.PARALLEL_FROM = 1\n{prelude}\n"
    code += "from msglint.cli import main\nmain(sys.argv[1:])\n"
    return [sys.executable, "-c", code, "check", ".", "--format", "json", "--jobs", "2"]


def check(project: Path, prelude: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        command(prelude), cwd=project, env=_environment(), capture_output=True, text=True, timeout=120
    )


def findings(done: subprocess.CompletedProcess) -> list[tuple[str, str, int]]:
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    return [(d["code"], d["location"]["path"], d["location"]["line"]) for d in report["diagnostics"]]


def notes(done: subprocess.CompletedProcess) -> list[str]:
    return json.loads(done.stdout)["notes"]


def cache_files(project: Path) -> list[Path]:
    return sorted((project / ".msglint_cache").glob("*"))


def edit(project: Path, nouns: tuple[str, ...], version: int) -> None:
    for noun in nouns:
        path = project / f"{noun.lower()}.yaml"
        path.write_text(catalog(noun, version))
        later = time.time_ns() + version * 1_000_000_000
        os.utime(path, ns=(later, later))


# Python run in the child before msglint: `on_cache_write(descriptor, data)` is called instead of os.write
# for every write to a file in the cache folder, and decides what happens.
_INTERCEPT = """
import os
_real_write = os.write
def _in_cache(descriptor):
    try:
        return "/.msglint_cache/" in os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return False
def _write(descriptor, data):
    if _in_cache(descriptor):
        return on_cache_write(descriptor, bytes(data))
    return _real_write(descriptor, data)
os.write = _write
"""


# -- a kill ------------------------------------------------------------------------------------------------


@linux_only
@pytest.mark.parametrize("which", [".jsonl", ".tmp"])  # a worker appending facts; the result beside its place
@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.999])
def test_a_kill_part_way_through_a_cache_write_loses_no_finding(project, which, fraction):
    assert findings(check(project)) == expected()
    edit(project, ("Parcel", "Ticket"), 1)
    prelude = (
        _INTERCEPT
        + f"""
import signal
msglint = os.getpid()  # the workers inherit it: the kill stops msglint, as Ctrl-C or a CI timeout would
def on_cache_write(descriptor, data):
    if os.readlink(f"/proc/self/fd/{{descriptor}}").endswith({which!r}):
        _real_write(descriptor, data[: int(len(data) * {fraction})])
        os.kill(msglint, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_write(descriptor, data)
"""
    )
    killed = check(project, prelude)
    assert killed.returncode == -signal.SIGKILL
    assert findings(check(project)) == expected()
    assert findings(check(project)) == expected()


@linux_only
def test_kills_at_random_moments_lose_no_finding(project):
    random.seed(14)
    started = time.perf_counter()
    assert findings(check(project)) == expected()
    duration = time.perf_counter() - started
    for version in range(1, 9):
        edit(project, tuple(random.sample(NAMES, 3)), version)
        process = subprocess.Popen(command(), cwd=project, env=_environment(), stdout=subprocess.DEVNULL)
        time.sleep(random.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert findings(check(project)) == expected()


# -- damaged entries ---------------------------------------------------------------------------------------


def _facts_file(project: Path) -> Path:
    [facts] = (project / ".msglint_cache").glob("facts-*.jsonl")
    return facts


def _read_again(project: Path, run_cli, monkeypatch) -> tuple[list[tuple[str, str, int]], list[str]]:
    """Findings of a run that cannot reuse its whole result, and the files it read."""
    for saved in (project / ".msglint_cache").glob("result-*.json"):
        saved.unlink()
    read = []
    original = engine.read_file

    def counting(path, *args, **kwargs):
        read.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(engine, "read_file", counting)
    result = run_cli("check", ".", "--format", "json", cwd=project, cache=True)
    monkeypatch.setattr(engine, "read_file", original)
    found = [(d["code"], d["location"]["path"], d["location"]["line"]) for d in result.json()["diagnostics"]]
    return found, sorted(read)


def _lines(facts: Path) -> list[bytes]:
    return facts.read_bytes().split(b"\n")


def _path_of(line: bytes) -> str:
    return Path(json.loads(line.split(b" ", 1)[1])[0]).name  # after the line's checksum


@pytest.mark.parametrize("cut", [0.0, 0.01, 0.3, 0.5, 0.77, 0.999])
def test_a_truncated_facts_file_costs_only_the_lines_it_lost(project, run_cli, monkeypatch, cut):
    run_cli("check", ".", cwd=project, cache=True)
    facts = _facts_file(project)
    data = facts.read_bytes()
    kept = data[: int(len(data) * cut)]
    facts.write_bytes(kept)
    complete = kept.split(b"\n")[1:-1]  # after the header; the last piece is cut (or empty)
    lost = sorted({noun.lower() + ".yaml" for noun in NAMES} - {_path_of(line) for line in complete if line})
    found, read = _read_again(project, run_cli, monkeypatch)
    assert found == expected()
    assert read == lost
    found, read = _read_again(project, run_cli, monkeypatch)
    assert (found, read) == (expected(), [])  # rebuilt


def test_a_corrupted_line_costs_only_its_own_file(project, run_cli, monkeypatch):
    run_cli("check", ".", cwd=project, cache=True)
    facts = _facts_file(project)
    lines = _lines(facts)
    numbers = [number for number, line in enumerate(lines) if number and line]  # after the header, not blank
    damaged = {numbers[2]: b"x", numbers[4]: b"[", numbers[6]: b'"'}  # a byte replaced in the middle of three lines
    for number, byte in damaged.items():
        middle = len(lines[number]) // 2
        lines[number] = lines[number][:middle] + byte + lines[number][middle + 1 :]
    victims = sorted(_path_of(_lines(facts)[number]) for number in damaged)
    facts.write_bytes(b"\n".join(lines))
    found, read = _read_again(project, run_cli, monkeypatch)
    assert found == expected()
    assert read == victims


def test_lines_appended_after_a_cut_line_are_read(project, run_cli, monkeypatch):
    """A kill mid-append leaves half a line; the next run's lines must not be glued to it."""
    run_cli("check", ".", cwd=project, cache=True)
    facts = _facts_file(project)
    facts.write_bytes(facts.read_bytes() + b'["half a line')
    edit(project, ("Letter",), 1)
    found, read = _read_again(project, run_cli, monkeypatch)
    assert (found, read) == (expected(), ["letter.yaml"])
    found, read = _read_again(project, run_cli, monkeypatch)
    assert (found, read) == (expected(), [])


# -- two processes -----------------------------------------------------------------------------------------


def test_two_processes_sharing_one_cache(project):
    for version in range(4):
        if version:
            edit(project, NAMES[version : version + 4], version)
        both = [
            subprocess.Popen(
                command(), cwd=project, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        for process in both:
            stdout, stderr = process.communicate(timeout=120)
            assert findings(subprocess.CompletedProcess([], process.returncode, stdout, stderr)) == expected()
        assert findings(check(project)) == expected()


# -- a full disk -------------------------------------------------------------------------------------------


@linux_only
@pytest.mark.parametrize("room", [0, 200, 5_000])
def test_a_full_disk_is_said_once_and_loses_no_finding(project, room):
    assert findings(check(project)) == expected()
    edit(project, NAMES[:5], 1)
    prelude = (
        _INTERCEPT
        + f"""
import errno
written = 0
def on_cache_write(descriptor, data):
    global written
    room = {room} - written
    if room <= 0:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    written += min(room, len(data))
    return _real_write(descriptor, data[:room])
"""
    )
    full = check(project, prelude)
    assert findings(full) == expected()
    folder = project / ".msglint_cache"
    assert notes(full) == [
        f"the cache could not be written ({folder}: {os.strerror(errno.ENOSPC)}); msglint ran without it "
        "(`--no-cache` skips it)"
    ]
    assert not list(folder.glob("*.tmp"))  # nothing half-written is left behind
    again = check(project)
    assert (findings(again), notes(again)) == (expected(), [])
    assert findings(check(project)) == expected()


@linux_only
def test_a_saved_result_analysed_again_for_its_damaged_system_says_when_the_cache_cannot_be_written(project):
    assert findings(check(project)) == expected()
    assert findings(check(project)) == expected()  # warm: nothing is written from now on
    [system_file] = (project / ".msglint_cache").glob("system-*.json")
    # the findings are saved, the System they came with went bad (the folder unchanged): analysed again
    system_file.write_text("damaged")
    prelude = (
        _INTERCEPT
        + """
import errno
def on_cache_write(descriptor, data):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
"""
    )
    done = check(project, prelude)
    assert findings(done) == expected()
    assert [note.split(" (")[0] for note in notes(done)] == ["the cache could not be written"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_cache_folder_is_said_once_and_the_run_goes_on(project):
    folder = project / ".msglint_cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        done = check(project)
    finally:
        folder.chmod(0o700)
    assert findings(done) == expected()
    assert notes(done) == [
        f"the cache could not be written ({folder}: {os.strerror(errno.EACCES)}); msglint ran without it "
        "(`--no-cache` skips it)"
    ]
