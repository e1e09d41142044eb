"""`--statistics`: how many findings of each rule, instead of the findings."""

from __future__ import annotations

import json
from collections import Counter

from msglint.lint.run import LintResult


def statistics(result: LintResult) -> list[dict]:
    counts = Counter(d.code for d in result.diagnostics)
    first = {}
    for d in result.diagnostics:
        first.setdefault(d.code, d)
    return [
        {"code": code, "slug": first[code].slug, "severity": first[code].severity.label, "count": count}
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def render_statistics(result: LintResult, as_json: bool) -> str:
    rows = statistics(result)
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join(f"{row['count']:>{width}}  {row['code']}  {row['slug']}  [{row['severity']}]\n" for row in rows)
