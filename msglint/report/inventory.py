"""`msglint catalog`: every message with its kind, the evidence for it, and who sends and receives it."""

from __future__ import annotations

import json

from msglint.lint.run import LintResult
from msglint.model import Kind
from msglint.report import relation, visible
from msglint.report.json_report import message_dict


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
