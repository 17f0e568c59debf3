"""Fit a laid-out sheet to paper: column widths, wrapped headers, row heights and the print scale.

Numeric columns are as narrow as their widest amount; header texts wrap inside
the header rows in balanced lines (never one character alone on a line); long
names wrap inside their cells, their columns narrowed so that the sheet prints
one page wide where it can (:mod:`budgetgen.tables.balance`), and every row is
as tall as its wrapped text.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from budgetgen.tables.balance import body_lines, rebalanced, row_pt
from budgetgen.tables.paper import (
    FLOOR_SCALE,
    FONT_PT,
    PAD_PT,
    PrintSetup,
    at_scale,
    column_pt,
    print_setup,
    printable_pt,
    text_pt,
    units_for,
    widest_amount,
    wrap_lines,
)
from budgetgen.tables.read import NUMERIC_STYLES, Value
from budgetgen.tables.sheet import Merge, PlacedCell
from budgetgen.tables.spec import Column, TableSpec

#: Widest a name column grows before its text wraps (points at 100 %).
NAME_MAX_PT = 240.0
#: Narrowest column: two CJK characters, so that a wrapped header never leaves one alone.
MIN_COL_PT = 2 * FONT_PT
_WRAPPING = ("text", "wrap")
_WRAP_STYLES = frozenset((*_WRAPPING, *(f"{w}_total" for w in _WRAPPING)))
#: Bold text (the 合计 row) is this much wider: DejaVu Sans Bold digits are 0.70 em, regular ones 0.64 em.
BOLD = 1.1


@dataclass(frozen=True, slots=True)
class Fit:
    """A sheet's cells with wrapped headers, and its widths, heights and print setup."""

    cells: tuple[PlacedCell, ...]
    merges: tuple[Merge, ...]
    widths: tuple[float, ...]
    heights: dict[int, float]
    setup: PrintSetup
    breaks: tuple[int, ...] = ()
    """Columns that start a new page across (sheets printed on several pages side by side)."""


def shown(value: Value, style: str) -> str:
    """The text a cell shows (amounts with thousands separators and two decimals)."""
    if isinstance(value, Decimal) and style.startswith(("amount", "decimal")):
        return f"{value:,.2f}"
    if isinstance(value, Decimal | int) and style.startswith("count"):
        return f"{value}"
    return "" if value is None else str(value)


@lru_cache(maxsize=16384)
def shown_pt(value: Value, style: str) -> float:
    """Printed width of the widest line a cell shows (bold 合计 rows a little wider)."""
    text = shown(value, style)
    width = max(text_pt(line) for line in text.split("\n")) if "\n" in text else text_pt(text)
    return width * BOLD if style.endswith("_total") else width


def column_widths(
    spec: TableSpec, body: Sequence[PlacedCell], heads: Sequence[str], leaves: Sequence[Column]
) -> tuple[float, ...]:
    """Widths in the writer's units: declared by the spec, else fitted to the values and headers."""
    widest: dict[int, float] = {}
    for cell in body:
        if cell.value is not None:
            width = shown_pt(cell.value, cell.style)
            if width > widest.get(cell.col, 0.0):
                widest[cell.col] = width
    out = []
    for i, leaf in enumerate(leaves):
        values = widest.get(i, 0.0)
        if leaf.width is not None:
            # A declared width is kept, except that an amount never shows as ###.
            out.append(max(leaf.width, units_for(values)) if leaf.style in NUMERIC_STYLES else leaf.width)
            continue
        if leaf.style in ("amount", "decimal"):
            # The widest amount the spec allows, bold as in the 合计 row; the header wraps onto more lines instead.
            need = max(values, text_pt(widest_amount(spec.digits)) * BOLD)
        elif leaf.style in NUMERIC_STYLES:
            need = max(values, text_pt("99999"), MIN_COL_PT)
        elif leaf.style in _WRAPPING:
            need = min(max(values, text_pt(heads[i]) / 2, MIN_COL_PT), NAME_MAX_PT)
        else:
            need = max(values, text_pt(heads[i]) / 2, MIN_COL_PT)
        out.append(units_for(need))
    return tuple(out)


