"""What a reviewer compares between two versions of a source: the one place that reads the model for ``diff``.

Every figure is read from the model's public fields, never recomputed (the one
exception, a 功能分类 项 spent by several units, adds those units' rows). When the
model's field names change, this module is the only one to adapt.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetgen.model import Budget, FuncRow, Project, View
from budgetgen.model_facts import SanGong
from budgetgen.profile import Kind

#: Section titles, in the order a reviewer reads them.
TOTALS, SOURCES_SECTION, FUNCTIONS, SANGONG, RUNNING, STAFF = (
    "合计",
    "资金来源",
    "功能分类（项）",
    "“三公”经费",
    "机关运行经费",
    "人员",
)
SECTIONS = (TOTALS, SOURCES_SECTION, FUNCTIONS, SANGONG, RUNNING, STAFF)
YUAN, PEOPLE = "元", "人"


@dataclass(frozen=True, slots=True)
class Fact:
    """One compared figure: money in 元 or a head count."""

    section: str
    key: str
    label: str
    value: Decimal | int
    unit: str


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """What a reviewer checks of one project."""

    name: str
    amount: Decimal
    group: str
    func: str
    source: str

    def attributes(self) -> tuple[tuple[str, str], ...]:
        """The project's non-money fields, in the order they are shown."""
        return (("类别", self.group), ("功能分类", self.func), ("资金来源", self.source))


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything ``diff`` compares of one version."""

    department: str
    figures: tuple[Fact, ...]
    projects: tuple[ProjectFacts, ...]


# ---- Where the model keeps what is compared (adapt here when the model's fields move) ----------------------


def _leaf_sources(budget: Budget) -> tuple[str, ...]:
    """The fund sources, in table order, without their group subtotals."""
    return budget.profile.sources


def _all_sources(budget: Budget) -> View:
    """The view of spending from every source."""
    return budget.views[budget.profile.all_view]


def _sangong(budget: Budget) -> tuple[str, SanGong]:
    """The 三公 figures the narrative states, and their scope in words (the public sources' printed name)."""
    p = budget.profile
    scope = next((name for name, group in p.income_headings if group == p.public), p.public)
    return scope, budget.figures.sangong_public


def _kinds(budget: Budget) -> tuple[str, str, str]:
    """The profile's names of 基本, 项目 and 其他 spending."""
    names = budget.profile.kind_names
    return names[Kind.BASIC], names[Kind.PROJECT], names[Kind.OTHER]


# ---------------------------------------------------------------------------------------------------------------


def _money(section: str, pairs: tuple[tuple[str, Decimal], ...]) -> Iterator[Fact]:
    for label, value in pairs:
        yield Fact(section, label, label, value, YUAN)


def _function_rows(budget: Budget) -> dict[str, tuple[str, Decimal]]:
    """Spending per 功能分类 项 over all units: code → (code and name, 元)."""
    rows: dict[str, list[FuncRow]] = {}
    for unit in _all_sources(budget).units:
        for row in unit.functions:
            rows.setdefault(row.code, []).append(row)
    return {
        code: (f"{code} {found[0].label}", sum((r.figures.total for r in found), Decimal(0)))
        for code, found in sorted(rows.items())
    }


def _project(project: Project, functions: dict[str, tuple[str, Decimal]]) -> ProjectFacts:
    func = functions.get(project.func, (project.func, Decimal(0)))[0]
    return ProjectFacts(project.name, project.amount, project.group, func, project.source)


def facts(budget: Budget) -> Facts:
    """The figures of ``budget`` that ``diff`` compares, in the order they are printed."""
    f = budget.figures
    scope, sg = _sangong(budget)
    basic, project, other = _kinds(budget)
    totals = (
        ("收入合计", budget.income.total),
        ("支出合计", f.total),
        (basic, f.basic),
        (project, f.project),
        (other, f.other),
    )
    items = tuple((item.name, Decimal(getattr(sg, item.field))) for item in budget.profile.sangong)
    sangong = ((f"“三公”经费合计（{scope}）", sg.total), *items)
    functions = _function_rows(budget)
    figures = [
        *_money(TOTALS, totals),
        *_money(SOURCES_SECTION, tuple((s, f.by_source.get(s, Decimal(0))) for s in _leaf_sources(budget))),
        *(Fact(FUNCTIONS, code, label, value, YUAN) for code, (label, value) in functions.items()),
        *_money(SANGONG, sangong),
        *_money(RUNNING, (("机关运行经费", budget.running_cost),)),
        *(Fact(STAFF, key, key, count, PEOPLE) for key, count in budget.staff.items()),
    ]
    dep = budget.department
    return Facts(f"{dep.name}{dep.year}年", tuple(figures), tuple(_project(p, functions) for p in budget.projects))
