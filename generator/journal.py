"""The journal: which departments' files are being renamed into place right now.

Just before a department's files are renamed, :class:`~budgetgen.writer.Writer`
notes the department here; a successful manifest save clears the journal. A
build killed between two renames leaves its note behind, and the next run's
:meth:`budgetgen.manifest.Manifest.load` drops that department's entry so it is
rebuilt. The journal lives in the output folder, which other people may write
to: it is read only as a regular file and written without following links or
blocking on a FIFO.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

from budgetgen.safefile import read_regular, real

JOURNAL_NAME = ".budgetgen-journal"
#: The journal is read only if it is a regular file below this size.
_MAX_JOURNAL = 64 * 1024 * 1024


def key_of(source: Path) -> str:
    """The manifest key of a source: its absolute path."""
    return str(real(source))


class Journal:
    """Departments whose files are being renamed into place, one JSON line each."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / JOURNAL_NAME

    def note(self, source: Path, build: str) -> None:
        """Say that ``source``'s files of ``build`` are about to be renamed (flushed before the first rename)."""
        line = json.dumps({"source": key_of(source), "build": build}, ensure_ascii=True) + "\n"
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError:  # something planted under our name (a FIFO, a link): replace it
            if self.path.is_dir() and not self.path.is_symlink():
                raise
            self.path.unlink(missing_ok=True)
            fd = os.open(self.path, flags, 0o644)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(f"{self.path} is not a regular file")
            os.write(fd, line.encode("ascii"))
        finally:
            os.close(fd)

    def interrupted(self) -> set[str]:
        """The sources a killed build was renaming files for."""
        found: set[str] = set()
        try:
            text = read_regular(self.path, _MAX_JOURNAL).decode("ascii", errors="replace")
        except OSError:
            return found
        for line in text.splitlines():
            with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
                found.add(str(json.loads(line)["source"]))
        return found

    def clear(self) -> None:
        """Forget every note (the manifest now records those builds)."""
        with contextlib.suppress(OSError):
            self.path.unlink()
