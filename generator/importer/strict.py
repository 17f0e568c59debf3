"""The strict reader: a workbook laid out exactly as a profile's specs write it, read back through them.

This is how our own built workbooks (and the rebuilt seed, which keeps the published layout) are
read: each spec's sheet by its name, the header checked cell by cell, each row's kind recognised by
:func:`budgetgen.tables.readback.read_back`. The result has the shape of :mod:`budgetgen.importer.tables`,
so the inversion reads it exactly as it reads the tolerant reader's tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from budgetgen.audit.table import col_letter
from budgetgen.codes import E_IMPORT_HEADER, W_IMPORT_SHEET_MISSING
from budgetgen.importer.tables import Cell, Problem, ReadTable, ReadWorkbook, Row
from budgetgen.tables.binding import Template
from budgetgen.tables.load import SpecError
from budgetgen.tables.read import NUMERIC_STYLES, Reader
from budgetgen.tables.readback import as_built, binding_text, check_header, read_back
from budgetgen.tables.spec import TableSpec

_YEAR = re.compile(r"(20\d\d)年")
CENT = Decimal("0.01")


class HeaderReader(Reader):
    """Fills header and title templates (``{department.year}年征收计划``) without a budget."""

    def __init__(self, year: int) -> None:
        self.base = {"department": SimpleNamespace(year=year, prior_year=year - 1)}


def budget_year(grids: dict[str, list[list[Any]]], path: Path) -> int | None:
    """The budget year printed in a title or header (``2020年征收计划``), else in the file name."""
    counts: dict[int, int] = {}
    for grid in grids.values():
        for row in grid[:8]:
            for value in row:
                for hit in _YEAR.findall(str(value or "")):
                    counts[int(hit)] = counts.get(int(hit), 0) + 1
    if counts:
        return max(counts, key=lambda y: (counts[y], y))
    hit = _YEAR.search(path.name)
    return int(hit.group(1)) if hit else None


def _data_lines(spec: TableSpec, grid: Sequence[Sequence[Any]], reader: Reader, empty_note: str) -> list[int]:
    """The 1-based sheet line of each data row read_back returns, in order."""
    start = check_header(spec, grid, reader)
    return [
        i + 1 for i in range(start, len(grid)) if any(v not in (None, "") for v in grid[i]) and grid[i][0] != empty_note
    ]


def typed_value(value: Any, style: str) -> Any:
    """A cell as read back: amounts to Decimal cents, counts to int (as :mod:`readback` types them)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or style not in NUMERIC_STYLES:
        return value
    exact = Decimal(str(value))
    if style == "count":
        return int(exact) if exact == exact.to_integral_value() else exact
    return exact.quantize(CENT)


def _filled(value: Any) -> bool:
    return value not in (None, "", 0) and value != Decimal(0)


def _cells(spec: TableSpec, kind: str, values: dict[str, Any], grid_row: Sequence[Any], line: int) -> dict[str, Cell]:
    """Each read value with the cell it came from (absent optional columns have no cell).

    A binding shown in several columns (a plan's 上缴政府统筹 under each category, ``when``) keeps the
    filled one; such a column's cell is also keyed ``binding|value`` by the value its ``when`` names
    (``asset.amount|通用设备``), so the inversion learns the category from the column.
    """
    out: dict[str, Cell] = {}
    for c, leaf in enumerate(spec.leaves):
        binding = leaf.value.for_kind(kind) if leaf.value else None
        key = binding_text(binding) if binding is not None else None
        if key is None or key not in values:
            continue
        raw = grid_row[c] if c < len(grid_row) else None
        typed = typed_value(raw, leaf.style)
        cell = Cell(typed, spec.sheet, f"{col_letter(c)}{line}", raw)
        if key not in out or (_filled(typed) and not _filled(out[key].value)):
            out[key] = cell
        if leaf.when is not None and _filled(typed):
            for option in leaf.when[1]:
                out.setdefault(f"{key}|{option}", cell)
    for key, value in values.items():  # optional columns the sheet leaves out read as zero
        out.setdefault(key, Cell(value, spec.sheet, "", None))
    return out


