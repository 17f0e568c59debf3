"""What each page shows: the department entries, their summary figures and their charts.

Everything here selects and orders figures of the model; the only sums are the
county totals of :mod:`budgetgen.site.county`. Chart values are sent to the
browser as 万元 strings made by :func:`budgetgen.money.fmt_wan`, so money never
becomes a float on our side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetgen.model import Budget, Change
from budgetgen.money import fmt_wan
from budgetgen.profile import Kind
from budgetgen.site import SiteDepartment
from budgetgen.site.tables import HtmlTable, html_table
from budgetgen.site.vocab import SanGongFigures, kind_name, leaf_sources, sangong_headline, sangong_items

_SAFE = re.compile(r"[0-9A-Za-z_-]+")
#: At most this many slices in a ring chart; more are drawn as bars.
PIE_MAX = 5


@dataclass(frozen=True)
class Chart:
    """A chart and its text alternative: the same rows shown as a table."""

    anchor: str
    title: str
    kind: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Decimal | None, ...]], ...]
    note: str = ""

    def data(self) -> dict[str, Any]:
        """The chart's data for the browser, values in 万元 as exact decimal strings."""
        # A ring with many slices is unreadable (colours repeat, labels collide): bars then.
        kind = "bar" if self.kind == "pie" and len(self.rows) > PIE_MAX else self.kind
        return {
            "kind": kind,
            "title": self.title,
            "columns": list(self.columns),
            "labels": [label for label, _ in self.rows],
            "series": [[_wan(v[i]) for _, v in self.rows] for i in range(len(self.columns))],
        }


@dataclass(frozen=True)
class Entry:
    """One department on the site: where its page is and what it shows."""

    slug: str
    dep: SiteDepartment
    downloads: tuple[tuple[str, str], ...]
    charts: tuple[Chart, ...]
    tables: tuple[HtmlTable, ...]

    @property
    def budget(self) -> Budget:
        """The department's model."""
        return self.dep.budget

    @property
    def sangong(self) -> SanGongFigures:
        """The 三公 figures the narrative states (see :func:`budgetgen.site.vocab.sangong_headline`)."""
        return sangong_headline(self.dep.budget)[0]

    @property
    def page(self) -> str:
        """The page's file name inside ``site/``."""
        return f"{self.slug}.html"


def _order_key(dep: SiteDepartment) -> tuple[int, str, str]:
    d = dep.budget.department
    return (-d.year, d.code, d.name)


def slugs(deps: Sequence[SiteDepartment]) -> list[str]:
    """``<代码>-<年度>`` when the code is URL-safe and unique, else ``bm<n>-<年度>``."""
    keys = [f"{d.budget.department.code}-{d.budget.department.year}" for d in deps]
    out = []
    for i, (dep, key) in enumerate(zip(deps, keys, strict=True), start=1):
        ok = _SAFE.fullmatch(dep.budget.department.code or "") and keys.count(key) == 1
        out.append(key if ok else f"bm{i:03d}-{dep.budget.department.year}")
    return out


_FORMATS = {".docx": "Word", ".xlsx": "Excel", ".pdf": "PDF"}


def download_label(dep: Budget, name: str) -> str:
    """``部门预算说明（Word）`` for ``通道县…2020年部门预算说明.docx``."""
    stem, dot, ext = name.rpartition("/")[2].rpartition(".")
    prefix = f"{dep.department.name}{dep.department.year}年"
    label = stem.removeprefix(prefix) if stem.startswith(prefix) else stem
    return f"{label}（{_FORMATS.get(dot + ext.lower(), ext.upper())}）"


def department_charts(b: Budget) -> tuple[Chart, ...]:
    """Spending by 功能分类 类, income by source, basic vs project, 三公 with last year."""
    year, f = f"{b.department.year}年", b.figures
    func = tuple((name, (amount,)) for name, amount in b.func_class_totals.items() if amount)
    income = tuple(
        (b.profile.current_wording(s), (b.income.by_source[s],)) for s in leaf_sources(b) if b.income.by_source.get(s)
    )
    basic, project, other = (kind_name(b, k) for k in (Kind.BASIC, Kind.PROJECT, Kind.OTHER))
    kinds = ((basic, f.basic), (project, f.project), (other, f.other))
    (sg, scope), prior, items = sangong_headline(b), _prior(b.sangong_change), sangong_items(b)
    parts: list[tuple[str, tuple[Decimal | None, ...]]] = [(i.name, (getattr(sg, i.field), None)) for i in items]
    sangong = (*parts, ("合计", (sg.total, prior)))
    prior_year = f"{b.department.prior_year}年"
    kind_title = f"{basic}、{project}和{other}" if f.other else f"{basic}与{project}"
    return (
        Chart("chart-func", "支出按功能分类（类）", "bar", (year,), func),
        Chart("chart-income", "收入按来源", "pie", (year,), income),
        Chart("chart-kind", kind_title, "pie", (year,), tuple((k, (v,)) for k, v in kinds if v)),
        Chart(
            "chart-sangong",
            f"“三公”经费（{scope}）",
            "bar",
            (year, prior_year),
            sangong,
            "上年数仅有合计，各分项不列。" if prior is not None else "",
        ),
    )


def _wan(value: Decimal | None) -> str | None:
    return None if value is None else fmt_wan(value)


def _prior(change: Change | None) -> Decimal | None:
    return None if change is None else change.prior


def entries(deps: Sequence[SiteDepartment]) -> tuple[Entry, ...]:
    """The departments in site order (newest year first, then by code and name)."""
    ordered = sorted(deps, key=_order_key)
    out = []
    for slug, dep in zip(slugs(ordered), ordered, strict=True):
        downloads = tuple((download_label(dep.budget, n), n) for n in dep.files)
        tables = tuple(html_table(s, f"table-{i}") for i, s in enumerate(dep.sheets, start=1))
        out.append(Entry(slug, dep, downloads, department_charts(dep.budget), tables))
    return tuple(out)
