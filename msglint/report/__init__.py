"""Reporters: each turns a LintResult into one output format. Imported lazily: only the chosen ones load."""

from __future__ import annotations

import importlib
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from msglint.lint.run import LintResult
    from msglint.model import Diagnostic

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")
_RENDERERS = {
    "json": ("msglint.report.json_report", "render_json"),
    "sarif": ("msglint.report.sarif", "render_sarif"),
    "github": ("msglint.report.github", "render_github"),
    "junit": ("msglint.report.junit", "render_junit"),
    "gitlab": ("msglint.report.gitlab", "render_gitlab"),
    "markdown": ("msglint.report.markdown", "render_markdown"),
}


def write_report(
    output_format: str, result: LintResult, exit_code: int, stream: IO[str], *, color: bool | None, quiet: bool
) -> None:
    if output_format == "text":
        from msglint.report.text import render_text

        render_text(result, stream, color=color, quiet=quiet)
        return
    module, function = _RENDERERS[output_format]
    stream.write(getattr(importlib.import_module(module), function)(result, exit_code))


def message_with_fix(diagnostic: Diagnostic) -> str:
    """The finding and, on a line of its own, how to fix it: for formats with one text field."""
    return diagnostic.message + (f"\nFix: {diagnostic.suggestion}" if diagnostic.suggestion else "")


def relation(mode: str, direction: str) -> str:
    """`send`, `publish`, `handle`, `subscribe`, `reply`; when the input does not say which, the
    direction alone (`emit` or `receive`)."""
    return direction if mode == "unknown" else mode
