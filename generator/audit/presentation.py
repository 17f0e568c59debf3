"""What a published file looks like on paper, read for the audit: a sheet's page setup, a paragraph's
place on the line, the size of a PDF page's table text.

The readers in :mod:`budgetgen.audit.package` call these while reading; the rules that judge them are
in ``audit_print.py`` and ``audit_signoff.py``. Printed widths reuse the layout's measurements
(:mod:`budgetgen.tables.paper`): a column's printed width from its stored width, the paper sizes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from budgetgen.tables.paper import PAPERS, WIDTH_EXTRA, column_pt

#: OOXML ``paperSize`` codes → (width, height) in points, portrait (ECMA-376 §18.18.43).
PAPER_CODES: dict[int, tuple[str, tuple[float, float]]] = {
    1: ("Letter", (612.0, 792.0)),
    5: ("Legal", (612.0, 1008.0)),
    8: ("A3", PAPERS["A3"]),
    9: ("A4", PAPERS["A4"]),
    11: ("A5", (419.5, 595.3)),
    12: ("B4", (728.5, 1031.8)),
    13: ("B5", (515.9, 728.5)),
}
#: What Excel and WPS (Chinese editions) assume when a workbook says nothing: A4, portrait, no shrinking,
#: 8.43-character columns, 15 pt rows, margins 0.7 in at the sides and 0.75 in above and below.
DEFAULT_PAPER = 9
DEFAULT_COL_WIDTH = 8.43 + WIDTH_EXTRA
DEFAULT_ROW_PT = 15.0
DEFAULT_MARGINS = (0.7, 0.7, 0.75, 0.75)
#: Excel never prints below 10 %.
MIN_SCALE = 10


@dataclass(frozen=True, slots=True)
class SheetPrint:
    """A sheet's page setup as the workbook stores it (None: the workbook does not say)."""

    paper: int | None
    landscape: bool | None
    scale: int | None
    fit: bool
    """“缩放到 N 页宽 × M 页高” (``fitToPage``); ``scale`` is then ignored."""
    fit_wide: int
    """Pages wide (0: not limited)."""
    fit_tall: int
    margins: tuple[float, float, float, float]
    """Left, right, top, bottom, inches."""
    widths: tuple[float, ...]
    """Stored widths of the printed columns (hidden ones left out)."""
    heights: tuple[float, ...]
    """Heights of the printed rows, points."""
    font_pt: float | None
    """The body text's size: the size most cells with text use (None: no text)."""
    unreadable: bool = False
    """The workbook's page setup could not be read: the sheet is not checked."""


#: What :func:`sheet_print` returns for a sheet whose page setup cannot be read.
UNREADABLE = SheetPrint(None, None, None, False, 1, 1, DEFAULT_MARGINS, (), (), None, unreadable=True)


@dataclass(frozen=True, slots=True)
class Printed:
    """A sheet as printed: paper, scale and the body text's size on paper, with what was assumed."""

    paper: str
    landscape: bool
    scale: int
    text_pt: float
    width_pt: float
    room_pt: float
    assumed: tuple[str, ...]


def _used(ws: Any) -> tuple[int, int, float | None]:
    """Last row and column (1-based) holding a value, or the print area's; and the body text's size (the size
    most cells with text use), read in one pass over the cells."""
    rows = cols = 0
    sizes: Counter[float] = Counter()
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and str(c.value).strip():
                rows, cols = max(rows, c.row), max(cols, c.column)
                if c.font is not None and c.font.sz:
                    sizes[float(c.font.sz)] += 1
    size = sizes.most_common(1)[0][0] if sizes else None
    area = ws.print_area
    if isinstance(area, str) and area:
        from openpyxl.utils.cell import range_boundaries

        try:
            _, _, col, row = range_boundaries(area.split(",")[0].split("!")[-1].replace("$", ""))
        except (ValueError, TypeError):
            pass
        else:
            if col and row:
                return int(row), int(col), size
    return rows, cols, size


def sheet_print(ws: Any) -> SheetPrint:
    """The page setup of an openpyxl worksheet (:data:`UNREADABLE` when it cannot be read)."""
    try:
        return _sheet_print(ws)
    except (ValueError, TypeError, AttributeError, KeyError):
        return UNREADABLE


