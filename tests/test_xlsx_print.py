"""Tables a person can read on paper.

Every sheet prints on the paper and orientation its spec declares, at an
effective text size (font size × print scale) of at least 7 pt: for the example,
for a department with 150 projects in 8 units, and for amounts of 12 digits.
Headers wrap in balanced lines inside the header rows, never leaving one
character alone; amounts always fit their columns; long names wrap.

Every sheet of both profiles prints one page wide (rows run down onto more
pages), except the few listed in :data:`TOO_WIDE`, which docs/printing.md
explains with their numbers. Wrapped body text leaves no character alone on a
line.

The slow tests render the workbooks with LibreOffice and read the PDF back:
every glyph is at least 7 pt, no text is shown as ``###``, no two glyphs
overlap and no glyph crosses a cell border (what clipped or overflowing text
looks like in a PDF), every cell's text is on the paper, no wrapped cell ends
in a line of one character, and each sheet's pages
each hold its whole width.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from big_source import big_budget
from helpers import example_budget
from test_xlsx import specs

from budgetgen import pipeline
from budgetgen.config import Settings
from budgetgen.model import Budget
from budgetgen.render.xlsx import render_xlsx, write_sheets
from budgetgen.resources import templates_dir
from budgetgen.tables.balance import LINE_PT, lone_count
from budgetgen.tables.fit import shown
from budgetgen.tables.layout import lay_out_all
from budgetgen.tables.paper import MIN_PT, PAD_PT, column_pt, lone_char, text_pt
from budgetgen.tables.read import NUMERIC_STYLES
from budgetgen.tables.sheet import Sheet
from budgetgen.tables.spec import TableSpec, load_tables

ROOT = Path(__file__).resolve().parent.parent
CASES = ("example", "150 projects, 8 units", "12-digit amounts")
PROFILES = ("hunan-county", "mof")
EXAMPLES = {
    "hunan-county": ROOT / "examples" / "tongdao-zwfwzx-2020.yaml",
    "mof": ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml",
}
#: Sheets too wide for one page width at 7 pt on A3 landscape even with their names wrapped narrow
#: (docs/printing.md gives the numbers); they print on two pages side by side.
TOO_WIDE = {
    "hunan-county": {"非税征收表", "商品和服务支出", "专项资金预算汇总表", "政府采购表", "部门整体支出绩效目标申报表"},
    "mof": {"部门整体支出绩效目标表"},
}


@cache
def budget(case: str, tmp: Path) -> Budget:
    if case == "example":
        return example_budget()
    if case == "150 projects, 8 units":
        return big_budget(tmp)
    return big_budget(tmp, units=2, projects=2, amount=123456789012)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("print")


def sheets(case: str, tmp: Path) -> tuple[Sheet, ...]:
    return lay_out_all(budget(case, tmp), specs())


@cache
def profile_example(profile: str) -> tuple[Budget, tuple[TableSpec, ...]]:
    checked = pipeline.check_file(EXAMPLES[profile], Settings(profile=profile))
    assert checked.budget is not None
    return checked.budget, load_tables([templates_dir() / profile / "tables"], checked.budget.profile)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_sheet_prints_one_page_wide_but_the_listed_few(profile: str) -> None:
    budget, tables = profile_example(profile)
    wide = {s.name: s.setup.pages_wide for s in lay_out_all(budget, tables)}
    assert {name for name, n in wide.items() if n > 1} == TOO_WIDE[profile]
    assert all(wide[name] == 2 for name in TOO_WIDE[profile]), wide
    doc = (ROOT / "docs" / "printing.md").read_text(encoding="utf-8").split("## 放不进一页宽的表")[1]
    assert all(f"| {name} |" in doc for name in TOO_WIDE[profile]), "docs/printing.md 应说明每张两页宽的表"


def test_a_lone_character_is_found_and_a_near_miss_is_not() -> None:
    room = text_pt("一二三四五六七八")  # eight characters a line
    assert lone_char("一二三四五六七八九", room)
    assert not lone_char("一二三四五六七八九十", room) and not lone_char("一二三四五六七八", room)
    assert lone_count(["一二三四五六七八九", "一二"], (room + PAD_PT) / 7 - 0.71) == 1


@pytest.mark.parametrize("case", CASES)
def test_wrapped_body_text_leaves_no_character_alone(case: str, tmp: Path) -> None:
    """Project names and 绩效目标 texts: the column widths are chosen so that no wrapped line holds one character."""
    checked = 0
    for sheet in sheets(case, tmp):
        for value, style, _row, col in _cells(sheet):
            if style.startswith(("text", "wrap")) and value:
                checked += 1
                assert not lone_count([str(value)], sheet.widths[col]), (sheet.name, value, sheet.widths[col])
    assert checked > (1000 if case == "150 projects, 8 units" else 20)


@pytest.mark.parametrize("case", CASES)
def test_every_sheet_prints_at_7pt_or_more_on_its_declared_paper(case: str, tmp: Path) -> None:
    for spec, sheet in zip(specs(), sheets(case, tmp), strict=True):
        assert sheet.setup.effective_pt >= MIN_PT, (case, sheet.name, sheet.setup)
        assert (sheet.setup.paper, sheet.setup.orientation) == (spec.paper, spec.orientation), sheet.name
        assert sheet.setup.pages_wide == len(sheet.breaks) + 1


@pytest.mark.parametrize("case", CASES)
def test_headers_wrap_without_a_lone_character(case: str, tmp: Path) -> None:
    for sheet in sheets(case, tmp):
        top, bottom = sheet.repeat_rows
        heads = [c.value for c in sheet.cells if top <= c.row <= bottom]
        heads += [m.value for m in sheet.merges if top <= m.first_row <= bottom]
        for text in heads:
            lines = str(text).split("\n")
            assert all(len(line) >= 2 for line in lines) or len(str(text)) < 2, (sheet.name, text)


def _cells(sheet: Sheet) -> Iterator[tuple[Any, str, int, int]]:
    for c in sheet.cells:
        if c.row > sheet.repeat_rows[1]:
            yield c.value, c.style, c.row, c.col


@pytest.mark.parametrize("case", CASES)
def test_amounts_fit_their_columns_and_names_have_room(case: str, tmp: Path) -> None:
    for sheet in sheets(case, tmp):
        for value, style, row, col in _cells(sheet):
            room = column_pt(sheet.widths[col]) - PAD_PT
            if style.split("_")[0] in NUMERIC_STYLES and value is not None:
                bold = 1.1 if style.endswith("_total") else 1.0
                assert text_pt(shown(value, style)) * bold <= room, (sheet.name, value, sheet.widths[col])
            if style.startswith(("text", "wrap")) and value and text_pt(str(value)) > room:
                assert sheet.heights.get(row, 15) >= 2 * LINE_PT, (sheet.name, value)


def test_paper_does_not_depend_on_the_data(tmp: Path) -> None:
    papers = {case: [(s.setup.paper, s.setup.orientation) for s in sheets(case, tmp)] for case in CASES}
    assert len({tuple(p) for p in papers.values()}) == 1


# --- LibreOffice ---------------------------------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice 未安装（.ci/run 会安装 libreoffice-calc-nogui）")
    return found


def to_pdf(books: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Each workbook converted by LibreOffice (one run, a private profile)."""
    for name, data in books.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    profile = (folder / "lo-profile").as_uri()
    cmd = [_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir"]
    subprocess.run(
        [*cmd, str(folder), *(str(folder / f"{n}.xlsx") for n in books)], check=True, capture_output=True, timeout=600
    )
    return {name: folder / f"{name}.pdf" for name in books}


def _display(cell: Any) -> str | None:
    v = cell.value
    if v is None or v == "":
        return None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return f"{Decimal(str(v)):,.2f}" if "0.00" in cell.number_format else f"{Decimal(str(v)).normalize():f}"
    return str(v)


def cell_texts(data: bytes) -> set[str]:
    wb = openpyxl.load_workbook(__import__("io").BytesIO(data))
    out = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = _display(cell)
                if text:
                    out.add(re.sub(r"\s", "", text))
    return out


def pdf_problems(path: Path) -> tuple[list[str], str]:
    """Problems on the pages of a PDF, and all its text (glyphs in content order, without spaces)."""
    import pdfplumber

    problems, text = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            glyphs = [c for c in page.chars if c["text"].strip()]
            text.append("".join(c["text"] for c in glyphs))
            problems += [f"p{page.page_number}: {c['text']} {c['size']:.2f} pt" for c in glyphs if c["size"] < MIN_PT]
            lines: list[list[dict[str, Any]]] = []
            for c in sorted(glyphs, key=lambda g: g["top"]):
                if lines and abs(lines[-1][0]["top"] - c["top"]) < 1:
                    lines[-1].append(c)
                else:
                    lines.append([c])
            for line in lines:
                line.sort(key=lambda g: g["x0"])
                for a, b in itertools.pairwise(line):
                    if b["x0"] < a["x1"] - 0.3 * (a["x1"] - a["x0"]):
                        problems.append(f"p{page.page_number}: {a['text']}{b['text']} 重叠")
            borders = [e for e in page.edges if e["orientation"] == "v"]
            for c in glyphs:
                for e in borders:
                    inside = c["x0"] + 0.3 < e["x0"] < c["x1"] - 0.3
                    if inside and e["top"] <= c["top"] + 1 and e["bottom"] >= c["bottom"] - 1:
                        problems.append(f"p{page.page_number}: {c['text']} 压在表格线上")
                        break
    return problems, "".join(text)


def lone_lines(path: Path) -> list[str]:
    """Wrapped cells in a PDF whose last line is one CJK character under a longer line of the same cell."""
    import unicodedata

    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            borders = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})
            lines: dict[tuple[int, int], list[dict[str, Any]]] = {}
            for c in page.chars:
                if c["text"].strip():
                    lines.setdefault((sum(x <= c["x0"] for x in borders), round(c["top"])), []).append(c)
            for (col, top), glyphs in lines.items():
                if len(glyphs) == 1 and unicodedata.east_asian_width(glyphs[0]["text"]) in "WF":
                    size = glyphs[0]["size"]
                    if any(k[0] == col and 0 < top - k[1] < size * 1.6 and len(v) > 3 for k, v in lines.items()):
                        out.append(f"p{page.page_number}: {glyphs[0]['text']}")
    return out


