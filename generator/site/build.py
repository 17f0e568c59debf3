"""Assemble the site: pages, open data packages and static assets, as ``{path: bytes}``."""

from __future__ import annotations

from collections.abc import Sequence

from budgetgen.resources import templates_dir
from budgetgen.site import SiteDepartment
from budgetgen.site.county import CountyYear, county_years
from budgetgen.site.env import render_page
from budgetgen.site.opendata import package
from budgetgen.site.pages import Entry, entries

#: Files shipped under templates/site/assets and copied into every site.
ASSETS_DIR = "assets"


def default_title(items: Sequence[Entry]) -> str:
    """``通道侗族自治县2020年部门预算公开`` (region and year when all departments share them)."""
    regions = {e.budget.department.region for e in items}
    years = {e.budget.department.year for e in items}
    region = next(iter(regions)) if len(regions) == 1 else ""
    year = f"{next(iter(years))}年" if len(years) == 1 else ""
    return f"{region}{year}部门预算公开"


def assets() -> dict[str, bytes]:
    """The stylesheet, the script, ECharts and the licences, byte for byte."""
    folder = templates_dir() / "site" / ASSETS_DIR
    return {f"{ASSETS_DIR}/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _department(e: Entry, title: str) -> dict[str, bytes]:
    dep = e.budget.department
    out = {e.page: render_page("department.html.j2", site_title=title, e=e, b=e.budget, d=dep, f=e.budget.figures)}
    data = package([e.dep], f"budget-{e.slug.lower()}", f"{dep.name}{dep.year}年部门预算", "金额单位：元。")
    out.update({f"data/{e.slug}/{name}": blob for name, blob in data.items()})
    return out


def _county(cy: CountyYear) -> dict[str, bytes]:
    deps = [e.dep for e in cy.entries]
    regions = {d.budget.department.region for d in deps}
    region = next(iter(regions)) if len(regions) == 1 else ""
    title = f"{region}{cy.year}年部门预算（共 {len(deps)} 个部门）"
    data = package(deps, f"county-{cy.year}", title, "各部门的数据依次排列，金额单位：元。")
    return {f"data/county-{cy.year}/{name}": blob for name, blob in data.items()}


def site_files(deps: Sequence[SiteDepartment], title: str | None) -> dict[str, bytes]:
    """Every file of the site (see :mod:`budgetgen.site`)."""
    items = entries(deps)
    site_title = title or default_title(items)
    years = county_years(items)
    out = {"index.html": render_page("index.html.j2", site_title=site_title, years=years)}
    for e in items:
        out.update(_department(e, site_title))
    for cy in years:
        out.update(_county(cy))
    out.update(assets())
    return dict(sorted(out.items()))
