"""The build pipeline: load → config → schema → derive → checks → render → atomic write.

Each stage returns a value and issues; if any error exists (or any warning
under ``strict``), nothing is written. Outputs are rendered in memory, written
to temporary files beside their targets, and renamed into place. The county
config (:mod:`budgetgen.config`) is merged into the source before the schema
sees it, so inherited values are validated, and located, like typed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetgen import checks, compose, config, definitions, limits, requirements, schema, source
from budgetgen import prior as last_year
from budgetgen.atomic import STALE_TEMP_SECONDS, sweep_stale_temps, write_atomic
from budgetgen.catalog import Catalog, catalog_issues, load_catalog
from budgetgen.codes import E_PRIOR_INVALID, E_TEMPLATE
from budgetgen.config import DEFAULT_PROFILE, Settings
from budgetgen.definitions import Definitions
from budgetgen.derive import PriorFacts
from budgetgen.discover import repository_roots
from budgetgen.filecache import cached, cached_files, folder_stamp
from budgetgen.issues import Issue, Loc, error, has_errors
from budgetgen.model import Budget
from budgetgen.profile import Profile, shipped_profile

__all__ = [
    "DEFAULT_PROFILE",
    "STALE_TEMP_SECONDS",
    "Built",
    "Checked",
    "Settings",
    "build_file",
    "build_outputs",
    "check_file",
    "output_names",
    "render",
    "sweep_stale_temps",
    "write_atomic",
]


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


_PRIOR_KEY = ("上年", "文件")


def _prior(
    doc: source.SourceDoc, path: Path, settings: Settings, county: Path | None
) -> tuple[PriorFacts | None, Path | None, list[Issue]]:
    """Prior-year facts: from ``上年`` figures, or from the prior source it names (inside the repository)."""
    roots = repository_roots(path, county)
    prior_path, issues = config.referenced_file(doc, path, _PRIOR_KEY, roots)
    if issues:
        return None, None, issues
    if prior_path is None:
        return last_year.prior_from_source(doc.data), None, []
    checked = check_file(prior_path, settings, with_prior=False)
    if checked.budget is None:
        ref = str(doc.data["上年"]["文件"])[:80]
        msg = f"上年源文件“{ref}”有错误，无法计算比较数"
        return None, prior_path, [*checked.issues, error(E_PRIOR_INVALID, doc.loc(_PRIOR_KEY), "上年.文件", msg)]
    return last_year.prior_from_budget(checked.budget), prior_path, []


def _settings(
    doc: source.SourceDoc, path: Path, settings: Settings | None
) -> tuple[Settings | None, list[Issue], tuple[Path, ...]]:
    """The county's settings (given, or the nearest budgetgen.yaml), narrowed by the source's own ``配置``.

    Returns the settings, issues and the config files they came from.
    """
    county, issues = (settings, []) if settings is not None else config.settings_for(path)
    if county is None:
        return None, issues, ()
    files = () if county.config_path is None else (county.config_path,)
    pinned, issues = config.pinned_config(doc, path, county.config_path)
    if issues:
        return None, issues, files
    if pinned is None or pinned == county.config_path:
        return county, [], files
    own, issues = config.load_settings(pinned, trusted=False)
    if own is None:
        return None, issues, files
    used, warnings = config.narrowed(county, own)
    return used, warnings, (*files, pinned)


def check_file(
    path: Path,
    settings: Settings | None = None,
    *,
    with_prior: bool = True,
    loaded: tuple[source.SourceDoc | None, list[Issue]] | None = None,
) -> Checked:
    """Load, validate, derive and check one source; never raises on bad input.

    Without ``settings`` the nearest ``budgetgen.yaml`` above ``path`` is used.
    ``loaded`` is the source already read (e.g. from a Git revision): it is checked
    as if it were the file at ``path``, whose folder decides the config and ``上年.文件``.
    """
    doc, issues = source.load_file(path, _display(path)) if loaded is None else (loaded[0], list(loaded[1]))
    if doc is None:
        return Checked(path, None, issues)
    used, config_issues, deps = _settings(doc, path, settings)
    issues += config_issues
    if used is None:
        return Checked(path, None, issues)
    doc = config.inherit(doc, used.defaults)
    issues += schema.validate(doc)
    if has_errors(issues):
        return Checked(path, None, issues, deps, used)
    county = settings.config_path if settings is not None else used.config_path
    prior, prior_path, prior_issues = _prior(doc, path, used, county) if with_prior else (None, None, [])
    deps += () if prior_path is None else (prior_path,)
    issues += prior_issues
    if has_errors(prior_issues):
        return Checked(path, None, issues, deps, used)
    fmt, catalog, setup_issues = _profile_and_catalog(doc, used)
    defs, def_issues = _definitions(used, fmt)
    if fmt is None or catalog is None or defs is None:
        return Checked(path, None, [*issues, *setup_issues, *def_issues], deps, used)
    issues += setup_issues
    budget = compose.build_budget(doc, catalog, prior, used.glossary, fmt, defs=defs)
    issues += checks.run(budget, doc, catalog)
    issues += requirements.check(budget, doc)
    issues += limits.output_issues(budget, doc)
    return Checked(path, budget, issues, deps, used)


output_names = limits.output_names


def _profile_and_catalog(doc: Any, used: Settings) -> tuple[Profile | None, Catalog | None, list[Issue]]:
    """The profile the county uses and the budget year's catalog (with the source's 补充科目), and their issues."""
    fmt, profile_issues = shipped_profile(used.profile)
    if fmt is None:
        return None, None, list(profile_issues)
    catalog = load_catalog(int(doc.data["部门"]["预算年度"]), used.override_dirs)
    catalog = catalog.with_source_items(doc.data.get("补充科目"))
    return fmt, catalog, catalog_issues(catalog)


def _definitions(used: Settings, fmt: Profile | None) -> tuple[Definitions | None, list[Issue]]:
    """The profile's declared definitions with the county's ``口径`` applied, or the issues that stop them."""
    if fmt is None:
        return None, []
    if used.definitions is not None:
        return used.definitions, []
    dirs = used.template_dirs()
    files = tuple(d / definitions.FILE_NAME for d in dirs)  # one stat a folder, not a walk of the templates
    defs, issues = cached_files((f"definitions:{fmt.name}", files), lambda: _loaded(dirs, fmt), also=fmt)
    return defs, list(issues)


def _loaded(dirs: tuple[Path, ...], fmt: Profile) -> tuple[Definitions | None, tuple[Issue, ...]]:
    defs, issues = definitions.load(dirs, fmt)
    return defs, tuple(issues)


def render(budget: Budget, settings: Settings) -> dict[str, bytes]:
    """Both publications of ``budget``, in memory (raises on a broken template or spec)."""
    from budgetgen.render import docx, narrative, xlsx
    from budgetgen.render.env import make_env
    from budgetgen.tables.rename import apply_names
    from budgetgen.tables.spec import load_tables

    dirs = settings.template_dirs()
    stamp = folder_stamp(dirs)  # once for both caches: walking the templates costs as much as reading a small file
    tables = cached(("tables", dirs), lambda: load_tables([d / "tables" for d in dirs], budget.profile), stamp)
    tables, issues = apply_names(tables, settings.tables, budget.profile.current_wording)
    if issues:
        raise LocalNamesError(issues)
    env = cached(("env", dirs), lambda: make_env(dirs), stamp)  # compiled in memory only, never from a disk cache
    dep = budget.department
    title = (settings.title or budget.profile.outputs["narrative_title"]).replace("{部门}", dep.name)
    title = title.replace("{年度}", str(dep.year))
    catalog = load_catalog(dep.year, settings.override_dirs)
    blocks = narrative.render_blocks(env, budget, table_count=len(tables), title=title, catalog=catalog)
    docx_name, xlsx_name = output_names(budget)
    return {
        docx_name: docx.render_docx(
            blocks,
            title=title,
            author=dep.name,
            when=dep.date,
        ),
        xlsx_name: xlsx.render_xlsx(budget, tables, empty_note=settings.empty_note, catalog=catalog),
    }


class LocalNamesError(Exception):
    """The county's local table names (``表格``) do not fit the profile's tables."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues


def render_checked(budget: Budget, settings: Settings) -> tuple[dict[str, bytes] | None, list[Issue]]:
    """:func:`render`, with a broken template or table spec reported as a located issue."""
    import jinja2

    from budgetgen import overrides
    from budgetgen.render.narrative import TemplateError
    from budgetgen.tables.spec import SpecError

    try:
        return render(budget, settings), []
    except LocalNamesError as exc:
        return None, exc.issues
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError, RecursionError) as exc:
        return None, [overrides.template_issue(exc)]
    except TemplateError as exc:
        where = next(d / "narrative.txt.j2" for d in settings.template_dirs() if (d / "narrative.txt.j2").is_file())
        return None, [error(E_TEMPLATE, config_loc(where), "", str(exc))]
    except SpecError as exc:
        return None, [overrides.spec_issue(exc, [d / "tables" for d in settings.template_dirs()])]


def config_loc(path: Path) -> Loc:
    """The location of a whole file."""
    return Loc(config.shown_path(path), 0, 0)


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
