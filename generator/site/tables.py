"""Annex tables as accessible HTML, from the same :class:`Sheet` layout the workbook is written from.

Only the layout's public output is read: cells, merged ranges and their style
names. The title becomes the ``<caption>``, the unit line sits under it, the
header tree becomes ``<th scope="col|colgroup">`` rows with the same spans as
the merged cells, and the first text cell of each data row is its
``<th scope="row">``. The print-only column-number row (``** 1 2 …``) is left
out. Amounts are formatted by :func:`budgetgen.money.fmt_yuan`, like the
workbook's ``#,##0.00``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetgen.money import fmt_yuan
from budgetgen.tables.paper import FONT_PT, column_pt, printable_pt
from budgetgen.tables.read import Value
from budgetgen.tables.sheet import Sheet

_NUMERIC = ("amount", "decimal", "count")
#: Our fonts set digits a little wider than the workbook's 宋体: leave this share of the width spare.
_SPARE = 0.95
_ROW_HEAD = ("text", "wrap")


@dataclass(frozen=True, slots=True)
class HtmlCell:
    """One ``<th>`` or ``<td>``."""

    text: str
    header: bool
    scope: str
    colspan: int
    rowspan: int
    numeric: bool
    #: Long text that wraps inside its cell (the layout's ``wrap`` style).
    wrap: bool = False


@dataclass(frozen=True, slots=True)
class HtmlRow:
    """One ``<tr>``; ``total`` marks a 合计 row."""

    cells: tuple[HtmlCell, ...]
    total: bool


@dataclass(frozen=True, slots=True)
class HtmlTable:
    """A whole annex table."""

    anchor: str
    caption: str
    lines: tuple[str, ...]
    head: tuple[HtmlRow, ...]
    body: tuple[HtmlRow, ...]
    #: The paper and orientation the workbook prints the sheet on (``a4-landscape`` …); print CSS uses the same.
    paper: str = "a4-landscape"
    #: Print only: each column's share of the page width, from the workbook's column widths.
    cols: tuple[str, ...] = ()
    #: Print only: the font size at which the table fits the paper's width, as the workbook's fit-to-width does.
    print_font: str = "9pt"


@dataclass(frozen=True, slots=True)
class _Slot:
    value: Value
    style: str
    rowspan: int
    colspan: int


def shown(value: Value, style: str) -> str:
    """A cell value as text: amounts as ``1,234.00`` (元), counts as integers."""
    if isinstance(value, Decimal) and style.startswith(("amount", "decimal")):
        return fmt_yuan(value)
    return "" if value is None else str(value)


def _slots(sheet: Sheet) -> dict[int, dict[int, _Slot]]:
    """Every cell that starts something, by row and column (merges carry their span)."""
    grid: dict[int, dict[int, _Slot]] = {}
    for c in sheet.cells:
        grid.setdefault(c.row, {})[c.col] = _Slot(c.value, c.style, 1, 1)
    for m in sheet.merges:
        span = _Slot(m.value, m.style, m.last_row - m.first_row + 1, m.last_col - m.first_col + 1)
        grid.setdefault(m.first_row, {})[m.first_col] = span
    return grid


def _head_row(slots: dict[int, _Slot]) -> HtmlRow:
    cells = tuple(
        HtmlCell(shown(s.value, s.style), True, "colgroup" if s.colspan > 1 else "col", s.colspan, s.rowspan, False)
        for _, s in sorted(slots.items())
    )
    return HtmlRow(cells, False)


def _body_row(slots: dict[int, _Slot]) -> HtmlRow:
    cells, has_head = [], False
    for _, s in sorted(slots.items()):
        text = shown(s.value, s.style)
        base = s.style.removesuffix("_total")
        header = not has_head and base in _ROW_HEAD and bool(text)
        has_head = has_head or header
        scope = "row" if header else ""
        cells.append(HtmlCell(text, header, scope, s.colspan, s.rowspan, base in _NUMERIC, base == "wrap"))
    return HtmlRow(tuple(cells), any(s.style.endswith("_total") for s in slots.values()))


def html_table(sheet: Sheet, anchor: str) -> HtmlTable:
    """The HTML form of one laid-out sheet."""
    caption, lines = sheet.name, []
    head: list[HtmlRow] = []
    body: list[HtmlRow] = []
    for _, slots in sorted(_slots(sheet).items()):
        styles = {s.style for s in slots.values()}
        if "title" in styles:
            caption = " ".join(shown(s.value, s.style) for s in slots.values())
        elif styles <= {"unit_left", "unit_right"}:
            lines += [shown(s.value, s.style) for _, s in sorted(slots.items())]
        elif styles == {"header"}:
            head.append(_head_row(slots))
        elif styles != {"colnum"}:
            body.append(_body_row(slots))
    cols, font = print_fit(sheet)
    paper = f"{sheet.setup.paper}-{sheet.setup.orientation}".lower()
    return HtmlTable(anchor, caption, tuple(lines), tuple(head), tuple(body), paper, cols, font)


def print_fit(sheet: Sheet) -> tuple[tuple[str, ...], str]:
    """Column shares and font size that make the printed table exactly as wide as its paper.

    The workbook prints a sheet scaled to its paper's width (:mod:`budgetgen.tables.paper`); a
    browser cannot scale a table, so the table takes the page width in the workbook's column
    proportions and its font gets the workbook's scale (a little less: our digits are wider).
    """
    natural = sum(column_pt(w) for w in sheet.widths) or 1.0
    room = printable_pt(sheet.setup.paper, sheet.setup.orientation) * _SPARE
    cols = tuple(f"{column_pt(w) * 100 / natural:.3f}%" for w in sheet.widths)
    return cols, f"{FONT_PT * min(1.0, room / natural):.2f}pt"
