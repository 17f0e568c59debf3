"""A workbook's sheets as rows of values, read within limits whatever the file holds.

A department's published workbook is untrusted input: a file cut short, a zip that unpacks to
gigabytes, a sheet that declares a million rows or 16,384 columns, a cell at XFD1048576, formulas
saved without their results, text with control characters or beginning with "=". Reading it
never takes unbounded time or memory and never raises anything but :class:`Unreadable` (Chinese):

* ``MAX_UNZIPPED``: the parts of the file, unzipped, are checked against it before any is parsed;
* ``MAX_SHEETS``, ``MAX_ROWS``, ``MAX_COLS``, ``MAX_CELLS``: what is read of the sheets; beyond
  them nothing is read and a ``W-IMPORT-LIMIT`` says so (no published table comes near);
* a row with no value shares one empty list, so a declared gap of a million rows costs nothing;
* merged cells are not expanded (the read-only reader does not load them; headers are matched as
  paths, see :mod:`.locate`), so a "merge bomb" costs nothing either;
* a formula whose result the file did not store is kept as :class:`Formula`, which no amount
  reading takes for a number (``E-IMPORT-CELL`` at the cell), instead of reading as an empty 0;
* Excel's ``_xHHHH_`` escapes are read as Excel reads them; control characters (and zero-width or
  direction marks) are removed from texts and sheet names, and a text beginning with "=" is reported
  (``W-IMPORT-TEXT``): budgetgen writes it as text, other programs may take it for a formula.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from budgetgen import codes
from budgetgen.audit.table import col_letter
from budgetgen.importer.tables import Problem

MAX_UNZIPPED = 300 * 1024 * 1024
MAX_SHEETS = 100
MAX_ROWS = 20_000
MAX_COLS = 500
MAX_CELLS = 5_000_000
#: No figure of a budget (元, 人, 平方米) reaches this.
TOO_BIG = 10**15
#: Cells reported for one kind of text problem; the rest are counted in one more problem.
MAX_REPORTED = 20
#: Invisible characters a name must not hold: C0/C1 controls (not tab or line feed), zero-width and
#: direction marks (which make a name read differently than it is), byte-order marks, non-characters.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
#: Excel's escape of a character XML cannot hold (``_x000D_`` for a carriage return, ``_x005F_`` for "_").
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


class Unreadable(Exception):
    """The file cannot be read as a workbook; the message is Chinese and names the file."""


class Formula(str):
    """A formula (``=SUM(C7:C9)``) whose result the file does not store: no value to read."""

    __slots__ = ()


@dataclass
class Loaded:
    """Each sheet's rows (title → rows of values), the file's creation date, what reading left out."""

    grids: dict[str, list[list[Any]]]
    created: str = ""
    problems: list[Problem] = field(default_factory=list)


def _zip_checked(data: bytes, name: str) -> bool:
    """Whether any worksheet holds a formula; raises Unreadable for a damaged or oversized zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_UNZIPPED:
                raise Unreadable(f"{name}：解压后超过 {MAX_UNZIPPED // 1024 // 1024} MB，不像一个部门的预算公开表")
            sheets = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
            return any(_FORMULA_TAG.search(z.read(i)) for i in sheets)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise Unreadable(f"{name}：不是有效的 Excel 工作簿（.xlsx）（{type(exc).__name__}）") from None


def _open(data: bytes, name: str, *, values: bool) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=values, read_only=True)
    except Exception as exc:  # a foreign file: any damage is the user's problem to hear about, not a traceback
        raise Unreadable(f"{name}：不是有效的 Excel 工作簿（.xlsx）（{type(exc).__name__}）") from None


