"""Printing a sheet on paper: text widths in points, column widths, and the print scale.

A printed table is readable when its text is at least :data:`MIN_PT` points
high on paper. The effective size is the font size times the print scale, so
this module computes, per sheet, the scale at which the sheet is printed on the
paper its spec declares: the whole width on one page when that keeps the text
at :data:`MIN_PT` or more, otherwise :data:`TARGET_PT` with the table split
across pages side by side, its label columns repeated on each page. Nothing here
depends on a spreadsheet program; the measurements behind the constants are in
``docs/printing.md`` and a test renders the workbook with LibreOffice to check them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Body text size of the tables (points); headers are the same size, bold.
FONT_PT = 10.0
#: The floor: no text prints smaller than this.
MIN_PT = 7.0
#: The size a sheet too wide for one page width even at the floor is printed at, on several pages side by side.
TARGET_PT = 7.5
#: Points per column-width unit as LibreOffice prints them (measured: a 10.71 wide column is 75 pt).
PT_PER_UNIT = 7.0
#: Cell padding left and right together (points).
PAD_PT = 6.0
#: Paper sizes (width, height) in points, portrait.
PAPERS: dict[str, tuple[float, float]] = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}
#: Left and right margins together (0.4 inch each), as the writer sets them.
MARGINS_PT = 57.6


@lru_cache(maxsize=16384)
def text_pt(text: str, size: float = FONT_PT) -> float:
    """Printed width of one line of text: CJK characters one em, digits 0.64 em, ``,.`` 0.32 em.

    The digit width is DejaVu Sans's (LibreOffice's substitute for 宋体's Latin
    glyphs), wider than 宋体's own, so a column sized by it fits either font.
    """
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            width += 1.0
        elif ch.isdigit():
            width += 0.64
        elif ch in ",.:;'!|":
            width += 0.32
        else:
            width += 0.62
    return width * size


def widest_amount(digits: int) -> str:
    """The widest amount with ``digits`` integer digits: 7 → ``9,999,999.99``."""
    return f"{10**digits - 1:,}.99"


def units_for(points: float) -> float:
    """Column width (in the writer's units, rounded up to a quarter) that holds ``points`` of text."""
    return math.ceil((points + PAD_PT) / PT_PER_UNIT * 4) / 4


def column_pt(width: float) -> float:
    """Printed width of a column of ``width`` units at 100 %."""
    return (width + 0.71) * PT_PER_UNIT


@dataclass(frozen=True, slots=True)
class PrintSetup:
    """How one sheet is printed."""

    paper: str
    orientation: str
    scale: int
    """Print scale in per cent."""
    pages_wide: int
    """Pages side by side that the width takes (1: the whole width on each page)."""
    repeat_cols: int
    """Label columns repeated on every page when ``pages_wide`` > 1."""
    effective_pt: float
    """Body text size on paper: FONT_PT × scale."""


#: Share of the printable width a sheet may fill: LibreOffice rounds column widths to its own units.
SAFETY = 0.97


def printable_pt(paper: str, orientation: str) -> float:
    """Width available for the table on the paper."""
    short, long = PAPERS[paper]
    return ((long if orientation == "landscape" else short) - MARGINS_PT) * SAFETY


def print_setup(paper: str, orientation: str, widths: Sequence[float], label_cols: int) -> PrintSetup:
    """The scale and page split of a sheet of column ``widths`` on its declared paper."""
    room = printable_pt(paper, orientation)
    natural = sum(column_pt(w) for w in widths)
    fit = min(100, math.floor(room / natural * 100))
    if fit > math.ceil(MIN_PT / FONT_PT * 100):  # one per cent above the floor, against rounding
        return PrintSetup(paper, orientation, fit, 1, 0, FONT_PT * fit / 100)
    floor = math.ceil(TARGET_PT / FONT_PT * 100)
    labels = sum(column_pt(w) for w in widths[:label_cols]) * floor / 100
    per_page = room - labels
    rest = (natural - sum(column_pt(w) for w in widths[:label_cols])) * floor / 100
    pages = max(2, math.ceil(rest / per_page)) if per_page > 0 else 2
    return PrintSetup(paper, orientation, floor, pages, label_cols, FONT_PT * floor / 100)


@lru_cache(maxsize=8192)
def wrap_lines(text: str, room_pt: float, size: float = FONT_PT) -> tuple[str, ...]:
    """``text`` broken into balanced lines no wider than ``room_pt``; no line holds a single character
    (``国有资本经营收入`` → ``国有资本`` / ``经营收入``, never ``国有资本经营收`` / ``入``).

    When even two characters do not fit, the lines keep two characters and overflow the room.
    """
    if not text or "\n" in text or text_pt(text, size) <= room_pt:
        return (text,)
    n = max(2, math.ceil(text_pt(text, size) / max(room_pt, 1.0)))
    while n <= len(text) // 2:
        lines = _balanced(text, n, size)
        if all(text_pt(line, size) <= room_pt for line in lines):
            return tuple(lines)
        n += 1
    return tuple(_balanced(text, max(1, len(text) // 2), size))


def _balanced(text: str, n: int, size: float) -> list[str]:
    """``text`` cut into ``n`` lines of about equal printed width, a single-character line merged into its neighbour."""
    total = text_pt(text, size)
    out: list[str] = []
    start, acc = 0, 0.0
    for i, ch in enumerate(text):
        acc += text_pt(ch, size)
        if len(out) < n - 1 and acc >= total * (len(out) + 1) / n and i + 1 < len(text):
            out.append(text[start : i + 1])
            start = i + 1
    out.append(text[start:])
    for i in range(1, len(out)):  # 禁则: no line opens with a closing mark or ends with an opening one
        while out[i] and out[i][0] in _NO_LINE_START and len(out[i]) > 1:
            out[i - 1], out[i] = out[i - 1] + out[i][0], out[i][1:]
        while out[i - 1] and out[i - 1][-1] in _NO_LINE_END and len(out[i - 1]) > 1:
            out[i - 1], out[i] = out[i - 1][:-1], out[i - 1][-1] + out[i]
    merged: list[str] = []
    for line in out:
        if merged and (len(line) < 2 or len(merged[-1]) < 2):
            merged[-1] += line
        else:
            merged.append(line)
    return merged


_NO_LINE_START = "）)】」』、，。；：！？"
_NO_LINE_END = "（(【「『"