def _sheet_print(ws: Any) -> SheetPrint:
    setup, props = ws.page_setup, ws.sheet_properties.pageSetUpPr
    rows, cols, font_pt = _used(ws)
    declared: dict[int, Any] = {}
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max:
            for i in range(int(dim.min), min(int(dim.max), cols) + 1):
                declared[i] = dim
    widths = []
    for i in range(1, cols + 1):
        dim = declared.get(i)
        if dim is not None and dim.hidden:
            continue
        default = ws.sheet_format.defaultColWidth or DEFAULT_COL_WIDTH
        widths.append(float(dim.width) if dim is not None and dim.width else float(default))
    default_row = float(ws.sheet_format.defaultRowHeight or DEFAULT_ROW_PT)
    heights = []
    for r in range(1, rows + 1):
        dim = ws.row_dimensions.get(r)
        if dim is not None and dim.hidden:
            continue
        heights.append(float(dim.ht) if dim is not None and dim.ht else default_row)
    m = ws.page_margins
    return SheetPrint(
        paper=int(setup.paperSize) if setup.paperSize else None,
        landscape=None if setup.orientation in (None, "default") else setup.orientation == "landscape",
        scale=int(setup.scale) if setup.scale else None,
        fit=bool(props is not None and props.fitToPage),
        fit_wide=1 if setup.fitToWidth is None else int(setup.fitToWidth),
        fit_tall=1 if setup.fitToHeight is None else int(setup.fitToHeight),
        margins=(m.left, m.right, m.top, m.bottom) if m is not None else DEFAULT_MARGINS,
        widths=tuple(widths),
        heights=tuple(heights),
        font_pt=font_pt,
    )


def printed(sp: SheetPrint) -> Printed | None:
    """How the sheet prints (None: it has no text). A workbook that does not name its paper or orientation
    is printed as Excel and WPS do (A4 portrait), and the assumption is returned to be said."""
    if sp.font_pt is None or not sp.widths:
        return None
    assumed = []  # the paper matters only to a sheet shrunk to fit it
    if sp.paper in PAPER_CODES:
        name, (short, long) = PAPER_CODES[sp.paper]
    else:
        name, (short, long) = PAPER_CODES[DEFAULT_PAPER]
        if sp.fit:
            assumed.append("工作簿未指定纸张，按 Excel、WPS 的默认 A4 计算")
    landscape = bool(sp.landscape)
    if sp.landscape is None and sp.fit:
        assumed.append("未指定方向，按默认的纵向计算")
    across, down = (long, short) if landscape else (short, long)
    left, right, top, bottom = sp.margins
    room = across - (left + right) * 72
    width = sum(column_pt(w - WIDTH_EXTRA) for w in sp.widths)
    scale = 100.0 if sp.fit else float(sp.scale or 100)
    if sp.fit and sp.fit_wide > 0:
        scale = min(scale, room * sp.fit_wide / width * 100)
    if sp.fit and sp.fit_tall > 0 and sp.heights:
        scale = min(scale, (down - (top + bottom) * 72) * sp.fit_tall / sum(sp.heights) * 100)
    shown = max(MIN_SCALE, math.floor(scale))
    return Printed(name, landscape, shown, sp.font_pt * shown / 100, width, room, tuple(assumed))


#: A paragraph's place on its line: pushed right, centred, or at the left margin.
RIGHT, CENTRE, LEFT = "right", "center", "left"
_LEAD = re.compile(r"^[ \u3000\t]+")


def paragraph_place(p: Any) -> str:
    """Where a python-docx paragraph's text stands: its alignment (the style's when the paragraph has none),
    pushed right by a left indent or by leading spaces (as many published documents do); "" if unreadable."""
    try:
        return _place(p)
    except (ValueError, TypeError, AttributeError, KeyError):
        return ""


def _place(p: Any) -> str:
    align, style = p.paragraph_format.alignment, p.style
    while align is None and style is not None:
        align, style = style.paragraph_format.alignment, style.base_style
    name = getattr(align, "name", None) or ""
    if name in ("RIGHT", "END"):
        return RIGHT
    lead = _LEAD.match(p.text)
    indent = p.paragraph_format.left_indent or 0
    if (lead and len(lead[0].replace("\u3000", "  ")) >= 8) or indent > 72 * 12700 * 2:
        return RIGHT
    return CENTRE if name == "CENTER" else LEFT


def body_pt(chars: list[dict[str, Any]]) -> float | None:
    """The body text's size on a PDF page: the size most characters have (as tests/test_xlsx_print.py reads it)."""
    sizes = Counter(round(float(c["size"]), 1) for c in chars if str(c.get("text", "")).strip())
    return sizes.most_common(1)[0][0] if sizes else None
