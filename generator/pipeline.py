"""The build pipeline: load → config → schema → derive → checks → render → atomic write.

Each stage returns a value and issues; if any error exists (or any warning
under ``strict``), nothing is written. Outputs are rendered in memory, written
to temporary files beside their targets, and renamed into place. The county
config (:mod:`budgetgen.config`) is merged into the source before the schema
sees it, so inherited values are validated, and located, like typed ones.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from budgetgen import checks, compose, config, definitions, schema, source
from budgetgen import prior as last_year
from budgetgen.catalog import load_catalog
from budgetgen.config import DEFAULT_PROFILE, Settings
from budgetgen.derive import PriorFacts
from budgetgen.issues import Issue, Loc, error, has_errors
from budgetgen.model import Budget
from budgetgen.profile import shipped_profile

__all__ = ["DEFAULT_PROFILE", "Built", "Checked", "Settings", "build_file", "check_file", "render", "write_atomic"]


@dataclass(frozen=True)
class Checked:
    """The result of checking one source."""

    path: Path
    budget: Budget | None
    issues: list[Issue] = field(default_factory=list)
    #: Files besides the source that the result depends on: the config and the prior-year source.
    deps: tuple[Path, ...] = ()
    settings: Settings = field(default_factory=Settings)


def _display(path: Path) -> str:
    return config.shown_path(path)


def _prior_path(doc: source.SourceDoc, path: Path) -> Path | None:
    ref = (doc.data.get("上年") or {}).get("文件")
    return (path.parent / str(ref)).resolve() if ref else None


def _prior(doc: source.SourceDoc, path: Path, settings: Settings) -> tuple[PriorFacts | None, list[Issue]]:
    ref = (doc.data.get("上年") or {}).get("文件")
    prior_path = _prior_path(doc, path)
    if prior_path is None:
        return last_year.prior_from_source(doc.data), []
    if not prior_path.is_file():
        loc = doc.loc(("上年", "文件"))
        return None, [error("E-PRIOR-MISSING", loc, "上年.文件", f"找不到上年源文件“{ref}”")]
    checked = check_file(prior_path, settings, with_prior=False)
    if checked.budget is None:
        loc = doc.loc(("上年", "文件"))
        return None, [
            *checked.issues,
            error("E-PRIOR-INVALID", loc, "上年.文件", f"上年源文件“{ref}”有错误，无法计算比较数"),
        ]
    return last_year.prior_from_budget(checked.budget), []


def _settings(doc: source.SourceDoc, path: Path, settings: Settings | None) -> tuple[Settings | None, list[Issue]]:
    """The source's own ``配置`` wins, then the given settings, then the nearest budgetgen.yaml."""
    pinned, issues = config.pinned_config(doc, path)
    if issues:
        return None, issues
    if pinned is not None:
        return config.load_settings(pinned)
    return (settings, []) if settings is not None else config.settings_for(path)


def check_file(path: Path, settings: Settings | None = None, *, with_prior: bool = True) -> Checked:
    """Load, validate, derive and check one source; never raises on bad input.

    Without ``settings`` the nearest ``budgetgen.yaml`` above ``path`` is used.
    """
    doc, issues = source.load_file(path, _display(path))
    if doc is None:
        return Checked(path, None, issues)
    used, config_issues = _settings(doc, path, settings)
    if used is None:
        return Checked(path, None, issues + config_issues)
    doc = config.inherit(doc, used.defaults)
    deps: tuple[Path, ...] = () if used.config_path is None else (used.config_path,)
    issues += schema.validate(doc)
    if has_errors(issues):
        return Checked(path, None, issues, deps, used)
    prior, prior_issues = _prior(doc, path, used) if with_prior else (None, [])
    prior_path = _prior_path(doc, path) if with_prior else None
    deps += () if prior_path is None else (prior_path,)
    issues += prior_issues
    fmt, profile_issues = shipped_profile(used.profile)
    if fmt is None:
        return Checked(path, None, issues + list(profile_issues), deps, used)
    defs, def_issues = (used.definitions, []) if used.definitions else definitions.load(used.template_dirs(), fmt)
    if defs is None:
        return Checked(path, None, issues + def_issues, deps, used)
    catalog = load_catalog(int(doc.data["部门"]["预算年度"]), used.override_dirs)
    budget = compose.build_budget(doc, catalog, prior, used.glossary, fmt, defs=defs)
    issues += checks.run(budget, doc, catalog)
    return Checked(path, budget, issues, deps, used)


def output_names(budget: Budget) -> tuple[str, str]:
    """The narrative's and the workbook's file names, from the profile's patterns."""
    dep, fmt = budget.department, budget.profile
    return fmt.output_name("narrative", dep.name, dep.year), fmt.output_name("workbook", dep.name, dep.year)


_T = TypeVar("_T")
_CACHE: dict[tuple[str, tuple[Path, ...]], tuple[tuple[tuple[str, int, int], ...], Any]] = {}


