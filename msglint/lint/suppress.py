"""Inline suppressions: catalog `ignore:` entries, `x-msglint-ignore`, and comments (`# msglint: ignore[...]`,
a bare `# msglint: ignore`, `# noqa: MSG101`, a bare `# noqa`)."""

from __future__ import annotations

from msglint.model import Diagnostic, Suppression

OUR_PREFIX = "MSG"  # a `# noqa` code with this prefix is meant for msglint, even when it names no rule (a typo)


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
    suppressed nothing, a copy listing just those codes (a suppression of every rule that suppressed
    nothing is returned whole, unless it is a shared `# noqa`)."""
    suppressions = [s for s in (ours(s, names) for s in suppressions) if s is not None]
    by_message: dict[str, list[int]] = {}  # a finding is compared only with what may cover it
    by_path: dict[str, list[int]] = {}
    for index, suppression in enumerate(suppressions):
        if suppression.message_key is not None:
            by_message.setdefault(suppression.message_key, []).append(index)
        else:
            by_path.setdefault(suppression.location.path, []).append(index)
    used: set[tuple[int, str]] = set()
    kept = []
    for diagnostic in diagnostics:
        suppressed = False
        candidates = [*by_message.get(diagnostic.message_key or "", ()), *by_path.get(diagnostic.location.path, ())]
        for index in candidates:
            suppression = suppressions[index]
            for written in suppression.codes if not suppression.every_rule else ("",):
                if (suppression.every_rule or code_of(written, names) == diagnostic.code) and covers(
                    suppression, diagnostic
                ):
                    used.add((index, written))
                    suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    unused = []
    for index, suppression in enumerate(suppressions):
        if suppression.every_rule:
            if (index, "") not in used and not suppression.shared:
                unused.append(suppression)
            continue
        idle = suppression.only(lambda code, index=index: (index, code) not in used)
        if idle is not None:
            unused.append(idle)
    return kept, unused


def ours(suppression: Suppression, names: dict[str, str]) -> Suppression | None:
    """A shared `# noqa: E501, MSG101` keeps only the codes meant for msglint: those naming one of its rules,
    and those that look like its codes (so that a misspelt one is still reported as unused)."""
    if not suppression.shared or suppression.every_rule:
        return suppression
    return suppression.only(lambda code: code_of(code, names) in names.values() or _looks_ours(code))


def _looks_ours(code: str) -> bool:
    return code.strip().upper().startswith(OUR_PREFIX)


def code_of(written: str, names: dict[str, str]) -> str:
    """The rule code a suppression entry names (a code or a slug, in any case); else the entry itself."""
    return names.get(written.strip().upper()) or names.get(written.strip().lower()) or written
