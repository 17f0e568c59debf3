"""Where two tables show the same figure differently: which one the source takes, and what the other says.

The profile lists each figure shown by several tables once, in ``audit.yaml``
``equalities:`` (the audit and the writer's consistency tests read the same
list). The first entry of a group is the authoritative one (the next, if the
workbook does not show the first). Figures are found exactly as ``budgetgen
audit`` finds them (:meth:`budgetgen.audit.context.Context.figures`), on the
sheets the reader matched to the specs, so the import and the audit report a
seed contradiction at the same cell. Nothing is fixed: each
:class:`Disagreement` names the authoritative cell and every cell that differs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetgen import codes
from budgetgen.audit.context import Context, Figure
from budgetgen.audit.package import Cell as PkgCell
from budgetgen.audit.package import Package
from budgetgen.audit.package import Sheet as PkgSheet
from budgetgen.audit.table import col_letter
from budgetgen.importer.grids import TOO_BIG
from budgetgen.importer.tables import Problem, ReadWorkbook
from budgetgen.tables.spec import TableSpec

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Shown:
    """One cell showing a figure: its value, where it stands, and what the reader read it as."""

    value: Decimal
    sheet: str
    ref: str
    """``F26``; for a sum of several lines, the first line's cell."""
    entry: str
    """The ``audit.yaml`` entry that names it (``收支总表!支出总计``)."""
    binding: str = ""
    """The binding text the reader keyed this cell under (``budget.figures.total``); "" if it read none there."""
    spec_id: str = ""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A figure two tables show differently: the authoritative cell and every cell that differs from it."""

    figure: str
    authority: Shown
    others: tuple[Shown, ...]

    def message(self, other: Shown) -> str:
        """In Chinese: the other cell's value and the authoritative one, which the source takes."""
        a = self.authority
        return (
            f"“{self.figure}”在{other.sheet}!{other.ref}为 {other.value:,.2f}，"
            f"而{a.sheet}!{a.ref}为 {a.value:,.2f}；按格式以{a.sheet}为准，取 {a.value:,.2f}"
        )


def _package(grids: Mapping[str, Sequence[Sequence[Any]]], read: ReadWorkbook, specs: Sequence[TableSpec]) -> Package:
    """The workbook as the audit sees it, each matched sheet under its spec's name (printed as its own)."""
    names = {t.sheet: s.sheet for s in specs if (t := read.tables.get(s.id)) is not None}
    pkg = Package()
    for name, grid in grids.items():
        cells = {
            (r, c): PkgCell(v)
            for r, row in enumerate(grid)
            for c, v in enumerate(row)
            if v is not None and not (isinstance(v, str) and not v.strip())
        }
        pkg.sheets.append(PkgSheet(read.path, names.get(name, name), cells, where=f"{name}!"))
    return pkg


def _bindings(read: ReadWorkbook) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, ref) → (binding text, spec id) of every cell the reader read."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for t in read.tables.values():
        for key, cell in t.lines.items():
            out.setdefault((cell.sheet, cell.ref), (key, t.spec_id))
        for row in t.rows:
            for key, cell in row.cells.items():
                out.setdefault((cell.sheet, cell.ref), (key, t.spec_id))
    return out


def _shown(f: Figure, entry: Any, known: Mapping[tuple[str, str], tuple[str, str]]) -> Shown:
    """A figure as the audit reads it (in 元, also from a 万元 table), with the binding the reader keyed there."""
    sheet = f.table.sheet.where.removesuffix("!")
    ref = f"{col_letter(f.col)}{f.row + 1}"
    binding, spec_id = known.get((sheet, ref), ("", ""))
    return Shown(f.value.quantize(CENT), sheet, ref, str(entry), binding, spec_id)


def disagreements(
    grids: Mapping[str, Sequence[Sequence[Any]]],
    read: ReadWorkbook,
    specs: Sequence[TableSpec],
    equalities: Mapping[str, Sequence[Any]],
    profile: str = "hunan-county",
) -> tuple[Disagreement, ...]:
    """Every figure of ``equalities`` the workbook shows differently in two places (texts read in ``profile``'s
    current terms, as the audit reads them)."""
    ctx = Context(_package(grids, read, specs), {"equalities": equalities}, profile)
    known = _bindings(read)
    out = []
    for name, entries in equalities.items():
        figures = [(f, e) for e in entries for f in (ctx.figures(e) or [])]
        # a cell beyond any budget figure (a 40-digit text) is the reader's E-IMPORT-CELL, not a disagreement
        shown = [_shown(f, e, known) for f, e in figures if f.value.is_finite() and abs(f.value) < TOO_BIG]
        if len(shown) < 2:
            continue
        first = shown[0]
        others = tuple(s for s in shown[1:] if s.value != first.value)
        if others:
            out.append(Disagreement(str(name), first, others))
    return tuple(out)


def problems(found: Sequence[Disagreement], read: Sequence[Problem] = ()) -> tuple[Problem, ...]:
    """``read``'s problems with one problem per differing cell, at that cell; where the reader already
    reported the cell (a figure a 收支总表 shows twice), the equality's message, which names the authority, wins."""
    mine = [Problem(codes.W_IMPORT_DISAGREE, o.sheet, o.ref, d.message(o)) for d in found for o in d.others]
    covered = {(p.sheet, p.ref) for p in mine}
    kept = [p for p in read if p.code != codes.W_IMPORT_DISAGREE or (p.sheet, p.ref) not in covered]
    unique = {(p.sheet, p.ref): p for p in reversed(mine)}  # one problem per cell: the first group naming it
    return (*kept, *(p for p in mine if unique[(p.sheet, p.ref)] is p))


def equalities(profile: str) -> Mapping[str, Sequence[Any]]:
    """The profile's ``equalities:`` (none for a profile without ``audit.yaml``)."""
    from budgetgen.audit.context import AUDIT_FILE, audit_data
    from budgetgen.resources import templates_dir

    if not (templates_dir() / profile / AUDIT_FILE).is_file():
        return {}
    return audit_data(profile).get("equalities") or {}
