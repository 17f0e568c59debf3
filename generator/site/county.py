"""County-level figures for the index page: sums over the departments of one budget year.

These are the only figures the site defines itself; each is the exact sum of
one department figure over the departments published for that year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetgen.derive import change
from budgetgen.model import Budget, Change
from budgetgen.money import ZERO, total
from budgetgen.site.pages import Chart, Entry


@dataclass(frozen=True)
class CountyYear:
    """The departments of one budget year and their county totals."""

    year: int
    entries: tuple[Entry, ...]
    income: Decimal
    """收入合计：各部门收入预算合计之和。"""
    spending: Decimal
    """支出合计：各部门支出预算合计之和。"""
    basic: Decimal
    """基本支出：各部门基本支出之和。"""
    project: Decimal
    """项目支出：各部门项目支出之和。"""
    other: Decimal
    """其他支出：各部门其他支出之和。"""
    sangong: Decimal
    """“三公”经费：各部门说明中的“三公”经费预算数之和（各部门按其说明的口径）。"""
    by_class: tuple[tuple[str, Decimal], ...]
    """支出按功能分类（类）：各部门同一类支出之和，按科目顺序，只列非零的类。"""
    spending_change: Change | None
    """较上年：只在每个部门都有上年支出数时才比较。"""

    @property
    def anchor(self) -> str:
        """The id of the year's section on the index page."""
        return f"year-{self.year}"

    def charts(self) -> tuple[Chart, ...]:
        """The county composition: spending by 功能分类 类, and by department."""
        col = (f"{self.year}年",)
        by_dep = tuple((e.budget.department.name, (e.budget.figures.total,)) for e in self.entries)
        by_class = tuple((n, (v,)) for n, v in self.by_class)
        return (
            Chart(f"chart-county-func-{self.year}", "全县支出按功能分类（类）", "bar", col, by_class),
            Chart(f"chart-county-dep-{self.year}", "各部门支出", "bar", col, by_dep),
        )


def _sum(entries: Sequence[Entry], figure: Callable[[Budget], Decimal]) -> Decimal:
    return total(figure(e.budget) for e in entries)


def county_year(year: int, entries: Sequence[Entry]) -> CountyYear:
    """The county totals of ``entries`` (all of budget year ``year``)."""
    names: list[str] = []
    for e in entries:
        names += [n for n in e.budget.func_class_totals if n not in names]
    by_class = tuple((n, total(e.budget.func_class_totals.get(n, ZERO) for e in entries)) for n in names)
    spending = _sum(entries, lambda b: b.figures.total)
    priors = [e.budget.spending_change for e in entries]
    prior = None if any(p is None for p in priors) else total(p.prior for p in priors if p is not None)
    return CountyYear(
        year,
        tuple(entries),
        _sum(entries, lambda b: b.income.total),
        spending,
        _sum(entries, lambda b: b.figures.basic),
        _sum(entries, lambda b: b.figures.project),
        _sum(entries, lambda b: b.figures.other),
        total(e.sangong.total for e in entries),
        tuple((n, v) for n, v in by_class if v),
        change(spending, prior, "") if entries else None,
    )


def county_years(entries: Sequence[Entry]) -> tuple[CountyYear, ...]:
    """One :class:`CountyYear` per budget year, newest first."""
    years = sorted({e.budget.department.year for e in entries}, reverse=True)
    return tuple(county_year(y, [e for e in entries if e.budget.department.year == y]) for y in years)
