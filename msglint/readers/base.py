"""What every reader shares: the settings it is given and the protocol it follows.

A reader knows one file format and no rule. It turns the bytes of one file into FileFacts and never
raises on bad input: problems with the file are returned as InputProblem records.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Protocol

from msglint.model import FileFacts
from msglint.naming import Vocabulary


@dataclass(frozen=True)
class PythonOptions:
    """What a project tells the Python reader about its own conventions (`[python]` in the configuration).

    Names are dotted: a qualified name (`shop.bus.Fact`) or a dotted suffix of one (`bus.on`, `Fact`).
    """

    include_tests: bool = False  # read test code too
    command_bases: tuple[str, ...] = ()  # subclasses of these are commands
    event_bases: tuple[str, ...] = ()
    query_bases: tuple[str, ...] = ()
    message_bases: tuple[str, ...] = ()  # messages whose kind other evidence decides
    command_modules: tuple[str, ...] = ()  # public classes defined in these modules (and below) are commands
    event_modules: tuple[str, ...] = ()
    query_modules: tuple[str, ...] = ()
    handler_decorators: tuple[str, ...] = ()  # `name` or `name:ARG` (a position or a keyword holding the message)
    registries: tuple[str, ...] = ()  # module-level dicts from message to handler(s)
    publish_calls: tuple[str, ...] = ()  # calls that publish the message they are given (events)
    send_calls: tuple[str, ...] = ()  # calls that send the message they are given (commands)

    def words(self) -> tuple[str, ...]:
        """The last segment of every configured name: what a file must mention to matter."""
        names = (
            *self.command_bases,
            *self.event_bases,
            *self.query_bases,
            *self.message_bases,
            *(d.partition(":")[0] for d in self.handler_decorators),
            *self.registries,
            *self.publish_calls,
            *self.send_calls,
        )
        return tuple(dict.fromkeys(name.rsplit(".", 1)[-1] for name in names if name))


@dataclass(frozen=True)
class ReadSettings:
    """The part of the configuration readers see. It is part of the cache key of every FileFacts."""

    catalog_patterns: tuple[str, ...] = ()
    root: str = "."  # files outside it are never read, also when a `$ref` points there
    v2_perspective: str = "application"  # how AsyncAPI 2.x publish/subscribe are read: "application" or "client"
    service_name: str = "title"  # where an AsyncAPI service name comes from: "title", "file" or "folder"
    python: PythonOptions = PythonOptions()
    # the folders named on the command line, absolute: what lies above them does not make a file test code
    # (`msglint check fixtures/shop` checks the shop, though it sits in a `fixtures` folder)
    scopes: tuple[str, ...] = ()
    memory_budget_mb: int = 300  # what parsing one file may take: a file estimated to need more is skipped
    naming: Vocabulary = Vocabulary()  # the `[naming]` word lists, for readers that read names (Python)
    repository: str = ""  # the checked repository's name: its own inventory is not read as another's
    # a reader may postpone a file that matters only if others refer to it, and read it from disk in its link
    # step; never text that is not on disk (an editor's buffer)
    postpone: bool = True

    @property
    def include_tests(self) -> bool:
        return self.python.include_tests


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