@pytest.mark.slow
def test_libreoffice_prints_every_page_readably(tmp: Path) -> None:
    books = {f"case{i}": render_xlsx(budget(case, tmp), specs()) for i, case in enumerate(CASES)}
    pdfs = to_pdf(books, tmp)
    for name, data in books.items():
        problems, text = pdf_problems(pdfs[name])
        assert "###" not in text, name
        assert not problems, (name, problems[:20])
        missing = [t for t in cell_texts(data) if t not in text]
        assert not missing, (name, missing[:20])
        assert not lone_lines(pdfs[name]), (name, lone_lines(pdfs[name])[:20])  # no character alone on a line


def test_docs_printing_records_what_the_layout_computes() -> None:
    """docs/printing.md's per-sheet table (regenerate with ``python tools/printing_doc.py``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("printing_doc", ROOT / "tools" / "printing_doc.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    doc = (ROOT / "docs" / "printing.md").read_text(encoding="utf-8")
    assert tool.render(doc) == doc, "docs/printing.md 过期：运行 python tools/printing_doc.py"
    for name in re.findall(r"\(img/([a-z0-9-]+\.png)\)", doc):
        assert (ROOT / "docs" / "img" / name).is_file(), name


def _head_lines(sheet: Sheet, col: int) -> list[str]:
    """The lines of the lowest header text over column ``col`` (as wrapped in the header rows)."""
    top, bottom = sheet.repeat_rows
    found = [(c.row, str(c.value)) for c in sheet.cells if top <= c.row <= bottom and c.col == col]
    found += [
        (m.first_row, str(m.value))
        for m in sheet.merges
        if top <= m.first_row <= bottom and m.first_col <= col <= m.last_col
    ]
    return [re.sub(r"\s", "", line) for line in max(found)[1].split("\n") if line.strip()]


@pytest.mark.slow
def test_libreoffice_prints_each_sheet_one_page_wide_at_its_size(tmp: Path) -> None:
    """Each sheet alone in a workbook: every page holds the first and the last column's header (so it is the whole
    width), the text is the size the layout computed, and a sheet printed across has pages in whole rows of N."""
    from datetime import datetime

    import pdfplumber

    books, laid = {}, {}
    for profile in PROFILES:
        budget, tables = profile_example(profile)
        for i, sheet in enumerate(lay_out_all(budget, tables)):
            key = f"{profile}-{i:02d}"
            laid[key] = sheet
            books[key] = write_sheets([sheet], author="测试", when=datetime(2020, 3, 18, 9))
    pdfs = to_pdf(books, tmp)
    for key, sheet in laid.items():
        first, last = _head_lines(sheet, 0), _head_lines(sheet, len(sheet.widths) - 1)
        with pdfplumber.open(pdfs[key]) as pdf:
            pages = [[c for c in p.chars if c["text"].strip()] for p in pdf.pages]
        sizes = [round(c["size"], 1) for page in pages for c in page]
        body = max(set(sizes), key=sizes.count)  # the body text's size on paper
        assert min(sizes) >= MIN_PT - 0.01, (sheet.name, min(sizes))
        if sheet.setup.pages_wide == 1:
            assert abs(body - sheet.setup.effective_pt) <= 0.25, (sheet.name, body, sheet.setup)
            for n, page in enumerate(pages, start=1):
                text = "".join(c["text"] for c in page)
                assert all(line in text for line in first + last), (sheet.name, n, first, last)
        else:
            assert body == pytest.approx(sheet.setup.effective_pt, abs=0.15), (sheet.name, body)
            assert len(pages) % sheet.setup.pages_wide == 0, (sheet.name, len(pages))
