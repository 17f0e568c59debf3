"""Where a spec's table stands in someone's workbook: which sheet, which header rows, which column per leaf.

A sheet is found by its name (also cut at Excel's 31 characters), else by its
title, else by its header texts. Header texts are compared as patterns: a
template's fields (``{budget.year}年预算``) match any text, so no budget is
needed, and spaces, line breaks, full-width forms and bracket kinds are ignored.
The header is matched as a tree of paths (``基本支出/工资福利支出``), not by cell
positions; a leaf whose path is not found but whose place is (one unmatched
column between its matched neighbours) is read there, and reported as renamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from budgetgen.audit.package import Cell as PkgCell
from budgetgen.audit.package import Sheet as PkgSheet
from budgetgen.audit.table import header_paths
from budgetgen.importer.values import flat
from budgetgen.tables.binding import Template
from budgetgen.tables.spec import Column, TableSpec

Grid = Sequence[Sequence[Any]]
EXCEL_NAME_LIMIT = 31
#: Lines printed above a header: a table code (``02表``, ``表3.11``), the 单位 line.
_ABOVE = re.compile(r"^(表?[\d.\-]+表?|单位名称:.*|单位:.*|金额单位:.*)$")
_NUMBER_ROW = frozenset({"**", "栏次", "行次"})


def pattern(template: Template) -> re.Pattern[str]:
    """A header or title as a pattern over :func:`flat` texts: fields match any text."""
    return re.compile("".join(re.escape(flat(p)) if isinstance(p, str) else ".+?" for p in template.parts))


def _nodes(cols: Sequence[Column]) -> Iterator[Column]:
    for c in cols:
        yield c
        yield from _nodes(c.children)


def leaf_paths(spec: TableSpec) -> list[tuple[re.Pattern[str], ...]]:
    """Each leaf's header path as patterns, root first."""
    out: list[tuple[re.Pattern[str], ...]] = []

    def walk(cols: Sequence[Column], path: tuple[re.Pattern[str], ...]) -> None:
        for c in cols:
            here = (*path, pattern(c.head))
            if c.children:
                walk(c.children, here)
            else:
                out.append(here)

    walk(spec.columns, ())
    return out


def texts(grid: Grid, rows: int = 15) -> list[tuple[int, int, str]]:
    """(row, col, flat text) of the text cells in the first ``rows`` rows."""
    return [(r, c, flat(v)) for r, row in enumerate(grid[:rows]) for c, v in enumerate(row) if flat(v)]


def title_of(grid: Grid) -> str:
    """The first text of the sheet that is not a table code or unit line."""
    return next((t for _, _, t in texts(grid, 6) if not _ABOVE.match(t)), "")


def _header_score(spec: TableSpec, grid: Grid) -> float:
    heads = {pattern(c.head).pattern: pattern(c.head) for c in _nodes(spec.columns)}
    found = {t for _, _, t in texts(grid)}
    return sum(any(p.fullmatch(t) for t in found) for p in heads.values()) / max(len(heads), 1)


_CODE = re.compile(r"^表?(\d+(?:[.\-]\d+)*)表?$")


def table_code(text: str) -> tuple[int, ...] | None:
    """A printed table code as numbers: ``表3.11``, ``3.11表``, ``02表`` → (3, 11), (3, 11), (2,)."""
    m = _CODE.match(flat(text))
    return tuple(int(x) for x in re.split(r"[.\-]", m[1])) if m else None


def codes_printed(grid: Grid) -> set[tuple[int, ...]]:
    """The table codes printed in the first rows of a sheet (above or beside its title)."""
    return {c for _, _, t in texts(grid, 4) if (c := table_code(t)) is not None}


