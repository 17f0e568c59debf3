"""A sheet as a table: title, header paths per column, the column-number row and data rows.

Nothing here knows a table's columns in advance. The header is read from
positions, as a reader reads it: a header text heads every column from where it
stands to the next text of its row, inside its parent's span (a merged cell
reads the same way, its value stands in its first cell). Amounts are read
whether they are numbers or text with thousands separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from budgetgen.audit.package import Sheet

AMOUNT_TEXT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
#: Lines above the header: the 单位名称 / 单位：元 line and table codes such as "02表".
_ABOVE_HEADER = re.compile(r"^(单位名称[:：]|单位[:：]|\d+表$|[\d.]+表$)")
SUBTOTAL = re.compile(r"(合计|小计|总计)$")
#: Header labels that are not additive parts of their parent ("其中" items, quantities beside amounts).
NOT_A_PART = re.compile(r"^(其中|平方米$|辆$|台/套$|台$|床$|大卡$|千瓦$|吨$)")
TOTAL_ROW = re.compile(r"^(合计|总计)$")
#: A table's own line saying it has nothing to show.
EMPTY_NOTE = re.compile(r"无此项|无数据|本年无|没有.*(预算|支出|收入)")


def amount(value: Any) -> Decimal | None:
    """A cell as an exact amount: numbers and amount texts ("2,602,664.0000"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str) and AMOUNT_TEXT.fullmatch(value.strip()):
        try:
            return Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return None
    return None


def norm(text: Any) -> str:
    """A header or label text without line breaks and spaces (wrapped headers read as one)."""
    return re.sub(r"[\s\u3000]+", "", str(text)) if text is not None else ""


#: A project code written before its name: in brackets (``[43001200001]名称``, ``【Z0001】名称``), or of 8 or
#: more letters and digits and a space (``43001200001 名称``); full-width digits and letters read too.
_CODE = r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ][A-Za-z0-9０-９Ａ-Ｚａ-ｚ\-－_]"
_JOINED_CODE = re.compile(rf"^\s*(?:[\[【]\s*({_CODE}{{3,}})\s*[\]】]|({_CODE}{{7,}})[\s\u3000]+)\s*(\S.*)$")


def split_code(text: Any) -> tuple[str, str]:
    """(code, name) of a cell reading ``[code]name``; ("", the text without spaces) otherwise.

    A function code joined to its name (``[2010301]行政运行``) splits the same way."""
    m = _JOINED_CODE.match(str(text)) if isinstance(text, str) else None
    if m is None:
        return "", norm(text)
    return (m[1] or m[2]).strip(), norm(m[3])


