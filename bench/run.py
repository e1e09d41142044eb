"""Measure msglint on the synthetic repository: cold and warm wall time, files per second, peak memory.

    python bench/generate.py /tmp/msglint-bench
    python bench/run.py /tmp/msglint-bench            # three rounds, the median of each figure

Cold: the cache removed first. Warm: nothing changed since the previous run. Warm, one file changed: a
line appended to one Python module, so its facts are read again and the system is rebuilt. Peak memory is the largest
resident set of msglint or any of its worker processes. Each run is `msglint check REPO --format json`
written to a file, as CI would run it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# Runs one command and prints its wall time and the peak resident set of it and its descendants (Linux:
# RUSAGE_CHILDREN's ru_maxrss is in KiB and covers every waited-for descendant).
_MEASURE = """
import resource, subprocess, sys, time, json
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "code": code}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    repo = arguments.repo.resolve()
    if not (repo / "msglint.toml").is_file():
        sys.exit(f"{repo} is not a benchmark repository; create it with `python bench/generate.py {repo}`")
    files = sum(1 for path in repo.rglob("*") if path.suffix in (".py", ".yaml", ".yml", ".json"))
    touched = next(repo.rglob("module050.py"), None) or next(repo.rglob("*.py"))
    rounds: dict[str, list[dict]] = {"cold": [], "warm": [], "warm, one file changed": []}
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "msglint", "check", str(repo), "--format", "json", "-o", str(report)]
        for _ in range(arguments.rounds):
            subprocess.run([sys.executable, "-m", "msglint", "clean", str(repo)], stdout=subprocess.DEVNULL, check=True)
            rounds["cold"].append(_measure(command))
            rounds["warm"].append(_measure(command))
            touched.write_text(touched.read_text() + "# edited\n")
            rounds["warm, one file changed"].append(_measure(command))
        summary = json.loads(report.read_text())["summary"]
    print(f"repository: {repo} ({files} candidate files; {summary})")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {arguments.rounds} rounds")
    for label, results in rounds.items():
        wall = statistics.median(r["wall"] for r in results)
        peak = max(r["peak_kib"] for r in results) / 1024
        print(f"{label:>24}: {wall:6.2f} s  {files / wall:8.0f} files/s  peak {peak:5.0f} MB")


def _measure(command: list[str]) -> dict:
    output = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    result = json.loads(output.stdout)
    if result["code"] not in (0, 1):
        sys.exit(f"msglint exited with {result['code']}: {' '.join(command)}")
    return result


if __name__ == "__main__":
    main()
