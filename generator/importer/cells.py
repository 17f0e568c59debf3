"""The 支出分类表 family read into cells: per unit × 功能科目, each column's amount in each view.

A cell's column is a basic class (``301``) or a project 类别 (``基本建设``). The views (全部,
公共财政拨款, 经费拨款 …) each print the cell's amount from some sources; sources that sit in the
same views form an *atom* whose amount the views determine (经费拨款 alone; 公共财政拨款 − 经费拨款
for the public non-tax sources; the rest from 全部 − every view). Splitting an atom of several
sources is left to the unit's totals by source (:func:`atom_pieces`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from budgetgen.importer import fields as F
from budgetgen.importer.draft import amount, rows, text
from budgetgen.importer.tables import Cell, ReadWorkbook, Row
from budgetgen.profile import Profile

Atom = frozenset[str]
Key = tuple[str, str]
"""(unit code, 7-digit 功能科目)."""


@dataclass
class FuncCell:
    """One unit × 功能科目 row: column → view → amount, and where the 全部 figures stand."""

    label: str
    views: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    where: dict[str, Cell] = field(default_factory=dict)


def func_code(row: Row) -> str:
    """The 7-digit code of a row whose code is split over 类/款/项 columns."""
    return "".join(text(row, b) for b in F.FUNC_PARTS)


def _columns(row: Row) -> dict[str, tuple[Decimal, Cell]]:
    out = {}
    for binding, cell in row.cells.items():
        column = F.class_code(binding) or F.group_name(binding)
        if column is not None:
            out[column] = (amount(row, binding), cell)
    return out


def read_cells(
    book: ReadWorkbook, t: Mapping[str, tuple[str, ...]], view_of: Mapping[str, str], p: Profile
) -> dict[Key, FuncCell]:
    """Every unit × 功能科目 row of the classification table and of each view table.

    ``view_of``: the view each spec shows (its ``rows.view``), so no view is named here.
    """
    views = {t["classify"][0]: p.all_view} | {s: view_of[s] for s in t["views"] if s in view_of}
    cells: dict[Key, FuncCell] = {}
    for spec_id, view in views.items():
        for _, row in rows(book, (spec_id,), "func"):
            key = (text(row, F.UNIT_CODE), func_code(row))
            cell = cells.setdefault(key, FuncCell(text(row, F.FUNC_LABEL)))
            for column, (value, where) in _columns(row).items():
                cell.views.setdefault(column, {})[view] = value
                if view == p.all_view:
                    cell.where[column] = where
    shown = [view for spec_id, view in views.items() if spec_id in book.tables]
    for cell in cells.values():  # a view table that was read but has no row for a cell shows 0 there
        for by_view in cell.views.values():
            for view in shown:
                by_view.setdefault(view, Decimal(0))
    return cells


def add_econ_rows(cells: dict[Key, FuncCell], econ: Mapping[Key, Mapping[str, Decimal]], p: Profile) -> None:
    """Rows of the economic tables the classification table lacks (it could not be read): their
    basic classes summed from the codes, in the 全部 view only."""
    for key, lines in econ.items():
        if key in cells:
            continue
        cell = cells[key] = FuncCell("")
        for code, value in lines.items():
            by_view = cell.views.setdefault(code[:3], {p.all_view: Decimal(0)})
            by_view[p.all_view] += value


def atoms(p: Profile) -> list[Atom]:
    """Leaf sources grouped by the views (other than 全部) that show them, in source order."""
    sig: dict[frozenset[str], list[str]] = {}
    for s in p.sources:
        sig.setdefault(frozenset(v for v, m in p.views.items() if v != p.all_view and s in m), []).append(s)
    return [frozenset(group) for group in sig.values()]


def atom_amounts(by_view: Mapping[str, Decimal], p: Profile) -> dict[Atom, Decimal]:
    """Each atom's amount from the views a cell is shown in (smallest view first)."""
    found: dict[Atom, Decimal] = {}
    all_atoms = atoms(p)
    order = sorted((v for v in p.views if v in by_view), key=lambda v: len(p.views[v]))
    for view in order:
        inside = [a for a in all_atoms if a <= frozenset(p.views[view])]
        open_ = [a for a in inside if a not in found]
        if len(open_) == 1:
            found[open_[0]] = by_view[view] - sum((found[a] for a in inside if a in found), Decimal(0))
    rest = [a for a in all_atoms if a not in found]
    if rest and p.all_view in by_view:  # views not printed: the remainder goes to the first open atom
        found[rest[0]] = by_view[p.all_view] - sum((found[a] for a in all_atoms if a in found), Decimal(0))
    return {a: v for a, v in found.items() if v}


def atom_pieces(
    atom_amount: Mapping[Atom, Decimal], pools: dict[str, Decimal], p: Profile
) -> list[tuple[str, Decimal]]:
    """A cell's atoms as (leaf source, amount), a many-source atom split by the unit's ``pools`` (consumed)."""
    out: dict[str, Decimal] = {}
    for atom, total in atom_amount.items():
        leaves = [s for s in p.sources if s in atom]
        left = total
        for s in leaves:
            take = min(left, pools.get(s, Decimal(0)))
            if take > 0:
                out[s] = out.get(s, Decimal(0)) + take
                pools[s] -= take
                left -= take
        if left > 0:
            out[leaves[0]] = out.get(leaves[0], Decimal(0)) + left
            pools[leaves[0]] = pools.get(leaves[0], Decimal(0)) - left
    return list(out.items())
