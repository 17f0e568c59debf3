"""Write the county website (:mod:`budgetgen.site`) into ``OUTDIR/site/`` after a publish batch.

The site shows every department of the run, so it is written only when none
failed: a department that fails keeps its earlier files, and the site keeps
its earlier pages rather than dropping that department from the index. The
departments are checked again in this process (the batch workers return files,
not models); that is cheap next to rendering.

Incremental like the departments: ``.budgetgen-site.json`` in OUTDIR records
budgetgen's version, the departments and the size and time of every site file.
When no department was rebuilt, the same departments are published and no site
file was touched, nothing is done. Otherwise the site is built in memory and
only files whose bytes changed are written (atomically); files the previous
run wrote and this one does not are removed, and nothing else ever is.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from budgetgen.atomic import TEMP_PREFIX, TEMP_SUFFIX
from budgetgen.batch import Outcome, Report, Status
from budgetgen.codes import E_OUTPUT_WRITE
from budgetgen.discover import ConfigFinder, shown_path
from budgetgen.issues import Issue, Loc, error
from budgetgen.manifest import Manifest, key_of, output_stamp, tool_digest
from budgetgen.safefile import is_inside, read_regular

if TYPE_CHECKING:
    from budgetgen.config import Settings
    from budgetgen.site import SiteDepartment

SITE_MANIFEST = ".budgetgen-site.json"
_FORMAT = 1
_MAX_MANIFEST = 16 * 1024 * 1024


@dataclass
class SiteResult:
    """What happened to the site: files written, files removed, why it was skipped, problems."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    skipped: str = ""
    issues: list[Issue] = field(default_factory=list)


def _load(out_dir: Path) -> dict[str, object]:
    try:
        raw = json.loads(read_regular(out_dir / SITE_MANIFEST, _MAX_MANIFEST).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) and raw.get("format") == _FORMAT else {}


def _stamps(site_dir: Path, names: Sequence[str]) -> dict[str, list[int] | None]:
    """Size and time of each file, as lists (what JSON gives back)."""
    return {name: list(stamp) if (stamp := output_stamp(site_dir / name)) else None for name in names}


def _same(path: Path, data: bytes) -> bool:
    """``path`` is a regular file holding ``data`` (a FIFO or a huge file planted there is not)."""
    try:
        return read_regular(path, len(data)) == data
    except OSError:
        return False


def _unchanged(old: Mapping[str, object], sources: list[str], site_dir: Path) -> bool:
    files = old.get("files")
    if old.get("tool") != tool_digest() or old.get("sources") != sources or not isinstance(files, dict):
        return False
    return bool(files) and _stamps(site_dir, list(files)) == files


def _departments(
    outcomes: Sequence[Outcome], out_dir: Path, config: Path | None
) -> tuple[list[SiteDepartment], list[Issue]]:
    """Each department as the site API wants it, with the names of its files in OUTDIR."""
    from budgetgen import pipeline
    from budgetgen.config import load_settings
    from budgetgen.site import prepare

    manifest = Manifest.load(out_dir)
    finder = ConfigFinder(config)
    settings: dict[Path | None, Settings | None] = {}
    deps: list[SiteDepartment] = []
    issues: list[Issue] = []
    for outcome in outcomes:
        cfg = finder(outcome.source)
        if cfg not in settings:
            settings[cfg] = load_settings(cfg)[0] if cfg is not None else None
        checked = pipeline.check_file(outcome.source, settings[cfg])
        if checked.budget is None:  # changed between the batch and now
            issues += [i for i in checked.issues if i.is_error]
            continue
        files = sorted(manifest.outputs_of(outcome.source))
        deps.append(prepare(checked.budget, checked.settings, files=files))
    return deps, issues


def _write(site_dir: Path, files: Mapping[str, bytes], old_names: Sequence[str]) -> tuple[list[Path], list[Path]]:
    from budgetgen.pipeline import write_atomic

    by_folder: dict[Path, dict[str, bytes]] = {}
    for name, data in files.items():
        target = site_dir / name
        if not _same(target, data):  # written folder by folder: a target name is a plain file name, never a path
            by_folder.setdefault(target.parent, {})[target.name] = data
    for folder in by_folder:  # site/data linked to a folder elsewhere must not carry the writes out of OUTDIR
        if not is_inside(folder, (site_dir.parent,)):
            raise OSError(f"“{shown_path(folder)}”指向输出目录以外")
    written = [path for folder, group in sorted(by_folder.items()) for path in write_atomic(folder, group)]
    removed = []
    for name in sorted(set(old_names) - set(files)):
        path = site_dir / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return written, removed


def _save(out_dir: Path, sources: list[str], site_dir: Path, names: Sequence[str]) -> None:
    """Write the site manifest through a fresh temp file (never through a name planted in OUTDIR)."""
    data = {"format": _FORMAT, "tool": tool_digest(), "sources": sources, "files": _stamps(site_dir, sorted(names))}
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}site-", suffix=TEMP_SUFFIX, dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(json.dumps(data, ensure_ascii=True, indent=1))
        os.replace(name, out_dir / SITE_MANIFEST)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def publish_site(report: Report, out_dir: Path, config: Path | None = None, *, force: bool = False) -> SiteResult:
    """Bring ``out_dir/site/`` up to date with the departments of ``report``."""
    from budgetgen.site import SITE_DIR, build_site

    result = SiteResult()
    failed = report.with_status(Status.FAILED)
    ok = [o for o in report.outcomes if o.status in (Status.BUILT, Status.UNCHANGED)]
    if failed or report.general:
        result.skipped = f"有 {len(failed)} 个部门未生成，网站未更新（原有网站保持不变）"
        return result
    if not ok:
        result.skipped = "没有可发布的部门，网站未生成"
        return result
    site_dir = out_dir / SITE_DIR
    sources = sorted(key_of(o.source) for o in ok)
    old = _load(out_dir)
    if not force and not report.with_status(Status.BUILT) and _unchanged(old, sources, site_dir):
        result.skipped = "网站没有变化，未重新生成"
        return result
    deps, result.issues = _departments(ok, out_dir, config)
    if result.issues:
        result.skipped = "源文件在生成过程中被修改，网站未更新"
        return result
    files = build_site(deps)
    old_files = old.get("files")
    old_names = list(old_files) if isinstance(old_files, dict) else []
    try:
        result.written, result.removed = _write(site_dir, files, old_names)
        _save(out_dir, sources, site_dir, list(files))
    except (OSError, ValueError) as exc:  # ValueError: atomic.UnsafeTarget
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        msg = f"无法写入网站目录“{shown_path(site_dir)}”：{reason}；网站未更新完整，请重新运行"
        result.issues.append(error(E_OUTPUT_WRITE, Loc(shown_path(site_dir), 0, 0), "", msg))
    return result
