"""Benchmark: writing the example's 预算公开表 with openpyxl (naive, tuned) against XlsxWriter.

Run from the repository root with the package importable as ``budgetgen``::

    PYTHONPATH=/tmp/dev python benchmarks/bench_xlsx_writers.py [--runs 30]

All variants write the same laid-out sheets (``budgetgen.tables.layout``), so only
the library calls differ. The two openpyxl writers live here, not in the
product: ``budgetgen.render.xlsx`` is the one module that writes workbooks.
Results and the decision are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from budgetgen import pipeline
from budgetgen.render import xlsx
from budgetgen.resources import templates_dir
from budgetgen.tables.layout import lay_out_all
from budgetgen.tables.sheet import CELL_STYLES, Sheet, Style
from budgetgen.tables.spec import load_tables

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"
THIN = Side(style="thin")


def _font(s: Style) -> Font:
    return Font(name="宋体", size=s.size, bold=s.bold)


def _align(s: Style) -> Alignment:
    return Alignment(horizontal=s.align, vertical="center", wrap_text=s.wrap)


def _border(s: Style) -> Border:
    return Border(left=THIN, right=THIN, top=THIN, bottom=THIN) if s.border else Border()


def _page(ws: openpyxl.worksheet.worksheet.Worksheet, sheet: Sheet) -> None:
    for i, w in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for r, h in sheet.heights.items():
        ws.row_dimensions[r + 1].height = h
    ws.freeze_panes = f"{get_column_letter(sheet.freeze[1] + 1)}{sheet.freeze[0] + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{sheet.repeat_rows[0] + 1}:{sheet.repeat_rows[1] + 1}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def openpyxl_naive(sheets: Sequence[Sheet]) -> bytes:
    """Per-cell style objects and ``merge_cells`` (how openpyxl is usually written)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for c in sheet.cells:
            cell = ws.cell(c.row + 1, c.col + 1, c.value)
            s = CELL_STYLES[c.style]
            cell.font, cell.alignment, cell.border, cell.number_format = _font(s), _align(s), _border(s), s.num_format
        for m in sheet.merges:
            s = CELL_STYLES[m.style]
            for r in range(m.first_row, m.last_row + 1):
                for col in range(m.first_col, m.last_col + 1):
                    cell = ws.cell(r + 1, col + 1, m.value if (r, col) == (m.first_row, m.first_col) else None)
                    cell.font, cell.alignment, cell.border = _font(s), _align(s), _border(s)
            ws.merge_cells(
                start_row=m.first_row + 1,
                start_column=m.first_col + 1,
                end_row=m.last_row + 1,
                end_column=m.last_col + 1,
            )
        _page(ws, sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def openpyxl_tuned(sheets: Sequence[Sheet]) -> bytes:
    """Named styles registered once, and merged ranges registered directly (no border rebuild)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, s in CELL_STYLES.items():
        wb.add_named_style(
            NamedStyle(name=name, font=_font(s), alignment=_align(s), border=_border(s), number_format=s.num_format)
        )
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for c in sheet.cells:
            ws.cell(c.row + 1, c.col + 1, c.value).style = c.style
        for m in sheet.merges:
            for r in range(m.first_row, m.last_row + 1):
                for col in range(m.first_col, m.last_col + 1):
                    ws.cell(r + 1, col + 1).style = m.style
            ws.cell(m.first_row + 1, m.first_col + 1).value = m.value
            ws.merged_cells.add(
                CellRange(
                    min_col=m.first_col + 1, min_row=m.first_row + 1, max_col=m.last_col + 1, max_row=m.last_row + 1
                )
            )
        _page(ws, sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


WHEN = datetime(2020, 3, 18, 9)


def xlsxwriter_in_memory(sheets: Sequence[Sheet]) -> bytes:
    """The product's writer (``budgetgen.render.xlsx``), in_memory=True."""
    return xlsx.write_sheets(sheets, author="bench", when=WHEN)


def xlsxwriter_temp_files(sheets: Sequence[Sheet]) -> bytes:
    """The product's writer with XlsxWriter's default temp files."""
    return xlsx.write_sheets(sheets, author="bench", when=WHEN, in_memory=False)


def medians_ms(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time of each function, run round-robin so that machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()  # warm up imports and caches
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


WRITERS = (openpyxl_naive, openpyxl_tuned, xlsxwriter_in_memory, xlsxwriter_temp_files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    budget = pipeline.check_file(EXAMPLE).budget
    assert budget is not None
    specs = load_tables([templates_dir() / "hunan-county" / "tables"])
    sheets = lay_out_all(budget, specs)
    cells = sum(len(s.cells) for s in sheets) + sum(
        (m.last_row - m.first_row + 1) * (m.last_col - m.first_col + 1) for s in sheets for m in s.merges
    )
    print(
        f"workload: {len(sheets)} sheets, {cells} cells, {sum(len(s.merges) for s in sheets)} merges; "
        f"median of {args.runs} runs"
    )
    fns: dict[str, Callable[[], object]] = {
        "layout (shared, no library)": lambda: lay_out_all(budget, specs),
        **{fn.__name__: (lambda fn=fn: fn(sheets)) for fn in WRITERS},
    }
    results = medians_ms(fns, args.runs)
    for name, ms in results.items():
        print(f"  {name:32s} {ms:8.1f} ms")
    ratio = results["openpyxl_tuned"] / results["xlsxwriter_in_memory"]
    print(f"  openpyxl tuned / XlsxWriter in_memory = {ratio:.1f}×")


if __name__ == "__main__":
    main()
