"""SARIF 2.1.0 for GitHub code scanning: one run, every rule in the tool's table, results with physical
locations, related locations and fingerprints that survive unrelated edits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from msglint import __version__
from msglint.lint.baseline import fingerprint
from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Location, Severity
from msglint.report import message_with_fix
from msglint.rules.render import rule_help_uri, rule_markdown

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(result: LintResult, exit_code: int) -> str:
    rules = list(result.rules)
    index = {rule.code: position for position, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "msglint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": rule_help_uri(None),
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index) for d in result.diagnostics],
        "invocations": [{"executionSuccessful": True, "exitCode": exit_code}],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(rule) -> dict[str, Any]:  # noqa: ANN001 - a Rule class
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {"text": " ".join(rule.fix.split()), "markdown": rule_markdown(rule)},
        "helpUri": rule_help_uri(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["message-design", *(["heuristic"] if rule.heuristic else [])]},
    }


def physical_location(location: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)}
    if location.end_line:
        region["endLine"] = location.end_line
        if location.end_column:
            region["endColumn"] = location.end_column
    return {"artifactLocation": artifact(location.path), "region": region}


def artifact(path: str) -> dict[str, Any]:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": path, "uriBaseId": "%SRCROOT%"}


def _result(diagnostic: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    text = message_with_fix(diagnostic)
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": physical_location(diagnostic.location)}],
        "partialFingerprints": {"msglintFingerprint/v1": fingerprint(diagnostic)},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    if diagnostic.related:
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": physical_location(r.location), "message": {"text": r.note}}
            for number, r in enumerate(diagnostic.related, start=1)
        ]
    properties = {"heuristic": diagnostic.heuristic}
    if diagnostic.signals:
        properties["signals"] = list(diagnostic.signals)
    if diagnostic.message_key:
        properties["message"] = diagnostic.message_key
    result["properties"] = properties
    return result
