"""The on-disk cache of FileFacts: a warm run re-reads only files that changed.

One JSON file per project, msglint version, Python version, working directory and reader settings
(everything that changes what a reader returns). Each entry is keyed by the file's absolute path and
holds a digest of its content and of the files it depends on (`$ref` targets). Size and modification
time are checked first, as git does: when they are unchanged the file is not even opened; when they
changed, the content digest decides, so a touched but unchanged file is not parsed again. Anything
wrong with the cache file (missing, truncated, written by another version, planted) simply means a cold
run. The cache sits inside the analysed project, so it holds data only and is never trusted: it is read
by `plaindata`, which cannot run code and rejects any value that does not fit msglint's own classes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from msglint import __version__, model
from msglint.files import read_regular_file, write_atomically
from msglint.lint.plaindata import InvalidData, PlainCodec
from msglint.model import Diagnostic, FileFacts, System
from msglint.readers import ReadSettings
from msglint.readers.python import summary

CACHE_FOLDER = ".msglint_cache"
_FORMAT = 3  # bump whenever what the cache holds changes shape
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# msglint's cache; `msglint clean` removes it.\n"

Stamp = tuple[int, int] | None  # (size, mtime in ns), or None for a file that does not exist
Digest = bytes | None  # of the content; None for a file that does not exist
Dependency = tuple[str, Stamp, Digest]
Entry = tuple[Stamp, Digest, tuple[Dependency, ...], FileFacts | None]
Entries = dict[str, Entry]
Result = tuple[list[str], System, list[Diagnostic]]  # files read, the system, the findings
SavedResult = tuple[str, tuple[Dependency, ...], Result]
_MAX_CACHE_BYTES = 1 << 30  # a cache file larger than this is not ours, or not worth loading


def _stored_classes() -> list[type]:
    """Every class a cache entry may hold: the model's and the Python reader's summaries."""
    return [
        value
        for module in (model, summary)
        for value in vars(module).values()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and (dataclasses.is_dataclass(value) or issubclass(value, Enum))
    ]


_codec: PlainCodec | None = None


def codec() -> PlainCodec:
    global _codec
    if _codec is None:
        _codec = PlainCodec(_stored_classes())
    return _codec


def stamp(path: str) -> Stamp:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def file_digest(path: str) -> Digest:
    try:
        return digest_of(read_regular_file(path))
    except OSError:
        return None


def unchanged(path: str, then_stamp: Stamp, then_digest: Digest) -> bool:
    now = stamp(path)
    if now == then_stamp:
        return True
    return now is not None and file_digest(path) == then_digest


def _build() -> tuple[Stamp, ...]:
    """The stamps of msglint's own modules: a changed reader (an upgrade without a version bump, an
    editable install being worked on) must not be served facts an older reader wrote."""
    package = Path(__file__).resolve().parent.parent
    return tuple(stamp(str(module)) for module in sorted(package.rglob("*.py")))


def cache_folder(root: Path, override: Path | None = None) -> Path:
    return override if override is not None else root / CACHE_FOLDER


class FactsCache:
    def __init__(self, folder: Path, root: Path, settings: ReadSettings) -> None:
        identity = repr((_FORMAT, __version__, _build(), sys.version_info[:2], str(root), os.getcwd(), settings))
        self.folder = folder
        digest = hashlib.sha256(identity.encode()).hexdigest()[:20]
        self.file = folder / f"facts-{digest}.json"
        self.result_file = folder / f"result-{digest}.json"
        self._entries: dict[str, Entry] | None = None  # loaded on first use: a reused result never needs them
        self.changed = False
        self.unwritable: str | None = None  # why the cache could not be written, said once per run

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> dict[str, Entry]:
        entries = _read(self.file, Entries)
        return entries if entries is not None else {}  # missing, truncated, foreign or planted: start afresh

    def get(self, path: str, current: Stamp) -> tuple[bool, FileFacts | None]:
        """(True, facts) when the entry is still valid (facts may be None: no reader wanted the file)."""
        entry = self.entries.get(path)
        if entry is None or current is None:
            return False, None
        then_stamp, then_digest, dependencies, facts = entry
        if then_stamp != current:
            if file_digest(path) != then_digest:
                return False, None
            self.entries[path] = (current, then_digest, dependencies, facts)  # touched, not changed
            self.changed = True
        if not all(unchanged(*dependency) for dependency in dependencies):
            return False, None
        return True, facts

    def put(self, path: str, current: Stamp, digest: Digest, facts: FileFacts | None) -> None:
        dependencies = _recorded(facts.dependencies) if facts is not None else ()
        self.entries[path] = (current, digest, dependencies, facts)
        self.changed = True

    def forget_deleted(self, seen: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow with every deleted file. Files this run
        did not look at (another folder of the project) stay."""
        stale = [path for path in self.entries if path not in seen and not os.path.exists(path)]
        for path in stale:
            del self.entries[path]
        self.changed = self.changed or bool(stale)

    def save(self) -> None:
        if self.changed:
            self._write(self.file, self.entries, Entries)

    # -- the whole result, for a run in which nothing changed at all --------------------------------------

    def result(self, key: str) -> object | None:
        """The result saved under `key` (a digest of every file's stamp and the settings), if its
        dependencies did not change either."""
        saved = _read(self.result_file, SavedResult)
        if saved is None:
            return None
        saved_key, dependencies, payload = saved
        if saved_key != key or not all(unchanged(*dependency) for dependency in dependencies):
            return None
        return payload

    def save_result(self, key: str, dependencies: list[str], payload: Result) -> None:
        self._write(self.result_file, (key, _recorded(dependencies), payload), SavedResult)

    def _write(self, target: Path, value: object, kind: object) -> None:
        """Write atomically; a read-only or full disk only costs the next run its speed."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self.folder.is_symlink():
                raise OSError(0, "the cache folder is a symbolic link; msglint does not write through it")
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.is_file() or tag.is_symlink():
                # replaced, never written through: a planted `.gitignore -> ~/.bashrc` must stay untouched
                write_atomically(tag, _TAG)
                write_atomically(self.folder / ".gitignore", "# created by msglint\n*\n")
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError as error:
            self.unwritable = self.unwritable or f"{self.folder}: {error.strerror or error}"
            return
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(_HEADER)
                handle.write(codec().dumps(value, kind))
            os.replace(temporary, target)
        except (OSError, TypeError, ValueError, RecursionError) as error:
            Path(temporary).unlink(missing_ok=True)  # a full disk must not leave half-written files behind
            reason = error.strerror if isinstance(error, OSError) else f"a value it cannot store ({error!r:.80})"
            self.unwritable = self.unwritable or f"{self.folder}: {reason or error}"


_HEADER = f'{{"msglint-cache":{_FORMAT}}}\n'


def _read(path: Path, expected: object) -> object | None:
    """The value stored at `path` if it is a cache file of this format holding `expected`, else None.
    Only regular files are opened (a planted FIFO must not hang the run)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            if handle.readline(64) != _HEADER.encode():
                return None
            text = handle.read(_MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    if len(text) > _MAX_CACHE_BYTES:
        return None
    try:
        return codec().loads(text, expected)
    except InvalidData:
        return None


def _recorded(paths: Iterable[str]) -> tuple[Dependency, ...]:
    """Each file's stamp and content digest as it is now, to compare with later."""
    return tuple((path, stamp(path), file_digest(path)) for path in paths)


def result_key(stamps: list[tuple[str, Stamp]], settings: str) -> str:
    digest = hashlib.sha256(settings.encode())
    for path, current in stamps:
        digest.update(f"{path}\0{current}\n".encode())
    return digest.hexdigest()


def clean(folder: Path) -> bool:
    """Remove a cache folder msglint made (it has our CACHEDIR.TAG); True when something was removed."""
    tag = folder / "CACHEDIR.TAG"
    if not folder.is_dir() or not tag.is_file() or "msglint" not in tag.read_text(errors="replace"):
        return False
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            return False  # not a folder msglint wrote: leave it to its owner
        child.unlink()
    folder.rmdir()
    return True