def find_sheets(
    specs: Sequence[TableSpec], grids: Mapping[str, Grid], wording: Callable[[str], str] = str
) -> dict[str, tuple[str, str]]:
    """spec id → (sheet name, how it was found: ``code``, ``name``, ``cut``, ``title`` or ``header``).

    A table code finds a sheet only where exactly one sheet prints it (the seed prints 02表 on three)."""
    free = list(grids)
    out: dict[str, tuple[str, str]] = {}
    printed = {n: codes_printed(g) for n, g in grids.items()}
    for spec in specs:
        want = table_code(spec.code) if spec.code else None
        hits = [n for n in free if want is not None and want in printed[n]]
        if len(hits) == 1 and sum(want in p for p in printed.values()) == 1:
            out[spec.id] = (hits[0], "code")
            free.remove(hits[0])

    def claim(how: str, test: Any) -> None:
        for spec in specs:
            if spec.id in out:
                continue
            hit = next((name for name in free if test(spec, name)), None)
            if hit is not None:
                out[spec.id] = (hit, how)
                free.remove(hit)

    claim("name", lambda s, n: flat(n) == flat(s.sheet))
    claim("old", lambda s, n: flat(wording(n)) == flat(s.sheet))
    claim("cut", lambda s, n: len(n) == EXCEL_NAME_LIMIT and flat(s.sheet).startswith(flat(n)))
    claim("title", lambda s, n: bool(pattern(s.title).fullmatch(title_of(grids[n]))))
    for spec in specs:
        if spec.id in out or not free:
            continue
        score, name = max((_header_score(spec, grids[n]), n) for n in free)
        if score >= 0.6:
            out[spec.id] = (name, "header")
            free.remove(name)
    return out


@dataclass
class Header:
    """Where a table's header stands and which sheet column each spec leaf reads (None: not found)."""

    top: int
    end: int
    """First row below the header and its column-number row."""
    paths: dict[int, tuple[str, ...]]
    columns: list[int | None]
    renamed: list[tuple[int, int, str, str]] = field(default_factory=list)
    """(row, col, text in the sheet, text of the spec) of headers read by their place."""
    codes: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    """(leaves, columns) of a code the sheet joins in one column where the spec splits it (类/款/项), or the reverse."""


def _top(spec: TableSpec, grid: Grid, wording: Callable[[str], str] = str) -> int | None:
    """The row holding most of the spec's top-level header texts (within the first 15 rows)."""
    heads = [pattern(c.head) for c in spec.columns]
    best: tuple[int, int] | None = None
    for r, row in enumerate(grid[:15]):
        n = sum(any(p.fullmatch(flat(wording(str(v)))) for v in row if flat(v)) for p in heads)
        if n and (best is None or n > best[0]):
            best = (n, r)
    return None if best is None else best[1]


def _end(spec: TableSpec, grid: Grid, top: int) -> tuple[int, int]:
    """(end of the header, first data row): a column-number row (``**``, ``栏次``) closes the header."""
    for r in range(top + 1, min(top + spec.header_depth + 3, len(grid))):
        cells = [flat(v) for v in grid[r] if flat(v)]
        if cells and cells[0] in _NUMBER_ROW:
            return r, r + 1
    end = top + spec.header_depth
    return end, end


def _sheet(grid: Grid, top: int, end: int) -> PkgSheet:
    cells = {(r, c): PkgCell(v) for r in range(top, end) for c, v in enumerate(grid[r]) if flat(v)}
    return PkgSheet("", "", cells)


def _collapsed(path: tuple[str, ...]) -> tuple[str, ...]:
    """A path without repeats: a merged cell some tool wrote out as the same text in every cell reads once."""
    return tuple(t for i, t in enumerate(path) if i == 0 or t != path[i - 1])


