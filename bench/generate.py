"""Write a synthetic repository for the benchmark: Python services and AsyncAPI contracts.

    python bench/generate.py /tmp/msglint-bench            # 5,000 Python files, 200 AsyncAPI documents
    python bench/generate.py /tmp/small --python 500 --asyncapi 20

About 10% of the Python files declare, handle or send messages (a plain message bus); another fifth mention
words the prefilter looks for (`process`, `request`) without holding messages, as real code does; the rest
are ordinary modules. Every AsyncAPI document is one service (3.0 and 2.6 alternate) with a `$ref` to a
shared file. The output is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

NOUNS = [
    *("Order", "Invoice", "Payment", "Shipment", "Parcel", "Customer", "Account", "Cart", "Refund", "Coupon"),
    *("Product", "Stock", "Pallet", "Ticket", "Booking", "Room", "Driver", "Ride", "Quote", "Policy", "Claim"),
    *("Loan", "Card", "Transfer", "Statement", "Subscription", "Plan", "Review", "Rating"),
]
VERBS = [
    ("Create", "Created"),
    ("Cancel", "Cancelled"),
    ("Approve", "Approved"),
    ("Reject", "Rejected"),
    ("Ship", "Shipped"),
    ("Close", "Closed"),
    ("Open", "Opened"),
    ("Archive", "Archived"),
]
FILES_PER_SERVICE = 100
MESSAGE_FILES = (
    "__init__.py",
    "commands.py",
    "events.py",
    "handlers.py",
    "api.py",
    "policies.py",
    "registry.py",
    "consumers.py",
    "senders.py",
    "jobs.py",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--python", type=int, default=5000, help="number of Python files")
    parser.add_argument("--asyncapi", type=int, default=200, help="number of AsyncAPI documents")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    generate(arguments.out, arguments.python, arguments.asyncapi, arguments.seed)


def generate(out: Path, python_files: int, asyncapi_documents: int, seed: int = 7) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    services = max(1, python_files // FILES_PER_SERVICE)
    written = 0
    _write(out / "src/bench/__init__.py", "")
    _write(out / "src/bench/bus.py", BUS)
    written += 2
    for index in range(services):
        written += _service(
            out / f"src/bench/svc{index:03d}", index, rng, min(FILES_PER_SERVICE, python_files - written)
        )
        if written >= python_files:
            break
    _write(out / "contracts/common/messages.yaml", COMMON)
    for index in range(asyncapi_documents):
        _write(out / f"contracts/service{index:03d}.yaml", _asyncapi(index, rng))
    (out / "msglint.toml").write_text("# benchmark repository: defaults\n")


def _service(folder: Path, index: int, rng: random.Random, budget: int) -> int:
    if budget <= 0:
        return 0
    nouns = rng.sample(NOUNS, 3)
    verbs = rng.sample(VERBS, 3)
    commands = [f"{verb}{noun}" for noun, (verb, _) in zip(nouns, verbs, strict=True)]
    events = [f"{noun}{past}" for noun, (_, past) in zip(nouns, verbs, strict=True)]
    files = {
        "__init__.py": "",
        "commands.py": _classes("Command", commands, index),
        "events.py": _classes("Event", events, index),
        "handlers.py": _handlers(commands, events),
        "api.py": _api(commands),
        "policies.py": _policies(events, commands),
        "registry.py": _registry(commands, events),
        "consumers.py": _consumers(events),
        "senders.py": _senders(events),
        "jobs.py": _jobs(commands),
    }
    count = 0
    for name in MESSAGE_FILES:
        if count >= budget:
            return count
        _write(folder / name, files[name])
        count += 1
    while count < budget:
        kind = rng.random()
        body = _mentions_words(rng, count) if kind < 0.22 else _ordinary(rng, count)
        _write(folder / f"module{count:03d}.py", body)
        count += 1
    return count


def _classes(base: str, names: list[str], index: int) -> str:
    lines = ["from dataclasses import dataclass", "", f"from bench.bus import {base}", ""]
    for name in names:
        lines += [
            "",
            "@dataclass(frozen=True)",
            f"class {name}({base}):",
            f"    {name.lower()}_id: str",
            f"    tenant: int = {index}",
            "",
        ]
    return "\n".join(lines)


def _handlers(commands: list[str], events: list[str]) -> str:
    lines = [f"from .commands import {', '.join(commands)}", f"from .events import {', '.join(events)}", ""]
    for command, event in zip(commands, events, strict=True):
        lines += [
            "",
            f"def handle_{command.lower()}(command: {command}, uow) -> None:",
            f"    uow.events.append({event}({event.lower()}_id=command.{command.lower()}_id))",
            "",
        ]
    return "\n".join(lines)


def _api(commands: list[str]) -> str:
    lines = ["from bench.bus import bus", f"from .commands import {', '.join(commands)}", ""]
    for command in commands:
        lines += [
            "",
            f"def post_{command.lower()}(payload: dict) -> None:",
            f"    bus.handle({command}({command.lower()}_id=payload['id']))",
            "",
        ]
    return "\n".join(lines)


def _policies(events: list[str], commands: list[str]) -> str:
    lines = [
        "from bench.bus import bus",
        f"from .events import {events[0]}",
        f"from .commands import {commands[1]}",
        "",
    ]
    lines += [
        "",
        f"def on_{events[0].lower()}(event: {events[0]}) -> None:",
        f"    bus.handle({commands[1]}({commands[1].lower()}_id=event.{events[0].lower()}_id))",
        "",
    ]
    return "\n".join(lines)


def _registry(commands: list[str], events: list[str]) -> str:
    handlers = ", ".join(f"handle_{c.lower()}" for c in commands)
    lines = [
        f"from .commands import {', '.join(commands)}",
        f"from .events import {events[0]}",
        f"from .handlers import {handlers}",
        f"from .policies import on_{events[0].lower()}",
        "",
        "COMMAND_HANDLERS = {",
    ]
    lines += [f"    {c}: handle_{c.lower()}," for c in commands]
    lines += ["}", "", f"EVENT_HANDLERS = {{{events[0]}: [on_{events[0].lower()}]}}", ""]
    return "\n".join(lines)


def _consumers(events: list[str]) -> str:
    lines = [f"from .events import {events[1]}", ""]
    lines += ["", f"def when_{events[1].lower()}(event: {events[1]}) -> None:", "    print(event)", ""]
    return "\n".join(lines)


def _senders(events: list[str]) -> str:
    lines = ["from bench.bus import bus", f"from .events import {events[2]}", ""]
    lines += [
        "",
        "def close_day(ids: list[str]) -> None:",
        "    for item in ids:",
        f"        bus.publish({events[2]}({events[2].lower()}_id=item))",
        "",
    ]
    return "\n".join(lines)


def _jobs(commands: list[str]) -> str:
    return "\n".join(["import sched", "", "", "def nightly() -> list[str]:", f"    return [{commands[0]!r}]", ""])


def _mentions_words(rng: random.Random, index: int) -> str:
    """Code that says `process` or `request` (so the prefilter lets it through) and holds no message."""
    return "\n".join(
        [
            '"""Helpers that process request payloads."""',
            "",
            "from dataclasses import dataclass",
            "",
            "",
            "@dataclass",
            f"class Payload{index}:",
            "    body: bytes",
            "    size: int = 0",
            "",
            "",
            f"def process_payload_{index}(payload: Payload{index}) -> int:",
            f"    total = {rng.randint(1, 99)}",
            "    for byte in payload.body:",
            "        total = (total * 31 + byte) % 65521",
            "    return total",
            "",
            "",
            "class RequestParser:",
            "    def parse(self, text: str) -> dict:",
            "        return dict(part.split('=', 1) for part in text.split('&') if '=' in part)",
            "",
        ]
    ) + _filler(rng, 30)


def _ordinary(rng: random.Random, index: int) -> str:
    return "\n".join(
        [
            f'"""Arithmetic and text utilities, part {index}."""',
            "",
            "import math",
            "",
            "",
            f"def area_{index}(radius: float) -> float:",
            "    return math.pi * radius * radius",
            "",
            "",
            f"class Matrix{index}:",
            "    def __init__(self, rows: int, cols: int) -> None:",
            "        self.cells = [[0.0] * cols for _ in range(rows)]",
            "",
            "    def trace(self) -> float:",
            "        return sum(self.cells[i][i] for i in range(len(self.cells)))",
            "",
        ]
    ) + _filler(rng, 40)


def _filler(rng: random.Random, functions: int) -> str:
    lines = []
    for number in range(rng.randint(functions // 2, functions)):
        lines += [
            "",
            "",
            f"def helper_{number}(values: list[int]) -> int:",
            "    result = 0",
            "    for value in values:",
            f"        result += value * {rng.randint(2, 9)} - {rng.randint(0, 5)}",
            "    return result",
        ]
    return "\n".join(lines) + "\n"


def _asyncapi(index: int, rng: random.Random) -> str:
    nouns = rng.sample(NOUNS, 4)
    version = "3.0.0" if index % 2 == 0 else "2.6.0"
    if version.startswith("3"):
        channels = "\n".join(
            f"  {noun.lower()}Events:\n    address: svc{index}.{noun.lower()}.events\n    messages:\n"
            f"      {noun}Updated:\n        $ref: '#/components/messages/{noun}Updated'"
            for noun in nouns
        )
        operations = "\n".join(
            f"  publish{noun}:\n    action: send\n    channel:\n      $ref: '#/channels/{noun.lower()}Events'"
            for noun in nouns
        )
        messages = "\n".join(
            f"    {noun}Updated:\n      name: {noun}Updated\n      payload:\n        type: object\n"
            f"        properties:\n          id: {{type: string}}"
            for noun in nouns
        )
        return (
            f"asyncapi: 3.0.0\ninfo:\n  title: Service {index}\n  version: 1.0.0\nchannels:\n{channels}\n"
            f"  audit:\n    address: svc{index}.audit\n    messages:\n      AuditRecorded:\n"
            f"        $ref: './common/messages.yaml#/AuditRecorded'\n"
            f"operations:\n{operations}\ncomponents:\n  messages:\n{messages}\n"
        )
    channels = "\n".join(
        f"  svc{index}/{noun.lower()}/changed:\n    subscribe:\n      message:\n        name: {noun}Changed{index}\n"
        f"        payload:\n          type: object"
        for noun in nouns
    )
    return (
        f"asyncapi: 2.6.0\ninfo:\n  title: Service {index}\n  version: 1.0.0\nchannels:\n{channels}\n"
        f"  svc{index}/audit:\n    subscribe:\n      message:\n        $ref: './common/messages.yaml#/AuditRecorded'\n"
    )


COMMON = """\
AuditRecorded:
  name: AuditRecorded
  payload:
    type: object
    properties:
      actor: {type: string}
"""

BUS = '''\
"""The benchmark's message bus."""


class Command:
    pass


class Event:
    pass


class Bus:
    def handle(self, message): ...

    def publish(self, message): ...


bus = Bus()
'''


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


if __name__ == "__main__":
    main()
