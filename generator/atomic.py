"""Atomic writes into one folder: stage every file, then rename every file, never a partial one.

This module imports nothing from the rest of budgetgen except :mod:`budgetgen.names` and
:mod:`budgetgen.safefile`,
so ``init``, ``new-year``, the batch writer and ``publish`` can all use it
without loading the build pipeline.

:func:`write_atomic` is the whole protocol for a set of files that belong
together (a department's .docx and .xlsx): each is written and flushed to a
temp file ``.budgetgen-*.tmp`` beside its target, and only when *all* are on
disk are they renamed into place, one after the other. A kill between two
renames can still leave one new and one old file; the caller records which
build each file belongs to (:mod:`budgetgen.manifest`) so the next run notices
and rebuilds the pair. :func:`stage` and :meth:`Staged.publish` are the two
halves, for callers that must note something between them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from budgetgen.names import unsafe_reason
from budgetgen.safefile import real

__all__ = ["STALE_TEMP_SECONDS", "TEMP_PREFIX", "Staged", "UnsafeTarget", "stage", "sweep_stale_temps", "write_atomic"]

TEMP_PREFIX = ".budgetgen-"
TEMP_SUFFIX = ".tmp"
#: A temp file this old was left by a killed build (a live one renames its files within seconds).
STALE_TEMP_SECONDS = 3600


class UnsafeTarget(ValueError):
    """A file name that would leave the folder, or that no common file system accepts."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"输出文件名“{name}”不能使用：{reason}")
        self.name = name
        self.reason = reason


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def sweep_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove ``.budgetgen-*.tmp`` files (outputs' and the manifest's) that a killed build left behind."""
    now = time.time() if now is None else now
    removed = []
    legacy = folder.glob(f".{TEMP_PREFIX}manifest.json.*{TEMP_SUFFIX}")  # manifest temps of budgetgen ≤ 0.x
    for tmp in sorted({*folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"), *legacy}):
        with contextlib.suppress(OSError):
            if tmp.is_file() and not tmp.is_symlink() and now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                tmp.unlink()
                removed.append(tmp)
    return removed


def target_in(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless ``name`` is one plain file name that stays inside ``folder``."""
    reason = unsafe_reason(name)
    if reason is not None:
        raise UnsafeTarget(name, reason)
    target = folder / name
    if real(target).parent != real(folder):
        raise UnsafeTarget(name, "解析后不在输出文件夹中")
    return target


@dataclass
class Staged:
    """Files written to temp names in one folder, not yet visible under their own names."""

    folder: Path
    pairs: list[tuple[Path, Path]] = field(default_factory=list)

    @property
    def targets(self) -> list[Path]:
        """The final paths, in the order given."""
        return [target for _, target in self.pairs]

    def publish(self, between: Callable[[Path], None] = lambda _target: None) -> list[Path]:
        """Rename every staged file into place; ``between`` runs after each rename (tests use it)."""
        try:
            for tmp, target in self.pairs:
                os.replace(tmp, target)
                between(target)
        finally:
            self.discard()
        return self.targets

    def discard(self) -> None:
        """Remove whatever temp files are still there."""
        for tmp, _ in self.pairs:
            with contextlib.suppress(OSError):
                tmp.unlink()


def stage(folder: Path, outputs: Mapping[str, bytes]) -> Staged:
    """Write each output to a flushed temp file in ``folder`` (created if needed)."""
    targets = {name: target_in(folder, name) for name in outputs}  # refuse before writing anything
    folder.mkdir(parents=True, exist_ok=True)
    sweep_stale_temps(folder)
    staged = Staged(folder)
    try:
        for name, data in outputs.items():
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
            staged.pairs.append((Path(tmp), targets[name]))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if hasattr(os, "fchmod"):  # mkstemp makes 0600; publications are ordinary files
                    os.fchmod(fh.fileno(), _FILE_MODE)
                os.fsync(fh.fileno())
    except BaseException:
        staged.discard()
        raise
    return staged


def write_atomic(folder: Path, outputs: Mapping[str, bytes]) -> list[Path]:
    """Write every output to a temp file first, then rename all into place; return the targets.

    Raises :class:`UnsafeTarget` for a name with a path separator, a control
    character, a reserved name or one too long for common file systems, and
    ``OSError`` when the folder cannot be written; nothing is left behind then.
    """
    return stage(folder, outputs).publish()
