"""Lay a table spec out over the model: cells, merges, widths and print settings.

This is pure: it knows nothing of any xlsx library. :mod:`budgetgen.render.xlsx`
turns the :class:`Sheet` values it returns into a workbook, so that the writer
library stays swappable and the layout can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from budgetgen.model import Budget
from budgetgen.money import ZERO
from budgetgen.tables import rows as row_sources
from budgetgen.tables.fit import fitted
from budgetgen.tables.read import MISSING, NUMERIC_STYLES, Reader, Value, as_text, cell_value
from budgetgen.tables.sheet import Merge, PlacedCell, Sheet
from budgetgen.tables.spec import Column, SpecError, TableSpec

#: The unit line that makes a table print its amounts in 万元 (each figure rounded from its 元 value).
WAN = "万元"


def header_cells(spec: TableSpec, reader: Reader, top: int) -> tuple[list[Merge], list[PlacedCell]]:
    """The header tree as merged ranges (parents across, leaves down) starting at row ``top``."""
    depth = spec.header_depth
    merges: list[Merge] = []
    singles: list[PlacedCell] = []

    def walk(cols: Sequence[Column], level: int, col: int) -> None:
        for c in cols:
            span = len(c.leaves)
            last_row = top + level + c.span - 1 if c.children else top + depth - 1
            text = reader.text(c.head)
            if span == 1 and last_row == top + level:
                singles.append(PlacedCell(top + level, col, text, "header"))
            else:
                merges.append(Merge(top + level, col, last_row, col + span - 1, text, "header"))
            walk(c.children, level + c.span, col)
            col += span

    walk(spec.columns, 0, 0)
    return merges, singles


def column_numbers(spec: TableSpec, row: int) -> list[PlacedCell]:
    """The ``** / 1 / 2 …`` row: numeric columns (or those the spec says) are numbered 1..N without gaps."""
    out, n = [], 0
    for i, leaf in enumerate(spec.leaves):
        numbered = leaf.style in NUMERIC_STYLES if leaf.number is None else leaf.number
        n += numbered
        out.append(PlacedCell(row, i, str(n) if numbered else "**", "colnum"))
    return out


def data_cells(spec: TableSpec, budget: Budget, reader: Reader, top: int) -> tuple[list[PlacedCell], bool]:
    """The data rows from the spec's row source; also whether the table is empty."""
    assert spec.rows is not None
    source = row_sources.ROW_SOURCES.get(spec.rows.source)
    if source is None:
        raise SpecError(f"{spec.file}: 未知的行来源 “{spec.rows.source}”（可用：{sorted(row_sources.ROW_SOURCES)}）")
    found = source(budget, spec.rows.params, reader.path)
    cells = []
    leaves = spec.leaves  # a property that walks the header tree: once per sheet, not per row
    for r, row in enumerate(found.rows):
        suffix = "_total" if row.kind == "total" or row.strong else ""
        for c, leaf in enumerate(leaves):
            raw = reader.binding(row.names, leaf.value.for_kind(row.kind)) if leaf.value else MISSING
            if leaf.when and row.kind == "item" and as_text(reader.ref(row.names, leaf.when[0])) not in leaf.when[1]:
                raw = ZERO if leaf.style in NUMERIC_STYLES else MISSING
            value = cell_value(raw, leaf.style, wan=spec.unit == WAN)
            cells.append(PlacedCell(top + r, c, value, _style_of(value, leaf.style) + suffix))
    return cells, found.empty


def _money(amounts: tuple[Any, ...]) -> Iterator[bool]:
    """Whether each amount is a figure other than zero."""
    return (cell_value(a, "amount") not in (None, "", ZERO) for a in amounts)


def _style_of(value: Value, style: str) -> str:
    """A count that is not a whole number (an area of 120.5 m²) keeps its decimals."""
    return "decimal" if style == "count" and isinstance(value, Decimal) else style


def _statement_lines(spec: TableSpec, budget: Budget, reader: Reader) -> Iterator[list[tuple[tuple[Any, ...], str]]]:
    """Each printed line: per block, its cells (label, amounts…) and the style suffix."""
    st = spec.statement
    assert st is not None
    blocks: list[list[tuple[Any, ...]]] = []
    for i, block in enumerate(st.blocks):
        if i in st.expand:
            blocks.append(list(row_sources.LINE_SOURCES[st.expand[i]](budget, st.expand_views.get(i, ()))))
        else:
            read = [(j, tuple(reader.binding({}, b) for b in line)) for j, line in enumerate(block)]
            blocks.append([cells for j, cells in read if (i, j) not in st.optional or any(_money(cells[1:]))])
    blank = object()
    for line in zip_longest(*blocks, fillvalue=blank):
        yield [((MISSING,) * st.widths[i] if cells is blank else cells, "") for i, cells in enumerate(line)]
    for foot in st.footer:
        yield [(tuple(reader.binding({}, b) for b in cells), "_total") for cells in foot]


