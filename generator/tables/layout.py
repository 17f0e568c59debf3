"""Lay a table spec out over the model: cells, merges, widths and print settings.

This is pure: it knows nothing of any xlsx library. :mod:`budgetgen.render.xlsx`
turns the :class:`Sheet` values it returns into a workbook, so that the writer
library stays swappable and the layout can be tested on its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import zip_longest
from typing import Any

from budgetgen.model import Budget
from budgetgen.tables import rows as row_sources
from budgetgen.tables.read import MISSING, NUMERIC_STYLES, ZERO, Reader, Value, as_text, cell_value
from budgetgen.tables.spec import Column, SpecError, TableSpec


@dataclass(frozen=True, slots=True)
class Style:
    """A named cell style; each writer backend builds it once and reuses it."""

    bold: bool = False
    size: int = 10
    align: str = "left"
    valign: str = "vcenter"
    wrap: bool = False
    border: bool = True
    num_format: str = "@"


_BODY = {
    "text": Style(),
    "wrap": Style(wrap=True),
    "code": Style(align="center"),
    "center": Style(align="center"),
    "yesno": Style(align="center"),
    "amount": Style(align="right", num_format="#,##0.00"),
    "decimal": Style(align="right", num_format="#,##0.00"),
    "count": Style(align="right", num_format="0"),
}
#: Every style a sheet may use, by name; ``…_total`` is the bold 合计 row variant.
STYLES: dict[str, Style] = {
    "title": Style(bold=True, size=16, align="center", border=False, num_format="General"),
    "unit_left": Style(border=False),
    "unit_right": Style(align="right", border=False),
    "header": Style(bold=True, align="center", wrap=True),
    "colnum": Style(align="center"),
    "note": Style(align="center"),
    **_BODY,
    **{f"{k}_total": Style(True, v.size, v.align, v.valign, v.wrap, v.border, v.num_format) for k, v in _BODY.items()},
}
FOOTER = "&C第 &P 页，共 &N 页"


@dataclass(frozen=True, slots=True)
class Cell:
    """One written cell (0-based row and column)."""

    row: int
    col: int
    value: Value
    style: str


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range; every cell of it carries ``style`` so borders show on all of them."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    value: Value
    style: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """Everything a writer needs to produce one worksheet."""

    name: str
    cells: tuple[Cell, ...]
    merges: tuple[Merge, ...]
    widths: tuple[float, ...]
    heights: Mapping[int, float]
    repeat_rows: tuple[int, int]
    freeze: tuple[int, int]
    footer: str = FOOTER
    paper: str = "A4"


#: Wider than this (in column-width units) a sheet printed on A4 landscape shrinks below ~60 %,
#: so it is printed on A3 landscape, as finance offices do for the wide annex tables.
A3_WIDTH = 240


def paper_for(widths: Sequence[float]) -> str:
    """A4 landscape for ordinary tables, A3 landscape for wide ones."""
    return "A3" if sum(widths) > A3_WIDTH else "A4"


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Columns a text needs: CJK (wide) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def header_cells(spec: TableSpec, reader: Reader, top: int) -> tuple[list[Merge], list[Cell]]:
    """The header tree as merged ranges (parents across, leaves down) starting at row ``top``."""
    depth = spec.header_depth
    merges: list[Merge] = []
    singles: list[Cell] = []

    def walk(cols: Sequence[Column], level: int, col: int) -> None:
        for c in cols:
            span = len(c.leaves)
            last_row = top + level if c.children else top + depth - 1
            text = reader.text(c.head)
            if span == 1 and last_row == top + level:
                singles.append(Cell(top + level, col, text, "header"))
            else:
                merges.append(Merge(top + level, col, last_row, col + span - 1, text, "header"))
            walk(c.children, level + 1, col)
            col += span

    walk(spec.columns, 0, 0)
    return merges, singles


def column_numbers(spec: TableSpec, row: int) -> list[Cell]:
    """The ``** / 1 / 2 …`` row: numeric columns are numbered 1..N without gaps."""
    out, n = [], 0
    for i, leaf in enumerate(spec.leaves):
        if leaf.style in NUMERIC_STYLES:
            n += 1
        out.append(Cell(row, i, str(n) if leaf.style in NUMERIC_STYLES else "**", "colnum"))
    return out


def data_cells(spec: TableSpec, budget: Budget, reader: Reader, top: int) -> tuple[list[Cell], bool]:
    """The data rows from the spec's row source; also whether the table is empty."""
    assert spec.rows is not None
    source = row_sources.SOURCES.get(spec.rows.source)
    if source is None:
        raise SpecError(f"{spec.file}: 未知的行来源 “{spec.rows.source}”（可用：{sorted(row_sources.SOURCES)}）")
    found = source(budget, spec.rows.params, reader.path)
    cells = []
    leaves = spec.leaves  # a property that walks the header tree: once per sheet, not per row
    for r, row in enumerate(found.rows):
        suffix = "_total" if row.kind == "total" else ""
        for c, leaf in enumerate(leaves):
            raw = reader.binding(row.names, leaf.value.for_kind(row.kind)) if leaf.value else MISSING
            if leaf.when and row.kind == "item" and as_text(reader.ref(row.names, leaf.when[0])) not in leaf.when[1]:
                raw = ZERO if leaf.style in NUMERIC_STYLES else MISSING
            cells.append(Cell(top + r, c, cell_value(raw, leaf.style), leaf.style + suffix))
    return cells, found.empty


