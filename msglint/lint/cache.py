"""The on-disk cache: a run re-reads only the files that changed, and a run in which nothing changed reads
no file at all.

Three files per identity (project, msglint's build, Python version, working directory, reader settings:
everything that changes what a reader returns):

* `facts-ID.jsonl`, one line per file read: its path, size and modification time, content digest, the
  files its facts depend on (`$ref` targets, with theirs) and its FileFacts. Lines are only ever appended:
  a run adds the lines of the files it read, so writing costs what
  changed, not the size of the repository. A later line for a path replaces an earlier one; when most
  lines have been replaced, the file is written again with the live ones. Every line stands on its own:
  one that does not decode (cut short by a kill or a full disk, mixed by two processes writing at once,
  edited by hand) is skipped, and its file is simply read again.
* `files-ID.json`: the files found by the last walk of the same paths, with the stamp of every folder
  walked and every ignore file read. When none changed, no folder is listed again.
* `result-ID.json`: the result of the last run (the findings, and what a report listing only findings needs
  of the System), under a digest of every file's stamp and the settings: a run in which nothing changed
  stats its files and loads this one file. `system-ID.json`, under the same digest, holds the System. It is
  saved by the first run whose report shows more than findings (JSON, Markdown, the graph) and loaded
  only by such a run: a run that lists findings only never pays for it. When it is missing or stale, the
  files are analysed again (from the facts file, which still holds them) and it is saved.

Stamps (size and modification time) are checked first, as git does: when a file's stamp is unchanged it is
not even opened; when it changed, the content digest decides, so a touched but unchanged file is not parsed
again. The cache sits inside the analysed project, so it holds data only and is never trusted: it is read
by `plaindata`, which cannot run code and rejects any value that does not fit msglint's own classes, and
anything wrong with it (missing, truncated, written by another version, planted) only costs speed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING

from msglint import __version__, model
from msglint.files import escape_half_characters, read_regular_file, write_atomically
from msglint.lint.plaindata import InvalidData, PlainCodec
from msglint.model import Diagnostic, FileFacts, Overview, System
from msglint.readers import ReadSettings
from msglint.readers.python import summary

if TYPE_CHECKING:
    from msglint.lint.pool import Forked

CACHE_FOLDER = ".msglint_cache"
_FORMAT = 12  # bump whenever what the cache holds changes shape
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# msglint's cache; `msglint clean` removes it.\n"
_HEADER = f'{{"msglint-cache":{_FORMAT}}}\n'

Stamp = tuple[int, int] | None  # (size, mtime in ns), or None for a file that does not exist
Digest = bytes | None  # of the content; None for a file that does not exist
Dependency = tuple[str, Stamp, Digest]
Entry = tuple[Stamp, Digest, tuple[Dependency, ...], FileFacts | None]
Line = tuple[str, Stamp, Digest, tuple[Dependency, ...], FileFacts | None]  # one line of the facts file
Encoded = tuple[str | None, str | None]  # a facts line, or why the facts could not be stored
Result = tuple[list[str], Overview, list[Diagnostic]]  # files read, what reports need of the system, findings
SavedResult = tuple[str, tuple[Dependency, ...], Result]
SavedSystem = tuple[str, System]
# the walk's key; files found, files named, paths missing; stamps of the folders and ignore files it read
Found = tuple[list[str], list[str] | None, list[str]]  # files to read, files named (None: all), paths missing
Listing = tuple[str, list[str], list[str] | None, list[str], list[tuple[str, Stamp]]]
_MAX_CACHE_BYTES = 1 << 30  # a cache file larger than this is not ours, or not worth loading
# A folder changed less than one timestamp tick before it was listed may change again with the same
# modification time. Where times have fractions of a second, the tick is the kernel's clock's (milliseconds;
# 0.1 s is ample); where they are whole seconds (FAT keeps two), it is taken to be two seconds.
_RACY_NS = 100_000_000
_RACY_WHOLE_SECONDS_NS = 2_000_000_000
_STALE_TEMPORARY_S = 3600  # a temporary file this old was left by a run that was killed


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
    # SHA-256 is computed by the processor's own instructions on most machines: faster than BLAKE2 here
    return hashlib.sha256(data).digest()[:16]


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


def encode_entry(path: str, current: Stamp, digest: Digest, facts: FileFacts | None) -> Encoded:
    """The facts line of one file, or why it cannot be written. Run off the parent's path: by a copy of the
    parent forked once files are read in workers (`FactsCache.write_later`), else where the file was read."""
    if facts is None:  # most files of a large repository: their line written directly, as the codec would
        stamped = f"[{current[0]},{current[1]}]" if current is not None else "null"
        hexed = f'"{digest.hex()}"' if digest is not None else "null"
        return _sealed(f"[{encode_basestring(path)},{stamped},{hexed},[],null]"), None
    try:
        dependencies = _recorded(facts.dependencies)
        return _sealed(codec().dumps((path, current, digest, dependencies, facts), Line)), None
    except (TypeError, ValueError, RecursionError) as error:
        return None, f"a value it cannot store ({error!r:.80})"


def _sealed(text: str) -> str:
    """`text` after a checksum of it: a damaged line or file is then known as such, even when what is left
    is still well-formed."""
    text = escape_half_characters(text)  # else the line would fail its checksum on every run
    return f"{_checksum(text)} {text}"


def _unsealed(sealed: str) -> str:
    """The text a checksum seals; InvalidData when it does not match."""
    checksum, _, text = sealed.partition(" ")
    if checksum != _checksum(text):
        raise InvalidData("the checksum does not match")
    return text


def _encoded(text: str) -> bytes:
    """UTF-8, lone surrogates included (a JSON document may spell half a character, `"\\ud800"`): such a line
    is read back with a replacement character, fails its checksum and only costs its file a second reading."""
    return text.encode("utf-8", "surrogatepass")


def _checksum(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


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
        self.file = folder / f"facts-{digest}.jsonl"
        self.listing_file = folder / f"files-{digest}.json"
        self.result_file = folder / f"result-{digest}.json"
        self.system_file = folder / f"system-{digest}.json"
        self._entries: dict[str, Entry] | None = None  # loaded on first use: a reused result never needs them
        self._lines = 0  # lines in the facts file, live or replaced
        self._pending: dict[str, str] = {}  # path -> the line to append for it
        self.unwritable: str | None = None  # why the cache could not be written, said once per run
        self._later: Forked | None = None  # the process writing this run's lines (`write_later`)

    def holds_nothing(self) -> bool:
        """Whether no facts and no result have been saved (a first run): its files need no stamp to be looked up."""
        return not os.path.lexists(self.file) and not os.path.lexists(self.result_file)

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        text = _read(self.file)
        if text is None:  # missing, foreign or planted: start afresh
            return entries
        for line in text.splitlines():
            if not line.strip():
                continue
            self._lines += 1
            try:
                path, *entry = codec().loads(_unsealed(line), Line)
            except InvalidData:
                continue  # cut short, mixed or tampered with: this file is read again
            entries[path] = tuple(entry)
        return entries

    def get(self, path: str, current: Stamp) -> tuple[bool, FileFacts | None]:
        """(True, facts) when the entry is still valid (facts may be None: no reader wanted the file)."""
        entry = self.entries.get(path)
        if entry is None or current is None:
            return False, None
        then_stamp, then_digest, dependencies, facts = entry
        if then_stamp != current:
            # a file no reader wanted has no digest: read again (it may be unreadable now, which is no digest either)
            if then_digest is None or file_digest(path) != then_digest:
                return False, None
            self.put(path, current, then_digest, facts)  # touched, not changed: stamped anew
        if not all(unchanged(*dependency) for dependency in dependencies):
            return False, None
        return True, facts

    def put(self, path: str, current: Stamp, digest: Digest, facts: FileFacts | None) -> None:
        line, problem = encode_entry(path, current, digest, facts)
        if line is None:
            self.cannot_write(problem or "")
            return
        self.entries[path] = (current, digest, (), facts)  # this run's answer; the line holds the dependencies
        self._pending[path] = line

    def appender(self, to_read: set[str]) -> Appender | None:
        """Where the lines of the files about to be read are appended (see `write_later`): the facts
        file as it is or, when it is missing, foreign or mostly dead lines, a new one holding the live lines
        of the files not read again. None when it cannot be written."""
        kept = {path: entry for path, entry in self.entries.items() if path not in to_read}
        if not self._lines or self._lines + len(to_read) > 2 * (len(kept) + len(to_read)) + 1000:
            self._rewrite(kept)
            self._pending = {}
        return None if self.unwritable else Appender(str(self.file))

    def save(self) -> None:
        """Append the lines of files whose stamp changed while their content did not."""
        if self._pending:
            self.cannot_write(Appender(str(self.file)).append(list(self._pending.values())))
            self._pending = {}

    def write_later(self, appender: Appender, lines: list[tuple[str, Stamp, Digest, FileFacts | None]]) -> None:
        """Encode and append the lines of the files just read in a copy of this process, forked now: it sees
        the facts as they are now, whatever the link step then changes here. Written here when it cannot fork."""
        from msglint.lint.pool import run_forked

        work = functools.partial(_append_lines, appender, lines)
        self._later = run_forked(work)
        if self._later is None:
            self.cannot_write(work())

    def finish_writing(self) -> None:
        """Wait for the lines being written by `write_later`, and hear why they could not be."""
        if self._later is not None:
            later, self._later = self._later, None
            self.cannot_write(later.join())

    def cancel_writing(self) -> None:
        if self._later is not None:
            later, self._later = self._later, None
            later.cancel()

    def _rewrite(self, entries: dict[str, Entry]) -> None:
        """The facts file anew, with the lines of `entries` whose files still exist."""
        lines = []
        for path, entry in entries.items():
            if os.path.exists(path):
                try:
                    lines.append(_sealed(codec().dumps((path, *entry), Line)))
                except (TypeError, ValueError, RecursionError):
                    continue
        self._write(self.file, _HEADER + "".join(f"{line}\n" for line in lines))
        self._lines = len(lines)

    def cannot_write(self, reason: str | None) -> None:
        if reason is not None:
            self.unwritable = self.unwritable or f"{self.folder}: {reason}"

    # -- the walk, for a run that finds the same files ----------------------------------------------------

    def listing(self, key: str) -> Found | None:
        """The files found by the last walk under `key`, the files named and the paths missing, if none of
        the folders it listed and none of the ignore files it read changed since."""
        text = _read(self.listing_file)
        if text is None:
            return None
        try:
            saved_key, files, named, missing, stamps = codec().loads(_unsealed(text), Listing)
        except InvalidData:
            return None
        if saved_key != key or any(stamp(path) != then for path, then in stamps):
            return None
        return files, named, missing

    def save_listing(self, key: str, found: Found, read: dict[str, Stamp]) -> None:
        """Keep the walk's outcome, unless a folder or ignore file changed so recently that a change within
        the same timestamp tick could go unseen."""
        now = time.time_ns()
        if any(then is not None and now - then[1] < _tick(then[1]) for then in read.values()):
            return
        self._write(self.listing_file, _HEADER + _sealed(codec().dumps((key, *found, sorted(read.items())), Listing)))

    # -- the whole result, for a run in which nothing changed at all --------------------------------------

    def result(self, key: str) -> Result | None:
        """The result saved under `key` (a digest of every file's stamp and the settings), if its
        dependencies did not change either."""
        text = _read(self.result_file)
        if text is None:
            return None
        try:
            saved_key, dependencies, payload = codec().loads(_unsealed(text), SavedResult)
        except InvalidData:
            return None
        if saved_key != key or not all(unchanged(*dependency) for dependency in dependencies):
            return None
        return payload

    def system(self, key: str) -> System | None:
        """The System of the result saved under `key` (loaded only when a report needs more than findings)."""
        text = _read(self.system_file)
        if text is None:
            return None
        try:
            saved_key, system = codec().loads(_unsealed(text), SavedSystem)
        except InvalidData:
            return None
        return system if saved_key == key else None

    def save_result(self, key: str, dependencies: list[str], payload: Result) -> None:
        """Save the findings under `key`, and drop the System saved before: it may be under this very key (a
        file outside the paths checked changed), and no System but this run's may go with this result."""
        if not self._remove(self.system_file):  # the result must not go with a System it does not belong to
            return
        try:
            self._write_sealed(self.result_file, codec().dumps((key, _recorded(dependencies), payload), SavedResult))
        except (TypeError, ValueError, RecursionError) as error:
            self.unwritable = self.unwritable or f"{self.folder}: a value it cannot store ({error!r:.80})"
            self._remove(self.result_file)

    def save_system(self, key: str, system: System) -> bool:
        """Save the System of the result saved under `key`; whether it was saved."""
        try:
            # one text at a time, never copied whole: the System's is the largest thing a run holds at its end
            return self._write_sealed(self.system_file, codec().dumps((key, system), SavedSystem))
        except (TypeError, ValueError, RecursionError) as error:
            self.unwritable = self.unwritable or f"{self.folder}: a value it cannot store ({error!r:.80})"
            return False

    def _remove(self, target: Path) -> bool:
        try:
            target.unlink(missing_ok=True)
        except OSError as error:
            self._cannot_write(error)
            return False
        return True

    # -- writing -------------------------------------------------------------------------------------------

    def _write_sealed(self, target: Path, text: str) -> bool:
        """`_HEADER + _sealed(text)`, written part by part; whether it was written."""
        text = escape_half_characters(text)  # else the line would fail its checksum on every run
        return self._write(target, _HEADER, f"{_checksum(text)} ", text)

    def _write(self, target: Path, *parts: str) -> bool:
        """Write the parts atomically; a read-only or full disk only costs the next run its speed."""
        try:
            self._prepare_folder()
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError as error:
            self._cannot_write(error)
            return False
        try:
            try:
                for part in parts:
                    _write_all(descriptor, _encoded(part))
            finally:
                os.close(descriptor)
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)  # a full disk must not leave half-written files behind
            self._cannot_write(error)
            return False
        return True

    def make_folder(self) -> None:
        try:
            self._prepare_folder()
        except OSError as error:
            self._cannot_write(error)

    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.folder.is_symlink():
            raise OSError(0, "the cache folder is a symbolic link; msglint does not write through it")
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.is_file() or tag.is_symlink():
            # replaced, never written through: a planted `.gitignore -> ~/.bashrc` must stay untouched
            write_atomically(tag, _TAG)
            write_atomically(self.folder / ".gitignore", "# created by msglint\n*\n")
        _remove_stale_temporaries(self.folder)

    def _cannot_write(self, error: OSError) -> None:
        self.cannot_write(error.strerror or str(error))


