"""Several services in one repository, each run from its own folder (`billing/src`, `shipping/src`), often
have modules of the same name (`consumers`, `utils.topics`). Python keeps them apart because each service
runs with its own folder on the path; msglint, which reads them all at once, names the modules of each such
folder after the folder (`billing.src.consumers`) and resolves the folder's own imports inside it."""

from __future__ import annotations

import copy
import itertools
import os
import re
from collections import defaultdict

from msglint.readers.python.project import KNOWN_LIBRARIES
from msglint.readers.python.summary import Class, Decorator, Function, Ref, Summary

_NOT_A_NAME = re.compile(r"\W")
_MAX_DEPTH = 64  # folders above a file searched for the module an import names
_MAX_PARTS = 64  # a longer dotted import is no module path a project writes


def separate_source_roots(summaries: dict[str, Summary]) -> dict[str, Summary]:
    """The summaries, renamed where needed (copies: the originals may be cached or shared): modules of source
    folders whose names clash with another folder's get the folder's name in front, and an import names the
    module Python would load for that file, the nearest one above it (`from utils.enums import X` in
    `order/src/consumers.py` is `order/src/utils/enums.py`, not another service's `utils/enums.py`)."""
    roots = {path: _source_root(path, summary.module) for path, summary in summaries.items()}
    renames = _clash_renames(summaries, roots)
    module_at = {
        _module_key(path): _Renamer(renames.get(roots[path], {})).name(summary.module)
        for path, summary in summaries.items()
    }
    renamed = dict(summaries)
    nearest: dict[tuple[str, str], tuple[str, str, str] | None] = {}  # files of one folder import alike
    for path, summary in summaries.items():
        mapping = {**renames.get(roots[path], {}), **_nearest_imports(path, summary, module_at, nearest)}
        if mapping:
            renamed[path] = _Renamer(mapping).summary(copy.deepcopy(summary))
    return renamed


def _clash_renames(summaries: dict[str, Summary], roots: dict[str, str]) -> dict[str, dict[str, str]]:
    """For each source folder whose module names clash with another's: its top-level names -> prefixed."""
    paths_of: dict[str, list[str]] = defaultdict(list)
    for path, summary in summaries.items():
        paths_of[summary.module].append(path)
    clashing = {
        roots[path] for paths in paths_of.values() if len({roots[path] for path in paths}) > 1 for path in paths
    }
    if not clashing:
        return {}
    common = os.path.commonpath(sorted(clashing))
    renames: dict[str, dict[str, str]] = {}
    for path, summary in summaries.items():
        root = roots[path]
        prefix = _dotted(os.path.relpath(root, common)) if root in clashing else ""
        if prefix:
            head = summary.module.partition(".")[0]
            renames.setdefault(root, {})[head] = f"{prefix}.{head}"
    return renames


def _nearest_imports(
    path: str, summary: Summary, module_at: dict[str, str], nearest: dict[tuple[str, str], tuple[str, str, str] | None]
) -> dict[str, str]:
    """Imported module names (as written) -> the name of the module read from the nearest folder above the
    file that holds it, where the two differ. `nearest` keeps what was found for a folder and a name."""
    folders = []
    folder = os.path.dirname(os.path.abspath(path))
    while len(folders) < _MAX_DEPTH:
        folders.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    itself = _module_key(path)
    results: dict[str, tuple[str, str, str] | None] = {}
    for target in {*summary.imports.values(), *summary.star_imports}:
        parts = target.split(".")
        if parts[0] in KNOWN_LIBRARIES or len(parts) > _MAX_PARTS:
            continue  # `import celery` in `backoffice/celery.py` is the library, not the file beside it
        key = (folders[0], target)
        if key not in nearest:
            nearest[key] = _nearest_module(parts, folders, module_at)
        found = nearest[key]
        if found is not None and found[2] == itself:
            # the file's own module is no import of it (`import celery` in `celery.py`): the next one found is
            found = _nearest_module(parts, folders, module_at, itself)
        results[target] = found
    _one_binding_per_name(results, folders, module_at, itself)
    return {found[0]: found[1] for found in results.values() if found is not None and found[0] != found[1]}


def _one_binding_per_name(
    results: dict[str, tuple[str, str, str] | None], folders: list[str], module_at: dict[str, str], itself: str
) -> None:
    """A process binds a top-level name once: `from app import settings` and `from app.config.events import
    events` in one file name the same `app`. When the nearest modules found for one name lie in different
    folders (a sibling `app.py` holds `settings` but not `config`), the nearest folder that holds every
    import of the name is the one for all of them."""
    folders_of: dict[str, set[str]] = {}
    for target, found in results.items():
        if found is not None:
            folders_of.setdefault(target.partition(".")[0], set()).add(_folder_of(found))
    for head, found_in in folders_of.items():
        if len(found_in) < 2:
            continue
        # the imports of the name that some folder holds (a module msglint did not read constrains nothing)
        targets = [t for t, found in results.items() if found is not None and t.partition(".")[0] == head]
        for folder in folders:
            here = {target: _nearest_module(target.split("."), [folder], module_at, itself) for target in targets}
            # `app.settings` (one name of `app`) is held by any `app` here, even one msglint did not read
            if all(
                found is not None or (target.count(".") == 1 and _exists(folder, head))
                for target, found in here.items()
            ):
                results.update(here)
                break


