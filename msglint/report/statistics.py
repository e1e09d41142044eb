"""`--statistics`: how many findings of each rule, instead of the findings, as text, JSON (its schema ships
as msglint/schemas/statistics-v1.schema.json), JUnit or Markdown."""

from __future__ import annotations

import json
from collections import Counter

from msglint.lint.run import LintResult

FORMATS = ("text", "json", "junit", "markdown")  # the others list findings one by one: counts have no place


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


def render_statistics(result: LintResult, output_format: str, exit_code: int) -> str:
    if output_format == "json":
        return json.dumps(statistics(result), indent=2) + "\n"
    if output_format == "junit":
        from msglint.report.junit import render_junit_statistics

        return render_junit_statistics(result, exit_code)
    if output_format == "markdown":
        from msglint.report.markdown import render_markdown_statistics

        return render_markdown_statistics(result)
    rows = statistics(result)
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join(
        f"{row['count']:>{width}}  {row['code']}  {row['slug']}  [{', '.join(row['severities'])}]\n" for row in rows
    )
