"""How right msglint's inventory is against a hand-made truth: messages found, kinds, handler and emitter counts.

    python bench/accuracy.py                       # every fixture system with an expected.json
    python bench/accuracy.py DIR --truth FILE      # any checkout, against a truth file kept elsewhere

A truth file is JSON:

    {"messages": [
        {"name": "PlaceOrder", "path": "orders/commands.py", "kind": "command", "handlers": 1, "emitters": 2},
        ...]}

`path` is the file that defines the message (relative to DIR; a suffix is enough), so two messages with one
name in different modules stay apart. `handlers` counts logical handlers (a function, or a handler class once);
`emitters` counts the functions that send or publish the message (two sends in one function are one emitter).
A message of msglint's that the truth does not list is counted as an extra message (a false message).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Score:
    messages: int = 0
    found: int = 0
    kinds: int = 0
    handlers: int = 0
    emitters: int = 0
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("messages", "found", "kinds", "handlers", "emitters"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.extra += other.extra
        self.wrong += other.wrong

    def line(self, label: str) -> str:
        def share(count: int) -> str:
            return f"{count}/{self.messages} ({100 * count / self.messages:.0f}%)" if self.messages else "-"

        return (
            f"{label}: found {share(self.found)}, kinds {share(self.kinds)}, handlers {share(self.handlers)}, "
            f"emitters {share(self.emitters)}, extra messages {len(self.extra)}"
        )


def inventory(folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "msglint", "check", str(folder), "--format", "json", "--no-cache", "--exit-zero"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"msglint failed on {folder}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def emitter_count(message: dict) -> int:
    """Emitting functions: emissions from one function are one emitter."""
    return len({e.get("origin") or (e["location"]["path"], e["location"]["line"]) for e in message["emitters"]})


def handler_count(message: dict) -> int:
    return len({h["component"] for h in message["handlers"] if h["mode"] != "reply"})


def _same_file(reported: str, expected: str) -> bool:
    """Reports name files relative to the repository (or project) root, truth files relative to wherever
    their author stood: one must end with the other."""
    reported, expected = reported.strip("/"), expected.strip("/")
    return (
        not expected or reported == expected or reported.endswith("/" + expected) or expected.endswith("/" + reported)
    )


def _same_name(reported: str, expected: str) -> bool:
    """`Company.OfficerAdded` (an event class nested in its aggregate) is the truth's `OfficerAdded`."""
    return reported == expected or reported.endswith("." + expected)


def score(folder: Path, truth: dict) -> Score:
    report = inventory(folder)
    result = Score()
    python_messages = [
        m for m in report["messages"] if any(d["source"] == "python" for d in m["declarations"])
    ] or report["messages"]
    matched: set[int] = set()
    undeclared = [m for m in report["messages"] if not m["declarations"]]  # a task known only by its name
    for expected in truth["messages"]:
        result.messages += 1
        candidates = [
            (index, m)
            for index, m in enumerate(python_messages)
            if any(
                _same_name(d["name"], expected["name"]) and _same_file(d["location"]["path"], expected.get("path", ""))
                for d in m["declarations"]
            )
        ]
        candidates = candidates or [
            (-1 - index, m) for index, m in enumerate(undeclared) if _same_name(m["name"], expected["name"])
        ]
        if not candidates:
            result.wrong.append(f"{expected['name']}: not found")
            continue
        index, message = candidates[0]
        matched.add(index)
        result.found += 1
        problems = []
        if message["kind"] == expected["kind"]:
            result.kinds += 1
        else:
            problems.append(f"kind {message['kind']} (truth {expected['kind']})")
        if handler_count(message) == expected["handlers"]:
            result.handlers += 1
        else:
            problems.append(f"handlers {handler_count(message)} (truth {expected['handlers']})")
        if emitter_count(message) == expected["emitters"]:
            result.emitters += 1
        else:
            problems.append(f"emitters {emitter_count(message)} (truth {expected['emitters']})")
        if problems:
            result.wrong.append(f"{expected['name']}: {', '.join(problems)}")
    result.extra = [m["name"] for index, m in enumerate(python_messages) if index not in matched]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--truth", type=Path, help="the truth file (default: FOLDER/expected.json)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    arguments = parser.parse_args()
    if arguments.folder is None:
        systems = sorted(p.parent for p in (REPO / "fixtures" / "python").glob("*/expected.json"))
        pairs = [(system, system / "expected.json") for system in systems]
    else:
        pairs = [(arguments.folder, arguments.truth or arguments.folder / "expected.json")]
    total = Score()
    for folder, truth_file in pairs:
        result = score(folder, json.loads(truth_file.read_text()))
        print(result.line(folder.name))
        if arguments.verbose:
            for problem in result.wrong:
                print(f"    {problem}")
            for name in result.extra:
                print(f"    extra message: {name}")
        total.add(result)
    if len(pairs) > 1:
        print(total.line("all"))


if __name__ == "__main__":
    main()
