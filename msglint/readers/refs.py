"""`$ref` resolution for JSON and YAML contracts, offline and inside the project root.

References into the same document (`#/components/messages/X`, with `~0`, `~1` and percent escapes),
into relative files (`./common.yaml#/...`, `../schemas/x.json`), chains of references and references
inside referenced files (resolved relative to that file) are followed. Cycles are reported once.
Remote references are never fetched; files outside the project root are never read. Every file is
read once per resolver, and a file that many documents refer to (a shared components file) is parsed once
per process for the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from msglint.files import NotRegularFile, escape_half_characters, read_regular_file
from msglint.model import InputProblem, Location, Severity
from msglint.readers._yaml import Loaded, YList, YMap, load_located

UNRESOLVED = "unresolved-reference"


@dataclass(frozen=True)
class Resolved:
    value: Any
    file: str
    location: Location


class RefResolver:
    def __init__(self, main_path: str, main_document: Any, root: str, problems: list[InputProblem]) -> None:
        self.root = Path(root).resolve()
        self.problems = problems
        self.documents: dict[str, Any] = {_normal(main_path): main_document}
        self.dependencies: list[str] = []
        self._reported: set[Any] = set()
        self._ends: dict[tuple[str, str], Resolved | None] = {}  # (file, $ref) -> where its chain ends

    def resolve(self, value: Any, base: str, location: Location) -> Resolved:
        """Follow `$ref` chains from `value`, written in file `base` at `location`. The result holds the
        target, the file it lives in and where it is written (the key that names it), or a None value
        when the reference cannot be followed (the reason is reported)."""
        chain: dict[tuple[str, str], None] = {}  # the steps taken, in order (a dict: membership in O(1))
        current = Resolved(value, base, location)
        while isinstance(current.value, YMap) and "$ref" in current.value:
            ref = current.value["$ref"]
            ref_location = current.value.value_location("$ref")
            if not isinstance(ref, str):
                self._report(("type", ref_location), "`$ref` must be a string", ref_location)
                return self._settled(chain, None, base, location)
            step = (current.file, ref)
            if step in self._ends:  # a chain already followed: every document resolves each step once
                return self._settled(chain, self._ends[step], base, location)
            if step in chain:
                steps = list(chain)
                cycle = " -> ".join(_shown(r) for _, r in steps[steps.index(step) :] + [step])
                self._report(frozenset(chain), f"circular $ref: {cycle}", ref_location)
                return self._settled(chain, None, base, location)
            chain[step] = None
            current = self._follow(ref, current.file, ref_location)
            if current.value is None:
                return self._settled(chain, None, base, location)
        return self._settled(chain, current, base, location)

    def _settled(
        self, chain: dict[tuple[str, str], None], end: Resolved | None, base: str, location: Location
    ) -> Resolved:
        """Remember where every step of `chain` ends (None: nowhere), so that a long chain of references
        is walked once, not once per reference into it."""
        for step in chain:
            self._ends[step] = end
        return end if end is not None else Resolved(None, base, location)

    def _follow(self, ref: str, base: str, location: Location) -> Resolved:
        missing = Resolved(None, base, location)
        if "://" in ref.split("#", 1)[0]:
            self._report(ref, f"$ref '{_shown(ref)}' not fetched: msglint works offline", location, Severity.INFO)
            return missing
        target, _, pointer = ref.partition("#")
        if not _spellable(target):  # `"\ud800"` in JSON or YAML: no file is named so
            why = "it holds a lone surrogate (half of a UTF-16 character)"
            self._report(ref, f"$ref '{_shown(ref)}' names no file: {why}", location)
            return missing
        file = base if not target else _normal(os.path.join(os.path.dirname(base), unquote(target)))
        if target and not self._inside_root(file):
            self._report(
                ref, f"$ref '{_shown(ref)}' points outside the project root; msglint does not read it", location
            )
            return missing
        document = self._document(file, ref, location)
        if document is None:
            return missing
        found, where, file = self._walk_through_refs(document, file, pointer, location)
        if found is _MISSING:
            self._report((file, pointer), f"$ref '{_shown(ref)}': no '{_shown(pointer or '/')}' in {file}", location)
            return missing
        return Resolved(found, file, where or getattr(found, "location", location))

    def _walk_through_refs(
        self, document: Any, file: str, pointer: str, location: Location
    ) -> tuple[Any, Location | None, str]:
        """`_walk`, continued through a `$ref` met on the way (`#/channels/echo/messages/echo` where
        `channels/echo` is itself a `$ref` to a shared file), as AsyncAPI's tools dereference it."""
        found, where = _walk(document, pointer)
        if found is not _MISSING or not pointer:
            return found, where, file
        parts = [part for part in pointer.split("/") if part != ""]
        for depth in range(len(parts) - 1, 0, -1):
            step, step_where = _walk(document, "/" + "/".join(parts[:depth]))
            if isinstance(step, YMap) and "$ref" in step:
                target = self.resolve(step, file, step_where or location)
                if target.value is None:
                    return _MISSING, None, file
                rest = "/" + "/".join(parts[depth:])
                return self._walk_through_refs(target.value, target.file, rest, location)
            if step is not _MISSING:
                break
        return _MISSING, None, file

    def _document(self, file: str, ref: str, location: Location) -> Any:
        if file in self.documents:
            return self.documents[file]
        try:
            data = read_regular_file(file)  # a `$ref` to a named pipe must not hang the run
        except OSError as error:
            self.documents[file] = None
            if not isinstance(error, NotRegularFile):  # the cache reads dependencies: never a pipe
                self.dependencies.append(file)  # missing: creating it later must invalidate cached facts
            reason = "file not found" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
            self._report(file, f"$ref '{_shown(ref)}': {reason} ({file})", location)
            return None
        self.dependencies.append(file)
        loaded = _parsed_once(file, data)
        self.problems.extend(loaded.problems)
        self.documents[file] = loaded.value
        return loaded.value

    def _inside_root(self, file: str) -> bool:
        absolute = Path(file).resolve()
        return absolute == self.root or self.root in absolute.parents

    def _report(self, key: Any, message: str, location: Location, severity: Severity | None = None) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(InputProblem(UNRESOLVED, message, location, severity))


