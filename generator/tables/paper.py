"""Printing a sheet on paper: text widths in points, column widths, and the print scale.

A printed table is readable when its text is at least :data:`MIN_PT` points
high on paper. The effective size is the font size times the print scale, so
this module computes, per sheet, the scale at which the sheet is printed on the
paper its spec declares: the whole width on one page when that keeps the text
at :data:`MIN_PT` or more (rows run onto further pages, header rows repeated);
a sheet too wide for that even at the floor is split across as few pages side by
side as it can, its label columns repeated on each page. Nothing here
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
#: The smallest print scale (per cent): FONT_PT × FLOOR_SCALE / 100 = MIN_PT.
FLOOR_SCALE = math.ceil(MIN_PT / FONT_PT * 100)
#: Points per column-width unit as LibreOffice prints them (measured: a 10.71 wide column is 75 pt).
PT_PER_UNIT = 7.0
#: Room a cell's text leaves in its column, left and right together (points). LibreOffice shows ``###``
#: when a number leaves less than about 1 pt (measured: bold 9,999,999.99, 74 pt wide, fits a 75 pt column).
PAD_PT = 4.0
#: What the writer adds to every column width (XlsxWriter stores ``width + 0.71``, Excel's cell padding).
WIDTH_EXTRA = 0.71
#: Paper sizes (width, height) in points, portrait.
PAPERS: dict[str, tuple[float, float]] = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}
#: Page margins (inches) as the writer sets them: narrow at the sides, as printers allow (≥ 0.25 in).
MARGINS_IN = {"left": 0.25, "right": 0.25, "top": 0.5, "bottom": 0.5}
#: Left and right margins together (points).
MARGINS_PT = (MARGINS_IN["left"] + MARGINS_IN["right"]) * 72


#: Quotation marks of ambiguous width that a CJK font (as LibreOffice picks for 宋体) prints one em wide.
_CJK_QUOTES = frozenset("‘’“”")


@lru_cache(maxsize=16384)
def text_pt(text: str, size: float = FONT_PT) -> float:
    """Printed width of one line of text: CJK characters (and “ ” ‘ ’) one em, digits 0.64 em, ``,.`` 0.32 em.

    The digit width is DejaVu Sans's (LibreOffice's substitute for 宋体's Latin
    glyphs), wider than 宋体's own, so a column sized by it fits either font.
    """
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF" or ch in _CJK_QUOTES:
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
    return max(1.0, math.ceil(((points + PAD_PT) / PT_PER_UNIT - WIDTH_EXTRA) * 4) / 4)


def column_pt(width: float) -> float:
    """Printed width of a column of ``width`` units at 100 %."""
    return (width + WIDTH_EXTRA) * PT_PER_UNIT


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
SAFETY = 0.98


def printable_pt(paper: str, orientation: str) -> float:
    """Width available for the table on the paper."""
    short, long = PAPERS[paper]
    return ((long if orientation == "landscape" else short) - MARGINS_PT) * SAFETY


def fit_scale(paper: str, orientation: str, widths: Sequence[float]) -> int:
    """The largest scale (per cent, at most 100) at which ``widths`` fit one page width."""
    return min(100, math.floor(printable_pt(paper, orientation) / sum(column_pt(w) for w in widths) * 100))


def at_scale(paper: str, orientation: str, scale: int, pages_wide: int = 1, label_cols: int = 0) -> PrintSetup:
    """A print setup at ``scale`` per cent."""
    return PrintSetup(paper, orientation, scale, pages_wide, label_cols, FONT_PT * scale / 100)


def print_setup(paper: str, orientation: str, widths: Sequence[float], label_cols: int) -> PrintSetup:
    """One page wide at the scale that fits, if that keeps the text at the floor; else a split at the floor
    (:func:`budgetgen.tables.fit.fitted` then picks the largest scale with as few pages across)."""
    fit = fit_scale(paper, orientation, widths)
    if fit >= FLOOR_SCALE:
        return at_scale(paper, orientation, fit)
    return at_scale(paper, orientation, FLOOR_SCALE, 2, label_cols)


@lru_cache(maxsize=65536)
def lone_char(text: str, room_pt: float) -> bool:
    """Whether ``text``, wrapped in ``room_pt`` as a spreadsheet wraps a cell (as many characters on each line
    as fit), leaves one character alone on the last line of a paragraph."""
    for part in text.split("\n"):
        count, width, wrapped = 0, 0.0, False
        for ch in part:
            w = text_pt(ch)
            if count and width + w > room_pt:
                count, width, wrapped = 0, 0.0, True
            count, width = count + 1, width + w
        if wrapped and count == 1:
            return True
    return False


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
