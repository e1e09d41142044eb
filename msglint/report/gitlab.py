"""GitLab Code Quality: a JSON array of issues with description, check name, fingerprint, severity and
location (path and begin line)."""

from __future__ import annotations

import json

from msglint.lint.baseline import fingerprint
from msglint.lint.run import LintResult
from msglint.model import Severity

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(result: LintResult, exit_code: int) -> str:
    issues = [
        {
            "type": "issue",
            "description": f"{d.code} {d.message}",
            "check_name": f"{d.code} {d.slug}",
            "fingerprint": fingerprint(d),
            "severity": SEVERITIES[d.severity],
            "categories": ["Style"],
            "location": {"path": d.location.path, "lines": {"begin": d.location.line}},
        }
        for d in result.diagnostics
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
