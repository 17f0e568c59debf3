"""Regenerate the per-sheet table in docs/printing.md (between its ``<!-- sheets -->`` markers).

Run ``python tools/printing_doc.py`` after changing a table spec or the print
layout; a test checks that the document says what the layout computes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "printing.md"
START, END = "<!-- sheets -->", "<!-- end sheets -->"
_ORIENT = {"landscape": "横向", "portrait": "纵向"}


def sheet_table() -> str:
    """The markdown table of every sheet of the example: paper, scale, pages across, text size."""
    from budgetgen import pipeline
    from budgetgen.resources import templates_dir
    from budgetgen.tables.layout import lay_out_all
    from budgetgen.tables.spec import load_tables

    checked = pipeline.check_file(ROOT / "examples" / "tongdao-zwfwzx-2020.yaml")
    assert checked.budget is not None
    specs = load_tables([templates_dir() / "hunan-county" / "tables"])
    rows = ["| 表 | 纸张 | 缩放 | 横向分页 | 正文打印字号 |", "|---|---|---|---|---|"]
    for sheet in lay_out_all(checked.budget, specs):
        s = sheet.setup
        across = "1 页" if s.pages_wide == 1 else f"{s.pages_wide} 页（每页重复前 {s.repeat_cols} 列）"
        rows.append(
            f"| {sheet.name} | {s.paper} {_ORIENT[s.orientation]} | {s.scale}% | {across} | {s.effective_pt:.1f} 磅 |"
        )
    return "\n".join(rows)


def render(text: str) -> str:
    """``text`` with the table between the markers replaced by the current one."""
    return re.sub(f"{START}.*?{END}", f"{START}\n{sheet_table()}\n{END}", text, flags=re.S)


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"updated {DOC}\n")
