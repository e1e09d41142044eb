"""A pull-request comment: counts per rule, a table of findings and a Mermaid diagram of the messages
the findings are about."""

from __future__ import annotations

from msglint.lint.run import LintResult
from msglint.report import visible
from msglint.report.graph import build_graph, render_mermaid
from msglint.report.statistics import statistics
from msglint.report.text import summary_line

MAX_ROWS = 100  # a comment has a size limit; the rest is in the other reports


def cell(text: str) -> str:
    return visible(text).replace("|", "\\|")


def render_markdown(result: LintResult, exit_code: int) -> str:
    diagnostics = result.diagnostics
    lines = ["## msglint", "", summary_line(result), ""]
    if not diagnostics:
        return "\n".join(lines)
    lines += _rule_table(result)
    lines += ["", "| Where | Rule | Finding |", "|---|---|---|"]
    for d in diagnostics[:MAX_ROWS]:
        lines.append(f"| `{cell(str(d.location))}` | {d.code} | {cell(d.message)} |")
    if len(diagnostics) > MAX_ROWS:
        lines.append(f"| | | … and {len(diagnostics) - MAX_ROWS} more |")
    involved = {d.message_key for d in diagnostics if d.message_key}
    graph = build_graph(result.system, diagnostics, only_messages=involved)
    if graph.edges or graph.nodes:
        lines += ["", "<details><summary>Messages involved</summary>", "", "```mermaid"]
        lines += render_mermaid(graph).rstrip("\n").split("\n")
        lines += ["```", "", "</details>"]
    return "\n".join(lines) + "\n"


def render_markdown_statistics(result: LintResult) -> str:
    """`--statistics --format markdown`: the summary and the table of rules, without the findings."""
    lines = ["## msglint", "", summary_line(result), ""]
    if result.diagnostics:
        lines += _rule_table(result)
    return "\n".join(lines) + "\n"


def _rule_table(result: LintResult) -> list[str]:
    lines = ["| Rule | Severity | Findings |", "|---|---|---:|"]
    for row in sorted(statistics(result), key=lambda row: row["code"]):
        lines.append(f"| {row['code']} `{row['slug']}` | {', '.join(row['severities'])} | {row['count']} |")
    return lines
