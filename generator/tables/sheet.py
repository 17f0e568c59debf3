"""The laid-out sheet: named cell styles, cells, merges and print settings (no xlsx library here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from budgetgen.tables.paper import FONT_PT, PrintSetup
from budgetgen.tables.read import Value


@dataclass(frozen=True, slots=True)
class Style:
    """A named cell style; each writer backend builds it once and reuses it."""

    bold: bool = False
    size: float = FONT_PT
    align: str = "left"
    valign: str = "vcenter"
    wrap: bool = False
    border: bool = True
    num_format: str = "@"


_BODY = {
    "text": Style(wrap=True),
    "wrap": Style(wrap=True),
    "code": Style(align="center"),
    "center": Style(align="center"),
    "yesno": Style(align="center"),
    "amount": Style(align="right", num_format="#,##0.00"),
    "decimal": Style(align="right", num_format="#,##0.00"),
    "count": Style(align="right", num_format="0"),
}
#: Every style a sheet may use, by name; ``…_total`` is the bold 合计 row variant.
CELL_STYLES: dict[str, Style] = {
    "title": Style(bold=True, size=16, align="center", border=False, num_format="General"),
    "unit_left": Style(border=False),
    "unit_right": Style(align="right", border=False),
    "header": Style(bold=True, align="center", wrap=True),
    "colnum": Style(align="center"),
    "note": Style(align="center"),
    **_BODY,
    **{f"{k}_total": Style(True, v.size, v.align, v.valign, v.wrap, v.border, v.num_format) for k, v in _BODY.items()},
}
FOOTER = "&C第 &P 页，共 &N 页"


@dataclass(frozen=True, slots=True)
class PlacedCell:
    """One written cell (0-based row and column)."""

    row: int
    col: int
    value: Value
    style: str


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range; every cell of it carries ``style`` so borders show on all of them."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    value: Value
    style: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """Everything a writer needs to produce one worksheet."""

    name: str
    cells: tuple[PlacedCell, ...]
    merges: tuple[Merge, ...]
    widths: tuple[float, ...]
    heights: Mapping[int, float]
    repeat_rows: tuple[int, int]
    freeze: tuple[int, int]
    setup: PrintSetup
    breaks: tuple[int, ...] = ()
    """Columns that start a new page across."""
    footer: str = FOOTER