def _full_width(value: Any) -> Any:
    return value.replace("(", "（").replace(")", "）") if isinstance(value, str) else value


def _readable(spec: TableSpec, grid: list[list[Any]], reader: Reader) -> list[list[Any]]:
    """``grid``, or when its header differs from the spec's only in half-width brackets, the grid
    with the header rows' brackets made full-width (a common variant of hand-made workbooks)."""
    try:
        check_header(as_built(spec, grid, reader), grid, reader)
        return grid
    except SpecError:
        depth = spec.header_depth + 12
        return [[_full_width(v) for v in row] if i < depth else row for i, row in enumerate(grid)]


def _label(value: Any) -> str:
    return str(value or "").replace("\u3000", "").replace(" ", "").strip()


def read_statement(spec: TableSpec, grid: Sequence[Sequence[Any]], reader: Reader) -> dict[str, Cell]:
    """A 收支总表-style sheet by line: each line found by its label in its block's first column,
    its amounts in the columns after (binding text → cell)."""
    assert spec.statement is not None
    out: dict[str, Cell] = {}
    start = 0
    blocks = (*spec.statement.blocks, *zip(*spec.statement.footer, strict=False))
    widths = (*spec.statement.widths, *spec.statement.widths)
    for b, block in enumerate(blocks):
        col = start if b < len(spec.statement.blocks) else sum(widths[: b - len(spec.statement.blocks)])
        start += widths[b] if b < len(spec.statement.widths) else 0
        for line in block:
            if not line or not isinstance(line[0], Template) or any(not isinstance(p, str) for p in line[0].parts):
                continue
            label = _label(reader.text(line[0]))
            r = next((i for i, row in enumerate(grid) if col < len(row) and _label(row[col]) == label), None)
            if r is None:
                continue
            for k, binding in enumerate(line[1:], start=1):
                if binding is not None and col + k < len(grid[r]):
                    raw = grid[r][col + k]
                    out.setdefault(
                        binding_text(binding),
                        Cell(typed_value(raw, "amount"), spec.sheet, f"{col_letter(col + k)}{r + 1}", raw),
                    )
    return out


def read_strict(
    path: Path, grids: dict[str, list[list[Any]]], specs: Sequence[TableSpec], empty_note: str
) -> ReadWorkbook:
    """Every spec's sheet of ``grids`` (sheet name → values), read through the spec; ``empty_note``:
    the profile's note of an empty table (its ``furniture``)."""
    year = budget_year(grids, path)
    reader = HeaderReader(year or 0)
    tables: dict[str, ReadTable] = {}
    problems: list[Problem] = []
    for spec in specs:
        grid = grids.get(spec.sheet)
        if spec.rows is None:
            if grid is not None and spec.statement is not None:
                tables[spec.id] = ReadTable(spec.id, spec.sheet, lines=read_statement(spec, grid, reader))
            continue
        if grid is None:
            problems.append(Problem(W_IMPORT_SHEET_MISSING, spec.sheet, "", f"找不到工作表“{spec.sheet}”"))
            continue
        try:
            grid = _readable(spec, grid, reader)
            back = read_back(spec, grid, reader, empty_note=empty_note)
            built = as_built(spec, grid, reader)
            lines = _data_lines(built, grid, reader, empty_note)
        except SpecError as err:
            message = str(err).split(": ", 1)[-1]
            problems.append(Problem(E_IMPORT_HEADER, spec.sheet, "", message))
            continue
        rows = tuple(
            Row(r.kind, _cells(built, r.kind, dict(r.values), grid[line - 1], line), line)
            for r, line in zip(back, lines, strict=True)
        )
        tables[spec.id] = ReadTable(spec.id, spec.sheet, rows)
    return ReadWorkbook(str(path), tables, tuple(problems))
