"""The build manifest: content hashes that decide which departments need rebuilding.

The manifest lives in the output folder as ``.budgetgen-manifest.json``. For
every source built it records the hash of each input that shaped the outputs
(the source, the county config, the prior-year source, the template-override
folder), which config applied, and for each output its size, modification
time, content hash and the *build* it belongs to (a hash of the whole set of
files written together). A department is unchanged when budgetgen itself
(version and shipped files), every recorded input and every output are as
recorded, and all its outputs come from the same build.

The manifest is data found in a folder anybody may write to, never a list of
orders: an output name that is not one plain file name of a known kind is
dropped with a warning (:attr:`Manifest.ignored`), and only a file whose
content still has the recorded hash is ever removed (:meth:`Manifest.removable`).

A department's files are renamed into place one after the other; just before,
the writer notes the department in a journal (``.budgetgen-journal``). A build
killed between two renames leaves the note behind, and the next run rebuilds
that department. A successful :meth:`Manifest.save` clears the journal.

This module is on the no-op path and imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from budgetgen import __version__
from budgetgen.atomic import TEMP_PREFIX, TEMP_SUFFIX, sweep_stale_temps
from budgetgen.issues import Issue, issue_from_dict
from budgetgen.journal import JOURNAL_NAME, Journal, key_of
from budgetgen.names import unsafe_reason
from budgetgen.safefile import read_regular, real

__all__ = ["JOURNAL_NAME", "MANIFEST_NAME", "Digests", "Entry", "Journal", "Manifest", "Output", "build_id", "key_of"]

MANIFEST_NAME = ".budgetgen-manifest.json"
FORMAT = 2
#: The only kinds of file the manifest may name as an output (and so the only ones budgetgen ever removes).
OUTPUT_SUFFIXES = (".docx", ".xlsx", ".pdf")
_SKIP_DIRS = {"__pycache__"}
_CHUNK = 1 << 20
#: A manifest may name any path as an input; hashing stops here (a planted ``/`` or disk image is
#: then simply "changed", and the department is rebuilt).
_MAX_HASHED = 256 * 1024 * 1024
_MAX_TREE_FILES = 5_000
#: The manifest and journal are read only if they are regular files below this size (a FIFO would block).
_MAX_MANIFEST = 64 * 1024 * 1024


def file_digest(path: Path) -> str | None:
    """The content hash of a regular file, ``None`` if it is missing, unreadable or not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):  # ValueError: a planted name with a NUL byte
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or /dev/zero would block or never end
            return None
        h, size = hashlib.sha256(), 0
        while chunk := os.read(fd, _CHUNK):
            h.update(chunk)
            size += len(chunk)
            if size > _MAX_HASHED:
                return None  # no input of a build is this large: treat as changed
        return h.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _files_below(folder: Path) -> list[Path] | None:
    """Every file below ``folder`` in a stable order; None past :data:`_MAX_TREE_FILES` files."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        out += [Path(root, f) for f in sorted(files) if not f.startswith(".") and not f.endswith(".pyc")]
        if len(out) > _MAX_TREE_FILES:
            return None
    return out


def tree_digest(folder: Path) -> str | None:
    """A hash of every file below ``folder`` and its relative name (None for a folder far too big)."""
    files = _files_below(folder) if folder.is_dir() else None
    if files is None:
        return None
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
        h.update(b"\0" + (file_digest(path) or "").encode() + b"\n")
    return h.hexdigest()


@cache
def tool_digest() -> str:
    """budgetgen's version plus every file it ships: code, templates, schemas and catalogs."""
    from budgetgen.resources import schemas_dir, templates_dir

    code = Path(__file__).resolve().parent
    parts = [__version__, *(tree_digest(p) or "-" for p in (code, templates_dir(), schemas_dir()))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def build_id(outputs: Mapping[str, bytes]) -> str:
    """The identity of one set of files written together: a hash of their names and contents."""
    h = hashlib.sha256()
    for name in sorted(outputs):
        h.update(name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(outputs[name]).digest())
    return h.hexdigest()[:16]


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
class Output:
    """One file a build wrote: size and mtime (to notice edits cheaply), content hash and build."""

    size: int
    mtime_ns: int
    sha256: str
    build: str


@dataclass
class Entry:
    """What one source's last successful build depended on and produced."""

    deps: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    config: str | None = None
    pinned: bool = False
    warnings: int = 0
    #: The warnings of that build (issue_to_dict form), shown again when the source is skipped.
    issues: list[dict[str, object]] = field(default_factory=list)


def output_stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time of an output, to notice edits and deletions."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None


def is_output_name(name: object) -> bool:
    """True for a plain file name of a kind budgetgen writes (never a path)."""
    return isinstance(name, str) and name.endswith(OUTPUT_SUFFIXES) and unsafe_reason(name) is None


def _entry(raw: Any, ignored: list[str]) -> Entry:
    """One entry read from JSON; outputs that are not plain output names are dropped and noted."""
    outputs = {}
    for name, out in dict(raw.pop("outputs", {})).items():
        if is_output_name(name):
            outputs[name] = Output(**out)
        else:
            ignored.append(str(name))
    deps = {str(k): str(v) for k, v in dict(raw.pop("deps", {})).items()}
    return Entry(deps=deps, outputs=outputs, **raw)


@dataclass
class Manifest:
    """All entries of one output folder, keyed by the source's absolute path."""

    out_dir: Path
    tool: str = field(default_factory=tool_digest)
    entries: dict[str, Entry] = field(default_factory=dict)
    #: Output names found in the manifest file that budgetgen would never write; ignored.
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The folder's manifest; an empty one if missing, unreadable or of another budgetgen.

        Departments noted in the journal (their files were being renamed when a
        build was killed) are left out, so they are rebuilt.
        """
        ignored: list[str] = []
        try:
            raw = json.loads(read_regular(out_dir / MANIFEST_NAME, _MAX_MANIFEST).decode("utf-8"))
            if raw.get("format") != FORMAT:
                return cls(out_dir, "")
            entries = {str(k): _entry(dict(v), ignored) for k, v in dict(raw["entries"]).items()}
            manifest = cls(out_dir, str(raw.get("tool", "")), entries, ignored)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(out_dir, "", ignored=ignored)
        for key in Journal(out_dir).interrupted():
            manifest.entries.pop(key, None)
        return manifest

    def is_fresh(self, source: Path, config: Path | None, digests: Digests, *, strict: bool = False) -> bool:
        """True when nothing that shaped this source's outputs has changed since they were written."""
        entry = self.entries.get(key_of(source))
        if entry is None or not entry.outputs or self.tool != tool_digest() or (strict and entry.warnings):
            return False
        if not entry.pinned and entry.config != (str(config) if config else None):
            return False
        if len({out.build for out in entry.outputs.values()}) != 1:
            return False  # the files are from different builds
        if any(digests.of(path) != digest for path, digest in entry.deps.items()):
            return False
        return all(output_stamp(self.out_dir / n) == (o.size, o.mtime_ns) for n, o in entry.outputs.items())

    def record(
        self,
        source: Path,
        deps: Iterable[Path],
        outputs: Mapping[str, bytes],
        entry: Entry,
        digests: Digests,
    ) -> None:
        """Remember a successful build of ``outputs`` (already renamed into place)."""
        for path in (source, *deps):
            digest = digests.of(str(real(path)))
            if digest is not None:
                entry.deps[str(real(path))] = digest
        build = build_id(outputs)
        for name, data in outputs.items():
            stamp = output_stamp(self.out_dir / name)
            if stamp is not None:
                entry.outputs[name] = Output(*stamp, hashlib.sha256(data).hexdigest(), build)
        self.entries[key_of(source)] = entry

    def warnings_of(self, source: Path) -> list[Issue]:
        """The warnings recorded with ``source``'s last build (it is skipped, they still hold)."""
        entry = self.entries.get(key_of(source))
        try:
            return [issue_from_dict(d) for d in entry.issues] if entry else []
        except (KeyError, ValueError, TypeError):  # a manifest edited by hand: no warnings to repeat
            return []

    def outputs_of(self, source: Path) -> Mapping[str, Output]:
        """The outputs last recorded for ``source``."""
        entry = self.entries.get(key_of(source))
        return entry.outputs if entry else {}

    def removable(self, name: str, recorded: Output) -> bool:
        """True when ``name`` is a file budgetgen wrote and nobody changed since: safe to delete."""
        if not is_output_name(name):
            return False
        path = self.out_dir / name
        if real(path).parent != real(self.out_dir):
            return False
        return file_digest(path) == recorded.sha256 and not path.is_symlink()

    def exists(self) -> bool:
        """True when the manifest file is on disk."""
        return (self.out_dir / MANIFEST_NAME).is_file()

    def save(self) -> None:
        """Write the manifest atomically and clear the journal; rebuilds are never blocked by a failure here."""
        entries = {k: asdict(v) for k, v in sorted(self.entries.items())}
        data = {"format": FORMAT, "tool": tool_digest(), "entries": entries}
        target = self.out_dir / MANIFEST_NAME
        tmp: Path | None = None
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            sweep_stale_temps(self.out_dir)
            fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}manifest-", suffix=TEMP_SUFFIX, dir=self.out_dir)
            tmp = Path(name)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                # ASCII escapes keep a source path that is not valid UTF-8 (a GBK name) round-tripping.
                fh.write(json.dumps(data, ensure_ascii=True, indent=1))
            os.replace(tmp, target)
            Journal(self.out_dir).clear()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, TypeError):
                tmp.unlink()  # type: ignore[union-attr]
