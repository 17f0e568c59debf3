"""A marginal workbook's tables as plain sums in 元: what each table says, before any construction.

The national format prints department-level sums (收入总表: 功能科目 × source group; 支出总表:
功能科目 × kind; one 功能科目 table per fund view; 基本支出 by 经济科目 …). This module reads them
into :class:`Margins` (amounts in 元, keyed by the profile's names as the bindings carry them);
:mod:`budgetgen.importer.marginal` constructs the source. Bindings are named only through
:mod:`budgetgen.importer.fields`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from budgetgen.importer import fields as F
from budgetgen.importer.draft import amount, rows, text, value
from budgetgen.importer.tables import Cell, ReadWorkbook, Row
from budgetgen.money import TEN_THOUSAND

Sums = dict[str, Decimal]


@dataclass
class ProjectRow:
    """One project of the 项目支出表: its unit, name, nature, 功能科目 and amounts by source column."""

    unit: str
    name: str
    nature: str
    func: str
    total: Decimal
    columns: Sums
    cell: Cell | None = None
    rounded: bool = False
    """The amount was moved (by less than half a printed unit) so that the projects add up to the table's total."""


@dataclass
class Margins:
    """Every sum the workbook prints, in 元."""

    atoms: list[str] = field(default_factory=list)
    """The 收入总表's source columns (groups or leaf sources), in column order."""
    income: dict[str, Sums] = field(default_factory=dict)
    """Leaf 功能科目 → source column → amount (收入总表)."""
    spending: dict[str, Sums] = field(default_factory=dict)
    """Leaf 功能科目 → ``kind:<name>`` / ``group:<name>`` → amount (支出总表)."""
    views: dict[str, dict[str, Sums]] = field(default_factory=dict)
    """View name → leaf 功能科目 → ``kind:<name>`` / ``econ:<group>`` → amount."""
    names: dict[str, str] = field(default_factory=dict)
    """功能科目 code (类, 款, 项) → its name as printed."""
    econ: dict[str, Decimal] = field(default_factory=dict)
    """经济 款 code → amount of the public view's 基本支出 (基本支出表)."""
    econ_view: str = ""
    units: dict[str, str] = field(default_factory=dict)
    """Unit code → name, in the 项目支出表's order."""
    projects: list[ProjectRow] = field(default_factory=list)
    targets: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    procurements: list[Row] = field(default_factory=list)
    sangong: Sums = field(default_factory=dict)
    sangong_prior: Sums = field(default_factory=dict)
    running: Decimal | None = None
    running_prior: Decimal | None = None
    scale: Decimal = Decimal(1)


def _yuan(row: Row, binding: str, scale: Decimal) -> Decimal:
    return amount(row, binding) * scale


def _leaves(codes: list[str]) -> set[str]:
    return {c for c in codes if not any(o != c and o.startswith(c) for o in codes)}


def _by_func(book: ReadWorkbook, spec_id: str, scale: Decimal, names: dict[str, str]) -> dict[str, Sums]:
    """Leaf 功能科目 rows of a tree table: each amount column by its binding's kind, group or source."""
    table = rows(book, (spec_id,), "func")
    found = [(text(r, F.FUNC_CODE), r) for _, r in table]
    for code, row in found:
        names.setdefault(code, text(row, F.FUNC_NAME))
    leaves = _leaves([c for c, _ in found])
    out: dict[str, Sums] = {}
    for code, row in found:
        if code not in leaves:
            continue
        sums = out.setdefault(code, {})
        for binding in row.cells:
            key = _key(binding)
            if key:
                sums[key] = sums.get(key, Decimal(0)) + _yuan(row, binding, scale)
    return out


def _key(binding: str) -> str:
    if (kind := F.kind_name(binding)) is not None:
        return f"kind:{kind}"
    if (group := F.group_name(binding)) is not None:
        return f"group:{group}"
    if (econ := F.econ_group(binding)) is not None:
        return f"econ:{econ}"
    if (source := F.source_key(binding)) is not None:
        return f"source:{source}"
    return "total" if binding == F.TOTAL else ""


