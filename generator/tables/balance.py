"""Widths of the wrapping columns: narrow enough that a sheet prints one page wide, and set so
that no wrapped text leaves one character alone on its last line.

Amount columns are as wide as the widest amount the spec allows and no narrower
(:mod:`budgetgen.tables.fit`); names and target texts wrap, so their columns are
what gives way when a sheet is too wide for one page at the floor size. A column
never shrinks below :data:`MIN_WRAP_PT` of text, nor so far that one of its
cells would need a row taller than a spreadsheet allows (:data:`MAX_ROW_PT`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from budgetgen.tables.paper import (
    FLOOR_SCALE,
    FONT_PT,
    PAD_PT,
    column_pt,
    lone_char,
    printable_pt,
    text_pt,
    units_for,
)

#: Line height of 10 pt CJK text (Noto Sans CJK / 宋体 with LibreOffice's line spacing), points.
LINE_PT = 14.5
#: Narrowest a wrapping column shrinks to: eight CJK characters a line.
MIN_WRAP_PT = 8 * FONT_PT
#: The tallest row Excel allows (points).
MAX_ROW_PT = 409.0
#: Quarter-unit steps a column's width may move to spare a lone character (each way).
NUDGE_STEPS = 8
#: Rooms a text is checked in, below the column's printed width: the layout's padding, and LibreOffice's own
#: (about 1.5 pt), so that the check holds whichever way the spreadsheet measures.
_PADS = (PAD_PT, 1.5)


def body_lines(text: str, room: float) -> int:
    """Lines a wrapped body text takes in a column (LibreOffice breaks greedily; allow for it)."""
    return sum(max(1, math.ceil(text_pt(part) / (room * 0.92))) for part in text.split("\n"))


def row_pt(lines: int) -> float:
    """Height of a row of ``lines`` lines."""
    return LINE_PT * lines + 4


def _narrowest(texts: Sequence[str], widest: float) -> float:
    """The narrowest width (units, at most ``widest``) that keeps every text within the tallest row."""
    width = min(widest, units_for(MIN_WRAP_PT))
    while width < widest and any(row_pt(body_lines(t, column_pt(width) - PAD_PT)) > MAX_ROW_PT for t in texts):
        width += 0.25
    return width


def lone_count(texts: Sequence[str], width: float) -> int:
    """How many of ``texts`` leave a character alone on a line in a column ``width`` units wide."""
    return sum(any(lone_char(t, column_pt(width) - pad) for pad in _PADS) for t in texts)


def _nudged(width: float, texts: Sequence[str], slack: float, least: float) -> float:
    """``width`` or the nearest width (narrower first, wider only within ``slack`` points) with no lone character."""
    if not lone_count(texts, width):
        return width
    steps = [width - 0.25 * k for k in range(1, NUDGE_STEPS + 1) if width - 0.25 * k >= least]
    steps += [width + 0.25 * k for k in range(1, NUDGE_STEPS + 1) if 0.25 * k * 7 <= slack]
    counts = [(lone_count(texts, w), abs(w - width), w) for w in steps]
    best = min(counts, default=(math.inf, 0.0, width))
    return best[2] if best[0] < lone_count(texts, width) else width


def rebalanced(
    paper: str, orientation: str, widths: Sequence[float], wrapping: Mapping[int, Sequence[str]]
) -> tuple[float, ...]:
    """``widths`` with the wrapping columns (index → the texts of its body cells) narrowed, in proportion
    to what each can give, until the sheet fits one page width at :data:`FLOOR_SCALE` (only if that makes
    it fit); then each moved
    by at most :data:`NUDGE_STEPS` quarters so that none of its texts leaves a lone character."""
    out = list(widths)
    room = printable_pt(paper, orientation) * 100 / FLOOR_SCALE
    excess = sum(column_pt(w) for w in out) - room
    least = {i: _narrowest(texts, out[i]) for i, texts in wrapping.items()}
    give = sum(column_pt(out[i]) - column_pt(m) for i, m in least.items())
    if 0 < excess <= give:  # a sheet that stays too wide anyway keeps its names wide, on pages side by side
        share = excess / give
        for i, m in least.items():
            out[i] = max(m, math.floor((out[i] - (out[i] - m) * share) * 4) / 4)
    for i, narrowest in least.items():
        slack = room - sum(column_pt(w) for w in out)
        out[i] = _nudged(out[i], wrapping[i], slack, narrowest)
    return tuple(out)
