"""The text report: findings grouped by file, the offending line with a marker, evidence, fix, summary.

Whether to style it is the caller's decision (`--color`, NO_COLOR, FORCE_COLOR, a terminal): without
styles, rich is not even imported. Every piece of text goes through `visible()`, so a name holding an
escape sequence or a carriage return cannot restyle the terminal or split a `-q` line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby
from typing import IO, TYPE_CHECKING

from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Location, Overview, Severity
from msglint.report import visible

if TYPE_CHECKING:
    from rich.console import Console

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
MAX_SOURCE_WIDTH = 160


class SourceLines:
    """Reads the lines of reported files once, lazily."""

    def __init__(self, read: Callable[[str], bytes]) -> None:
        self._read = read  # the text as it was checked (stdin's for its file)
        self._files: dict[str, list[str]] = {}

    def line(self, location: Location) -> str | None:
        if location.path not in self._files:
            try:
                self._files[location.path] = self._read(location.path).decode("utf-8", errors="replace").splitlines()
            except OSError:
                self._files[location.path] = []
        lines = self._files[location.path]
        return lines[location.line - 1] if 0 < location.line <= len(lines) else None


Segment = tuple[str, str]  # (text, rich style)


class _Output:
    """Lines of styled segments: through rich when styled, as plain text otherwise (much faster, and rich is
    not even imported)."""

    def __init__(self, stream: IO[str], color: bool) -> None:
        self.stream = stream
        self.console: Console | None = None
        if color:
            from rich.console import Console

            options = {"file": stream, "force_terminal": True, "no_color": False, "highlight": False}
            options.update(soft_wrap=True, emoji=False, markup=False)
            self.console = Console(**options)
            if self.console.color_system is None:  # TERM=dumb or unset, yet colours were asked for
                self.console = Console(color_system="standard", **options)

    def line(self, *segments: Segment) -> None:
        if self.console is None:
            self.stream.write("".join(visible(text) for text, _ in segments) + "\n")
            return
        from rich.text import Text

        self.console.print(Text.assemble(*((visible(text), style) for text, style in segments)))


def render_text(result: LintResult, stream: IO[str], *, color: bool, quiet: bool = False) -> None:
    out = _Output(stream, color)
    for path in result.missing:
        out.line((f"warning: {path} does not exist", "yellow"))
    sources = SourceLines(result.source)
    for path, group in groupby(result.diagnostics, key=lambda d: d.location.where):
        findings = list(group)
        if not quiet:
            out.line((path, "bold underline"))
        for diagnostic in findings:
            _print_finding(out, diagnostic, sources, quiet)
        if not quiet:
            out.line()
    if not quiet:
        for note in result.overview.notes:
            out.line((f"note: {note}", "dim"))
        unresolved = unresolved_note(result.overview)
        if unresolved:
            out.line((f"note: {unresolved}", "dim"))
        out.line((summary_line(result), "bold"))


def unresolved_note(overview: Overview) -> str:
    """How many uses could not be tied to a message, and what that means for the findings."""
    receive, emit = overview.first_unresolved_receive, overview.first_unresolved_emit
    if receive is None and emit is None:
        return ""
    parts = []
    if receive is not None:
        count = overview.unresolved_receives
        parts.append(
            f"{count} {'dispatch' if count == 1 else 'dispatches'} to handlers msglint cannot read"
            f" (first: {receive.location}, "
            f"{receive.detail}), so no finding claims a message has no handler or a single subscriber"
        )
    if emit is not None:
        sends = _count(overview.unresolved_emits, "send")
        parts.append(f"{sends} of values msglint cannot name (first: {emit.location})")
    return "; ".join(parts) + "; `--format json` lists them under `unresolved`, `[python]` settings can name them"


def _print_finding(out: _Output, diagnostic: Diagnostic, sources: SourceLines, quiet: bool) -> None:
    loc = diagnostic.location
    style = SEVERITY_STYLE[diagnostic.severity]
    out.line(
        (f"{loc}: ", "bold"),
        (f"{diagnostic.severity.label} ", style),
        (f"{diagnostic.code} ", "bold"),
        (f"[{diagnostic.slug}] ", "dim"),
        (diagnostic.message, ""),
    )
    if quiet:
        return
    _print_source(out, loc, sources, style)
    for item in diagnostic.evidence:
        where = f" ({_short(item.location, loc)})" if item.location and item.location != loc else ""
        _note(out, "evidence", f"{item.kind}: {item.detail}{where} [{item.strength.label}]")
    for related in diagnostic.related:
        _note(out, "related", f"{_short(related.location, loc)}: {related.note}")
    if diagnostic.suggestion:
        _note(out, "fix", diagnostic.suggestion, style="green")


def _print_source(out: _Output, loc: Location, sources: SourceLines, style: str) -> None:
    if loc.repository:
        return  # another repository's file is not on this disk (its inventory came instead)
    line = sources.line(loc)
    if line is None:
        return
    line = line.expandtabs(1)[:MAX_SOURCE_WIDTH]
    out.line((f"{loc.line:>6} | ", "dim"), (line, ""))
    start = max(loc.column - 1, 0)
    if start > len(line):
        return
    end = loc.end_column - 1 if loc.end_line == loc.line and loc.end_column else len(line.rstrip())
    width = max(1, min(end, len(line)) - start)  # one caret just past the end: what is missing goes there
    out.line((" " * 6 + " | ", "dim"), (" " * start + "^" * width, style))


def _short(location: Location, finding: Location) -> str:
    """`line 12:5` for a place in the same file as the finding, else the full `path:line:column` (with
    `repo:` before it in another repository)."""
    if location.where == finding.where:
        return f"line {location.line}:{location.column}"
    return str(location)


def _note(out: _Output, label: str, text: str, style: str = "dim") -> None:
    out.line((f"{'':>6} = ", "dim"), (f"{label}: ", style), (text, ""))


def summary_line(result: LintResult) -> str:
    counts = _counts(result.diagnostics)
    overview = result.overview
    scope = f"{_count(overview.messages, 'message')}, {_parties(overview)} in {_count(len(result.files), 'file')}"
    if not result.diagnostics and not result.files:
        return (
            "Nothing to check: no AsyncAPI document, EventCatalog page, msglint catalog or Python file that "
            "mentions messages was found (see `msglint check --help` for what is read)."
        )
    if not result.diagnostics:
        return f"No findings ({scope} checked)."
    parts = ", ".join(f"{n} {label}" if label == "info" else _count(n, label) for label, n in counts if n)
    return f"Found {_count(len(result.diagnostics), 'finding')} ({parts}); {scope} checked."


def _parties(overview: Overview) -> str:
    """Services when contracts name them; else the components of the code that handle and send."""
    if overview.services:
        return _count(overview.services, "service")
    return _count(overview.components, "component")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _counts(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, int]]:
    diagnostics = list(diagnostics)
    return [(level.label, sum(d.severity == level for d in diagnostics)) for level in sorted(Severity, reverse=True)]
