"""Trusted template files (table specs, templates, definitions) parsed once per process while unchanged.

A batch worker renders many departments; parsing the specs and compiling the
templates again for each one would cost more than rendering. Each entry is kept
with a stamp (name, size and mtime of the files it came from) and made again
when the stamp differs, so an edited template is seen by the next build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

_T = TypeVar("_T")
_CACHE: dict[tuple[str, tuple[Path, ...]], tuple[Any, Any]] = {}


def folder_stamp(dirs: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every file and folder under ``dirs``, to notice any edit."""
    out: list[tuple[str, int, int]] = []
    for folder in dirs:
        _scan(str(folder), out)
    return tuple(out)


def _scan(folder: str, out: list[tuple[str, int, int]]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:  # no such folder (a county without overrides)
        return
    for entry in entries:
        st = entry.stat()
        out.append((entry.path, st.st_size, st.st_mtime_ns))
        if entry.is_dir():
            _scan(entry.path, out)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """Size and mtime of one file, or None if there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def cached(key: tuple[str, tuple[Path, ...]], make: Callable[[], _T], stamp: Hashable = None) -> _T:
    """``make()`` for the folders ``key[1]``, again only when a file under them changed.

    ``stamp`` is :func:`folder_stamp` of those folders when the caller has it already.
    """
    return _get(key, folder_stamp(key[1]) if stamp is None else stamp, make)


def cached_files(key: tuple[str, tuple[Path, ...]], make: Callable[[], _T], also: Hashable = None) -> _T:
    """``make()`` for the files ``key[1]`` (one stat each), again only when one of them changed or ``also`` differs."""
    return _get(key, (tuple(file_stamp(p) for p in key[1]), also), make)


def _get(key: tuple[str, tuple[Path, ...]], stamp: Any, make: Callable[[], _T]) -> _T:
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return cast(_T, hit[1])
    value = make()
    _CACHE[key] = (stamp, value)
    return value