@dataclass(frozen=True)
class Appender:
    """Appends lines to the facts file, in the process that encodes them (a forked copy of the parent, a
    worker, or the parent itself). Each write starts on a line of its own: a line that a kill or a full disk
    cut short is not glued to the next."""

    file: str

    def append(self, lines: list[str]) -> str | None:
        """Why the lines could not be written, or None."""
        data = _encoded("".join(f"\n{line}\n" for line in lines))
        try:
            descriptor = os.open(self.file, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
            try:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                    return "the cache file is not a regular file"
                _write_all(descriptor, data)
            finally:
                os.close(descriptor)
        except OSError as error:
            return error.strerror or str(error)
        return None


_LINES_PER_WRITE = 200


def _append_lines(appender: Appender, lines: list[tuple[str, Stamp, Digest, FileFacts | None]]) -> str | None:
    """Encode and append the lines, some at a time; why one could not be stored or written, or None."""
    problem = None
    for start in range(0, len(lines), _LINES_PER_WRITE):
        encoded = []
        for path, current, digest, facts in lines[start : start + _LINES_PER_WRITE]:
            line, not_stored = encode_entry(path, current, digest, facts)
            if line is not None:
                encoded.append(line)
            problem = problem or not_stored
        if encoded:
            not_written = appender.append(encoded)
            problem = problem or not_written
    return problem


def _tick(mtime_ns: int) -> int:
    return _RACY_WHOLE_SECONDS_NS if mtime_ns % 1_000_000_000 == 0 else _RACY_NS


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files that a killed run left behind (a live run's are recent)."""
    old = time.time() - _STALE_TEMPORARY_S
    try:
        for entry in os.scandir(folder):
            if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < old:
                os.unlink(entry.path)
    except OSError:
        pass


def _read(path: Path) -> str | None:
    """The text stored at `path` after our header, if it is a cache file of this format, else None. Only
    regular files are opened (a planted FIFO must not hang the run)."""
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
            data = handle.read(_MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    if len(data) > _MAX_CACHE_BYTES:
        return None
    return data.decode("utf-8", errors="replace")


def _recorded(paths: Iterable[str]) -> tuple[Dependency, ...]:
    """Each file's stamp and content digest as it is now, to compare with later."""
    return tuple((path, stamp(path), file_digest(path)) for path in paths)


def result_key(stamps: list[tuple[str, Stamp]], settings: str) -> str:
    digest = hashlib.sha256(settings.encode())
    digest.update("\n".join(f"{path}\0{current}" for path, current in stamps).encode("utf-8", "surrogateescape"))
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
