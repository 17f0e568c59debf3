"""Read a built workbook back with openpyxl: normalized text dumps and table parsing for tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def load(data: bytes) -> openpyxl.Workbook:
    """The workbook of ``data``, as openpyxl reads it."""
    return openpyxl.load_workbook(io.BytesIO(data))


def _value(cell: Any) -> str:
    v = cell.value
    if isinstance(v, bool) or not isinstance(v, int | float):
        return repr(v)
    fmt = cell.number_format
    return f"{Decimal(str(v)):.2f}" if "0.00" in fmt else f"{Decimal(str(v)):f}"


def _style(cell: Any) -> str:
    bits = [cell.number_format]
    if cell.font.b:
        bits.append("b")
    if cell.alignment.horizontal:
        bits.append(cell.alignment.horizontal)
    if cell.alignment.wrap_text:
        bits.append("wrap")
    return " ".join(bits)


def dump_sheet(ws: Worksheet) -> list[str]:
    """``cell = value [format]`` for every non-empty cell, then merges, widths and page setup."""
    lines = [f"== {ws.title}"]
    for row in ws.iter_rows():
        lines += [f"{c.coordinate} = {_value(c)} [{_style(c)}]" for c in row if c.value is not None]
    lines.append("merges: " + " ".join(sorted(str(r) for r in ws.merged_cells.ranges)))
    widths = {i: d.width for d in ws.column_dimensions.values() if d.width for i in range(d.min, d.max + 1)}
    lines.append("widths: " + " ".join(f"{get_column_letter(i)}={widths[i]:.2f}" for i in sorted(widths)))
    ps = ws.page_setup
    lines.append(f"freeze: {ws.freeze_panes}")
    lines.append(f"print: {ps.orientation} paper={ps.paperSize} scale={ps.scale} fit={ps.fitToWidth}x{ps.fitToHeight}")
    lines.append(f"repeat: {ws.print_title_rows} {ws.print_title_cols or ''}".rstrip())
    lines.append(f"footer: {ws.oddFooter.center.text}")
    return lines


def dump_workbook(data: bytes) -> str:
    """The whole workbook as normalized text (golden files)."""
    wb = load(data)
    return "\n".join(line for ws in wb.worksheets for line in dump_sheet(ws)) + "\n"


@dataclass
class Table:
    """A sheet read back: each data column's header path, and the data rows."""

    name: str
    heads: list[tuple[str, ...]]
    rows: list[list[Any]] = field(default_factory=list)

    def col(self, *path: str) -> int:
        """Index of the one column whose header path ends with ``path``."""
        found = [i for i, h in enumerate(self.heads) if h[-len(path) :] == path]
        assert len(found) == 1, (self.name, path, found)
        return found[0]

    def row(self, label: str) -> list[Any]:
        """The one row that carries ``label`` in any text cell."""
        found = [r for r in self.rows if label in r]
        assert len(found) == 1, (self.name, label, len(found))
        return found[0]

    def get(self, label: str, *path: str) -> Decimal:
        """The amount in row ``label`` under header ``path``, as an exact Decimal."""
        return money(self.row(label)[self.col(*path)])


def money(value: Any) -> Decimal:
    """A numeric cell as a Decimal to the cent (the file stores doubles)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _filled(ws: Worksheet) -> dict[tuple[int, int], Any]:
    """Cell values with every merged range's value copied into all its cells."""
    grid = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid[(r, c)] = value
    return grid


def _number_row(ws: Worksheet) -> int:
    """The ``**`` column-number row; for a sheet without one (as in the seed), the row above the first data row."""
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value == "**":
            return r
    frozen = re.sub(r"^[A-Z]+", "", str(ws.freeze_panes or ""))
    assert frozen, f"{ws.title}: 没有列号行，也没有冻结窗格"
    return int(frozen) - 1


def read_table(ws: Worksheet) -> Table:
    """Header paths from the merged header rows (row 3 to the ``**`` row) and data rows below."""
    numbers = _number_row(ws)
    grid = _filled(ws)
    heads = []
    for c in range(1, ws.max_column + 1):
        path: list[str] = []
        for r in range(3, numbers + (ws.cell(numbers, 1).value != "**")):
            v = grid.get((r, c))
            text = None if v is None else str(v).replace("\n", "")
            if text is not None and (not path or path[-1] != text):
                path.append(text)
        heads.append(tuple(path))
    table = Table(ws.title, heads)
    for r in range(numbers + 1, ws.max_row + 1):
        table.rows.append([ws.cell(r, c).value for c in range(1, ws.max_column + 1)])
    return table


def merged_cells(ws: Worksheet) -> Iterator[str]:
    """Coordinates of every cell inside a merged range."""
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                yield f"{get_column_letter(c)}{r}"


def raw_borders(data: bytes, index: int, wb: openpyxl.Workbook) -> dict[str, bool]:
    """Per cell of sheet ``index`` as stored in the file: does it have thin borders on all four sides?

    openpyxl rebuilds the borders of merged cells from the range's edges when it
    loads a file, so checking that every cell of a merged header carries its own
    border needs the sheet XML itself.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(f"xl/worksheets/sheet{index + 1}.xml").decode()
    out = {}
    for m in re.finditer(r'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', xml):
        border = wb._borders[wb._cell_styles[int(m[2])].borderId]
        out[m[1]] = all(getattr(border, s).style == "thin" for s in ("left", "right", "top", "bottom"))
    return out
