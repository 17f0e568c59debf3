"""Regenerate the per-sheet tables in docs/printing.md (between its ``<!-- sheets -->`` and
``<!-- too-wide -->`` markers).

Run ``python tools/printing_doc.py`` after changing a table spec or the print
layout; a test checks that the document says what the layout computes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "printing.md"
EXAMPLES = {
    "hunan-county": ("湖南格式", ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"),
    "mof": ("全国格式", ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml"),
}
_ORIENT = {"landscape": "横向", "portrait": "纵向"}


def _laid_out(profile: str) -> list[tuple[Any, Any]]:
    """(spec, sheet) of every table of ``profile``'s example."""
    from budgetgen import pipeline
    from budgetgen.config import Settings
    from budgetgen.resources import templates_dir
    from budgetgen.tables.layout import lay_out_all
    from budgetgen.tables.spec import load_tables

    checked = pipeline.check_file(EXAMPLES[profile][1], Settings(profile=profile))
    assert checked.budget is not None
    specs = load_tables([templates_dir() / profile / "tables"], checked.budget.profile)
    return list(zip(specs, lay_out_all(checked.budget, specs), strict=True))


def sheet_table() -> str:
    """The markdown table of every sheet of both examples: paper, scale, pages across, text size."""
    rows = ["| 格式 | 表 | 纸张 | 缩放 | 横向 | 正文打印字号 |", "|---|---|---|---|---|---|"]
    for profile, (label, _) in EXAMPLES.items():
        for _, sheet in _laid_out(profile):
            s = sheet.setup
            scale = f"按页宽 {s.scale}%" if s.pages_wide == 1 else f"{s.scale}%"
            across = "1 页宽" if s.pages_wide == 1 else f"{s.pages_wide} 页宽（每页重复前 {s.repeat_cols} 列）"
            paper = f"{s.paper} {_ORIENT[s.orientation]}"
            rows.append(f"| {label} | {sheet.name} | {paper} | {scale} | {across} | {s.effective_pt:.1f} 磅 |")
    return "\n".join(rows)


def too_wide_table() -> str:
    """Each sheet wider than one page at the floor: its amount columns and its narrowest possible width."""
    from budgetgen.tables.balance import MIN_WRAP_PT
    from budgetgen.tables.paper import FLOOR_SCALE, FONT_PT, column_pt, printable_pt, units_for
    from budgetgen.tables.read import NUMERIC_STYLES

    rows = [
        "| 格式 | 表 | 列数 | 金额、数量列 | 名称列最窄时全表宽（100%） | 纸上可用宽度 | 一页宽需缩放到 | 正文将是 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for profile, (label, _) in EXAMPLES.items():
        for spec, sheet in _laid_out(profile):
            if sheet.setup.pages_wide == 1:
                continue
            leaves = spec.leaves
            narrow = [
                min(w, units_for(MIN_WRAP_PT)) if leaf.style in ("text", "wrap") else w
                for w, leaf in zip(sheet.widths, leaves, strict=True)
            ]
            numeric = sum(leaf.style in NUMERIC_STYLES for leaf in leaves)
            natural = sum(column_pt(w) for w in narrow)
            room = printable_pt(sheet.setup.paper, sheet.setup.orientation)
            scale = int(room / natural * 100)
            assert scale < FLOOR_SCALE, sheet.name
            rows.append(
                f"| {label} | {sheet.name} | {len(leaves)} | {numeric} | {natural:.0f} 磅 | {room:.0f} 磅 |"
                f" {scale}% | {FONT_PT * scale / 100:.1f} 磅 |"
            )
    return "\n".join(rows)


def render(text: str) -> str:
    """``text`` with the tables between the markers replaced by the current ones."""
    for name, table in (("sheets", sheet_table), ("too-wide", too_wide_table)):
        start, end = f"<!-- {name} -->", f"<!-- end {name} -->"
        text = re.sub(f"{start}.*?{end}", lambda _m, s=start, e=end, t=table: f"{s}\n{t()}\n{e}", text, flags=re.S)
    return text


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"updated {DOC}\n")
