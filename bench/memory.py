"""Run a command and measure its wall time and the peak memory of it and every process it starts, together.

Memory is sampled every 20 milliseconds as the sum, over the command's process tree, of each process's
proportional set size (PSS: its private pages plus its share of pages it shares, so that worker processes
forked from msglint do not count the parent's pages twice). Where PSS cannot be read (not Linux), the
largest resident set of any one process (RUSAGE_CHILDREN) is the figure instead.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.02  # seconds between samples
TREE_EVERY = 5  # samples between two looks for new processes (scanning /proc costs more than sampling)


@dataclass
class Measured:
    code: int | None  # None: stopped at the timeout
    stdout: str
    stderr: str
    wall: float
    peak_mb: float


def run_measured(command: list[str], timeout: float | None = None, cwd: Path | None = None) -> Measured:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    sampler = _Sampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        code = None
    wall = time.perf_counter() - start
    sampler.stop()
    largest_one = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    fallback = largest_one / 1024 if largest_one > before else 0.0
    peak = sampler.peak_kib / 1024 if sampler.peak_kib else fallback
    return Measured(code, stdout, stderr, wall, peak)


class _Sampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        samples = 0
        pids: list[int] = []
        while not self._done.is_set():
            if samples % TREE_EVERY == 0:
                pids = _tree(self.root)
            samples += 1
            total = sum(_pss_kib(pid) for pid in pids)
            self.peak_kib = max(self.peak_kib, total)
            self._done.wait(INTERVAL)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """`root` and its descendants, from /proc (empty where there is none)."""
    parents: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0
