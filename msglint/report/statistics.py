"""`--statistics`: how many findings of each rule, instead of the findings."""

from __future__ import annotations

import json
from collections import Counter

from msglint.lint.run import LintResult


def statistics(result: LintResult) -> list[dict]:
    """One row per rule: its highest severity among the findings (`severity`) and all of them."""
    counts = Counter(d.code for d in result.diagnostics)
    slugs = {d.code: d.slug for d in result.diagnostics}
    levels: dict[str, set] = {}
    for d in result.diagnostics:
        levels.setdefault(d.code, set()).add(d.severity)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        ordered = [level.label for level in sorted(levels[code], reverse=True)]
        rows.append({"code": code, "slug": slugs[code], "severity": ordered[0], "severities": ordered, "count": count})
    return rows


def render_statistics(result: LintResult, as_json: bool) -> str:
    rows = statistics(result)
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join(
        f"{row['count']:>{width}}  {row['code']}  {row['slug']}  [{', '.join(row['severities'])}]\n" for row in rows
    )