def _edges(widths: Sequence[float]) -> list[float]:
    """Left edge of every column and the right edge of the last, at 100 % (points)."""
    return [0.0, *itertools.accumulate(column_pt(w) for w in widths)]


def _room(edges: Sequence[float], first: int, last: int) -> float:
    return edges[last + 1] - edges[first] - PAD_PT


def fitted(
    spec: TableSpec, cells: Sequence[PlacedCell], merges: Sequence[Merge], header: tuple[int, int], body_top: int
) -> Fit:
    """Widths from the body, headers wrapped to them, row heights for all wrapped text, and the print setup."""
    top, below = header
    leaves = spec.leaves  # a property that walks the header tree: once here
    leaf_heads: list[str] = [""] * len(leaves)
    heads = [c for c in cells if top <= c.row < below]
    body = [c for c in cells if c.row >= body_top]
    for c in heads:
        if isinstance(c.value, str):
            leaf_heads[c.col] = c.value
    for m in merges:
        if top <= m.first_row < below and m.first_col == m.last_col and m.last_row == below - 1:
            leaf_heads[m.first_col] = str(m.value)
    wrapping: dict[int, list[str]] = {i: [] for i, leaf in enumerate(leaves) if leaf.style in _WRAPPING}
    for c in body:
        if c.style in _WRAP_STYLES and c.value and c.col < len(leaves) and leaves[c.col].style in _WRAPPING:
            wrapping.setdefault(c.col, []).append(str(c.value))
    widths = rebalanced(spec.paper, spec.orientation, column_widths(spec, body, leaf_heads, leaves), wrapping)
    edges = _edges(widths)
    lines: dict[int, float] = {}
    out_cells: list[PlacedCell] = [c for c in cells if not top <= c.row < below]
    out_merges: list[Merge] = []
    for c in heads:
        if isinstance(c.value, str):
            wrapped = wrap_lines(c.value, _room(edges, c.col, c.col))
            lines[c.row] = max(lines.get(c.row, 1), len(wrapped))
            c = PlacedCell(c.row, c.col, "\n".join(wrapped), c.style)  # noqa: PLW2901
        out_cells.append(c)
    for c in body:
        if c.style in _WRAP_STYLES and c.value:
            n = body_lines(str(c.value), _room(edges, c.col, c.col))
            if n > lines.get(c.row, 1):
                lines[c.row] = n
    setup, breaks = _paged(spec, widths, edges)
    setup = dataclasses.replace(setup, pages_wide=len(breaks) + 1)
    first_page = breaks[0] if breaks else len(widths)
    for m in _furniture(merges, first_page, setup.repeat_cols):
        out_merges += _fit_merge(m, breaks, header, edges, lines)
    heights = {0: 30.0, **{r: row_pt(math.ceil(n)) for r, n in lines.items()}}
    return Fit(tuple(out_cells), tuple(out_merges), widths, heights, setup, breaks)


def _fit_merge(
    m: Merge, breaks: Sequence[int], header: tuple[int, int], edges: Sequence[float], lines: dict[int, float]
) -> list[Merge]:
    """A merged range cut at the page breaks; header text wrapped to each part, noting the lines it needs."""
    out = []
    for piece in _split(m, breaks):
        if header[0] <= piece.first_row < header[1] and isinstance(piece.value, str):
            wrapped = wrap_lines(piece.value, _room(edges, piece.first_col, piece.last_col))
            per_row = math.ceil(len(wrapped) / (piece.last_row - piece.first_row + 1))
            for r in range(piece.first_row, piece.last_row + 1):
                lines[r] = max(lines.get(r, 1), per_row)
            text = "\n".join(wrapped)
            piece = Merge(piece.first_row, piece.first_col, piece.last_row, piece.last_col, text, piece.style)  # noqa: PLW2901
        out.append(piece)
    return out


