"""Find department sources and county configs on disk, without parsing any YAML.

This module is on the no-op rebuild path, so it imports nothing heavy: a folder
is searched for ``*.yaml``/``*.yml`` files whose text has a top-level ``部门:``
key, which tells a department source from a table spec or a config.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from budgetgen.codes import E_FILE_READ, E_NO_SOURCES, E_PATH_OUTSIDE
from budgetgen.issues import Issue, Loc, error
from budgetgen.safefile import MAX_BYTES, NotRegularFile, read_regular, real

CONFIG_NAME = "budgetgen.yaml"
SUFFIXES = (".yaml", ".yml")
_DEPARTMENT_KEY = re.compile("^(?:\ufeff)?[\"']?部门[\"']?[ \t]*:".encode(), re.M)


def shown_path(path: Path) -> str:
    """A path as users read it: relative to the working folder when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def find_config(start: Path) -> Path | None:
    """The nearest ``budgetgen.yaml`` in ``start`` or above, not beyond a repository root."""
    here = real(start)
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


_YEAR_FOLDER = re.compile(r"^[0-9]{4}$")


def repository_roots(source: Path, config: Path | None = None) -> tuple[Path, ...]:
    """The folders a source may refer into: the county repository it belongs to.

    That is the source's own folder, the folder above it when the source sits in a
    year folder (``2021/x.yaml`` may refer to ``../2020/x.yaml``), the folder of the
    county config chosen for the build (and the one above, for a config in a year
    folder), and the top of the git repository holding the source, if any.
    """
    here = real(source).parent
    roots = [here]
    if _YEAR_FOLDER.match(here.name):
        roots.append(here.parent)
    if config is not None:
        folder = real(config).parent
        roots += [folder, folder.parent] if _YEAR_FOLDER.match(folder.name) else [folder]
    top = next((f for f in (here, *here.parents) if (f / ".git").exists()), None)
    if top is not None:
        roots.append(top)
    return tuple(dict.fromkeys(roots))


class ConfigFinder:
    """:func:`find_config`, remembered per folder (a county has one config for many sources)."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = explicit.resolve() if explicit else None
        self._seen: dict[Path, Path | None] = {}

    def __call__(self, source: Path) -> Path | None:
        if self.explicit is not None:
            return self.explicit
        folder = source.parent
        if folder not in self._seen:
            self._seen[folder] = find_config(folder)
        return self._seen[folder]


def is_department_source(path: Path) -> bool:
    """True when a regular YAML file has a top-level ``部门:`` key (FIFOs, devices and folders are not)."""
    try:
        return _DEPARTMENT_KEY.search(read_regular(path, MAX_BYTES)) is not None
    except NotRegularFile:
        return False
    except OSError:
        return True  # too large or unreadable: let the loader report why


def _walk(folder: Path, skip: set[Path], issues: list[Issue]) -> Iterator[Path]:
    """Department sources below ``folder``; a link that leads out of it is reported, never read."""
    top = real(folder)
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and real(here / d) not in skip)
        for name in sorted(files):
            if name.endswith(SUFFIXES) and name != CONFIG_NAME and not name.startswith((".", "_")):
                path = here / name
                if path.is_symlink() and top not in real(path).parents:
                    msg = "这是一个指向本文件夹以外的链接，不会读取它指向的文件"
                    issues.append(error(E_PATH_OUTSIDE, Loc(shown_path(path), 1, 1), "", msg))
                elif is_department_source(path):
                    yield path


def find_sources(paths: Iterable[Path], skip: Iterable[Path] = ()) -> tuple[list[Path], list[Issue]]:
    """Every source named or found below the given folders, once each, in a stable order.

    Files named on the command line are always taken; in folders, only department
    sources are (hidden folders, ``_``-folders and ``skip`` folders such as the output are not searched).
    """
    skipped = {real(p) for p in skip}
    found: list[Path] = []
    issues: list[Issue] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            candidates = list(_walk(given, skipped, issues))
            if not candidates:
                msg = "这个文件夹里没有部门源文件（顶层写有“部门:”的 .yaml 文件）"
                issues.append(error(E_NO_SOURCES, Loc(str(given), 0, 0), "", msg))
        elif given.exists():
            candidates = [given]
        else:
            issues.append(error(E_FILE_READ, Loc(str(given), 0, 0), "", "找不到该文件或文件夹"))
            continue
        for path in candidates:
            key = real(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found, issues