def _statement_lines(spec: TableSpec, budget: Budget, reader: Reader) -> Iterator[list[tuple[Any, Any, str]]]:
    st = spec.statement
    assert st is not None
    blocks: list[list[tuple[Any, Any]]] = []
    for i, block in enumerate(st.blocks):
        if i in st.expand:
            blocks.append(list(row_sources.LINE_SOURCES[st.expand[i]](budget)))
        else:
            blocks.append([(reader.binding({}, a), reader.binding({}, b)) for a, b in block])
    for line in zip_longest(*blocks, fillvalue=(MISSING, MISSING)):
        yield [(a, b, "") for a, b in line]
    for foot in st.footer:
        yield [(reader.binding({}, a), reader.binding({}, b), "_total") for a, b in foot]


def statement_cells(spec: TableSpec, budget: Budget, reader: Reader, top: int) -> list[Cell]:
    """收支总表 rows: blocks side by side, footer lines aligned at the bottom."""
    cells = []
    for r, line in enumerate(_statement_lines(spec, budget, reader)):
        for i, (label, amount, suffix) in enumerate(line):
            cells.append(Cell(top + r, 2 * i, cell_value(label, "text"), "text" + suffix))
            cells.append(Cell(top + r, 2 * i + 1, cell_value(amount, "amount"), "amount" + suffix))
    return cells


def _shown(value: Value, style: str) -> str:
    if isinstance(value, Decimal) and style.startswith(("amount", "decimal")):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def widths(spec: TableSpec, reader: Reader, cells: Sequence[Cell]) -> tuple[float, ...]:
    """Column widths from the spec, or fitted to the CJK display width of header and values."""
    widest: dict[int, int] = {}
    for cell in cells:
        widest[cell.col] = max(widest.get(cell.col, 0), display_width(_shown(cell.value, cell.style)))
    out = []
    for i, leaf in enumerate(spec.leaves):
        if leaf.width is not None:
            out.append(leaf.width)
            continue
        # Numeric headers wrap onto a few lines rather than widen the column.
        head = min(display_width(reader.text(leaf.head)), 8 if leaf.style in NUMERIC_STYLES else 16)
        out.append(float(min(max(widest.get(i, 0), head, 4) + 2, 50)))
    return tuple(out)


def _header_heights(header: tuple[list[Merge], list[Cell]], col_widths: Sequence[float]) -> dict[int, float]:
    """Header row heights so that wrapped header text shows in full."""
    merges, singles = header
    ranges = [*merges, *(Merge(c.row, c.col, c.row, c.col, c.value, c.style) for c in singles)]
    lines: dict[int, int] = {}
    for m in ranges:
        room = max(sum(col_widths[m.first_col : m.last_col + 1]) - 1, 1)
        need = -(-display_width(str(m.value)) // int(room))
        rows = m.last_row - m.first_row + 1
        for r in range(m.first_row, m.last_row + 1):
            lines[r] = max(lines.get(r, 1), -(-need // rows))
    return {r: 15.0 * n + 3 for r, n in lines.items()}


def _body_heights(body: Sequence[Cell], col_widths: Sequence[float]) -> dict[int, float]:
    """Heights of data rows holding wrapped text, so that the text shows in full."""
    lines: dict[int, int] = {}
    for c in body:
        if c.style.startswith("wrap") and c.value:
            need = -(-display_width(str(c.value)) // max(int(col_widths[c.col]) - 1, 1))
            lines[c.row] = max(lines.get(c.row, 1), need + str(c.value).count("\n"))
    return {r: 13.5 * n + 4 for r, n in lines.items() if n > 1}


def lay_out(spec: TableSpec, budget: Budget, *, empty_note: str) -> Sheet:
    """The whole sheet of one spec: title, unit line, header tree, numbers, data rows."""
    reader = Reader(budget)
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
        merges.append(Merge(below, 0, below, ncols - 1, empty_note, "note"))
    col_widths = widths(spec, reader, [c for c in body if c.row >= below])
    merges.append(Merge(0, 0, 0, ncols - 1, reader.text(spec.title), "title"))
    half = max(ncols // 2, 1)
    merges.append(Merge(1, 0, 1, half - 1, f"单位名称：{budget.department.name}", "unit_left"))
    if ncols > half:
        merges.append(Merge(1, half, 1, ncols - 1, "单位：元", "unit_right"))
    heights = {0: 30.0, **_header_heights(header, col_widths), **_body_heights(body, col_widths)}
    return Sheet(
        spec.sheet,
        tuple(cells + body),
        tuple(m for m in merges if m.first_col <= m.last_col),
        col_widths,
        heights,
        (top, below - 1),
        (below, spec.freeze_cols),
        paper=paper_for(col_widths),
    )


def lay_out_all(budget: Budget, specs: Sequence[TableSpec], *, empty_note: str) -> tuple[Sheet, ...]:
    """Every sheet, in spec order."""
    return tuple(lay_out(s, budget, empty_note=empty_note) for s in specs)
