"""The JSON report: one versioned document; its schema ships as msglint/schemas/report-v1.schema.json."""

from __future__ import annotations

import json
from typing import Any

from msglint import __version__
from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Evidence, Location, Message, Severity, System

REPORT_VERSION = 1


def location_dict(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    written = {
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
    }
    if location.repository:  # another repository's file (from its inventory); the path is relative to it
        written["repository"] = location.repository
    return written


def evidence_dict(evidence: Evidence) -> dict[str, Any]:
    return {
        "kind": evidence.kind.value,
        "source": evidence.source,
        "detail": evidence.detail,
        "strength": evidence.strength.label,
        "location": location_dict(evidence.location),
    }


def diagnostic_dict(diagnostic: Diagnostic, system: System) -> dict[str, Any]:
    message = system.messages.get(diagnostic.message_key or "")
    return {
        "code": diagnostic.code,
        "slug": diagnostic.slug,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "location": location_dict(diagnostic.location),
        "message_key": diagnostic.message_key,
        "message_name": message.name if message else None,
        "heuristic": diagnostic.heuristic,
        "signals": diagnostic.signals,
        "evidence": [evidence_dict(e) for e in diagnostic.evidence],
        "related": [{"location": location_dict(r.location), "note": r.note} for r in diagnostic.related],
        "suggestion": diagnostic.suggestion,
    }


def message_dict(message: Message, system: System) -> dict[str, Any]:
    return {
        "key": message.key,
        "name": message.name,
        "kind": message.kind.value,
        "kind_strength": message.kind_strength.label if message.kind_strength else None,
        "owner": message.owner,
        "description": message.description,
        "declarations": [
            {"name": d.name, "source": d.source, "location": location_dict(d.location)} for d in message.declarations
        ],
        "evidence": [evidence_dict(e) for e in message.evidence],
        "handlers": [
            {
                "component": h.component,
                "mode": h.mode.value,
                "via": h.source,
                "framework": h.framework,
                "location": location_dict(h.location),
            }
            for h in system.receivers_of(message.key)
        ],
        "emitters": [
            {
                "component": e.component,
                "mode": e.mode.value,
                "via": e.source,
                "origin": e.origin,
                "location": location_dict(e.location),
            }
            for e in system.emissions_of(message.key)
        ],
    }


def summary_dict(result: LintResult, exit_code: int) -> dict[str, Any]:
    counts = {level.label: 0 for level in sorted(Severity, reverse=True)}
    for diagnostic in result.diagnostics:
        counts[diagnostic.severity.label] += 1
    return {
        "files": len(result.files),
        "messages": len(result.system.messages),
        "services": len(result.system.services),
        "findings": len(result.diagnostics),
        "by_severity": counts,
        "fail_on": result.config.fail_on.label,
        "exit_code": exit_code,
    }


def report_document(result: LintResult, exit_code: int) -> dict[str, Any]:
    system = result.system
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "msglint", "version": __version__},
        "summary": summary_dict(result, exit_code),
        "notes": list(system.notes),
        "diagnostics": [diagnostic_dict(d, system) for d in result.diagnostics],
        "messages": [message_dict(m, system) for m in system.iter_messages()],
        "services": [
            {"name": s.name, "description": s.description, "location": location_dict(s.location)}
            for s in sorted(system.services.values(), key=lambda s: s.name)
        ],
        "unresolved": [
            {
                "role": u.role,
                "detail": u.detail,
                "location": location_dict(u.location),
                "messages": list(u.message_keys),
            }
            for u in system.unresolved
        ],
    }


def render_json(result: LintResult, exit_code: int, *, indent: int | None = None) -> str:
    """Compact by default: with `indent`, json falls back to its pure-Python encoder, several times slower on
    a large system (`python -m json.tool` pretty-prints a report)."""
    return json.dumps(report_document(result, exit_code), indent=indent, ensure_ascii=False) + "\n"