def match_header(spec: TableSpec, grid: Grid, wording: Callable[[str], str] = str) -> Header | None:
    """The spec's header in ``grid``; None when its top-level texts are nowhere. ``wording`` reads a header
    in the profile's current terms (公共财政拨款 → 一般公共预算拨款); a header read so is reported as renamed."""
    top = _top(spec, grid, wording)
    if top is None:
        return None
    end, first = _end(spec, grid, top)
    width = max((len(r) for r in grid[top:end]), default=0)
    sheet = _sheet(grid, top, end)
    raw = {c: _collapsed(tuple(flat(x) for x in p)) for c, p in header_paths(sheet, top, end, width).items()}
    paths = {c: tuple(flat(wording(x)) for x in p) for c, p in raw.items()}
    wanted = leaf_paths(spec)
    columns: list[int | None] = []
    used: set[int] = set()
    last = -1
    for want in wanted:
        hit = next(
            (
                c
                for c, got in sorted(paths.items())
                if c > last and c not in used and len(got) == len(want)
                and all(p.fullmatch(t) for p, t in zip(want, got, strict=True))
            ),
            None,
        )
        columns.append(hit)
        if hit is not None:
            used.add(hit)
            last = hit
    header = Header(top, first, paths, columns)
    for k, col in enumerate(columns):
        if col is None:
            continue
        for depth, (was, now) in enumerate(zip(raw[col], paths[col], strict=True)):
            entry = (*_cell_of(sheet, col, was, top + depth), was, _spec_text(spec, k, depth))
            if was != now and entry not in header.renamed:
                header.renamed.append(entry)  # an old term, read in the current one
    _by_place(spec, header, wanted, sheet, raw)
    return header


def _by_place(
    spec: TableSpec,
    h: Header,
    wanted: list[tuple[re.Pattern[str], ...]],
    sheet: PkgSheet,
    raw: Mapping[int, tuple[str, ...]],
) -> None:
    """Leaves not found by their path, as many as the unclaimed columns between their found neighbours, are
    read there in order (a renamed header); optional leaves not found are absent (zero, as the writer omits them)."""
    leaves = spec.leaves
    i = 0
    while i < len(h.columns):
        if h.columns[i] is not None:
            i += 1
            continue
        j = i
        while j < len(h.columns) and h.columns[j] is None:
            j += 1
        lo = next((c for c in reversed(h.columns[:i]) if c is not None), -1)
        hi = h.columns[j] if j < len(h.columns) else max(h.paths, default=-1) + 1
        assert hi is not None
        peers = [k for k in range(i, j) if not leaves[k].optional]
        gap = [c for c in sorted(h.paths) if lo < c < hi and c not in h.columns]
        if peers and gap and len(gap) != len(peers) and all(leaves[k].style == "code" for k in peers):
            h.codes.append((tuple(peers), tuple(gap)))  # one code column where the spec splits it, or the reverse
        elif peers and len(gap) == len(peers):
            for k, col in zip(peers, gap, strict=True):
                if len(h.paths[col]) != len(wanted[k]):
                    continue
                h.columns[k] = col
                for depth, (p, text, was) in enumerate(zip(wanted[k], h.paths[col], raw[col], strict=True)):
                    if not p.fullmatch(text) or was != text:
                        at = _cell_of(sheet, col, was, h.top + depth)
                        renamed = (*at, was, _spec_text(spec, k, depth))
                        if renamed not in h.renamed:  # a renamed parent heads several leaves: once
                            h.renamed.append(renamed)
        i = j


def _cell_of(sheet: PkgSheet, col: int, text: str, row: int) -> tuple[int, int]:
    """(row, col) of the header cell showing ``text`` over ``col``: its own, or the nearest left of it (merged)."""
    for (r, c), cell in sorted(sheet.cells.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        if c <= col and r >= row and flat(cell.value) == text:
            return r, c
    return row, col


def _spec_text(spec: TableSpec, leaf: int, depth: int) -> str:
    node: Column | None = None
    cols: Sequence[Column] = spec.columns
    seen = 0
    for _ in range(depth + 1):
        for c in cols:
            n = len(c.leaves)
            if seen + n > leaf:
                node, cols = c, c.children
                break
            seen += n
    return "".join(p if isinstance(p, str) else "{" + str(p) + "}" for p in node.head.parts) if node else ""
