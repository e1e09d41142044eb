"""Which files to read: walk the given paths, honour .gitignore and the configured exclusions.

When the user names files (as pre-commit does), the whole project they belong to is read, because a
handler in one file can make a message in another wrong, but only findings in the named files are shown.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from msglint.files import read_regular_file
from msglint.lint.cache import Stamp, stamp
from msglint.lint.config import Config


@dataclass
class Discovery:
    root: Path
    files: list[str] = field(default_factory=list)  # as text: a Path costs more, in 100,000s of files
    explicit: set[str] | None = None  # only report findings located in these files
    missing: list[str] = field(default_factory=list)
    # the stamp of every folder listed and every ignore file read (or looked for): while none changes, the
    # walk would find the same files
    read: dict[str, Stamp] = field(default_factory=dict)


def project_root(paths: list[Path], config: Config) -> Path:
    """The configured root, else the enclosing git work tree, else the first path's folder."""
    if config.root is not None:
        return config.root.resolve()
    first = paths[0].resolve()
    folder = first if first.is_dir() else first.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def discover(paths: list[Path], config: Config, extensions: frozenset[str]) -> Discovery:
    root = project_root(paths, config)
    discovery = Discovery(root=root)
    named_files = [p.resolve() for p in paths if p.is_file()]
    missing = [str(p) for p in paths if not p.exists()]
    discovery.missing = missing
    ignore = IgnoreRules(root, config)
    discovery.read = ignore.read
    for path in paths:  # a named file that goes, or a missing path that appears, changes its folder
        if not path.is_dir():
            parent = os.path.dirname(os.path.abspath(path))
            ignore.read[parent] = stamp(parent)
    # A path named on the command line is read even when the exclusions cover it, unless --force-exclude
    folders = [p.resolve() for p in paths if p.is_dir()]
    folders = [f for f in folders if not (config.force_exclude and ignore.excluded_here_or_above(f, is_dir=True))]
    if named_files:
        walked = set(_walk(root, root, ignore, extensions))
        for folder in folders:
            if ignore.excluded_here_or_above(folder, is_dir=True):
                walked.update(_walk(folder, root, ignore, extensions))
        discovery.files = sorted(walked)
        named = {str(f) for f in named_files}
        discovery.explicit = {f for f in discovery.files if f in named or _inside_any(Path(f), folders)}
        for file in named_files:  # a named file with an unusual extension is still read
            if str(file) not in discovery.explicit and not (
                config.force_exclude and ignore.excluded_here_or_above(file)
            ):
                discovery.files.append(str(file))
                discovery.explicit.add(str(file))
        return discovery
    found: set[str] = set()
    for folder in folders:
        found.update(_walk(folder, root, ignore, extensions))
    discovery.files = sorted(found)
    return discovery


def _inside_any(path: Path, folders: list[Path]) -> bool:
    return any(folder == path or folder in path.parents for folder in folders)


def _walk(start: Path, root: Path, ignore: IgnoreRules, extensions: frozenset[str]) -> list[str]:
    """The files under `start` that a reader may want and no rule excludes, as text."""
    found = []
    stack = [start]
    while stack:
        folder = stack.pop()
        ignore.read[str(folder)] = stamp(str(folder))  # before listing it: a later change makes it stale
        ignore.load_folder(folder)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not _is_utf8(entry.name):
                continue  # its path cannot be shown, cached or reported: skipped like an unreadable file
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError:
                continue
            if is_file and os.path.splitext(entry.name)[1].lower() not in extensions:
                continue  # no reader wants it: not worth matching against the ignore rules
            if not (is_dir or is_file) or ignore.excluded_text(entry.path, is_dir):
                continue
            if is_dir:
                stack.append(Path(entry.path))
            elif _stays_inside(entry.path, root, entry.is_symlink()):
                found.append(entry.path)
    return found


def _is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stays_inside(path: str, root: Path, is_link: bool) -> bool:
    """A symbolic link is followed only when it points inside the project."""
    if not is_link:
        return True
    try:
        return root in Path(path).resolve().parents
    except OSError:
        return False


