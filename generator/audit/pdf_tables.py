"""Ruled tables printed in a PDF (a 预算公开表 exported from Excel), read as the sheets a workbook gives.

Each table's grid is read from its ruling lines (pdfplumber's line strategy); a
merged cell reads as its text in its first cell, the cells it covers empty, as
in a workbook. A table is named by its title line above the grid (the
department and year before the table's name dropped, as the audit matches a
title), and the ``单位名称 / 单位`` line above it is kept so the table's unit is
read. A table continued on the next page (same title, or no title, and the same
columns) is joined to it, the header rows the page repeats dropped. Each cell is
located where a reader finds it: ``第3页表1!第5行第4列`` (the page, the table's
order on the page, the grid's row and column on that page).

A grid that cannot be read as a table (a cell printed as ``###``, a page of a
table cut by columns with no title, a single row or column) is not read: its
page stays listed as a table page not checked, never a source of findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from budgetgen.audit.hanzi import simplified
from budgetgen.audit.package import Cell, Sheet
from budgetgen.audit.table import parse

#: The tokens of the line above a grid that a workbook also shows above its header.
_META = re.compile(r"^(单位名称[:：]|单位[:：]|\d+表$|[\d.]+表$)")
#: A title line: ends with 表 (or 表（续）); not a 单位 line.
_TITLE = re.compile(r"表\s*([（(]续[）)])?$")
#: What stands before a table's name in its title: department and year, or a numbering (表1、01-).
_HEAD = re.compile(r"^.*?20\d\d年度?|^(?:附?表\s*[\d一二三四五六七八九十]+|\d+)\s*[-—－.．、_:：\s]*")
_CONTINUED = re.compile(r"[（(]续[）)]$")
#: Headers of columns whose digits are codes (科目编码, 单位代码, 类/款/项), not counts.
_CODE_HEAD = re.compile(r"码|编号|科目|^[类款项]$")
_COUNT = re.compile(r"[1-9]\d*|0")
_PAGE_NUMBER = re.compile(r"[—\-–\s]*\d*[—\-–\s]*|第\s*\d+\s*页.*")


@dataclass
class Piece:
    """One grid found on one page, with the title and 单位 lines read above it."""

    page: int
    index: int
    grid: list[list[str | None]]
    title: str = ""
    meta: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"第{self.page}页表{self.index}"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.grid), default=0)


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    # a wrapped cell's lines are one text (Chinese has no space at a line end)
    text = simplified(re.sub(r"\s*\n\s*", "", str(value)).strip())
    return text or None


def _readable(grid: list[list[str | None]]) -> bool:
    """A grid a reader can read: two rows and two columns at least, no figure printed as ``###``."""
    if len(grid) < 2 or max((len(r) for r in grid), default=0) < 2:
        return False
    return not any(v is not None and "###" in v for row in grid for v in row)


def page_pieces(page: Any, number: int) -> tuple[list[Piece], bool]:
    """The readable grids of a page in order; second: whether the page holds any ruled table at all."""
    tables = page.find_tables()
    if not tables:
        return [], False
    page = _unclipped(page, tables)
    tables = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    out: list[Piece] = []
    above_from = 0.0
    for k, table in enumerate(tables, start=1):
        grid = [[_cell_text(v) for v in row] for row in table.extract()]
        if _spilled(page, table):
            grid = []  # a text wider than its column runs over the ruling: which cell it belongs to is unsure
        top = table.bbox[1]
        lines: list[str] = []
        if top > above_from:
            text = page.crop((0, above_from, page.width, top)).extract_text() or ""
            lines = [ln.strip() for ln in text.split("\n") if ln.strip() and not _PAGE_NUMBER.fullmatch(ln.strip())]
        above_from = table.bbox[3]
        if not _readable(grid):
            continue
        piece = Piece(number, k, grid)
        for line in lines:
            tokens = [simplified(t) for t in line.split()]
            metas = [t for t in tokens if _META.match(t)]
            if metas:
                piece.meta = metas
            elif _TITLE.search(line):
                piece.title = simplified(re.sub(r"\s+", "", line))
        out.append(piece)
    return out, True


