"""Measure the language server's re-check: the engine call `msglint server` makes for an open document
(`MsglintServer.check`: the text of the buffer, the rest of the project from disk, facts kept in memory),
after a change of that document's text, as an editor sends it.

    python bench/generate.py /tmp/msglint-bench            # 5,000 Python files, 200 AsyncAPI documents
    python bench/server.py /tmp/msglint-bench              # median and max of 20 re-checks
    python bench/server.py /tmp/msglint-bench --no-memo    # the same without the memo (each check loads the cache)

The first check reads the project (or its cache); the second is warm. Each measured re-check adds a class
to the document's text, so the document is read again and the system rebuilt, as after a keystroke.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path, help="the benchmark repository (bench/generate.py)")
    parser.add_argument("--checks", type=int, default=20)
    parser.add_argument("--no-memo", action="store_true", help="check as `check - --stdin-filename` does")
    arguments = parser.parse_args()
    try:
        from msglint.server import MsglintServer, check_document
    except ImportError:
        sys.exit("the language server needs pygls: pip install 'msglint[server]'")
    repo = arguments.repo.resolve()
    document = next(repo.rglob("module050.py"), None) or next(repo.rglob("*.py"), None)
    if document is None:
        sys.exit(f"{repo} has no Python file; create it with `python bench/generate.py {repo}`")
    os.chdir(repo)
    text = document.read_text(encoding="utf-8")
    server = MsglintServer()

    def check(source: str) -> None:
        if arguments.no_memo:
            check_document(document, source)
        else:
            server.check(document, source)

    for label in ("first", "second"):
        print(f"{label:>6}: {_timed(check, text):.3f} s")
    times = [_timed(check, f"{text}\nclass OrderPlaced{n}:\n    pass\n") for n in range(arguments.checks)]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; document {document.relative_to(repo)}")
    print(f"{arguments.checks} re-checks: median {statistics.median(times):.3f} s, max {max(times):.3f} s")


def _timed(check, source: str) -> float:  # noqa: ANN001 - a function of the document's text
    start = time.perf_counter()
    check(source)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
