"""`msglint catalog`: every message with its kind, the evidence for it, and who sends and receives it; and
`msglint inventory`: the same facts of one repository as a document other repositories' checks read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from msglint import __version__
from msglint.lint.run import LintResult
from msglint.model import Emission, Handler, Kind, Location, Message, Repository
from msglint.readers.inventory import INVENTORY_KEY, INVENTORY_VERSION
from msglint.report import relation, visible
from msglint.report.json_report import message_dict
from msglint.report.paths import for_machines


def render_inventory(result: LintResult, as_json: bool) -> str:
    system = result.system
    if as_json:
        document = {"messages": [message_dict(m, system) for m in system.iter_messages()]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for message in system.iter_messages():
        declared = message.declarations[0].location if message.declarations else None
        lines.append(f"{message.name}  [{message.kind.value}]" + (f"  {declared}" if declared else ""))
        reasons: set[str] = set()
        for evidence in message.evidence:
            # evidence for another kind was weighed and lost, or left the kind open: say so
            verdict = ""
            if evidence.kind != message.kind:
                verdict = ", disputed" if message.kind == Kind.UNKNOWN else ", outweighed"
            line = f"    why: {evidence.kind.value}: {evidence.detail} [{evidence.strength.label}{verdict}]"
            if line not in reasons:  # the same reason found in two places reads once
                reasons.add(line)
                lines.append(line)
        for emission in system.emissions_of(message.key):
            sender = emission.component
            if emission.origin and emission.origin != sender:
                sender += f" in {emission.origin}"
            role = relation(emission.mode.value, "emit")
            lines.append(f"    {role:<9} by {sender}  ({emission.source}; {emission.location})")
        for handler in system.receivers_of(message.key):
            role = relation(handler.mode.value, "receive")
            lines.append(f"    {role:<9} by {handler.component}  ({handler.source}; {handler.location})")
        if not system.emissions_of(message.key) and not system.receivers_of(message.key):
            lines.append("    nobody sends or receives it")
    count = len(system.messages)
    lines.append(f"{count} message{'s' if count != 1 else ''}.")
    return "\n".join(visible(line) for line in lines) + "\n"


# Evidence that resolution adds again once the inventories are joined: from the name, or from the topology of
# one repository, which the joined system recomputes (a command handled here and sent elsewhere)
_RECOMPUTED_EVIDENCE = frozenset({"name", "name-suffix", "topology"})


def render_repository_inventory(result: LintResult, repository: Repository) -> str:
    """`msglint inventory`: the facts of one repository as a versioned JSON document other repositories'
    checks read (readers/inventory.py; schema: msglint/schemas/inventory-v1.schema.json). Paths are relative
    to the repository; every list is sorted, so the same sources give the same bytes."""
    system = for_machines(result).system
    document = {
        INVENTORY_KEY: INVENTORY_VERSION,
        "msglint-version": __version__,
        "repository": {"name": repository.name, "url": repository.url},
        "messages": [_inventory_message(m) for m in system.iter_messages()],
        "handlers": _sorted(_handler(h) for h in system.handlers),
        "emitters": _sorted(_emitter(e) for e in system.emissions),
        "services": _sorted(
            {"name": s.name, "description": s.description, "location": _location(s.location)}
            for s in system.services.values()
        ),
        "unresolved": _sorted(
            {"role": u.role, "detail": u.detail, "location": _location(u.location), "messages": sorted(u.message_keys)}
            for u in system.unresolved
        ),
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _sorted(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    written: dict[str, Any] = {"path": location.path, "line": location.line, "column": location.column}
    if location.end_line is not None:
        written["end_line"] = location.end_line
    if location.end_column is not None:
        written["end_column"] = location.end_column
    if location.repository:  # the facts of a third repository, read here from its inventory
        written["repository"] = location.repository
    return written


def _inventory_message(message: Message) -> dict[str, Any]:
    return {
        "key": message.key,
        "name": message.name,
        "kind": message.kind.value,
        "kind_strength": message.kind_strength.label if message.kind_strength else None,
        "owner": message.owner,
        "declarations": _sorted(
            {
                "name": d.name,
                "source": d.source,
                "location": _location(d.location),
                "description": d.description,
                "owner": d.owner,
                "fields": list(d.fields),
                "named": d.named,
            }
            for d in message.declarations
        ),
        "evidence": _sorted(
            {
                "kind": e.kind.value,
                "source": e.source,
                "detail": e.detail,
                "strength": e.strength.label,
                "location": _location(e.location),
            }
            for e in message.evidence
            if e.source not in _RECOMPUTED_EVIDENCE
        ),
    }


def _handler(handler: Handler) -> dict[str, Any]:
    return {
        "message": handler.message_key,
        "message_name": handler.message_name,
        "component": handler.component,
        "mode": handler.mode.value,
        "source": handler.source,
        "framework": handler.framework,
        "channel": handler.channel,
        "rejections": list(handler.rejections),
        "actions": list(handler.actions),
        "composed": handler.composed,
        "location": _location(handler.location),
    }


def _emitter(emission: Emission) -> dict[str, Any]:
    return {
        "message": emission.message_key,
        "message_name": emission.message_name,
        "component": emission.component,
        "mode": emission.mode.value,
        "source": emission.source,
        "channel": emission.channel,
        "origin": emission.origin,
        "forwards": emission.forwards,
        "location": _location(emission.location),
    }