# What referenced files parsed to, by their path and bytes: documents read one after the other in a process
# mostly refer to the same few shared files. Nothing changes what is parsed (the readers only read it), and
# only small files are kept, a bounded number of them.
_PARSED: dict[tuple[str, bytes], Loaded] = {}
_KEEP_AT_MOST = 128
_KEEP_UP_TO_BYTES = 256 * 1024


def _parsed_once(file: str, data: bytes) -> Loaded:
    if len(data) > _KEEP_UP_TO_BYTES:
        return load_located(data, file)
    key = (file, hashlib.blake2b(data, digest_size=16).digest())
    loaded = _PARSED.get(key)
    if loaded is None:
        loaded = load_located(data, file)
        if len(_PARSED) >= _KEEP_AT_MOST:
            _PARSED.clear()
        _PARSED[key] = loaded
    return loaded


_MISSING = object()
# RFC 6901 array indexes are ASCII digits without leading zeros; `str.isdigit` also accepts `²`, and
# Python refuses int() of more than 4,300 digits: past 18 digits no list is that long anyway
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]{0,17}")
_SHOWN_CHARS = 200


def _shown(ref: str) -> str:
    """A reference as a finding quotes it: an absurdly long one is cut short, and half a character (a lone
    surrogate, which no output can encode) is shown as its escape, as the document spells it."""
    shown = ref if len(ref) <= _SHOWN_CHARS else f"{ref[:_SHOWN_CHARS]}... ({len(ref):,} characters)"
    return escape_half_characters(shown)


def _walk(document: Any, pointer: str) -> tuple[Any, Location | None]:
    """Follow a JSON pointer (`/components/messages/X`); also returns where the last key is written."""
    current, where = document, None
    for raw in [part for part in pointer.split("/") if part != ""] if pointer else []:
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(current, YMap) and part in current:
            current, where = current[part], current.key_location(part)
        elif isinstance(current, YList) and _ARRAY_INDEX.fullmatch(part) and int(part) < len(current):
            current, where = current[int(part)], current.item_locations[int(part)]
        else:
            return _MISSING, None
    return current, where


def _normal(path: str) -> str:
    return Path(os.path.normpath(path)).as_posix()


def pointer_tail(ref: str) -> str | None:
    """The last segment of a `$ref` pointer: `#/components/messages/OrderPlaced` -> `OrderPlaced`."""
    _, _, pointer = ref.partition("#")
    parts = [p for p in pointer.split("/") if p]
    return unquote(parts[-1]).replace("~1", "/").replace("~0", "~") if parts else None


def _spellable(text: str) -> bool:
    """Can `text` be written in UTF-8 (a path must be)? Not when it holds a lone surrogate."""
    try:
        unquote(text).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
