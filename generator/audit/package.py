"""Read a published package (workbooks, .docx narratives, PDFs) into sheets and paragraphs.

Any tool may have made the files: a sheet is read as the cells a reader sees
(value and number format), a narrative as its paragraphs in order; texts in
traditional characters are read as simplified. A PDF page
without extractable text is kept as *unreadable*, so the audit can say it did
not check it instead of passing it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetgen.audit.hanzi import simplified
from budgetgen.audit.presentation import SheetPrint, body_pt, paragraph_place, sheet_print
from budgetgen.safefile import read_regular

#: A published file may be large (a county's whole workbook with images); refuse beyond this.
MAX_PACKAGE_BYTES = 50 * 1024 * 1024


class PackageError(Exception):
    """A file of the package cannot be read at all (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """What a reader sees in one cell: the stored value and its number format."""

    value: Any
    fmt: str = "General"


@dataclass
class Sheet:
    """One sheet (or one table extracted from a PDF page): cells by (row, column), 0-based."""

    file: str
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    where: str = ""
    """How a location is printed: ``收支总表!`` for a workbook, ``第3页表1!`` for a PDF table."""
    setup: SheetPrint | None = None
    """The workbook's page setup (None: not a workbook sheet)."""
    places: dict[int, tuple[str, int]] = field(default_factory=dict)
    """A PDF table's rows: sheet row → (``第3页表1``, the row of that page's grid, 0 for a line above it)."""

    def place(self, row: int, col: int) -> str:
        """Where a cell of a PDF table is printed (``第3页表1!第5行第4列``); "" for a workbook's sheet."""
        known = [r for r in self.places if r <= row]
        if not known:
            return ""
        at = max(known)
        prefix, n = self.places[at]
        return f"{prefix}!标题" if n == 0 else f"{prefix}!第{n + row - at}行第{col + 1}列"

    @property
    def height(self) -> int:
        return max((r for r, _ in self.cells), default=-1) + 1

    @property
    def width(self) -> int:
        return max((c for _, c in self.cells), default=-1) + 1

    def value(self, row: int, col: int) -> Any:
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a narrative: its text and where it is (``第N段`` or ``第N页``)."""

    file: str
    where: str
    text: str
    place: str = ""
    """In a .docx: where the text stands on its line (``right``, ``center``, ``left``); "" when unknown."""


@dataclass
class Package:
    """Everything read from the files given to one audit."""

    sheets: list[Sheet] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(file, 第N页) of pages with no text layer: not checked."""
    names: list[str] = field(default_factory=list)
    table_pages: list[tuple[str, str]] = field(default_factory=list)
    """(file, 第N页) of PDF pages holding tables not read as tables (the .xlsx is given, or the grid cannot be
    read): not audited."""
    pdf_sheets: list[Sheet] = field(default_factory=list)
    """The tables read from PDF pages: audited as the sheets when no workbook is given."""
    pdf_unread: list[tuple[str, str]] = field(default_factory=list)
    """(file, 第N页) of the PDF table pages whose grids could not be read as tables."""
    table_text_pt: list[tuple[str, str, float]] = field(default_factory=list)
    """(file, 第N页, points): the body text's size on each PDF page holding a table."""

    def sheet(self, name: str, wording: Callable[[str], str] = str) -> Sheet | None:
        """The sheet named ``name`` (sheet names cut at 31 characters match their full name).

        ``wording`` reads a sheet's name in current terms (公共财政拨款预算表 as 一般公共预算拨款预算表)."""
        for s in self.sheets:
            if s.name == name or (len(s.name) == 31 and name.startswith(s.name)):
                return s
        for s in self.sheets:
            if wording(s.name) == name:
                return s
        return None


def _read_xlsx(data: bytes, file: str, pkg: Package) -> None:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PackageError(f"{file}：不是有效的 Excel 工作簿（{type(exc).__name__}）") from None
    for ws in wb.worksheets:
        sheet = Sheet(file, ws.title, where=f"{ws.title}!", setup=sheet_print(ws))
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and not (isinstance(c.value, str) and not c.value.strip()):
                    value = simplified(c.value) if isinstance(c.value, str) else c.value
                    sheet.cells[(c.row - 1, c.column - 1)] = Cell(value, c.number_format or "General")
        pkg.sheets.append(sheet)


def _read_docx(data: bytes, file: str, pkg: Package) -> None:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PackageError(f"{file}：不是有效的 Word 文档（{type(exc).__name__}）") from None
    n = 0
    for p in document.paragraphs:
        if p.text.strip():
            n += 1
            pkg.paragraphs.append(Paragraph(file, f"第{n}段", simplified(p.text.strip()), paragraph_place(p)))


def _read_pdf(data: bytes, file: str, pkg: Package) -> None:
    try:
        import pdfplumber
    except ImportError:
        raise PackageError(
            f'{file}：读取 PDF 需要安装 pdfplumber（pip install pdfplumber 或 pip install "budgetgen[pdf]"）'
        ) from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise PackageError(f"{file}：不是有效的 PDF 文件（{type(exc).__name__}）") from None
    from budgetgen.audit.pdf_tables import join, page_pieces

    lines: list[tuple[int, str]] = []
    pieces = []
    table_pages: list[int] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            if not text.strip():
                pkg.unreadable.append((file, f"第{number}页"))
                continue
            found, ruled = page_pieces(page, number)
            if ruled:
                # a table page: its grids are read as tables (not its text as narrative)
                pieces += found
                table_pages.append(number)
                if (size := body_pt(page.chars)) is not None:
                    pkg.table_text_pt.append((file, f"第{number}页", size))
                continue
            lines += [(number, _unspaced(raw)) for raw in text.split("\n") if not PAGE_NUMBER.fullmatch(raw.strip())]
    sheets, unread = join(file, pieces)
    read = {p.page for p in pieces} - set(unread)
    pkg.pdf_sheets += sheets
    pkg.table_pages += [(file, f"第{n}页") for n in table_pages]
    pkg.pdf_unread += [(file, f"第{n}页") for n in table_pages if n not in read]
    for number, text in _pdf_paragraphs(lines):
        pkg.paragraphs.append(Paragraph(file, f"第{number}页", simplified(text)))


#: PDF text puts a space between Chinese and Latin letters or digits ("2020 年"); the document has none.
_CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])\s+|\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])"
)