class IgnoreRules:
    """gitignore semantics, for .gitignore files and the `exclude` settings (relative to the root)."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root
        self.respect_gitignore = config.respect_gitignore
        # (folder the pattern is relative to, as text with a final "/"), regex, negated, dir only, anchored,
        # everywhere. An unanchored pattern's regex matches the file name alone, which is what it means.
        self.rules: list[tuple[str, re.Pattern[str], bool, bool, bool, bool]] = []
        # each rule as its folder, the sources of its patterns and its flags; compiled into `rules` when next
        # matched, so that a run of rules of one kind is compiled once, not once more for every line added
        self._pending: list[tuple[str, list[str], bool, bool, bool, bool]] = []
        self._compiled = 0  # how many of `_pending`'s rules `rules` holds compiled
        self.loaded: set[Path] = set()
        self.read: dict[str, Stamp] = {}  # every ignore file looked for, and its stamp then
        for pattern in (*config.exclude, *config.extend_exclude):
            self._add(root, pattern, everywhere=True)
        if self.respect_gitignore:
            for folder in (root, *root.parents):
                if (folder / ".git").exists():
                    self._load_file(folder, folder / ".git" / "info" / "exclude")
                    break

    def load_folder(self, folder: Path) -> None:
        if self.respect_gitignore and folder not in self.loaded:
            self.loaded.add(folder)
            self._load_file(folder, folder / ".gitignore")

    def _load_file(self, base: Path, path: Path) -> None:
        self.read[str(path)] = stamp(str(path))
        try:
            lines = read_regular_file(path).decode("utf-8", errors="replace").splitlines()
        except OSError:  # also a named pipe called `.gitignore`: reading it would wait forever
            return
        for line in lines:
            self._add(base, line)

    def _add(self, base: Path, line: str, everywhere: bool = False) -> None:
        """`everywhere`: a configured exclusion, which also applies to files outside the root."""
        pattern = line.rstrip()
        if not pattern or pattern.startswith("#"):
            return
        negated = pattern.startswith("!")
        pattern = pattern[1:] if negated else pattern
        dir_only = pattern.endswith("/")
        pattern = pattern.rstrip("/")
        if not pattern:
            return
        anchored = "/" in pattern
        try:
            source = glob_to_regex(pattern.lstrip("/"))
        except InvalidPattern:
            return  # git skips such a line; configured patterns were refused when the configuration was read
        base_text = base.as_posix().rstrip("/") + "/"
        flags = (negated, dir_only, anchored, everywhere)
        last = self._pending[-1] if self._pending else None
        if last is not None and (last[0], *last[2:]) == (base_text, *flags):
            # the same kind of rule as the one before: whichever of the two matches, the verdict is the same,
            # so one pattern does for both (sixteen default exclusions cost one match a file, not sixteen)
            last[1].append(source)
            self._compiled = min(self._compiled, len(self._pending) - 1)
        else:
            self._pending.append((base_text, [source], *flags))

    def _compile(self) -> None:
        """The rules added since the last match, compiled (and the last one again if it grew)."""
        del self.rules[self._compiled :]
        for base_text, sources, *flags in self._pending[self._compiled :]:
            pattern = re.compile("|".join(f"(?:{source})" for source in sources))
            self.rules.append((base_text, pattern, *flags))  # type: ignore[arg-type]
        self._compiled = len(self._pending)

    def excluded_here_or_above(self, path: Path, is_dir: bool = False) -> bool:
        """For a path named on the command line: excluded itself, or inside an excluded folder below the root
        (the root and what lies above it are never excluded: they are where the patterns start)."""
        if self.root not in path.parents:
            return False
        folders = [p for p in path.parents if self.root in p.parents]
        return self.excluded(path, is_dir=is_dir) or any(self.excluded(p, is_dir=True) for p in folders)

    def excluded(self, path: Path, is_dir: bool) -> bool:
        return self.excluded_text(path.as_posix(), is_dir)

    def excluded_text(self, path: str, is_dir: bool) -> bool:
        """`path` is absolute, with `/` (string work: this runs for every file of the repository)."""
        if os.sep != "/":
            path = path.replace(os.sep, "/")
        if self._compiled < len(self._pending):
            self._compile()
        verdict = False
        name = path.rsplit("/", 1)[-1]
        for base, regex, negated, dir_only, anchored, everywhere in self.rules:
            if verdict != negated or (dir_only and not is_dir):
                continue  # this rule cannot change the verdict
            inside = path.startswith(base)
            if not anchored:
                if (inside or everywhere) and regex.match(name):
                    verdict = not negated
            elif inside and regex.match(path[len(base) :]):
                verdict = not negated
        return verdict


class InvalidPattern(ValueError):
    """A pattern with a reversed range (`[z-a]`): git skips such a line, a configured one is an error."""


def glob_to_regex(pattern: str) -> str:
    """The regular expression of a gitignore pattern (without its `!` and trailing `/`). Every character
    is escaped, so that the result always compiles and never warns (`[[a]` is no nested set)."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
            continue
        if char == "*":
            out.append(".*" if pattern.startswith("**", i) else "[^/]*")
            i += 2 if pattern.startswith("**", i) else 1
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "\\" and i + 1 < len(pattern):  # `\#`, `\!`, `\*`: the character itself
            i += 1
            out.append(re.escape(pattern[i]))
        elif char == "[":
            bracket, end = _bracket(pattern, i)
            out.append(bracket if bracket is not None else re.escape(char))
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return f"^{''.join(out)}$"


def _bracket(pattern: str, start: int) -> tuple[str | None, int]:
    """The character class opening at `pattern[start]` and the index of its closing `]`, or (None, start)
    when it is not closed (the `[` is then an ordinary character). A `]` first in the class is a member."""
    i = start + 1
    negated = pattern.startswith(("!", "^"), i)
    i += negated
    members: list[str] = []
    while i < len(pattern):
        if pattern[i] == "]" and members:
            body = "".join(members)
            return (f"[^/{body}]" if negated else f"[{body}]"), i
        low, i = _class_char(pattern, i)
        if pattern.startswith("-", i) and i + 1 < len(pattern) and pattern[i + 1] != "]":
            high, i = _class_char(pattern, i + 1)
            if high < low:
                raise InvalidPattern(f"`{pattern}`: the range `{low}-{high}` is reversed")
            members.append(f"{re.escape(low)}-{re.escape(high)}")
        else:
            members.append(re.escape(low))
    return None, start


def _class_char(pattern: str, i: int) -> tuple[str, int]:
    """The character at `i` inside a class (`\\x` is `x`) and the index after it."""
    if pattern[i] == "\\" and i + 1 < len(pattern):
        return pattern[i + 1], i + 2
    return pattern[i], i + 1
