"""Paths in the reports that machines read (JSON, SARIF, GitHub, JUnit, GitLab, Markdown, the baseline):
relative to the root of the git work tree, else to the project root, whatever folder msglint runs in. A CI
system resolves them against the checkout, and a run from a sub-folder writes the same report as one from
the root. The text report keeps paths relative to the working directory, which is what editors open.

A location in another repository (read from its inventory) is already relative to that repository and
carries its name (`Location.repository`); it is never rebased. The engine reports paths relative to the
working directory, and a few finding texts name a place
(`declared in the catalog (shop.yaml:12:3)`); both are rewritten here, in a copy of the result.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import replace
from pathlib import Path

from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Evidence, Location, Message, Related, System, Unresolved

_BEFORE_PATH = frozenset(" \t\n(`'\"[,;=")  # what may stand right before a path in a text
_AFTER_PATH = frozenset(" \t\n)`'\"],;:.")  # and right after it
_HEAD = 4  # a path mentioned in a text is looked up only where its first characters are those of a known one


@functools.lru_cache(maxsize=64)
def report_base(project_root: Path) -> Path:
    """The root of the git work tree holding the project, else the project root itself."""
    root = project_root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


class Rebase:
    """Turns paths as the engine shows them (relative to `cwd`, or absolute) into paths relative to `base`
    (absolute when outside it), also inside texts."""

    def __init__(self, base: Path, cwd: Path, known: set[str]) -> None:
        self.base = base.as_posix().rstrip("/")
        self.cwd = cwd.as_posix()
        self.known = {path for path in known if len(path) >= _HEAD}  # shown paths a text may mention
        self._heads = {path[:_HEAD] for path in self.known}
        # where a known path may start (its first character, at the start or after what may stand before a
        # path), found by the regex engine rather than by a test at every character of every text
        firsts = "".join(map(re.escape, sorted({head[0] for head in self._heads})))
        before = "".join(map(re.escape, sorted(_BEFORE_PATH)))
        self._starts = re.compile(f"(?<![^{before}])[{firsts}]") if firsts else None
        self._longest = max(map(len, self.known), default=0)
        self._paths: dict[str, str] = {}

    def path(self, shown: str) -> str:
        found = self._paths.get(shown)
        if found is None:
            absolute = posixpath.normpath(shown if posixpath.isabs(shown) else posixpath.join(self.cwd, shown))
            if absolute == self.base:
                found = "."
            elif absolute.startswith(self.base + "/"):
                found = absolute[len(self.base) + 1 :]
            else:
                found = absolute
            self._paths[shown] = found
        return found

    def location(self, location: Location) -> Location:
        if location.repository:
            return location  # another repository's file, already relative to that repository
        path = self.path(location.path)
        if path == location.path:
            return location
        # a System holds 100,000s of locations: made directly, as `replace` would at several times the cost
        return Location(path, location.line, location.column, location.end_line, location.end_column)

    def optional(self, location: Location | None) -> Location | None:
        return None if location is None else self.location(location)

    def text(self, text: str) -> str:
        """The text with every path of a file msglint saw (`... (shop.yaml:12:3)`) rewritten."""
        if self._starts is None:
            return text
        out, done = [], 0
        for found in self._starts.finditer(text):
            index = found.start()
            if index < done or text[index : index + _HEAD] not in self._heads:
                continue
            end = self._mentioned_path(text, index)
            if end is not None:
                out += [text[done:index], self.path(text[index:end])]
                done = end
        return "".join(out) + text[done:] if out else text

    def _mentioned_path(self, text: str, start: int) -> int | None:
        """The end of the longest known path starting at `start`, if any."""
        for end in range(min(len(text), start + self._longest), start, -1):
            if (end == len(text) or text[end] in _AFTER_PATH) and text[start:end] in self.known:
                return end
        return None

    def key(self, key: str | None) -> str | None:
        """A message key made unique by its file (`placed@shop/orders.yaml`) names the file as reported."""
        if key is None or "@" not in key:
            return key
        name, _, where = key.rpartition("@")
        return f"{name}@{self.path(where)}" if where in self.known else key


def for_machines(result: LintResult, cwd: Path | None = None) -> LintResult:
    """A copy of the result whose every path (and every path a text names) is relative to the report base;
    the result itself when msglint runs there (as in CI), where every path already is."""
    base, here = report_base(result.root), (cwd or Path.cwd()).resolve()
    if base == here:
        return result
    rebase = Rebase(base, here, _shown_paths(result))
    shown = result.overview
    overview = replace(
        shown,
        notes=[rebase.text(note) for note in shown.notes],
        first_unresolved_receive=_optional_unresolved(shown.first_unresolved_receive, rebase),
        first_unresolved_emit=_optional_unresolved(shown.first_unresolved_emit, rebase),
    )
    return replace(
        result,
        files=[rebase.path(f) for f in result.files],
        system_source=lambda: _system(result.system, rebase),  # copied only for a report that needs it
        overview=overview,
        diagnostics=[_diagnostic(d, rebase) for d in result.diagnostics],
    )


def _shown_paths(result: LintResult) -> set[str]:
    """The paths of this repository's files that reports may name (another repository's are left alone)."""
    known = set(result.files)
    for diagnostic in result.diagnostics:
        places = [diagnostic.location, *(r.location for r in diagnostic.related)]
        places += [e.location for e in diagnostic.evidence if e.location is not None]
        known.update(place.path for place in places if not place.repository)
    return known


def _evidence(evidence: Evidence, rebase: Rebase) -> Evidence:
    return replace(evidence, detail=rebase.text(evidence.detail), location=rebase.optional(evidence.location))


def _diagnostic(diagnostic: Diagnostic, rebase: Rebase) -> Diagnostic:
    return replace(
        diagnostic,
        message=rebase.text(diagnostic.message),
        location=rebase.location(diagnostic.location),
        message_key=rebase.key(diagnostic.message_key),
        evidence=[_evidence(e, rebase) for e in diagnostic.evidence],
        related=[Related(rebase.location(r.location), rebase.text(r.note)) for r in diagnostic.related],
        suggestion=rebase.text(diagnostic.suggestion) if diagnostic.suggestion else diagnostic.suggestion,
    )


def _message(message: Message, rebase: Rebase) -> Message:
    return replace(
        message,
        key=rebase.key(message.key),
        declarations=[
            replace(d, key=rebase.key(d.key), location=rebase.location(d.location)) for d in message.declarations
        ],
        evidence=[_evidence(e, rebase) for e in message.evidence],
    )


def _optional_unresolved(unresolved: Unresolved | None, rebase: Rebase) -> Unresolved | None:
    return None if unresolved is None else _unresolved(unresolved, rebase)


def _unresolved(unresolved: Unresolved, rebase: Rebase) -> Unresolved:
    return replace(
        unresolved,
        detail=rebase.text(unresolved.detail),
        location=rebase.location(unresolved.location),
        message_keys=tuple(rebase.key(k) for k in unresolved.message_keys),
    )


def _system(system: System, rebase: Rebase) -> System:
    messages = {rebase.key(key): _message(message, rebase) for key, message in system.messages.items()}
    uses = {
        "handlers": [
            replace(h, message_key=rebase.key(h.message_key), location=rebase.location(h.location))
            for h in system.handlers
        ],
        "emissions": [
            replace(e, message_key=rebase.key(e.message_key), location=rebase.location(e.location))
            for e in system.emissions
        ],
    }
    return System(
        messages=messages,
        services={name: replace(s, location=rebase.location(s.location)) for name, s in system.services.items()},
        problems=system.problems,
        suppressions=system.suppressions,
        notes=[rebase.text(note) for note in system.notes],
        unresolved=[_unresolved(u, rebase) for u in system.unresolved],
        repositories=dict(system.repositories),
        scope=system.scope,
        selected=system.selected,
        **uses,
    )


def source_file(path: str, result: LintResult) -> str:
    """Where to open a file named by a rebased path (of this repository: another's is not on this disk)."""
    return path if os.path.isabs(path) else os.path.join(report_base(result.root), path)
