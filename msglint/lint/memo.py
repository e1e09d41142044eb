"""Facts kept in memory between runs of one long-lived process (the language server), so that a re-check
neither loads the on-disk cache nor reads an unchanged file again.

An entry is valid while the file's stamp (size and modification time) and the stamps of the files its facts
depend on (`$ref` targets) are those it was kept with. The memo holds the facts as the readers returned them;
each run works on copies, because a reader's link step adds to the facts of the run (handlers, evidence,
problems) and may change the plain data a reader keeps in `extra` (dicts and lists), which are copied too.
Other objects in `extra` (the Python reader's summaries) are shared: a link step must not change them.

One memo serves one set of reader settings at a time: a run with other settings (another project, a changed
configuration) starts it afresh. It is not thread-safe: one run at a time uses it.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from dataclasses import dataclass

from msglint.lint.cache import Stamp, stamp
from msglint.model import FileFacts
from msglint.readers import ReadSettings


@dataclass(frozen=True)
class _Kept:
    stamp: Stamp
    dependencies: tuple[tuple[str, Stamp], ...]  # the files the facts include, with their stamps when kept
    facts: FileFacts | None  # None: no reader wanted the file


class FactsMemo:
    """Facts by path, for `lint(..., memo=)`; see the module's docstring."""

    def __init__(self) -> None:
        self._identity: tuple[ReadSettings, str] | None = None
        self._kept: dict[str, _Kept] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def holds(self, settings: ReadSettings) -> bool:
        """Has it kept facts read with these settings (so that only changed files are missing)?"""
        return bool(self._kept) and self._identity == _identity(settings)

    def recall(self, path: str, current: Stamp, settings: ReadSettings) -> tuple[bool, FileFacts | None]:
        """(True, the kept facts) when the file and its dependencies did not change. The facts are the memo's
        own: a run works on a `working_copy` of them."""
        kept = self._kept.get(path)
        if kept is None or current is None or kept.stamp != current or self._identity != _identity(settings):
            return False, None
        if any(stamp(dependency) != then for dependency, then in kept.dependencies):
            return False, None
        return True, kept.facts

    def keep(self, settings: ReadSettings, files: list[tuple[str, Stamp, FileFacts | None]]) -> None:
        """Replace what it holds with the facts of this run's files (as read, before any link step): files
        gone since are forgotten. A file without a stamp (gone while read) is not kept."""
        identity = _identity(settings)
        previous = self._kept if identity == self._identity else {}
        kept: dict[str, _Kept] = {}
        for path, current, facts in files:
            if current is None:
                continue
            before = previous.get(path)
            if before is not None and before.stamp == current and before.facts is facts:
                kept[path] = before
                continue
            dependencies = tuple((d, stamp(d)) for d in facts.dependencies) if facts is not None else ()
            kept[path] = _Kept(current, dependencies, facts)
        self._identity = identity
        self._kept = kept


def working_copy(facts: FileFacts) -> FileFacts:
    """A copy that a link step may change without changing `facts`: new lists (their items are frozen), and
    copies of the plain containers (dicts, lists) in `extra`."""
    return FileFacts(**{name: _copied(name, getattr(facts, name)) for name in _FIELDS})


_FIELDS = tuple(field.name for field in dataclasses.fields(FileFacts))


def _copied(name: str, value: object) -> object:
    if isinstance(value, list):
        return list(value)
    if name == "extra" and isinstance(value, dict):
        return {key: copy.deepcopy(item) if isinstance(item, (dict, list)) else item for key, item in value.items()}
    return value


def _identity(settings: ReadSettings) -> tuple[ReadSettings, str]:
    return settings, os.getcwd()  # facts name files relative to the working directory
