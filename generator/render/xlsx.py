"""Write the 预算公开表 workbook: the only module that calls an xlsx writer library.

The writer is XlsxWriter (see docs/performance.md for the measurement behind the
choice). Everything about *what* goes where comes from
:mod:`budgetgen.tables.layout`; this module only maps its cells, merges and
named styles onto the library, so the library can be swapped here alone.

Reproducibility: core properties carry a fixed date (the department's 说明日期),
XlsxWriter then stamps that same date on every zip entry, and nothing else in
the file depends on the clock.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time
from decimal import Decimal
from typing import Any

import xlsxwriter

from budgetgen.catalog import Catalog
from budgetgen.model import Budget
from budgetgen.money import as_cell_number
from budgetgen.tables.check import checked_codes
from budgetgen.tables.layout import lay_out_all
from budgetgen.tables.paper import MARGINS_IN
from budgetgen.tables.read import Value
from budgetgen.tables.sheet import CELL_STYLES, Sheet, Style
from budgetgen.tables.spec import TableSpec

FONT = "宋体"
PAPER = {"A4": 9, "A3": 8}  # XlsxWriter's paper codes


def _format_props(style: Style) -> dict[str, Any]:
    props: dict[str, Any] = {
        "font_name": FONT,
        "font_size": style.size,
        "bold": style.bold,
        "align": style.align,
        "valign": style.valign,
        "text_wrap": style.wrap,
        "num_format": style.num_format,
    }
    if style.border:
        props["border"] = 1
    return props


def _write(ws: Any, row: int, col: int, value: Value, fmt: Any) -> None:
    """Write one typed value; text always as a string cell, so ``=…`` is never a formula."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    else:
        ws.write_number(row, col, as_cell_number(value) if isinstance(value, Decimal) else value, fmt)


def _sheet(wb: Any, sheet: Sheet, formats: dict[str, Any]) -> None:
    ws = wb.add_worksheet(sheet.name)
    for i, width in enumerate(sheet.widths):
        ws.set_column(i, i, width)
    for row, height in sorted(sheet.heights.items()):
        ws.set_row(row, height)
    for cell in sheet.cells:
        _write(ws, cell.row, cell.col, cell.value, formats[cell.style])
    for m in sheet.merges:
        fmt = formats[m.style]
        if (m.first_row, m.first_col) == (m.last_row, m.last_col):
            _write(ws, m.first_row, m.first_col, m.value, fmt)
        else:
            ws.merge_range(m.first_row, m.first_col, m.last_row, m.last_col, "", fmt)
            _write(ws, m.first_row, m.first_col, m.value, fmt)
    ws.freeze_panes(*sheet.freeze)
    setup = sheet.setup
    if setup.orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(PAPER[setup.paper])
    if setup.pages_wide == 1:
        # One page wide, as many pages down as the rows take: the spreadsheet program finds the scale
        # (the layout's is what LibreOffice prints; docs/printing.md records it).
        ws.fit_to_pages(1, 0)
    else:
        ws.set_print_scale(setup.scale)
    ws.repeat_rows(*sheet.repeat_rows)
    if setup.repeat_cols:
        ws.repeat_columns(0, setup.repeat_cols - 1)
    if sheet.breaks:
        ws.set_v_pagebreaks(list(sheet.breaks))
    ws.set_footer(sheet.footer)
    ws.center_horizontally()
    ws.set_margins(**MARGINS_IN)


def write_sheets(
    sheets: Sequence[Sheet], *, author: str, when: datetime, in_memory: bool = True, title: str = ""
) -> bytes:
    """Laid-out sheets → xlsx bytes, with fixed core properties.

    ``in_memory=False`` uses XlsxWriter's temp files (only the benchmark asks for it).
    """
    buf = io.BytesIO()
    options = {"in_memory": in_memory, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(buf, options)
    wb.set_properties({"title": title, "author": author, "company": author, "created": when})
    wb.formats[0].set_font_name(FONT)
    formats = {name: wb.add_format(_format_props(style)) for name, style in CELL_STYLES.items()}
    for sheet in sheets:
        _sheet(wb, sheet, formats)
    wb.close()
    return buf.getvalue()


def render_xlsx(
    budget: Budget, tables: Sequence[TableSpec], *, empty_note: str | None = None, catalog: Catalog | None = None
) -> bytes:
    """The 预算公开表 of ``budget``: one sheet per spec, deterministic bytes.

    An empty table says ``empty_note`` under its header (None: the profile's).

    With ``catalog`` (the budget year's), the specs' economic codes are checked against it first.
    """
    if catalog is not None:
        checked_codes(tuple(tables), catalog, budget.profile)
    sheets = lay_out_all(budget, tables, empty_note=empty_note)
    dep = budget.department
    when = datetime.combine(dep.date, time(9, 0))
    title = budget.profile.output_name("workbook", dep.name, dep.year).removesuffix(".xlsx")
    return write_sheets(sheets, author=dep.name, when=when, title=title)