def _unclipped(page: Any, tables: list[Any]) -> Any:
    """The page without the characters a cell clips: the lines of a cell's text too long for its height run
    down into the cell below, where the printed page cuts them off. Such a character starts above the cell its
    middle is in, and continues a column of characters one line up whose middle is in another cell."""
    cells = [cell for t in tables for cell in t.cells]

    def cell_of(obj: dict[str, Any]) -> tuple[float, ...] | None:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return next((c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]), None)

    hidden: set[int] = set()
    chars = page.chars
    for obj in chars:
        home = cell_of(obj)
        if home is None or obj["top"] >= home[1] - 0.3:
            continue
        height = obj["bottom"] - obj["top"]
        for up in chars:
            above = abs(up["x0"] - obj["x0"]) < 0.5 and height <= obj["top"] - up["top"] <= 1.8 * height
            if above and cell_of(up) not in (None, home):
                hidden.add(id(obj))
                break

    if not hidden:
        return page
    tops = {(round(o["x0"], 2), round(o["top"], 2)) for o in chars if id(o) in hidden}
    return page.filter(lambda o: o.get("object_type") != "char" or (round(o["x0"], 2), round(o["top"], 2)) not in tops)


def _spilled(page: Any, table: Any) -> bool:
    """Whether a character of the table runs over the side of the cell it stands in (a text printed wider
    than its column, spilling into the next cell or cut off there)."""
    cells = table.cells
    for obj in page.chars:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        home = next((c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]), None)
        if home is not None and (obj["x0"] < home[0] - 1 or obj["x1"] > home[2] + 1):
            return True
    return False


def table_name(title: str) -> str:
    """A title's table name: ``江滨区卫生健康局2020年部门收支总表（续）`` → ``部门收支总表``."""
    return _CONTINUED.sub("", _HEAD.sub("", title, count=1))


@dataclass
class _Building:
    sheet: Sheet
    first: Piece
    next_row: int


def _add_rows(b: _Building, piece: Piece, skip: int) -> None:
    for r, row in enumerate(piece.grid):
        if r < skip:
            continue
        at = b.next_row
        b.sheet.places[at] = (piece.prefix, r + 1)
        for c, value in enumerate(row):
            if value is not None:
                b.sheet.cells[(at, c)] = Cell(value)
        b.next_row += 1


def _repeated(first: Piece, piece: Piece) -> int:
    """How many leading rows of ``piece`` repeat ``first``'s leading rows (the header printed again)."""
    n = 0
    while n < min(len(first.grid), len(piece.grid)) - 1 and first.grid[n] == piece.grid[n]:
        n += 1
    return n


def join(file: str, pieces: list[Piece]) -> tuple[list[Sheet], list[int]]:
    """The sheets the pieces make (a table continued across pages joined), and the pages not read."""
    built: list[_Building] = []
    unread: list[int] = []
    for piece in pieces:
        name = table_name(piece.title) if piece.title else ""
        last = built[-1] if built else None
        same = last is not None and last.first.width == piece.width
        if last is not None and same and (not name or name == last.sheet.name):
            _add_rows(last, piece, _repeated(last.first, piece))
            continue
        if not name or any(b.sheet.name == name for b in built):
            # a page of a table cut by columns (no title, or the title again over other columns): the rows of
            # its two parts cannot be matched with certainty, so it is not read
            unread.append(piece.page)
            continue
        sheet = Sheet(file, name, where=f"{piece.prefix}!")
        row = 0
        for text in (piece.title, " ".join(piece.meta)):
            if not text:
                continue
            sheet.places[row] = (piece.prefix, 0)
            cells = [text] if text == piece.title else piece.meta
            for c, value in enumerate(cells):
                sheet.cells[(row, c)] = Cell(value)
            row += 1
        b = _Building(sheet, piece, row)
        _add_rows(b, piece, 0)
        built.append(b)
    for b in built:
        _typed_counts(b.sheet)
    return [b.sheet for b in built], sorted(set(unread))


def _typed_counts(sheet: Sheet) -> None:
    """Whole numbers printed in a column of counts (采购数量, 人数) read as the numbers a workbook stores; a PDF
    does not say which digits are numbers, and a column of codes (headed 编码, 代码, 类) stays text."""
    t = parse(sheet)
    for c in range(sheet.width):
        if c in t.numeric or _CODE_HEAD.search("".join(t.heads.get(c, ()))):
            continue
        cells = [(r, sheet.cells[(r, c)]) for r in t.data_rows if (r, c) in sheet.cells]
        if cells and all(isinstance(x.value, str) and _COUNT.fullmatch(x.value) for _, x in cells):
            for r, x in cells:
                sheet.cells[(r, c)] = Cell(int(x.value))
