"""Reading files safely: only regular files are ever opened for reading (also the cache's own files).

A named pipe blocks its reader until something writes to it, and a device may never end; either would hang
the run. So a path is opened without blocking, checked to be a regular file, and only then read. This
module imports nothing of msglint's, so the engine and every reader can use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile

_HALF_CHARACTER = re.compile("[\ud800-\udfff]")


def escape_half_characters(text: str) -> str:
    """`text` with each lone surrogate (half of a UTF-16 character, which a JSON document may spell as
    `"\ud800"`) written as its escape, as the document spells it: UTF-8 cannot hold one."""
    return text if text.isascii() else _HALF_CHARACTER.sub(lambda half: f"\\u{ord(half.group()):04x}", text)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path is a pipe, a device, a socket or a folder: msglint does not read it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(0, "not a regular file (a pipe, a device or a socket?)", os.fspath(path))


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of `path`; OSError (NotRegularFile among them) when it cannot be read."""
    return read_regular_file_stamped(path)[0]


def read_regular_file_stamped(path: str | os.PathLike[str]) -> tuple[bytes, tuple[int, int]]:
    """The bytes of `path`, and its size and modification time (ns) as they were before it was read (a file
    changed while it is read then looks changed to whoever compares them later)."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path)
        return _read_to_end(descriptor, status.st_size), (status.st_size, status.st_mtime_ns)
    finally:
        os.close(descriptor)


def _read_to_end(descriptor: int, size: int) -> bytes:
    """All the bytes, in one read when the file is as long as it was: half the time of a buffered file
    object, which counts in a run that reads 50,000 files. A file that grew since is read to its end."""
    wanted = size + 1
    chunk = os.read(descriptor, wanted)
    if size <= len(chunk) < wanted:
        return chunk  # the whole file; a shorter read (over 2 GiB, a system's cap on one read) goes on below
    chunks = [chunk]
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` so that a reader, a kill or a full disk never leaves half a file: the
    text goes to a temporary file beside it, which then replaces the target in one step. The target keeps
    its permissions. OSError when it cannot be written; the target is then as it was."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    temporary = _write_temporary(folder, os.path.basename(target), text.encode("utf-8", "backslashreplace"))
    try:
        if os.path.exists(target):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        else:
            os.chmod(temporary, _new_file_mode())  # as `open()` would make it, not the temporary file's 0600
        os.replace(temporary, target)
    except OSError:
        _remove_quietly(temporary)
        raise


def _new_file_mode() -> int:
    """The mode a new file gets under the process's umask (setting the umask is the only way to read it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temporary(folder: str, name: str, data: bytes) -> str:
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        _remove_quietly(temporary)
        raise
    return temporary


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def replace_all(contents: dict[str, tuple[str, str]]) -> None:
    """Rewrite several files as one change: {path: (expected text now, new text)}. Every file is checked to
    still hold the expected text and every new text is written beside its file first; only then are the
    files replaced. When a replacement fails, the files already replaced get their old text back and the
    OSError is raised, naming the file: the change happens in full or not at all."""
    for path, (expected, _) in contents.items():
        if read_regular_file(path).decode("utf-8") != expected:
            raise OSError(0, "changed since msglint read it; run again", path)
    staged: dict[str, str] = {}
    try:
        for path, (_, new) in contents.items():
            staged[path] = _write_temporary(
                os.path.dirname(os.path.abspath(path)), os.path.basename(path), new.encode()
            )
    except OSError:
        for temporary in staged.values():
            _remove_quietly(temporary)
        raise
    done: list[str] = []
    try:
        for path, temporary in staged.items():
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
            os.replace(temporary, path)
            done.append(path)
    except OSError:
        for path in done:
            write_atomically(path, contents[path][0])
        for path, temporary in staged.items():
            if path not in done:
                _remove_quietly(temporary)
        raise
