"""`$ref` resolution for JSON and YAML contracts, offline and inside the project root.

References into the same document (`#/components/messages/X`, with `~0`, `~1` and percent escapes),
into relative files (`./common.yaml#/...`, `../schemas/x.json`), chains of references and references
inside referenced files (resolved relative to that file) are followed. Cycles are reported once.
Remote references are never fetched; files outside the project root are never read. Every file is
read once per resolver.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from msglint.model import InputProblem, Location, Severity
from msglint.readers._yaml import YList, YMap, load_located

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

    def resolve(self, value: Any, base: str, location: Location) -> Resolved:
        """Follow `$ref` chains from `value`, written in file `base` at `location`. The result holds the
        target, the file it lives in and where it is written (the key that names it), or a None value
        when the reference cannot be followed (the reason is reported)."""
        chain: list[tuple[str, str]] = []
        current = Resolved(value, base, location)
        while isinstance(current.value, YMap) and "$ref" in current.value:
            ref = current.value["$ref"]
            ref_location = current.value.value_location("$ref")
            if not isinstance(ref, str):
                self._report(("type", ref_location), "`$ref` must be a string", ref_location)
                return Resolved(None, base, location)
            step = (current.file, ref)
            if step in chain:
                cycle = " -> ".join(r for _, r in chain[chain.index(step) :] + [step])
                self._report(frozenset(chain), f"circular $ref: {cycle}", ref_location)
                return Resolved(None, base, location)
            chain.append(step)
            current = self._follow(ref, current.file, ref_location)
            if current.value is None:
                return Resolved(None, base, location)
        return current

    def _follow(self, ref: str, base: str, location: Location) -> Resolved:
        missing = Resolved(None, base, location)
        if "://" in ref.split("#", 1)[0]:
            self._report(ref, f"$ref '{ref}' not fetched: msglint works offline", location, Severity.INFO)
            return missing
        target, _, pointer = ref.partition("#")
        file = base if not target else _normal(os.path.join(os.path.dirname(base), unquote(target)))
        if target and not self._inside_root(file):
            self._report(ref, f"$ref '{ref}' points outside the project root; msglint does not read it", location)
            return missing
        document = self._document(file, ref, location)
        if document is None:
            return missing
        found, where = _walk(document, pointer)
        if found is _MISSING:
            self._report((file, pointer), f"$ref '{ref}': no '{pointer or '/'}' in {file}", location)
            return missing
        return Resolved(found, file, where or getattr(found, "location", location))

    def _document(self, file: str, ref: str, location: Location) -> Any:
        if file in self.documents:
            return self.documents[file]
        self.dependencies.append(file)  # also when missing: creating it later must invalidate cached facts
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            self.documents[file] = None
            reason = "file not found" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
            self._report(file, f"$ref '{ref}': {reason} ({file})", location)
            return None
        loaded = load_located(data, file)
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


_MISSING = object()


def _walk(document: Any, pointer: str) -> tuple[Any, Location | None]:
    """Follow a JSON pointer (`/components/messages/X`); also returns where the last key is written."""
    current, where = document, None
    for raw in [part for part in pointer.split("/") if part != ""] if pointer else []:
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(current, YMap) and part in current:
            current, where = current[part], current.key_location(part)
        elif isinstance(current, YList) and part.isdigit() and int(part) < len(current):
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