def statement_cells(spec: TableSpec, budget: Budget, reader: Reader, top: int) -> list[PlacedCell]:
    """收支总表 rows: blocks side by side (each a label and its amounts), footer lines aligned at the bottom."""
    assert spec.statement is not None
    starts = [sum(spec.statement.widths[:i]) for i in range(len(spec.statement.widths))]
    cells = []
    for r, line in enumerate(_statement_lines(spec, budget, reader)):
        for i, (values, suffix) in enumerate(line):
            col = starts[i] if i < len(starts) else 2 * i
            cells.append(PlacedCell(top + r, col, cell_value(values[0], "text"), "text" + suffix))
            for k, amount in enumerate(values[1:], start=1):
                value = cell_value(amount, "amount", wan=spec.unit == WAN)
                cells.append(PlacedCell(top + r, col + k, value, "amount" + suffix))
    return cells


def without(spec: TableSpec, dropped: frozenset[int]) -> TableSpec:
    """``spec`` without the optional leaves whose ``id`` is in ``dropped`` (and parents left empty)."""

    def keep(cols: tuple[Column, ...]) -> tuple[Column, ...]:
        out = []
        for c in cols:
            if not c.children:
                if id(c) not in dropped:
                    out.append(c)
            elif kids := keep(c.children):
                out.append(replace(c, children=kids))
        return tuple(out)

    return spec if not dropped else replace(spec, columns=keep(spec.columns))


def optional_dropped(spec: TableSpec) -> TableSpec:
    """``spec`` without any optional column: the layout of a department with nothing in them."""
    return without(spec, frozenset(id(leaf) for leaf in spec.leaves if leaf.optional))


def shown(spec: TableSpec, budget: Budget, reader: Reader) -> TableSpec:
    """``spec`` without its optional columns that read zero (or nothing) on every data row."""
    optional = [leaf for leaf in spec.leaves if leaf.optional and leaf.value]
    if not optional or spec.rows is None:
        return spec
    found = row_sources.ROW_SOURCES[spec.rows.source](budget, spec.rows.params, reader.path)
    dropped = frozenset(
        id(leaf)
        for leaf in optional
        if leaf.value
        and all(
            cell_value(reader.binding(row.names, leaf.value.for_kind(row.kind)), leaf.style) in (None, "", ZERO)
            for row in found.rows
        )
    )
    return without(spec, dropped)


def lay_out(spec: TableSpec, budget: Budget, *, empty_note: str | None = None) -> Sheet:
    """The whole sheet of one spec: title, unit line, header tree, numbers, data rows.

    An empty table says ``empty_note`` under its header (None: the profile's furniture).
    """
    reader = Reader(budget)
    spec = shown(spec, budget, reader)
    ncols = len(spec.leaves)
    top = 2
    header = header_cells(spec, reader, top)
    merges, cells = list(header[0]), list(header[1])
    below = top + spec.header_depth
    if spec.numbered:
        cells += column_numbers(spec, below)
        below += 1
    if spec.statement is not None:
        body, empty = statement_cells(spec, budget, reader, below), False
    else:
        body, empty = data_cells(spec, budget, reader, below)
    if empty:
        body = []
        note = budget.profile.empty_note if empty_note is None else empty_note
        merges.append(Merge(below, 0, below, ncols - 1, note, "note"))
    merges.append(Merge(0, 0, 0, ncols - 1, reader.text(spec.title), "title"))
    half = max(ncols // 2, 1)
    merges.append(Merge(1, 0, 1, half - 1, f"单位名称：{budget.department.name}", "unit_left"))
    if ncols > half:
        merges.append(Merge(1, half, 1, ncols - 1, f"单位：{spec.unit}", "unit_right"))
    fit = fitted(spec, [*cells, *body], [m for m in merges if m.first_col <= m.last_col], (top, below), below)
    return Sheet(
        spec.sheet,
        fit.cells,
        fit.merges,
        fit.widths,
        fit.heights,
        (top, below - 1),
        (below, spec.freeze_cols),
        fit.setup,
        fit.breaks,
    )


def lay_out_all(budget: Budget, specs: Sequence[TableSpec], *, empty_note: str | None = None) -> tuple[Sheet, ...]:
    """Every sheet, in spec order."""
    return tuple(lay_out(s, budget, empty_note=empty_note) for s in specs)
