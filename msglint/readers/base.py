"""What every reader shares: the settings it is given and the protocol it follows.

A reader knows one file format and no rule. It turns the bytes of one file into FileFacts and never
raises on bad input: problems with the file are returned as InputProblem records.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Protocol

from msglint.model import FileFacts


@dataclass(frozen=True)
class ReadSettings:
    """The part of the configuration readers see. It is part of the cache key of every FileFacts."""

    catalog_patterns: tuple[str, ...] = ()
    root: str = "."  # files outside it are never read, also when a `$ref` points there
    v2_perspective: str = "application"  # how AsyncAPI 2.x publish/subscribe are read: "application" or "client"
    service_name: str = "title"  # where an AsyncAPI service name comes from: "title", "file" or "folder"
    include_tests: bool = False  # read Python test code too


class Reader(Protocol):
    name: str
    extensions: tuple[str, ...]

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        """Cheap test: is this file of my format? `path` is relative to the project root, with `/`."""
        ...

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        """Turn one file into facts. Must not raise on bad input."""
        ...

    # A reader may also define `link(all_facts, settings)`: called once with every FileFacts it read, for
    # formats whose facts depend on other files (Python names resolved across modules).


def matches_any(path: str, patterns: tuple[str, ...]) -> bool:
    """Glob match against the relative path or, for patterns without a slash, the file name."""
    name = path.rsplit("/", 1)[-1]
    return any(fnmatch(path, p) or ("/" not in p and fnmatch(name, p)) for p in patterns)
