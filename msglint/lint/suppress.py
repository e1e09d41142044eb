"""Inline suppressions (catalog `ignore:` entries, and later comments and `x-msglint-ignore`)."""

from __future__ import annotations

from msglint.model import Diagnostic, Suppression


def covers(suppression: Suppression, diagnostic: Diagnostic) -> bool:
    """True when the suppression is about the place or the message the finding is about."""
    if suppression.message_key is not None:
        return diagnostic.message_key == suppression.message_key
    if diagnostic.location.path != suppression.location.path:
        return False
    if suppression.whole_file:
        return True
    if suppression.span is not None:
        first, last = suppression.span
        return first <= diagnostic.location.line <= last
    return False


def apply_suppressions(
    diagnostics: list[Diagnostic], suppressions: list[Suppression], names: dict[str, str]
) -> tuple[list[Diagnostic], list[Suppression]]:
    """Drop suppressed findings. Returns the kept findings and, for each suppression with codes that
    suppressed nothing, a copy listing just those codes."""
    used: set[tuple[int, str]] = set()
    kept = []
    for diagnostic in diagnostics:
        suppressed = False
        for index, suppression in enumerate(suppressions):
            for written in suppression.codes:
                if code_of(written, names) == diagnostic.code and covers(suppression, diagnostic):
                    used.add((index, written))
                    suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    unused = []
    for index, suppression in enumerate(suppressions):
        idle = suppression.only(lambda code, index=index: (index, code) not in used)
        if idle is not None:
            unused.append(idle)
    return kept, unused


def code_of(written: str, names: dict[str, str]) -> str:
    """The rule code a suppression entry names (a code or a slug, in any case); else the entry itself."""
    return names.get(written.strip().upper()) or names.get(written.strip().lower()) or written
