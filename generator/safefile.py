"""Reading files that a department may have planted: regular files only, never more than a cap.

A source folder is written by many people. A FIFO named ``x.yaml`` would block
a build forever, ``/dev/zero`` would never end, and a 600 MB file would be read
whole before its size was refused. Everything budgetgen reads from a county
repository goes through :func:`read_regular`. This module imports nothing else
of budgetgen, so the no-op rebuild path can use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["MAX_BYTES", "NotRegularFile", "TooLargeFile", "is_inside", "read_regular", "real"]

#: The largest source or config budgetgen reads (a real department source is under 50 KB).
MAX_BYTES = 5 * 1024 * 1024
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """A path that is not a regular file."""


class TooLargeFile(OSError):
    """A file larger than the cap."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, reading at most ``limit`` + 1 bytes.

    Raises :class:`NotRegularFile` for a folder, FIFO, socket or device (a FIFO
    would block forever, ``/dev/zero`` never end) and :class:`TooLargeFile`
    once more than ``limit`` bytes have been read, so memory never grows past it.
    """
    fd = os.open(path, _FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(path)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise TooLargeFile(path)
    finally:
        os.close(fd)


def real(path: Path) -> Path:
    """``path`` with symbolic links resolved; a link loop is left as it is instead of raising."""
    return Path(os.path.realpath(path))


def is_inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """True when ``path`` (symbolic links resolved) lies in one of ``roots``."""
    target = real(path)
    return any(target == root or root in target.parents for root in map(real, roots))
