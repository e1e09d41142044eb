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
    output_format: str, result: LintResult, exit_code: int, stream: IO[str], *, color: bool, quiet: bool
) -> None:
    """Write the report of the engine's result. Every format but text names files relative to the
    repository (paths.py)."""
    if output_format == "text":
        from msglint.report.text import render_text

        render_text(result, stream, color=color, quiet=quiet)
        return
    from msglint.report.paths import for_machines

    module, function = _RENDERERS[output_format]
    stream.write(getattr(importlib.import_module(module), function)(for_machines(result), exit_code))


_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """The text with control characters (ESC, CR, NUL, DEL, C1) and the format characters that reorder or
    hide text (bidirectional overrides, zero-width marks) written as escapes (`\\x1b`, `\\u202e`), so that a
    name cannot move the cursor, colour the terminal, break a one-line-per-finding output or an XML report."""
    if text.isprintable() and (keep_newlines or "\n" not in text):
        return text
    out = []
    for char in text:
        if char == "\n" and keep_newlines or char.isprintable() or char == " ":
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return "".join(out)


def message_with_fix(diagnostic: Diagnostic) -> str:
    """The finding and, on a line of its own, how to fix it: for formats with one text field."""
    return diagnostic.message + (f"\nFix: {diagnostic.suggestion}" if diagnostic.suggestion else "")


def relation(mode: str, direction: str) -> str:
    """`send`, `publish`, `handle`, `subscribe`, `reply`; when the input does not say which, the
    direction alone (`emit` or `receive`)."""
    return direction if mode == "unknown" else mode