class Reporter:
    """Problems of one kind, at most MAX_REPORTED cells each, then one count."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.extra: dict[str, int] = {}

    def add(self, code: str, sheet: str, at: str, message: str) -> None:
        if sum(p.code == code for p in self.problems) < MAX_REPORTED:
            self.problems.append(Problem(code, sheet, at, message))
        else:
            self.extra[code] = self.extra.get(code, 0) + 1

    def done(self) -> list[Problem]:
        more = [Problem(c, "", "", f"另有 {n:,} 个单元格同样如此，未逐一列出") for c, n in self.extra.items()]
        return [*self.problems, *more]


def _text(value: str, sheet: str, at: str, report: Reporter) -> str:
    """A text as Excel shows it (escapes read), without control characters; "=" at its start reported."""
    if "_x" in value:
        value = ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)
    if "\r" in value:  # Excel's line breaks: one kind, not reported
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(value):
        value = CONTROL.sub("", value)
        report.add(codes.W_IMPORT_TEXT, sheet, at, "文字中有不可见的控制字符，已删去")
    if value.lstrip().startswith("="):
        shown = value.strip()[:30] + ("…" if len(value.strip()) > 30 else "")
        msg = f"文字“{shown}”以“=”开头，照原文导入（budgetgen 把它作为文字写出，其他软件可能当作公式）"
        report.add(codes.W_IMPORT_TEXT, sheet, at, msg)
    return value


def cell(value: Any, sheet: str, at: str, report: Reporter) -> Any:
    """A stored value as the readers get it: texts through :func:`_text`; a number no budget holds
    (inf, NaN, 10¹⁵ or more: a file can store them) as its text, which no amount reading takes."""
    if isinstance(value, str):
        return _text(value, sheet, at, report)
    if isinstance(value, float) and not (math.isfinite(value) and abs(value) < TOO_BIG):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= TOO_BIG:
        return str(value)
    return value


def _declared(ws: Any, what: str) -> int:
    """The sheet's declared ``max_row`` or ``max_column`` (its dimension), 0 when it declares none."""
    try:
        return int(getattr(ws, what) or 0)
    except Exception:  # an unsized or badly sized sheet
        return 0


def _width(ws: Any) -> int:
    declared = _declared(ws, "max_column")
    return min(declared, MAX_COLS) if declared > 0 else MAX_COLS


def _sheet(ws: Any, title: str, formulas: Any, report: Reporter, budget: list[int]) -> list[list[Any]]:
    """One sheet's rows within the limits (``budget``: cells left to read, shared across sheets)."""
    width = _width(ws)
    empty: list[Any] = [None] * width
    rows: list[list[Any]] = []
    last = 0  # rows after the last filled one are dropped
    shown = formulas.iter_rows(max_row=MAX_ROWS + 1, max_col=width, values_only=True) if formulas else None
    for r, values in enumerate(ws.iter_rows(max_row=MAX_ROWS + 1, max_col=width, values_only=True)):
        written = next(shown, None) if shown is not None else None
        if r == MAX_ROWS:
            if any(v is not None for v in values):
                report.add(codes.W_IMPORT_LIMIT, title, f"A{r + 1}", f"“{title}”超过 {MAX_ROWS:,} 行，其后各行未读取")
            break
        if all(v is None for v in values) and not (written and any(written)):
            rows.append(empty)
            continue
        if budget[0] < width:
            report.add(codes.W_IMPORT_LIMIT, title, f"A{r + 1}", f"工作簿超过 {MAX_CELLS:,} 个单元格，其后各行未读取")
            break
        budget[0] -= width
        row = list(values)
        for c, v in enumerate(row):
            if v is None and written is not None and c < len(written) and isinstance(written[c], str):
                if written[c].startswith("="):
                    row[c] = Formula(written[c])
            elif v is not None:
                row[c] = cell(v, title, f"{col_letter(c)}{r + 1}", report)
        rows.append(row)
        last = len(rows)
    for what, attr, limit in (("行", "max_row", MAX_ROWS), ("列", "max_column", MAX_COLS)):
        if (declared := _declared(ws, attr)) > limit:
            msg = f"“{title}”声明有 {declared:,} {what}，只读取前 {limit:,} {what}"
            report.add(codes.W_IMPORT_LIMIT, title, "", msg)
    return rows[:last]


def _created(wb: Any) -> str:
    try:
        created = wb.properties.created
    except Exception:  # damaged document properties: no date, nothing else lost
        return ""
    return created.strftime("%Y-%m-%d") if isinstance(created, datetime) else ""


def load(data: bytes, name: str) -> Loaded:
    """The sheets of the workbook in ``data`` (``name``: the file's name, for messages)."""
    has_formulas = _zip_checked(data, name)
    wb = _open(data, name, values=True)
    written = _open(data, name, values=False) if has_formulas else None
    report = Reporter()
    try:
        out = Loaded({}, _created(wb))
        budget = [MAX_CELLS]
        for i, ws in enumerate(wb.worksheets):
            if i == MAX_SHEETS:
                report.add(codes.W_IMPORT_LIMIT, "", "", f"工作簿超过 {MAX_SHEETS} 张工作表，其后的未读取")
                break
            title = CONTROL.sub("", str(ws.title)) or f"工作表{i + 1}"
            if title in out.grids:
                continue
            formulas = written.worksheets[i] if written is not None else None
            out.grids[title] = _sheet(ws, title, formulas, report, budget)
    except Unreadable:
        raise
    except Exception as exc:  # damage found while reading a sheet's cells
        raise Unreadable(f"{name}：工作簿已损坏，无法读取（{type(exc).__name__}）") from None
    finally:
        wb.close()
        if written is not None:
            written.close()
    out.problems = report.done()
    return out
