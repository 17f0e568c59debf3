"""The county budget website and its open data, as files in memory.

Stable API (``budgetgen publish`` calls it; keep it backwards compatible)::

    from budgetgen.site import SITE_DIR, SiteDepartment, build_site, prepare

    deps = [prepare(budget, settings, files=names) for budget, settings, names in built]
    files = build_site(deps)            # {"index.html": b"...", "702-2020.html": ..., ...}
    for rel, data in files.items():     # write each under OUTDIR / SITE_DIR / rel

* :class:`SiteDepartment` is one built department: the realized model, the
  narrative blocks the .docx is written from, the table layouts (``Sheet``) the
  .xlsx is written from, and the names of its published files (.docx, .xlsx,
  .pdf …) as they lie in OUTDIR, the folder that holds ``site/``. Pages link to
  them as ``../<name>``, so OUTDIR is published as a whole.
* :func:`prepare` builds a :class:`SiteDepartment` from a model and the
  department's settings with the same profile, templates and specs as
  ``build`` (use it unless the blocks and sheets are already at hand).
* :func:`build_site` returns every file of the site as ``{relative posix path
  under site/: bytes}``; identical input gives byte-identical output, and the
  order of ``departments`` does not matter. Paths: ``index.html``,
  ``<slug>.html`` per department, ``data/<slug>/…`` and ``data/county-<year>/…``
  (Frictionless data packages), ``assets/…`` (CSS, JS, ECharts and its licence).

Nothing in the site needs a network at view time; it works from ``file://`` and
from any web server. All figures pass through :mod:`budgetgen.money`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from budgetgen.catalog import Catalog, load_catalog
from budgetgen.config import Settings
from budgetgen.model import Budget
from budgetgen.render.narrative import Block
from budgetgen.tables.sheet import Sheet

__all__ = ["SITE_DIR", "SiteDepartment", "build_site", "prepare"]

#: The site's folder inside OUTDIR.
SITE_DIR = "site"


@dataclass(frozen=True)
class SiteDepartment:
    """One department as the site shows it (see the module doc)."""

    budget: Budget
    blocks: tuple[Block, ...]
    sheets: tuple[Sheet, ...]
    files: tuple[str, ...] = ()
    #: Code names for the open data; default: the shipped catalog of the budget year.
    catalog: Catalog | None = None

    @property
    def codes(self) -> Catalog:
        """The catalog used to name functional and economic codes."""
        return self.catalog or load_catalog(self.budget.department.year)


def prepare(budget: Budget, settings: Settings, files: Sequence[str] = ()) -> SiteDepartment:
    """The blocks and sheets of ``budget`` exactly as ``build`` renders them into .docx and .xlsx."""
    from budgetgen.filecache import cached  # the specs `render` loaded for this department, once per process
    from budgetgen.render.env import make_env
    from budgetgen.render.narrative import render_blocks
    from budgetgen.tables.layout import lay_out_all
    from budgetgen.tables.spec import load_tables

    dirs = settings.template_dirs()
    tables = cached(("tables", dirs), lambda: load_tables([d / "tables" for d in dirs], budget.profile))
    blocks = render_blocks(make_env(dirs), budget, table_count=len(tables))
    sheets = lay_out_all(budget, tables, empty_note=settings.empty_note)
    catalog = load_catalog(budget.department.year, settings.override_dirs)
    return SiteDepartment(budget, blocks, sheets, tuple(files), catalog)


def build_site(departments: Iterable[SiteDepartment], *, title: str | None = None) -> dict[str, bytes]:
    """Every file of the site, by relative posix path under ``site/`` (see the module doc)."""
    from budgetgen.site.build import site_files

    return site_files(tuple(departments), title)
