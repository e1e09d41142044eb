"""Reading files safely: only regular files are ever opened for reading (also the cache's own files).

A named pipe blocks its reader until something writes to it, and a device may never end; either would hang
the run. So a path is opened without blocking, checked to be a regular file, and only then read. This
module imports nothing of msglint's, so the engine and every reader can use it.
"""

from __future__ import annotations

import os
import stat

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path is a pipe, a device, a socket or a folder: msglint does not read it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(0, "not a regular file (a pipe, a device or a socket?)", os.fspath(path))


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of `path`; OSError (NotRegularFile among them) when it cannot be read."""
    descriptor = os.open(path, _OPEN_FLAGS)
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegularFile(path)
        return handle.read()