def _exists(folder: str, name: str) -> bool:
    """Is there a package or a module `name` in `folder`?"""
    return os.path.isdir(os.path.join(folder, name)) or os.path.isfile(os.path.join(folder, name + ".py"))


def _folder_of(found: tuple[str, str, str]) -> str:
    """The folder a found module's dotted name starts from (`/p/app/config/events` for `app.config.events`: `/p`)."""
    written, _, key = found
    depth = written.count(".") + 1
    folder = key
    for _ in range(depth):
        folder = os.path.dirname(folder)
    return folder


def _nearest_module(
    parts: list[str], folders: list[str], module_at: dict[str, str], itself: str = ""
) -> tuple[str, str, str] | None:
    """(the imported module as written, the name msglint gave it, its file) for the nearest folder that holds a
    module which can be what the dotted name starts with: the longest such module of that folder."""
    for folder in folders:
        keys = list(itertools.accumulate(parts, os.path.join, initial=folder))[1:]
        for end in range(len(parts), 0, -1):
            key = keys[end - 1]
            if key in module_at and key != itself and _can_hold(key, parts[end:]):
                return ".".join(parts[:end]), module_at[key], key
    return None


def _can_hold(key: str, rest: list[str]) -> bool:
    """Can the module at `key` be where `rest` continues? A name defined in it (one part), or the package's
    module next in line, if it is on disk (`from orders.commands import X` is no name of `billing/orders.py`)."""
    if len(rest) <= 1:
        return True
    if not os.path.isdir(key):
        return False  # a plain module holds names, not modules
    following = os.path.join(key, rest[0])
    return os.path.isdir(following) or os.path.isfile(following + ".py")


def _module_key(path: str) -> str:
    """A module's file without `.py` (a package: its folder)."""
    absolute = os.path.abspath(path)
    return os.path.dirname(absolute) if os.path.basename(absolute) == "__init__.py" else absolute[:-3]


def _source_root(path: str, module: str) -> str:
    """The folder a module's dotted name starts from."""
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(module.count(".") + (os.path.basename(path) == "__init__.py")):
        folder = os.path.dirname(folder)
    return folder


def _dotted(relative: str) -> str:
    if relative in ("", "."):
        return ""
    return ".".join(_NOT_A_NAME.sub("_", part) for part in relative.split(os.sep) if part not in ("", "."))


class _Renamer:
    """Renames every dotted name that starts with a mapped module name (the longest that fits)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.seen: set[int] = set()  # a reference stored in two places is renamed once

    def name(self, name: str) -> str:
        prefix = name
        while prefix:
            found = self.mapping.get(prefix)
            if found is not None:
                return found + name[len(prefix) :]
            prefix = prefix.rpartition(".")[0]
        return name

    def names(self, names: list[str]) -> list[str]:
        return [self.name(name) for name in names]

    def summary(self, summary: Summary) -> Summary:
        summary.module = self.name(summary.module)
        summary.imports = {local: self.name(target) for local, target in summary.imports.items()}
        summary.star_imports = self.names(summary.star_imports)
        for cls in summary.classes:
            self.cls(cls)
        for function in summary.functions:
            self.function(function)
        for call in summary.calls:
            call.callee, call.scope, call.receiver = (
                self.name(call.callee),
                self.name(call.scope),
                self.name(call.receiver),
            )
            self.refs([*call.args, *call.keywords.values()])
        self.refs(list(summary.assignments.values()))
        for entries in summary.dict_literals.values():
            for key, values in entries:
                self.refs([key, *values])
        return summary

    def cls(self, cls: Class) -> None:
        cls.qualname = self.name(cls.qualname)
        cls.bases = self.names(cls.bases)
        cls.base_args = [self.names(args) for args in cls.base_args]
        cls.field_types = self.names(cls.field_types)
        self.decorators(cls.decorators)
        self.refs(list(cls.attributes.values()))

    def function(self, function: Function) -> None:
        function.qualname = self.name(function.qualname)
        self.decorators(function.decorators)
        function.annotations = self.names(function.annotations)
        function.raises = self.names(function.raises)
        function.isinstance_checks = self.names(function.isinstance_checks)
        function.helpers = self.names(function.helpers)
        self.refs(function.returns)
        self.refs(function.items)

    def decorators(self, decorators: list[Decorator]) -> None:
        for decorator in decorators:
            decorator.name = self.name(decorator.name)
            self.refs([*decorator.args, *decorator.keywords.values()])

    def refs(self, refs: list[Ref]) -> None:
        pending = list(refs)
        while pending:  # a list, not recursion: a hostile expression may nest very deep
            ref = pending.pop()
            if id(ref) in self.seen:
                continue
            self.seen.add(id(ref))
            if ref.kind not in ("str", "param"):
                ref.value = self.name(ref.value)
            pending.extend(ref.args)
            pending.extend(ref.keywords.values())
