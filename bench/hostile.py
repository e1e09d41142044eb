"""Hostile inputs: run msglint on each and print its exit code, wall time and peak memory.

    python bench/hostile.py                 # full-size cases (minutes; some take hundreds of MB to build)
    python bench/hostile.py --scale 0.01    # the same cases, small (what the tests run)

Each case is one folder with one good catalog (whose finding must survive) and the hostile input. A case
passes when msglint exits 0 or 1 (findings), prints no traceback, finishes within the timeout and still
reports the good catalog's finding. Peak memory is that of msglint and its workers together (bench/memory.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from memory import run_measured  # bench/memory.py, beside this script

GOOD = "msglint: 1\nmessages:\n  SendInvoice: {kind: event}\n"


def _alias_bomb(folder: Path, scale: float) -> None:
    levels = max(3, int(9 * scale**0.2))
    lines = ["msglint: 1", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, levels)]
    (folder / "bomb.yaml").write_text("\n".join(lines) + "\n")


def _merge_key_bomb(folder: Path, scale: float) -> None:
    levels = max(3, int(20 * scale**0.2))
    lines = ["msglint: 1", "m0: &m0 {k0: 1}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: {i}}}" for i in range(1, levels)]
    (folder / "merge.yaml").write_text("\n".join(lines) + "\n")


def _deep_nesting(folder: Path, scale: float) -> None:
    depth = max(100, int(10_000 * scale))
    (folder / "deep.json").write_text('{"asyncapi": "3.0.0", "x": ' + "[" * depth + "]" * depth + "}")


def _long_sum(folder: Path, scale: float) -> None:
    terms = max(50, int(1_500 * scale))
    (folder / "sum.py").write_text("class Event:\n    pass\n\n\ndef total(a):\n    return " + " + ".join(["a"] * terms))


def _huge_expression(folder: Path, scale: float) -> None:
    size = max(1_000, int(2_000_000 * scale))
    (folder / "expr.py").write_text("# command\nx = " + " + ".join(["a"] * (size // 4)) + "\n")


def _many_lines(folder: Path, scale: float) -> None:
    lines = max(1_000, int(100_000 * scale))
    body = "".join(f"def handle_{i}(event):\n    publish(event)\n" for i in range(lines // 2))
    (folder / "long.py").write_text(body)


def _many_values(folder: Path, scale: float) -> None:
    values = max(1_000, int(1_000_000 * scale))
    (folder / "values.yaml").write_text("asyncapi: 3.0.0\nx: [" + ",".join(["1"] * values) + "]\n")


def _ref_chain(folder: Path, scale: float) -> None:
    links = max(30, int(3_000 * scale))
    messages = {f"m{i}": {"$ref": f"#/components/messages/m{i + 1}"} for i in range(links)}
    messages[f"m{links}"] = {"payload": {"type": "string"}}
    document = {"asyncapi": "3.0.0", "info": {"title": "chain", "version": "1"}, "components": {"messages": messages}}
    (folder / "chain.json").write_text(json.dumps(document))


def _utf16_catalog(folder: Path, scale: float) -> None:
    (folder / "utf16.yaml").write_bytes("msglint: 1\nmessages:\n  ShipOrder: {kind: event}\n".encode("utf-16"))


def _braces_name(folder: Path, scale: float) -> None:
    (folder / "braces.yaml").write_text(
        "msglint: 1\nmessages:\n  '" + "{" * max(1_000, int(500_000 * scale)) + "': {}\n"
    )


def _fifo_ref(folder: Path, scale: float) -> None:
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
        os.mkfifo(folder / ".gitignore")
    document = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\ncomponents:\n  messages:\n    M: {$ref: 'pipe.yaml'}\n"
    (folder / "api.yaml").write_text(document)


def _same_message_everywhere(folder: Path, scale: float) -> None:
    for i in range(max(50, int(20_000 * scale))):
        (folder / f"c{i}.yaml").write_text("msglint: 1\nmessages:\n  OrderPlaced: {kind: event}\n")


def _bad_bytes(folder: Path, scale: float) -> None:
    (folder / "binary.yaml").write_bytes(b"msglint: 1\n\xff\xfe\x00garbage\x80\n")
    (folder / "latin1.py").write_bytes("# command\nname = 'caf\xe9'\n".encode("latin-1"))


CASES: dict[str, Callable[[Path, float], None]] = {
    "alias bomb": _alias_bomb,
    "merge-key bomb": _merge_key_bomb,
    "10k-deep nesting": _deep_nesting,
    "1,500-term sum": _long_sum,
    "2 MB expression": _huge_expression,
    "100k-line Python": _many_lines,
    "1M-value YAML list": _many_values,
    "3,000 chained $refs": _ref_chain,
    "UTF-16 catalog": _utf16_catalog,
    "500 KB of braces": _braces_name,
    "named pipes": _fifo_ref,
    "20,000 files, one message": _same_message_everywhere,
    "undecodable bytes": _bad_bytes,
}


def build(case: str, root: Path, scale: float) -> Path:
    folder = root / case.replace(" ", "-").replace(",", "").replace("$", "")
    folder.mkdir(parents=True)
    (folder / "msglint.toml").write_text("")
    (folder / "good.yaml").write_text(GOOD)
    CASES[case](folder, scale)
    return folder


def run(folder: Path, timeout: float) -> dict:
    """msglint on the folder in a child process; its exit code, wall time, peak memory (msglint and its
    workers together), and whether the good catalog's finding survived."""
    done = run_measured(
        [sys.executable, "-m", "msglint", "check", str(folder), "--no-cache", "--format", "json"], timeout=timeout
    )
    if done.code is None:
        return {"code": None, "wall": timeout, "peak_mb": done.peak_mb, "traceback": False, "good_kept": False}
    try:
        found = json.loads(done.stdout)["diagnostics"]
        kept = any(d["code"] == "MSG101" and d["location"]["path"].endswith("good.yaml") for d in found)
    except (ValueError, KeyError):
        kept = False
    return {
        "code": done.code,
        "wall": done.wall,
        "peak_mb": done.peak_mb,
        "traceback": "Traceback" in done.stderr,
        "good_kept": kept,
    }


def passed(outcome: dict) -> bool:
    return outcome["code"] in (0, 1) and not outcome["traceback"] and outcome["good_kept"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="size of each case (1 = full size)")
    parser.add_argument("--timeout", type=float, default=120.0)
    arguments = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        for case in CASES:
            # a fresh process per case, so RUSAGE_CHILDREN's peak is this case's own
            outcome = json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--one", case, str(arguments.scale), str(arguments.timeout), root],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            failures += not passed(outcome)
            peak = f"{outcome['peak_mb']:.0f} MB" if outcome["peak_mb"] is not None else "-"
            print(
                f"{case:28} {'ok  ' if passed(outcome) else 'FAIL'} exit {outcome['code']}  "
                f"{outcome['wall']:6.2f} s  peak {peak}"
            )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        _, _, name, scale, timeout, where = sys.argv
        print(json.dumps(run(build(name, Path(where), float(scale)), float(timeout))))
    else:
        main()
