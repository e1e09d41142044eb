"""Measure msglint on the synthetic repository: cold and warm wall time, files per second, peak memory.

    python bench/generate.py /tmp/msglint-bench
    python bench/run.py /tmp/msglint-bench            # three rounds, the median of each figure
    python bench/run.py --scale /tmp/msglint-scale    # 1k to 100k files, beside ruff on the same trees

Cold: the cache removed first. Warm: nothing changed since the previous run. Warm, one file changed: a
line appended to one Python module, so its facts are read again and the system is rebuilt. Each run is
`msglint check REPO --format json` written to a file, as CI would run it. Peak memory is that of msglint
and its worker processes together (bench/memory.py).

--scale writes a repository of each size into the folder given (25 Python files for each AsyncAPI
document, as 50,000 to 2,000) and measures, on each: msglint without its cache, msglint's first run with
an empty cache, its warm run, and `ruff check --no-cache` (ruff's default rules) on the same tree in the
same round, so that the ratio between them holds however busy the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import generate  # bench/generate.py, beside this script
from memory import Measured, run_measured

SCALE_SIZES = (1_000, 5_000, 20_000, 50_000, 100_000)
CANDIDATES = (".py", ".yaml", ".yml", ".json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path, help="the benchmark repository (with --scale: a folder to write them in)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="files/s and memory from 1k to 100k files, beside ruff")
    parser.add_argument("--sizes", type=lambda text: [int(s) for s in text.split(",")], default=list(SCALE_SIZES))
    arguments = parser.parse_args()
    if arguments.scale:
        scale(arguments.repo.resolve(), arguments.sizes, arguments.rounds)
    else:
        bench(arguments.repo.resolve(), arguments.rounds)


def bench(repo: Path, rounds_wanted: int) -> None:
    if not (repo / "msglint.toml").is_file():
        sys.exit(f"{repo} is not a benchmark repository; create it with `python bench/generate.py {repo}`")
    files = _candidates(repo)
    touched = next(repo.rglob("module050.py"), None) or next(repo.rglob("*.py"))
    rounds: dict[str, list[Measured]] = {"cold": [], "warm": [], "warm, one file changed": []}
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = _msglint(repo, "--format", "json", "-o", str(report))
        for _ in range(rounds_wanted):
            _clean(repo)
            rounds["cold"].append(_measure(command))
            rounds["warm"].append(_measure(command))
            touched.write_text(touched.read_text() + "# edited\n")
            rounds["warm, one file changed"].append(_measure(command))
        summary = json.loads(report.read_text())["summary"]
    print(f"repository: {repo} ({files} candidate files; {summary})")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {rounds_wanted} rounds")
    for label, results in rounds.items():
        wall = statistics.median(r.wall for r in results)
        peak = max(r.peak_mb for r in results)
        print(f"{label:>24}: {wall:6.2f} s  {files / wall:8.0f} files/s  peak {peak:5.0f} MB")


def scale(folder: Path, sizes: list[int], rounds_wanted: int) -> None:
    ruff = shutil.which("ruff")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {rounds_wanted} rounds")
    print(f"{'files':>8} {'no cache':>18} {'first, cache':>18} {'warm':>18} {'ruff':>10} {'ratio':>6} {'peak':>7}")
    for size in sizes:
        repo = folder / f"repo-{size}"
        marker = repo / "bench-size.txt"
        if not marker.is_file() or marker.read_text() != str(size):
            documents = size // 26
            generate(repo, python_files=size - documents - 1, asyncapi_documents=documents)  # and one shared file
            marker.write_text(str(size))
        files = _candidates(repo)
        runs: dict[str, list[Measured]] = {"no cache": [], "first": [], "warm": [], "ruff": []}
        for _ in range(rounds_wanted):
            runs["no cache"].append(_measure(_msglint(repo, "--no-cache")))
            _clean(repo)
            runs["first"].append(_measure(_msglint(repo)))
            runs["warm"].append(_measure(_msglint(repo)))
            if ruff:
                runs["ruff"].append(_measure([ruff, "check", "--no-cache", "--quiet", str(repo)], allowed=(0, 1)))
        wall = {label: statistics.median(r.wall for r in results) for label, results in runs.items() if results}
        peak = max(r.peak_mb for label in ("no cache", "first", "warm") for r in runs[label])
        cells = [f"{wall[label]:6.2f} s {files / wall[label]:6.0f}/s" for label in ("no cache", "first", "warm")]
        ratio = f"{wall['no cache'] / wall['ruff']:5.1f}x" if "ruff" in wall else "   - "
        ruff_cell = f"{wall['ruff']:6.2f} s" if "ruff" in wall else "   (no ruff)"
        print(f"{files:>8} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18} {ruff_cell:>10} {ratio:>6} {peak:5.0f} MB")
    print("ratio: msglint without its cache / ruff check --no-cache; peak: msglint and its workers together")


def _candidates(repo: Path) -> int:
    return sum(1 for path in repo.rglob("*") if path.suffix in CANDIDATES and ".msglint_cache" not in path.parts)


def _msglint(repo: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "msglint", "check", str(repo), *options]


def _clean(repo: Path) -> None:
    subprocess.run([sys.executable, "-m", "msglint", "clean", str(repo)], stdout=subprocess.DEVNULL, check=True)


def _measure(command: list[str], allowed: tuple[int, ...] = (0, 1)) -> Measured:
    result = run_measured(command)
    if result.code not in allowed:
        sys.exit(f"{command[0]} exited with {result.code}: {' '.join(command)}\n{result.stderr[-2000:]}")
    return result


if __name__ == "__main__":
    main()
