"""The build pipeline: load → schema → derive → checks → render → atomic write.

Each stage returns a value and issues; if any error exists (or any warning
under ``strict``), nothing is written. Outputs are rendered in memory, written
to temporary files beside their targets, and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budgetgen import checks, compose, schema, source
from budgetgen.catalog import load_catalog
from budgetgen.derive import PriorFacts
from budgetgen.issues import Issue, error, has_errors
from budgetgen.model import Budget
from budgetgen.resources import templates_dir

DEFAULT_PROFILE = "hunan-county"


@dataclass(frozen=True)
class Settings:
    """How to build: the profile and any county template overrides."""

    profile: str = DEFAULT_PROFILE
    override_dirs: tuple[Path, ...] = ()
    empty_note: str = "本单位无此项"
    glossary: tuple[tuple[str, str], ...] = ()

    def template_dirs(self) -> tuple[Path, ...]:
        """Override folders first, then the shipped profile."""
        return (*self.override_dirs, templates_dir() / self.profile)


@dataclass(frozen=True)
class Checked:
    """The result of checking one source."""

    path: Path
    budget: Budget | None
    issues: list[Issue] = field(default_factory=list)


def _display(path: Path) -> str:
    return str(path)


def _prior(doc: source.SourceDoc, path: Path, settings: Settings) -> tuple[PriorFacts | None, list[Issue]]:
    block = doc.data.get("上年") or {}
    ref = block.get("文件")
    if not ref:
        return compose.prior_from_source(doc.data), []
    prior_path = (path.parent / str(ref)).resolve()
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
    return compose.prior_from_budget(checked.budget), []


def check_file(path: Path, settings: Settings | None = None, *, with_prior: bool = True) -> Checked:
    """Load, validate, derive and check one source; never raises on bad input."""
    settings = settings or Settings()
    doc, issues = source.load_file(path, _display(path))
    if doc is None:
        return Checked(path, None, issues)
    issues += schema.validate(doc)
    if has_errors(issues):
        return Checked(path, None, issues)
    prior, prior_issues = _prior(doc, path, settings) if with_prior else (None, [])
    issues += prior_issues
    catalog = load_catalog(int(doc.data["部门"]["预算年度"]))
    budget = compose.build_budget(doc, catalog, prior, settings.glossary)
    issues += checks.run(budget, doc, catalog)
    return Checked(path, budget, issues)


def output_names(budget: Budget) -> tuple[str, str]:
    """``{部门全称}{年度}年部门预算说明.docx`` and ``…部门预算公开表.xlsx``."""
    stem = f"{budget.department.name}{budget.department.year}年"
    return f"{stem}部门预算说明.docx", f"{stem}部门预算公开表.xlsx"


def render(budget: Budget, settings: Settings) -> dict[str, bytes]:
    """Both publications of ``budget``, in memory."""
    from budgetgen.render import docx, narrative, xlsx
    from budgetgen.render.env import make_env
    from budgetgen.tables.spec import load_tables

    dirs = settings.template_dirs()
    tables = load_tables([d / "tables" for d in dirs])
    blocks = narrative.render_blocks(make_env(dirs), budget, table_count=len(tables))
    dep = budget.department
    docx_name, xlsx_name = output_names(budget)
    return {
        docx_name: docx.render_docx(
            blocks, title=f"{dep.name}{dep.year}年部门预算说明", author=dep.name, when=dep.date
        ),
        xlsx_name: xlsx.render_xlsx(budget, tables, empty_note=settings.empty_note),
    }


def write_atomic(out_dir: Path, outputs: Mapping[str, bytes]) -> list[Path]:
    """Write every output to a temp file first, then rename all into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in outputs.items():
            fd, tmp = tempfile.mkstemp(prefix=".budgetgen-", suffix=".tmp", dir=out_dir)
            staged.append((tmp, out_dir / name))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
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
    settings = settings or Settings()
    checked = check_file(path, settings)
    if checked.budget is None or has_errors(checked.issues, strict=strict):
        return Built(checked, ())
    outputs = render(checked.budget, settings)
    return Built(checked, tuple(write_atomic(out_dir, outputs)))


def issues_of(results: Sequence[Checked]) -> list[Issue]:
    """All issues of several results, in order."""
    return [i for r in results for i in r.issues]
