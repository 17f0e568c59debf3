"""Read a built sheet back into figures through the spec that wrote it.

The same spec that lays a sheet out tells where each figure sits: the header
tree must match the sheet's header cells, and each data row's cells are read
under the bindings of the row's kind (合计, unit, function, item), which is
recognised from the row itself. The result is keyed by the binding's text
(``figures[source=经费拨款]``), so a test, an import or an audit can compare a
workbook with the model or with another sheet without knowing its columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetgen.tables.binding import Binding, Ref, Template
from budgetgen.tables.layout import header_cells, optional_dropped
from budgetgen.tables.load import SpecError
from budgetgen.tables.names import KIND_ROOTS, reads_nothing
from budgetgen.tables.read import NUMERIC_STYLES, Reader
from budgetgen.tables.spec import TableSpec

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ReadRow:
    """One data row read back: its kind, and each bound cell's value by binding text."""

    kind: str
    values: Mapping[str, Any]

    def __getitem__(self, binding: str) -> Any:
        return self.values[binding]


def binding_text(binding: Binding) -> str:
    """``figures[source=经费拨款]`` or a template's ``{…}`` text: the key a read-back figure has."""
    if isinstance(binding, Ref):
        return str(binding)
    return "".join(p if isinstance(p, str) else "{" + str(p) + "}" for p in binding.parts)


def _typed(value: Any, style: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or style not in NUMERIC_STYLES:
        return value
    exact = Decimal(str(value))  # the cell's shortest repr: never float arithmetic on an amount
    if style == "count":
        return int(exact) if exact == exact.to_integral_value() else exact
    return exact.quantize(CENT)


def _literal(binding: Binding | None) -> str | None:
    if isinstance(binding, Template) and all(isinstance(p, str) for p in binding.parts):
        return "".join(str(p) for p in binding.parts)
    return None


def _header_top(spec: TableSpec, grid: Sequence[Sequence[Any]], reader: Reader) -> int:
    first = reader.text(spec.columns[0].head)
    for r, row in enumerate(grid[:12]):
        if row and str(row[0]).replace("\n", "") == first:
            return r
    raise SpecError(f"{spec.file}:{spec.lines.get('columns', 0)}: 表格“{spec.sheet}”中找不到表头“{first}”")


def check_header(spec: TableSpec, grid: Sequence[Sequence[Any]], reader: Reader) -> int:
    """The row below the header (and column numbers); raise if the sheet's header is not the spec's."""
    top = _header_top(spec, grid, reader)
    merges, singles = header_cells(spec, reader, top)
    for row, col, text in [(m.first_row, m.first_col, m.value) for m in merges] + [
        (c.row, c.col, c.value) for c in singles
    ]:
        got = grid[row][col] if row < len(grid) and col < len(grid[row]) else None
        if str(got).replace("\n", "") != text:
            raise SpecError(
                f"{spec.file}:0: 表格“{spec.sheet}”第 {row + 1} 行第 {col + 1} 列应为“{text}”，实际为“{got}”"
            )
    return top + spec.header_depth + (1 if spec.numbered else 0)


def as_built(spec: TableSpec, grid: Sequence[Sequence[Any]], reader: Reader) -> TableSpec:
    """``spec`` as the sheet shows it: with its optional columns, or without them when they are absent."""
    try:
        check_header(spec, grid, reader)
    except SpecError:
        bare = optional_dropped(spec)
        if bare is spec:
            raise
        return bare
    return spec


def _fit(spec: TableSpec, row: Sequence[Any], kind: str) -> int | None:
    """How well a row reads as ``kind``: None if it cannot (a literal differs, or a cell shows what
    rows of that kind cannot hold); else the count of filled bound cells minus empty bound amounts."""
    assert spec.rows is not None
    score = 0
    for c, leaf in enumerate(spec.leaves):
        binding = leaf.value.for_kind(kind) if leaf.value else None
        cell = row[c] if c < len(row) else None
        literal, empty = _literal(binding), cell in (None, "")
        if reads_nothing(binding, spec.rows.source, kind):
            if not empty:
                return None
        elif literal is not None and cell != literal:
            return None
        else:
            score += 1 if not empty else -(leaf.style in NUMERIC_STYLES)
    return score


def _kind(spec: TableSpec, row: Sequence[Any]) -> str:
    """The row kind (合计, unit, function, item) the row reads best as."""
    assert spec.rows is not None
    fits = [
        (score, -i, kind)
        for i, kind in enumerate(KIND_ROOTS[spec.rows.source])
        if (score := _fit(spec, row, kind)) is not None
    ]
    if not fits:
        raise SpecError(f"{spec.file}:0: 表格“{spec.sheet}”的一行无法识别：{list(row)}")
    return max(fits)[2]


def read_back(
    spec: TableSpec, grid: Sequence[Sequence[Any]], reader: Reader, *, empty_note: str | None = None
) -> list[ReadRow]:
    """Every data row of a sheet built from ``spec`` (``grid``: its cell values, row by row).

    A row reading ``empty_note`` (None: the profile's) is the empty table's note, not data.
    """
    if spec.rows is None:
        raise SpecError(f"{spec.file}:0: 收支总表式的表格按栏目读取，不按行读取")
    note = reader.budget.profile.empty_note if empty_note is None else empty_note
    built = as_built(spec, grid, reader)
    start = check_header(built, grid, reader)
    leaves = built.leaves
    absent = [leaf for leaf in spec.leaves if leaf not in leaves]  # optional columns, zero on every row
    out = []
    for row in grid[start:]:
        if not any(v not in (None, "") for v in row) or row[0] == note:
            continue
        kind = _kind(built, row)
        values: dict[str, Any] = {}
        for leaf in absent:
            if leaf.value and (binding := leaf.value.for_kind(kind)) is not None:
                values[binding_text(binding)] = _typed(0, leaf.style)
        for c, leaf in enumerate(leaves):
            binding = leaf.value.for_kind(kind) if leaf.value else None
            if binding is not None and _literal(binding) is None:
                value, key = _typed(row[c] if c < len(row) else None, leaf.style), binding_text(binding)
                if key not in values or (value not in (None, "", 0) and values[key] in (None, "", 0)):
                    values[key] = value  # a binding shown in several columns (``when``) keeps the filled one
        out.append(ReadRow(kind, values))
    return out
