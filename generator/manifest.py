"""The build manifest: content hashes that decide which departments need rebuilding.

The manifest lives in the output folder as ``.budgetgen-manifest.json``. For
every source built it records the hash of each input that shaped the outputs
(the source, the county config, the prior-year source, the template-override
folder), which config applied, and the size and modification time of each
output. A department is unchanged when budgetgen itself (version and shipped
files), every recorded input and every output are as recorded. This module is
on the no-op path and imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from budgetgen import __version__
from budgetgen.issues import Issue, issue_from_dict

MANIFEST_NAME = ".budgetgen-manifest.json"
FORMAT = 1
_SKIP_DIRS = {"__pycache__"}


def file_digest(path: Path) -> str | None:
    """The content hash of a file, ``None`` if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _files_below(folder: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        out += [Path(root, f) for f in sorted(files) if not f.startswith(".") and not f.endswith(".pyc")]
    return out


def tree_digest(folder: Path) -> str | None:
    """A hash of every file below ``folder`` and its relative name."""
    if not folder.is_dir():
        return None
    h = hashlib.sha256()
    for path in _files_below(folder):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(b"\0" + (file_digest(path) or "").encode() + b"\n")
    return h.hexdigest()


@cache
def tool_digest() -> str:
    """budgetgen's version plus every file it ships: code, templates, schemas and catalogs."""
    from budgetgen.resources import schemas_dir, templates_dir

    code = Path(__file__).resolve().parent
    parts = [__version__, *(tree_digest(p) or "-" for p in (code, templates_dir(), schemas_dir()))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class Digests:
    """Hashes of files and folders, each computed once per run."""

    def __init__(self) -> None:
        self._memo: dict[str, str | None] = {}

    def of(self, key: str) -> str | None:
        """The digest of the file or folder at absolute path ``key``."""
        if key not in self._memo:
            path = Path(key)
            self._memo[key] = tree_digest(path) if path.is_dir() else file_digest(path)
        return self._memo[key]


@dataclass
class Entry:
    """What one source's last successful build depended on and produced."""

    deps: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, list[int]] = field(default_factory=dict)
    config: str | None = None
    pinned: bool = False
    warnings: int = 0
    #: The warnings of that build (issue_to_dict form), shown again when the source is skipped.
    issues: list[dict[str, object]] = field(default_factory=list)


def output_stamp(path: Path) -> list[int] | None:
    """Size and modification time of an output, to notice edits and deletions."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


@dataclass
class Manifest:
    """All entries of one output folder, keyed by the source's absolute path."""

    out_dir: Path
    tool: str = field(default_factory=tool_digest)
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The folder's manifest; an empty one if missing, unreadable or of another budgetgen."""
        try:
            raw = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
            entries = {k: Entry(**v) for k, v in raw["entries"].items()} if raw.get("format") == FORMAT else {}
            return cls(out_dir, str(raw.get("tool", "")), entries)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(out_dir, "")

    def is_fresh(self, source: Path, config: Path | None, digests: Digests, *, strict: bool = False) -> bool:
        """True when nothing that shaped this source's outputs has changed since they were written."""
        entry = self.entries.get(key_of(source))
        if entry is None or self.tool != tool_digest() or (strict and entry.warnings):
            return False
        if not entry.pinned and entry.config != (str(config) if config else None):
            return False
        if any(digests.of(path) != digest for path, digest in entry.deps.items()):
            return False
        return all(output_stamp(self.out_dir / name) == stamp for name, stamp in entry.outputs.items())

    def record(
        self, source: Path, deps: Iterable[Path], outputs: Iterable[Path], entry: Entry, digests: Digests
    ) -> None:
        """Remember a successful build; hash the source before building (``digests`` remembers)."""
        for path in (source, *deps):
            digest = digests.of(str(path.resolve()))
            if digest is not None:
                entry.deps[str(path.resolve())] = digest
        entry.outputs.update({p.name: s for p in outputs if (s := output_stamp(p)) is not None})
        self.entries[key_of(source)] = entry

    def warnings_of(self, source: Path) -> list[Issue]:
        """The warnings recorded with ``source``'s last build (it is skipped, they still hold)."""
        entry = self.entries.get(key_of(source))
        return [issue_from_dict(d) for d in entry.issues] if entry else []

    def outputs_of(self, source: Path) -> Mapping[str, list[int]]:
        """The outputs last recorded for ``source``."""
        entry = self.entries.get(key_of(source))
        return entry.outputs if entry else {}

    def exists(self) -> bool:
        """True when the manifest file is on disk."""
        return (self.out_dir / MANIFEST_NAME).is_file()

    def save(self) -> None:
        """Write the manifest atomically; rebuilds are never blocked by a failure here."""
        entries = {k: asdict(v) for k, v in sorted(self.entries.items())}
        data = {"format": FORMAT, "tool": tool_digest(), "entries": entries}
        target = self.out_dir / MANIFEST_NAME
        tmp = target.with_name(f".{MANIFEST_NAME}.{os.getpid()}.tmp")
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)


def key_of(source: Path) -> str:
    """The manifest key of a source: its absolute path."""
    return str(source.resolve())


def file_or_tree(path: Path) -> str | None:
    """The digest of a file or a folder."""
    return tree_digest(path) if path.is_dir() else file_digest(path)
