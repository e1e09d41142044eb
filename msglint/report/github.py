"""GitHub Actions workflow commands: one annotation per finding on the pull request's diff."""

from __future__ import annotations

from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Severity
from msglint.report import message_with_fix, visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part: `%`, CR and LF must be escaped (GitHub's toolkit escapes the same three)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=`, `title=`): also `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    loc = diagnostic.location
    text = visible(message_with_fix(diagnostic), keep_newlines=True)
    properties = []
    if loc.repository:  # a file of another repository: an annotation of the run, naming where it is
        text = f"{visible(str(loc))}: {text}"
    else:
        properties = [f"file={escape_property(visible(loc.path))}", f"line={loc.line}", f"col={loc.column}"]
        if loc.end_line:
            properties.append(f"endLine={loc.end_line}")
            if loc.end_column and loc.end_line == loc.line:
                properties.append(f"endColumn={loc.end_column}")
    properties.append(f"title={escape_property(f'{diagnostic.code} {diagnostic.slug}')}")
    return f"::{COMMANDS[diagnostic.severity]} {','.join(properties)}::{escape_data(text)}"


def render_github(result: LintResult, exit_code: int) -> str:
    return "".join(annotation(d) + "\n" for d in result.diagnostics)
