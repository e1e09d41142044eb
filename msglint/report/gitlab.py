"""GitLab Code Quality: a JSON array of issues with description, check name, fingerprint, severity and
location (path and lines). GitLab keeps one issue per fingerprint, so each finding gets its own
(msglint.lint.baseline.unique_fingerprints)."""

from __future__ import annotations

import json
from typing import Any

from msglint.lint.baseline import unique_fingerprints
from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Severity

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(result: LintResult, exit_code: int) -> str:
    issues = [
        _issue(d, key) for d, key in zip(result.diagnostics, unique_fingerprints(result.diagnostics), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(diagnostic: Diagnostic, key: str) -> dict[str, Any]:
    lines = {"begin": diagnostic.location.line}
    if diagnostic.location.end_line:
        lines["end"] = diagnostic.location.end_line
    return {
        "type": "issue",
        "description": f"{diagnostic.code} {diagnostic.message}",
        "check_name": f"{diagnostic.code} {diagnostic.slug}",
        "fingerprint": key,
        "severity": SEVERITIES[diagnostic.severity],
        "categories": ["Style"],
        # another repository's file is named with its repository (`billing:api.yaml`): no file of this one
        "location": {"path": diagnostic.location.where, "lines": lines},
    }