def _one_row(book: ReadWorkbook, spec_ids: tuple[str, ...]) -> Row | None:
    return next((r for _, r in rows(book, spec_ids)), None)


def read_margins(
    book: ReadWorkbook, t: Mapping[str, tuple[str, ...]], view_of: Mapping[str, str], unit_of: Mapping[str, str]
) -> Margins:
    """The sums of every table found (a table missing from the workbook contributes nothing)."""
    scale = TEN_THOUSAND if any(u == "万元" for u in unit_of.values()) else Decimal(1)
    m = Margins(scale=scale)
    for spec_id in t["income"]:
        m.income.update(_by_func(book, spec_id, scale, m.names))
        first = next((r for _, r in rows(book, (spec_id,))), None)
        if first is not None:
            m.atoms = [k for b in first.cells if (k := F.source_key(b)) is not None]
    for spec_id in t["spending"]:
        m.spending.update(_by_func(book, spec_id, scale, m.names))
    for spec_id in t["views"]:
        if spec_id in book.tables:
            m.views[view_of[spec_id]] = _by_func(book, spec_id, scale, m.names)
    for spec_id in t["econ"]:
        m.econ_view = view_of.get(spec_id, "")
        for _, row in rows(book, (spec_id,), "item"):
            code = text(row, F.ECON_CODE)
            if len(code) == 5:
                m.econ[code] = m.econ.get(code, Decimal(0)) + _yuan(row, F.ECON_AMOUNT, scale)
    _projects(book, t, m, scale)
    _last_year(book, t, m, scale)
    m.procurements = [r for _, r in rows(book, t["procurements"], "item")]
    return m


def _last_year(book: ReadWorkbook, t: Mapping[str, tuple[str, ...]], m: Margins, scale: Decimal) -> None:
    """三公 (this year's public part, last year's) and 机关运行经费 (this year's, last year's); a blank: none given."""
    if (row := _one_row(book, t["sangong"])) is not None:
        for binding in row.cells:
            if binding.startswith(F.SANGONG_BUDGET):
                m.sangong[binding.removeprefix(F.SANGONG_BUDGET)] = _yuan(row, binding, scale)
            elif binding.startswith(F.SANGONG_PRIOR) and value(row, binding) is not None:  # blank: none given
                m.sangong_prior[binding.removeprefix(F.SANGONG_PRIOR)] = _yuan(row, binding, scale)
    if (row := _one_row(book, t["running"])) is not None:
        m.running = _yuan(row, F.RUNNING, scale) if F.RUNNING in row.cells else None
        m.running_prior = _yuan(row, F.RUNNING_PRIOR, scale) if value(row, F.RUNNING_PRIOR) is not None else None


def _projects(book: ReadWorkbook, t: Mapping[str, tuple[str, ...]], m: Margins, scale: Decimal) -> None:
    for _, row in rows(book, t["special"]):
        if row.kind == "unit":
            m.units.setdefault(text(row, F.UNIT_CODE), text(row, F.UNIT_NAME))
        elif row.kind == "item":
            columns = {k: _yuan(row, b, scale) for b in row.cells if (k := F.source_key(b)) is not None}
            m.projects.append(
                ProjectRow(
                    text(row, F.UNIT_CODE),
                    text(row, F.PROJECT_NAME),
                    text(row, F.PROJECT_NATURE).removesuffix("项目"),
                    text(row, F.PROJECT_FUNC),
                    _yuan(row, F.TOTAL, scale),
                    columns,
                    row.cells.get(F.PROJECT_NAME),
                )
            )
    for _, row in rows(book, t["targets"], "item"):
        goals = {key: text(row, b) for b, key in F.TARGETS.items() if b in row.cells}
        if any(goals.values()):
            m.targets[(text(row, F.UNIT_CODE), text(row, F.PROJECT_NAME))] = goals
