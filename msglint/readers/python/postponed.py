"""Files the prefilter postpones, and which of them the link step reads after all.

A file that says only `process` or `request` (a web view, `def process_payload(...)`) rarely holds a message;
when it does play a part, it is through another file: a handler file imports the module that declares the
message, or the file's `def process(self, command: ShipOrder)` imports the message from where it is declared.
So such a file is not parsed while reading; the link step parses those that a parsed file imports, or that
import a class a parsed file declares (or the module that declares classes), and so on, until no more are
referred to (a file that imports a class through a package that re-exports it is read once the package is). Module
names are matched by
their dotted tail (`shop.orders` against `src.shop.orders`): a looser match only costs a parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msglint.readers.python.summary import Pending, Summary

# a parenthesised list is bounded: unclosed brackets on many lines of a hostile file must not each scan to its end
_FROM_IMPORT = re.compile(rb"[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]{0,2000}\)|[^\r\n#;]*)")
_IMPORT = re.compile(rb"[ \t]*import[ \t]+([^\r\n#;]*)")
_DOTTED = re.compile(rb"[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*")
_ALIAS = re.compile(rb"\bas[ \t]+\w+")


def pending(data: bytes, module: str, is_package: bool) -> Pending | None:
    """What a postponed file imports, read from its text (a string that looks like an import only costs a parse);
    None when that cannot be told (a parenthesised list longer than the bound): the file is read at once."""
    package = module if is_package else module.rpartition(".")[0]
    imports: dict[str, None] = {}
    for start in _import_lines(data):
        if match := _FROM_IMPORT.match(data, start):
            if match.group(2).startswith(b"(") and not match.group(2).endswith(b")"):
                return None
            source = _absolute(match.group(1).decode("ascii"), package)
            for name in _DOTTED.findall(_ALIAS.sub(b"", match.group(2))):
                imports[f"{source}.{name.decode()}" if source else name.decode()] = None
        elif match := _IMPORT.match(data, start):
            for name in _DOTTED.findall(_ALIAS.sub(b"", match.group(1))):
                imports[re.sub(r"\s", "", name.decode())] = None
    return Pending(module, tuple(imports))


def _import_lines(data: bytes) -> list[int]:
    """Where the lines that say `import` start, each once (a pattern anchored at every line costs ten times more)."""
    starts: list[int] = []
    line = searched = 0  # the start of the line of the last hit, and how far back newlines were looked for
    found = data.find(b"import")
    while found >= 0:
        newline = data.rfind(b"\n", searched, found)  # never scanning twice: one long line costs one pass
        line = newline + 1 if newline >= 0 else line
        searched = found
        if not starts or starts[-1] != line:
            starts.append(line)
        found = data.find(b"import", found + 6)
    return starts


def _absolute(source: str, package: str) -> str:
    """`..models` seen from package `shop.orders` is `shop.models`."""
    dots = len(source) - len(source.lstrip("."))
    if not dots:
        return source
    parts = package.split(".") if package else []
    base = parts[: len(parts) - (dots - 1)] if dots - 1 <= len(parts) else []
    return ".".join([*base, *filter(None, [source[dots:]])])


def _same_module(one: str, other: str) -> bool:
    return one == other or one.endswith("." + other) or other.endswith("." + one)


def _suffixes(module: str) -> list[str]:
    """`shop.orders.events`, `orders.events`, `events`."""
    parts = module.split(".")
    return [".".join(parts[index:]) for index in range(len(parts))]


class Referrals:
    """The postponed files, indexed by every dotted tail of their module names and by the names they import.
    A tail is looked up once: the files under it are taken then, so the work grows with the imports read, not
    with imports times files (a monorepo has hundreds of `models` modules)."""

    def __init__(self, postponed: dict[str, Pending]) -> None:
        self.taken: set[str] = set()
        self.by_tail: dict[str, list[str]] = {}  # `orders.events` -> the files of `shop.orders.events`, ...
        self.by_module: dict[str, list[str]] = {}  # the whole module name -> its files
        self.by_imported: dict[str, list[tuple[str, str]]] = {}  # imported name -> (path, module it is from)
        # (imported name, last part of the module it is from) -> (path, module): `dataclass`, imported by
        # thousands of files, is looked up for one module at a time
        self.by_imported_from: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for path, record in postponed.items():
            self.by_module.setdefault(record.module, []).append(path)
            for tail in _suffixes(record.module):
                self.by_tail.setdefault(tail, []).append(path)
            for imported in record.imports:
                module, _, name = imported.rpartition(".")
                if module:
                    self.by_imported.setdefault(name, []).append((path, module))
                    self.by_imported_from.setdefault((name, module.rpartition(".")[2]), []).append((path, module))

    def referred_by(self, summaries: Iterable[Summary]) -> list[str]:
        """The postponed files, each once, that these parsed files import or that import a class they declare or
        import themselves (a package that re-exports a message)."""
        found: list[str] = []
        for summary in summaries:
            for target in (*summary.imports.values(), *summary.star_imports):
                for module in (target, target.rpartition(".")[0]):
                    self._take_all(self.by_tail.pop(module, ()), found)  # `x.shop.orders` for `shop.orders`
                    for tail in _suffixes(module)[1:]:  # `orders` for `shop.orders`
                        self._take_all(self.by_module.pop(tail, ()), found)
            last = summary.module.rpartition(".")[2]
            # a class it declares, or one it imports and so re-exports (`from shop.contracts import WrapGift`)
            for name in (*(declared.name for declared in summary.classes), *summary.imports):
                for path, module in self.by_imported_from.get((name, last), ()):
                    if path not in self.taken and _same_module(module, summary.module):
                        self._take_all((path,), found)
            if summary.classes:  # `from shop import orders`, `import shop.orders as o`: its classes by the module
                for path, module in self.by_imported.get(last, ()):
                    if path not in self.taken and _same_module(f"{module}.{last}", summary.module):
                        self._take_all((path,), found)
        return found

    def _take_all(self, paths: Iterable[str], found: list[str]) -> None:
        for path in paths:
            if path not in self.taken:
                self.taken.add(path)
                found.append(path)
