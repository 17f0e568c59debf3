"""Baseline for the county benchmark: write the same two files directly, without validation.

This is the "plain script" that budgetgen is compared against. Its input is the
finished content of one department — the narrative paragraphs and the laid-out
table cells, prepared once by budgetgen *outside* the timing and stored as plain
lists — so everything it spends is spent writing: python-docx for the .docx,
openpyxl for the .xlsx (named styles registered once, merged ranges registered
directly — the fastest openpyxl writing found in benchmarks/bench_xlsx_writers.py), no checks, no
reproducibility fixes. It is therefore a lower bound for any script that writes
these two files with these libraries.

    python benchmarks/baseline_plain.py CONTENT.pickle OUT_DIR [--copies 40] [--jobs 2]

Without ``--copies`` it only times one department in-process (see bench_county.py).
"""

from __future__ import annotations

import argparse
import io
import pickle
from multiprocessing import get_context
from pathlib import Path
from typing import Any

Content = dict[str, Any]


def prepare(source: Path) -> Content:
    """The content of one department as plain data (uses budgetgen; not timed)."""
    from budgetgen import pipeline
    from budgetgen.render import narrative
    from budgetgen.render.env import make_env
    from budgetgen.tables.layout import lay_out_all
    from budgetgen.tables.sheet import CELL_STYLES
    from budgetgen.tables.spec import load_tables

    checked = pipeline.check_file(source)
    assert checked.budget is not None
    dirs = pipeline.Settings().template_dirs()
    tables = load_tables([d / "tables" for d in dirs])
    blocks = narrative.render_blocks(make_env(dirs), checked.budget, table_count=len(tables))
    sheets = lay_out_all(checked.budget, tables)
    styles = {k: (s.bold, s.size, s.align, s.wrap, s.border, s.num_format) for k, s in CELL_STYLES.items()}
    return {
        "blocks": [(b.kind.value, b.text) for b in blocks],
        "styles": styles,
        "sheets": [
            {
                "name": sh.name,
                "cells": [(c.row, c.col, c.value, c.style) for c in sh.cells],
                "merges": [(m.first_row, m.first_col, m.last_row, m.last_col, m.value, m.style) for m in sh.merges],
                "widths": list(sh.widths),
            }
            for sh in sheets
        ],
    }


_DOCX_STYLE = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}


def write_docx(blocks: list[tuple[str, str]]) -> bytes:
    """python-docx with its default template: one paragraph per block."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = docx.Document()
    for kind, text in blocks:
        para = doc.add_paragraph(text, style=_DOCX_STYLE.get(kind))
        if kind == "right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _named_styles(wb: Any, styles: dict[str, tuple[Any, ...]]) -> None:
    """Register each cell style once; cells then refer to it by name (the fast openpyxl way)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin")
    for name, (bold, size, align, wrap, border, num_format) in styles.items():
        wb.add_named_style(
            NamedStyle(
                name=name,
                font=Font(name="宋体", size=size, bold=bold),
                alignment=Alignment(horizontal=align, vertical="center", wrap_text=wrap),
                border=Border(left=thin, right=thin, top=thin, bottom=thin) if border else Border(),
                number_format=num_format,
            )
        )


def write_xlsx(sheets: list[dict[str, Any]], styles: dict[str, tuple[Any, ...]]) -> bytes:
    """openpyxl: every cell with its shared style objects, merges, column widths."""
    from decimal import Decimal

    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _named_styles(wb, styles)
    for sheet in sheets:
        ws = wb.create_sheet(sheet["name"])
        for r1, c1, r2, c2, value, style in sheet["merges"]:
            # merge_cells() rebuilds the borders of the whole range each time; register the range directly
            ws.merged_cells.add(CellRange(min_row=r1 + 1, min_col=c1 + 1, max_row=r2 + 1, max_col=c2 + 1))
            sheet["cells"].append((r1, c1, value, style))
        for row, col, value, style in sheet["cells"]:
            cell = ws.cell(row + 1, col + 1, float(value) if isinstance(value, Decimal) else value)
            cell.style = style
        for i, width in enumerate(sheet["widths"], start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_department(content: Content, out_dir: Path, index: int) -> None:
    """Both files of one department, written plainly."""
    sheets = [{**s, "cells": list(s["cells"])} for s in content["sheets"]]
    (out_dir / f"dep{index:03d}.docx").write_bytes(write_docx(content["blocks"]))
    (out_dir / f"dep{index:03d}.xlsx").write_bytes(write_xlsx(sheets, content["styles"]))


def _job(args: tuple[Path, Path, int]) -> None:
    data, out_dir, index = args
    write_department(pickle.loads(data.read_bytes()), out_dir, index)


def main() -> None:
    """Write ``--copies`` departments with ``--jobs`` processes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = [(args.content, args.out, i) for i in range(args.copies)]
    if args.jobs <= 1:
        for item in work:
            _job(item)
        return
    with get_context("forkserver").Pool(args.jobs) as pool:
        pool.map(_job, work, chunksize=1)


if __name__ == "__main__":
    main()