def _unspaced(line: str) -> str:
    return _CJK_SPACE.sub("", line.strip())


PAGE_NUMBER = re.compile(r"[—\-–\s]*\d*[—\-–\s]*|第\s*\d+\s*页.*")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、．]|\d+\.(?!\d))")


def _pdf_paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines joined into paragraphs, across pages: a line that does not end a sentence continues on the
    next unless that one starts a heading; each paragraph is located at the page where it starts."""
    out: list[tuple[int, str]] = []
    for number, line in lines:
        if out and not re.search(r"[。；;]$", out[-1][1]) and not HEADING.match(line):
            out[-1] = (out[-1][0], out[-1][1] + line)
        else:
            out.append((number, line))
    return [(n, p) for n, p in out if p]


READERS = {".xlsx": _read_xlsx, ".xlsm": _read_xlsx, ".docx": _read_docx, ".pdf": _read_pdf}


def read_package(paths: list[Path]) -> Package:
    """Read every file; raise :class:`PackageError` for one that cannot be read."""
    pkg = Package()
    for path in paths:
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            raise PackageError(f"{path.name}：不支持的文件类型，只能审核 .xlsx、.docx 和 .pdf")
        try:
            data = read_regular(path, MAX_PACKAGE_BYTES)
        except OSError as exc:
            raise PackageError(f"{path}：无法读取（{exc.strerror or type(exc).__name__}）") from None
        reader(data, path.name, pkg)
        pkg.names.append(path.name)
    if not pkg.sheets:
        # no workbook: the tables printed in the PDFs are audited, the pages not read as tables are listed
        pkg.sheets, pkg.table_pages = pkg.pdf_sheets, pkg.pdf_unread
    return pkg
