"""Rule documentation as Markdown: the text of `msglint explain` and of docs/rules/, from one source."""

from __future__ import annotations

import textwrap

from msglint.rules.base import Example, Rule

RULE_DOCS = "https://github.com/msglint/msglint/blob/main/docs/rules/"


def rule_help_uri(rule: type[Rule] | None) -> str:
    """The rule's page in docs/rules/ (the project's home when `rule` is None); a plugin may set `help_uri`."""
    if rule is None:
        return RULE_DOCS.removesuffix("blob/main/docs/rules/")
    return getattr(rule, "help_uri", None) or f"{RULE_DOCS}{rule.code}.md"


def example_source(example: Example) -> str:
    """The example's catalog text, dedented, without the leading blank line."""
    return textwrap.dedent(example.source).strip("\n") + "\n"


def example_config(example: Example) -> str:
    """The msglint.toml the example runs with, dedented; empty when it needs none."""
    return textwrap.dedent(example.config).strip("\n") + "\n" if example.config.strip() else ""


def rule_markdown(rule: type[Rule]) -> str:
    lines = [
        f"# {rule.code} {rule.slug}",
        "",
        f"**Default severity:** {rule.severity.label}"
        + ("  \n**Heuristic:** yes, the finding lists the signals that fired" if rule.heuristic else ""),
        "",
        rule.summary,
        "",
        "## Why it matters",
        "",
        rule.rationale,
        "",
        "## How to fix it",
        "",
        rule.fix,
        "",
    ]
    for heading, examples in (("Example that is flagged", rule.invalid), ("Example that passes", rule.valid)):
        for example in examples:
            title = f": {example.title}" if example.title else ""
            lines += [f"## {heading}{title}", ""]
            if example.lines:
                where = ", ".join(str(n) for n in example.lines)
                lines += [
                    f"msglint reports line {where}." if len(example.lines) == 1 else f"msglint reports lines {where}.",
                    "",
                ]
            if example.config:
                lines += ["With this `msglint.toml`:", "", "```toml", example_config(example).rstrip("\n"), "```", ""]
            lines += [f"```{example.language}", example_source(example).rstrip("\n"), "```", ""]
    lines += [
        "## Turning it off",
        "",
        "Suppress it where the finding is written:",
        "",
        f"- Python: a `# msglint: ignore[{rule.slug}]` comment on the flagged line;",
        f"- AsyncAPI: `x-msglint-ignore: [{rule.slug}]` on the message, operation, channel or document;",
        f"- EventCatalog: `x-msglint-ignore: [{rule.slug}]` in the page's frontmatter;",
        f"- msglint catalog: `ignore: [{rule.slug}]` on the message or service entry.",
        "",
        f'For the whole project, `ignore = ["{rule.code}"]` in `[tool.msglint]`; for some paths, '
        f'`per-path-ignores`. Change its level with `severity = {{ {rule.code} = "info" }}`.',
        "",
    ]
    return "\n".join(lines)


def rules_index(rules: tuple[type[Rule], ...]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rule modules by `python scripts/generate_rule_docs.py`; do not edit by hand.",
        "",
        "| code | slug | default | what it flags |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        lines.append(f"| [{rule.code}]({rule.code}.md) | {rule.slug} | {rule.severity.label} | {rule.summary} |")
    return "\n".join(lines) + "\n"
