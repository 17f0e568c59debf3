"""A disk cache of compiled templates, so a cold ``budgetgen build`` does not recompile them.

Compiling the narrative templates costs about as much as rendering a whole
department; Jinja can keep the compiled code between runs. The cache lives in
the user's cache folder (``$XDG_CACHE_HOME/budgetgen`` or ``~/.cache/budgetgen``,
or ``BUDGETGEN_CACHE_DIR``); entries are keyed by template file and checked
against the template's text, so an edited override is recompiled. A cache that
cannot be written is silently skipped: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from budgetgen import __version__


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Never fail a build because the cache folder is read-only or full."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_dir() -> Path:
    """Where compiled templates are kept."""
    explicit = os.environ.get("BUDGETGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "budgetgen" / f"jinja-{__version__}"


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache, or None when its folder cannot be created."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _QuietCache(str(folder))