def _split(m: Merge, breaks: Sequence[int]) -> list[Merge]:
    """A merged range cut where a page across begins; each part repeats the text (a header group
    printed on two pages is named on both)."""
    cuts = [b for b in breaks if m.first_col < b <= m.last_col]
    if not cuts:
        return [m]
    edges = [m.first_col, *cuts, m.last_col + 1]
    return [dataclasses.replace(m, first_col=a, last_col=b - 1) for a, b in itertools.pairwise(edges)]


def _starts(spec: TableSpec) -> dict[int, int]:
    """Leaf index → the shallowest header level at which a node starts there (0: a top-level group)."""
    out: dict[int, int] = {}

    def walk(cols: Sequence[Column], level: int, first: int) -> None:
        for c in cols:
            out.setdefault(first, level)
            walk(c.children, level + 1, first)
            first += len(c.leaves)

    walk(spec.columns, 0, 0)
    return out


def column_breaks(setup: PrintSetup, edges: Sequence[float], starts: Mapping[int, int]) -> tuple[int, ...]:
    """Where a sheet printed across pages breaks: as few pages as fit, each break where a header group
    starts (the shallowest level that fits), so that no page cuts a header group in two."""
    if setup.pages_wide == 1:
        return ()
    scale, labels = setup.scale / 100, setup.repeat_cols
    room = printable_pt(setup.paper, setup.orientation) - edges[labels] * scale
    breaks: list[int] = []
    first = labels
    for i in range(labels, len(edges) - 1):
        if (edges[i + 1] - edges[first]) * scale <= room or i == first:
            continue
        options = [b for b in range(first + 1, i + 1) if b in starts]
        full = [b for b in options if (edges[b] - edges[first]) * scale >= room / 2]
        cut = min(full, key=lambda b: (starts[b], -b)) if full else max(options, default=i)
        breaks.append(cut)
        first = cut
    return tuple(breaks)


def _paged(spec: TableSpec, widths: Sequence[float], edges: Sequence[float]) -> tuple[PrintSetup, tuple[int, ...]]:
    """The print setup and page breaks. A sheet too wide for one page at the floor is split across as few
    pages as it takes at the floor, printed at the largest scale that keeps that number of pages; among
    those scales, the largest whose breaks all fall where a top-level header group starts, if any."""
    setup = print_setup(spec.paper, spec.orientation, widths, spec.freeze_cols)
    if setup.pages_wide == 1:
        return setup, ()
    starts = _starts(spec)
    tried = []
    for scale in range(100, FLOOR_SCALE - 1, -1):
        at = at_scale(spec.paper, spec.orientation, scale, 2, spec.freeze_cols)
        tried.append((at, column_breaks(at, edges, starts)))
    fewest = min(len(b) for _, b in tried)
    best = [(s, b) for s, b in tried if len(b) == fewest]
    clean = [(s, b) for s, b in best if all(starts.get(x) == 0 for x in b)]
    return (clean or best)[0]


def _furniture(merges: Sequence[Merge], ncols: int, repeated: int) -> list[Merge]:
    """Title and unit line over the columns of the first page, so that no page cuts them.

    On a sheet printed across pages the unit line starts after the repeated label
    columns, which the later pages show without it, and an empty table's note is
    written in those label columns, so that every page shows it once.
    """
    start = repeated if repeated < ncols // 2 else 0
    half = max((ncols + start) // 2, start + 1)
    spans = {"title": (0, ncols - 1), "unit_left": (start, half - 1), "unit_right": (half, ncols - 1)}
    out = []
    for m in merges:
        if m.style in spans and m.first_row <= 1:
            first, last = spans[m.style]
            m = Merge(m.first_row, first, m.last_row, last, m.value, m.style)  # noqa: PLW2901
        elif m.style == "note" and 0 < repeated < ncols and m.last_col >= ncols:
            # The empty table's note sits in the label columns every page repeats; the rest of its row stays empty.
            out.append(Merge(m.first_row, repeated, m.last_row, m.last_col, None, m.style))
            m = Merge(m.first_row, 0, m.last_row, repeated - 1, m.value, m.style)  # noqa: PLW2901
        out.append(m)
    return out