def _stamp(dirs: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every template and spec file, to notice any edit."""
    out = []
    for folder in dirs:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            st = path.stat()
            out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _cached(key: tuple[str, tuple[Path, ...]], make: Callable[[], _T]) -> _T:
    """Table specs and the Jinja environment, loaded once per process while their files are unchanged.

    A batch worker renders many departments; parsing the specs and compiling the
    templates again for each one would cost more than rendering.
    """
    stamp = _stamp(key[1])
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return cast(_T, hit[1])
    value = make()
    _CACHE[key] = (stamp, value)
    return value


def _with_cache(env: Any) -> Any:
    """Keep compiled templates on disk between runs (see :mod:`budgetgen.tplcache`)."""
    from budgetgen.tplcache import bytecode_cache

    env.bytecode_cache = bytecode_cache()
    return env


def render(budget: Budget, settings: Settings) -> dict[str, bytes]:
    """Both publications of ``budget``, in memory (raises on a broken template or spec)."""
    from budgetgen.render import docx, narrative, xlsx
    from budgetgen.render.env import make_env
    from budgetgen.tables.spec import load_tables

    dirs = settings.template_dirs()
    tables = _cached(("tables", dirs), lambda: load_tables([d / "tables" for d in dirs]))
    env = _cached(("env", dirs), lambda: _with_cache(make_env(dirs)))
    blocks = narrative.render_blocks(env, budget, table_count=len(tables))
    dep = budget.department
    docx_name, xlsx_name = output_names(budget)
    return {
        docx_name: docx.render_docx(
            blocks,
            title=budget.profile.output_name("narrative_title", dep.name, dep.year),
            author=dep.name,
            when=dep.date,
        ),
        xlsx_name: xlsx.render_xlsx(budget, tables, empty_note=settings.empty_note),
    }


def render_checked(budget: Budget, settings: Settings) -> tuple[dict[str, bytes] | None, list[Issue]]:
    """:func:`render`, with a broken template or table spec reported as a located issue."""
    import jinja2

    from budgetgen import overrides
    from budgetgen.render.narrative import TemplateError
    from budgetgen.tables.spec import SpecError

    try:
        return render(budget, settings), []
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError) as exc:
        return None, [overrides.template_issue(exc)]
    except TemplateError as exc:
        where = next(d / "narrative.txt.j2" for d in settings.template_dirs() if (d / "narrative.txt.j2").is_file())
        return None, [error("E-TEMPLATE", config_loc(where), "", str(exc))]
    except SpecError as exc:
        return None, [overrides.spec_issue(exc, [d / "tables" for d in settings.template_dirs()])]


def config_loc(path: Path) -> Loc:
    """The location of a whole file."""
    return Loc(config.shown_path(path), 0, 0)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


#: A temp file this old was left by a killed build (a live one renames its files within seconds).
STALE_TEMP_SECONDS = 3600


def sweep_stale_temps(out_dir: Path, now: float | None = None) -> list[Path]:
    """Remove ``.budgetgen-*.tmp`` files that a killed build left behind."""
    now = time.time() if now is None else now
    removed = []
    for tmp in out_dir.glob(".budgetgen-*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                tmp.unlink()
                removed.append(tmp)
    return removed


def write_atomic(out_dir: Path, outputs: Mapping[str, bytes]) -> list[Path]:
    """Write every output to a temp file first, then rename all into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sweep_stale_temps(out_dir)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in outputs.items():
            fd, tmp = tempfile.mkstemp(prefix=".budgetgen-", suffix=".tmp", dir=out_dir)
            staged.append((tmp, out_dir / name))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if hasattr(os, "fchmod"):  # mkstemp makes 0600; publications are ordinary files
                    os.fchmod(fh.fileno(), _FILE_MODE)
                os.fsync(fh.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [target for _, target in staged]


@dataclass(frozen=True)
class Built:
    """The result of building one source."""

    checked: Checked
    written: tuple[Path, ...]


def build_file(path: Path, out_dir: Path, settings: Settings | None = None, *, strict: bool = False) -> Built:
    """Check one source and, if it has no blocking issue, write both publications."""
    checked, outputs = build_outputs(path, settings, strict=strict)
    if outputs is None:
        return Built(checked, ())
    return Built(checked, tuple(write_atomic(out_dir, outputs)))


def build_outputs(
    path: Path, settings: Settings | None = None, *, strict: bool = False
) -> tuple[Checked, dict[str, bytes] | None]:
    """Check and render one source in memory; outputs are None when anything blocks."""
    checked = check_file(path, settings)
    if checked.budget is None or has_errors(checked.issues, strict=strict):
        return checked, None
    outputs, issues = render_checked(checked.budget, checked.settings)
    checked.issues.extend(issues)
    return checked, outputs


def issues_of(results: Sequence[Checked]) -> list[Issue]:
    """All issues of several results, in order."""
    return [i for r in results for i in r.issues]
