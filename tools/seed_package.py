"""Rebuild the seed's published package (workbook and narrative) from its tab-separated text.

The seed (``/work/shared/seed/000_*.txt``) is the real 2020 《部门预算说明》 followed
by its 22 annex sheets as tab-separated text. This tool writes them back as the
files a county would have published, defects included: one sheet per table with
the published sheet name, title, header rows, column numbers and data rows; a
printed amount becomes a number cell whose number format shows the decimals and
thousands separators it was printed with (``2,602,664.0000`` → ``#,##0.0000``);
codes stay text; the page-footer code that leaked into cells stays in its cell;
header texts are merged across the columns they head; every sheet is set to print as
published, A4 landscape shrunk to one page wide (the seed's column widths and fonts are
not known: the spreadsheet defaults stand). The narrative becomes a .docx with one
paragraph per line (the date pushed right with spaces, as published).

    python tools/seed_package.py [SEED.txt] [OUT_DIR]

The output (``tests/fixtures/seed/``) is committed; the audit and import tests read it.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import docx
import openpyxl
from openpyxl.styles import Alignment

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/seed/000_9902a30b8655e055.txt")
OUT = ROOT / "tests" / "fixtures" / "seed"
STEM = "通道县政务服务中心2020年部门预算"
FIXED = datetime.datetime(2020, 3, 18)
AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


def sheet_names() -> list[str]:
    """The 22 sheet names of the profile's table specs, in order (current terms: 一般公共预算拨款预算表)."""
    import yaml

    folder = ROOT / "templates" / "hunan-county" / "tables"
    return [yaml.safe_load(p.read_text(encoding="utf-8"))["sheet"] for p in sorted(folder.glob("annex_*.yaml"))]


def current_wording(text: str) -> str:
    """A seed text in the profile's current terms (its ``old_terms``: 公共财政拨款预算表 → 一般公共预算拨款预算表)."""
    from budgetgen.profile import default_profile

    return default_profile().current_wording(text)


def split(text: str, names: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The narrative's lines and each sheet's logical lines (a cell's inner line breaks joined back).

    Sheets are keyed by the seed's own name, which may be a spec's name in old terms."""
    narrative: list[str] = []
    sheets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        head = line.split("\t")[0].strip()
        if current_wording(head) in names and not line.strip("\t ").count("\t") and head not in sheets:
            current = sheets.setdefault(head, [])
        elif current is None:
            narrative.append(line)
        elif not line.strip():
            continue
        elif line[:1] != "\t" and "&P" not in line and current:
            current[-1] += "\n" + line
        else:
            current.append(line)
    return narrative, sheets


def _cell_value(text: str, numeric: bool) -> tuple[object, str | None]:
    """A printed cell as stored: amounts in numeric columns become numbers with the printed format."""
    m = AMOUNT.fullmatch(text)
    if not numeric or not m or (text[:1] == "0" and text[1:2].isdigit()):
        return text, None
    digits = m.group(1) or ""
    fmt = ("#,##0" if "," in text else "0") + ("." + "0" * len(digits) if digits else "")
    number = float(text.replace(",", ""))
    return (int(number) if number.is_integer() and not digits else number), fmt


def write_sheet(ws: openpyxl.worksheet.worksheet.Worksheet, lines: list[str]) -> None:
    """One sheet: text at tab index i goes to column (i - 2) // 2 (index 0: a leaked footer, column A)."""
    rows = [
        [(0 if i == 0 else (i - 2) // 2, t.strip()) for i, t in enumerate(ln.split("\t")) if t.strip()] for ln in lines
    ]
    number_row = next((r for r, cells in enumerate(rows) if cells and cells[0][1] == "**"), None)
    numbered = {c for c, t in rows[number_row] if t.isdigit()} if number_row is not None else set()
    for r, cells in enumerate(rows, start=1):
        data = number_row is None or r - 1 > number_row
        for c, text in cells:
            numeric = data and (c in numbered or number_row is None)
            value, fmt = _cell_value(text, numeric)
            cell = ws.cell(r, c + 1, value)
            if fmt:
                cell.number_format = fmt
            if "\n" in text:
                cell.alignment = Alignment(wrap_text=True)
    if number_row is not None:
        _merge_header(ws, rows, number_row)


def published_page_setup(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
    """Every sheet printed as the county published it: A4 landscape, “缩放到一页宽” (any number of pages tall)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _merge_header(
    ws: openpyxl.worksheet.worksheet.Worksheet, rows: list[list[tuple[int, str]]], number_row: int
) -> None:
    """Merge each header text across the columns up to the next text in its row (inside its parent's span)."""
    width = max(c for c, _ in rows[number_row]) + 1
    top = next(r for r in range(number_row) if len(rows[r]) > 1 and rows[r][0][0] <= 1)
    spans: list[tuple[int, int]] = [(0, width)]
    for r in range(top, number_row):
        starts = [c for c, _ in rows[r]]
        new_spans = []
        for k, c in enumerate(starts):
            parent_end = next((e for s, e in spans if s <= c < e), width)
            nxt = [s for s in starts[k + 1 :] if s < parent_end] + [s for s, _ in spans if c < s < parent_end]
            end = min(nxt) if nxt else parent_end
            new_spans.append((c, end))
            if end - c > 1:
                ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + 1, end_column=end)
        spans = sorted({*spans, *new_spans})


def write_narrative(lines: list[str], path: Path) -> None:
    doc = docx.Document()
    for line in lines:
        text = line.replace("[bookmark: _GoBack]", "").rstrip()
        if text.strip():
            doc.add_paragraph(text)
    doc.core_properties.created = FIXED
    doc.core_properties.modified = FIXED
    doc.core_properties.last_modified_by = ""
    doc.save(str(path))


def main(argv: list[str]) -> int:
    seed = Path(argv[0]) if argv else SEED
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    names = sheet_names()
    narrative, sheets = split(seed.read_text(encoding="utf-8"), names)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    published = {current_wording(seed_name): seed_name for seed_name in sheets}
    for name in names:
        seed_name = published.get(name, name)  # the seed's own sheet name, old terms and all
        ws = wb.create_sheet(seed_name)
        write_sheet(ws, sheets.get(seed_name, []))
        published_page_setup(ws)
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(out / f"{STEM}公开表.xlsx")
    write_narrative(narrative, out / f"{STEM}说明.docx")
    print(f"写入 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