def col_letter(col: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB`` (the audit's and the importer's cell references)."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class Table:
    """A parsed sheet; rows and columns are 0-based positions of the sheet."""

    sheet: Sheet
    title: str = ""
    title_row: int = -1
    header_rows: tuple[int, int] = (0, 0)
    number_row: int | None = None
    heads: dict[int, tuple[str, ...]] = field(default_factory=dict)
    data_rows: list[int] = field(default_factory=list)
    numeric: list[int] = field(default_factory=list)
    scale: Decimal = Decimal(1)
    """元 per unit of the table's amounts: 10000 when the table says ``单位：万元``."""

    @property
    def name(self) -> str:
        return self.sheet.name

    side_by_side: int | None = None
    """The sheet's column where a second copy of the whole header starts (a table printed in two columns):
    the rows of that block are read below the first block's, each located at its cell of the sheet."""
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def ref(self, row: int, col: int) -> str:
        """``收支总表!F24``."""
        row, col = self.origin.get((row, col), (row, col))
        return self.sheet.place(row, col) or f"{self.sheet.where}{col_letter(col)}{row + 1}"

    def text_cols(self, row: int) -> frozenset[int]:
        """The non-amount columns filled in a data row (its label, codes, names)."""
        return frozenset(c for (r, c), cell in self.sheet.cells.items() if r == row and c not in self.numeric)

    def label(self, row: int) -> str:
        """The row's first text cell; a code split over 类/款/项 columns (``213``, ``01``, ``04``) joined."""
        cols = sorted(self.text_cols(row))
        texts = [norm(self.sheet.value(row, c)) for c in cols]
        if not texts:
            return ""
        if texts[0].isdigit() and len(texts[0]) == 3:
            code = texts[0]
            for c, text in zip(cols[1:], texts[1:], strict=False):
                if not (text.isdigit() and len(text) == 2 and c == cols[0] + (len(code) - 1) // 2):
                    break
                code += text
            return code
        return texts[0]

    def find_cols(self, path: tuple[str, ...]) -> list[int]:
        """Columns whose header path ends with ``path``."""
        n = len(path)
        return [c for c, h in sorted(self.heads.items()) if h[-n:] == path]

    def yuan(self, row: int, col: int) -> Decimal | None:
        """The amount of a cell in 元 (a 万元 table's amounts times 10000)."""
        v = amount(self.sheet.value(row, col))
        return None if v is None else v * self.scale

    def slack(self, parts: int) -> Decimal:
        """How far a total may stand from the sum of ``parts`` amounts shown: nothing in a 元 table; in a
        万元 table each amount is its own 元 figure rounded, so up to half a cent per amount (尾差)."""
        return Decimal(0) if self.scale == 1 else Decimal("0.005") * (parts + 1)

    def total_row(self) -> int | None:
        for r in self.data_rows:
            if any(TOTAL_ROW.match(norm(self.sheet.value(r, c))) for c in self.text_cols(r)):
                return r
        return None


def _is_text(cell: Any) -> bool:
    return isinstance(cell, str) and bool(cell.strip()) and amount(cell) is None


def parse(sheet: Sheet, *, unfold: bool = True) -> Table:
    """Find the title, header, column numbers and data rows of a sheet (a table printed in two columns is
    read as one: see :attr:`Table.side_by_side`)."""
    t = Table(sheet)
    rows = sorted({r for r, _ in sheet.cells})
    if not rows:
        return t
    meta = {r for r in rows if all(_ABOVE_HEADER.match(norm(v.value)) for (rr, _), v in sheet.cells.items() if rr == r)}
    content = [r for r in rows if r not in meta]
    if len(content) < 2:
        return t
    t.title_row, top = content[0], content[1]
    if any(r < top and re.search(r"单位[:：]万元", norm(v.value)) for (r, _), v in sheet.cells.items()):
        t.scale = Decimal(10000)
    t.title = norm(sheet.value(t.title_row, min(c for r, c in sheet.cells if r == t.title_row)))
    t.number_row = next((r for r in rows if r >= top and norm(sheet.value(r, 0)) == "**"), None)
    if t.number_row is None:
        t.number_row = next((r for r in rows if r >= top and norm(sheet.value(r, 0)) in ("**", "栏次")), None)
    first_data = t.number_row + 1 if t.number_row is not None else _first_data(sheet, rows, top)
    header_end = t.number_row if t.number_row is not None else first_data
    t.header_rows = (top, header_end)
    t.heads = header_paths(sheet, top, header_end)
    t.data_rows = [r for r in rows if r >= first_data]
    t.numeric = _numeric_cols(t)
    start = repeated_block(sorted(t.heads.items()))
    if start is not None and unfold:
        again = parse(_unfolded(sheet, start, first_data), unfold=False)
        again.side_by_side, again.origin = start, _origins(sheet, start, first_data)
        return again
    return t


def repeated_block(heads: list[tuple[int, tuple[str, ...]]]) -> int | None:
    """The first column of a second copy of the whole header (a table printed in two columns), if any."""
    n = len(heads)
    if n < 4 or n % 2:
        return None
    half = n // 2
    first, second = [h for _, h in heads[:half]], [h for _, h in heads[half:]]
    return heads[half][0] if first == second else None


def _moved(sheet: Sheet, start: int, first_data: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Where each data cell of the right-hand block goes: below the left block's last row, ``start``
    columns to the left (the block's rows in order)."""
    bottom = max((r for r, c in sheet.cells if c < start), default=first_data - 1) + 1
    rows = sorted({r for r, c in sheet.cells if c >= start and r >= first_data})
    return {
        (r, c): (bottom + k, c - start) for k, r in enumerate(rows) for (rr, c) in sheet.cells if rr == r and c >= start
    }


def _unfolded(sheet: Sheet, start: int, first_data: int) -> Sheet:
    """The sheet with its right-hand block's rows read below the left block's, its repeated header dropped."""
    moved = _moved(sheet, start, first_data)
    cells = {k: v for k, v in sheet.cells.items() if k[1] < start}
    cells.update({to: sheet.cells[at] for at, to in moved.items()})
    return Sheet(sheet.file, sheet.name, cells, sheet.where, places=sheet.places)


def _origins(sheet: Sheet, start: int, first_data: int) -> dict[tuple[int, int], tuple[int, int]]:
    return {to: at for at, to in _moved(sheet, start, first_data).items()}


def _first_data(sheet: Sheet, rows: list[int], top: int) -> int:
    """Without a column-number row: the first row below the header holding an amount or a 合计 label."""
    for r in rows:
        if r <= top:
            continue
        values = [v.value for (rr, _), v in sheet.cells.items() if rr == r]
        texts = [norm(v) for v in values if amount(v) is None and norm(v)]
        # a 合计 label starts the data unless the row is a header row naming a 合计 column among others; so
        # does an amount (a number, or a text with a separator or decimal point: "1,216,000.00", not a
        # column number "3") and a table's only line saying it is empty (本单位无此项)
        if (
            any(is_amount_cell(v) for v in values)
            or (texts and all(TOTAL_ROW.match(x) for x in texts))
            or (len(texts) == 1 and EMPTY_NOTE.search(texts[0]) and len(texts[0]) <= 20)
        ):
            return r
    return rows[-1] + 1


def header_paths(sheet: Sheet, top: int, end: int, width: int = 0) -> dict[int, tuple[str, ...]]:
    """Each column's header path, from the texts' positions (rows ``top``..``end``-1; also read by the importer)."""
    width = max(width, sheet.width, 1)
    spans: list[tuple[int, int, tuple[str, ...]]] = [(0, width, ())]
    for r in range(top, end):
        starts = sorted(c for (rr, c), v in sheet.cells.items() if rr == r and norm(v.value))
        new: list[tuple[int, int, tuple[str, ...]]] = []
        for s, e, path in spans:
            inside = [c for c in starts if s <= c < e]
            if not inside:
                new.append((s, e, path))
                continue
            if inside[0] > s:
                new.append((s, inside[0], path))
            for k, c in enumerate(inside):
                stop = inside[k + 1] if k + 1 < len(inside) else e
                new.append((c, stop, (*path, norm(sheet.value(r, c)))))
        spans = new
    return {c: path for s, e, path in spans for c in range(s, e) if path}


def is_amount_cell(v: Any) -> bool:
    """A cell that is an amount: a number, or a text with a decimal point or thousands separator."""
    return amount(v) is not None and (not isinstance(v, str) or "." in v or "," in v)


def _numeric_cols(t: Table) -> list[int]:
    """Columns whose data cells are all amounts (numbers, or texts with a decimal point or separator)."""
    out = []
    for c in range(t.sheet.width):
        values = [t.sheet.value(r, c) for r in t.data_rows if t.sheet.value(r, c) is not None]
        if values and all(is_amount_cell(v) for v in values):
            out.append(c)
    return out


def heads_below(t: Table, prefix: tuple[str, ...]) -> dict[str, list[int]]:
    """Direct children of the header node ``prefix`` → the columns under each, in column order."""
    out: dict[str, list[int]] = {}
    for c, h in sorted(t.heads.items()):
        if h[: len(prefix)] == prefix and len(h) > len(prefix):
            out.setdefault(h[len(prefix)], []).append(c)
    return out
