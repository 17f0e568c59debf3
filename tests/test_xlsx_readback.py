"""Two-way specs: the spec that wrote a sheet reads it back into the model's figures.

Every sheet of the example and of a department that fills every table is read
back from the built workbook (openpyxl) through its spec, row kind recognised
from the row, and each figure must equal what the model holds under the same
binding. A sheet whose header is not the spec's is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import example_budget
from test_xlsx import example_wb, specs
from test_xlsx_filled import filled

from budgetgen.model import Budget
from budgetgen.money import ZERO
from budgetgen.tables import rows as row_sources
from budgetgen.tables.read import MISSING, NUMERIC_STYLES, Reader, as_text, cell_value
from budgetgen.tables.readback import binding_text, read_back
from budgetgen.tables.spec import SpecError, TableSpec

ROW_SPECS = [s for s in specs() if s.rows is not None]


def grid(wb: openpyxl.Workbook, sheet: str) -> list[list[Any]]:
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def expected(spec: TableSpec, budget: Budget) -> list[tuple[str, dict[str, Any]]]:
    """(kind, binding text → typed value) of every row, straight from the model."""
    assert spec.rows is not None
    reader = Reader(budget)
    found = row_sources.ROW_SOURCES[spec.rows.source](budget, spec.rows.params, reader.path)
    if found.empty:
        return []
    out = []
    for row in found.rows:
        values: dict[str, Any] = {}
        for leaf in spec.leaves:
            binding = leaf.value.for_kind(row.kind) if leaf.value else None
            if binding is None or binding_text(binding) == "".join(str(p) for p in getattr(binding, "parts", ())):
                continue
            raw = reader.binding(row.names, binding)
            if leaf.when and row.kind == "item" and as_text(reader.ref(row.names, leaf.when[0])) not in leaf.when[1]:
                raw = ZERO if leaf.style in NUMERIC_STYLES else MISSING
            value, key = cell_value(raw, leaf.style), binding_text(binding)
            if key not in values or (value not in (None, "", 0) and values[key] in (None, "", 0)):
                values[key] = value  # a binding shown in several columns (``when``): the filled one
        out.append((row.kind, values))
    return out


def _same(spec: TableSpec, budget: Budget, wb: openpyxl.Workbook) -> None:
    back = read_back(spec, grid(wb, spec.sheet), Reader(budget))
    want = expected(spec, budget)
    assert [r.kind for r in back] == [k for k, _ in want], spec.sheet
    for got, (_, values) in zip(back, want, strict=True):
        for key, value in values.items():
            if value is not None or got.values.get(key) not in (None, ""):
                assert got.values[key] == value, (spec.sheet, key, got.values[key], value)


@pytest.mark.parametrize("spec", ROW_SPECS, ids=lambda s: s.sheet)
def test_every_example_sheet_reads_back_to_the_model(spec: TableSpec) -> None:
    _same(spec, example_budget(), example_wb())


@pytest.mark.parametrize("spec", ROW_SPECS, ids=lambda s: s.sheet)
def test_every_filled_sheet_reads_back_to_the_model(spec: TableSpec, tmp_path_factory: pytest.TempPathFactory) -> None:
    budget, wb = filled(Path(tmp_path_factory.getbasetemp()))
    _same(spec, budget, wb)


def test_read_back_figures_agree_across_sheets() -> None:
    """The same figure read from different sheets by its binding, not by header text."""
    b, wb, reader = example_budget(), example_wb(), Reader(example_budget())
    by_sheet = {s.sheet: read_back(s, grid(wb, s.sheet), reader) for s in ROW_SPECS}
    total = by_sheet["支出总表"][0]["figures[source=合计]"]
    assert total == by_sheet["支出分类表"][0]["figures.total"] == b.figures.total
    assert by_sheet["收入总表"][0]["income.by_source[合计]"] == b.income.total


def test_a_sheet_is_refused_by_another_spec() -> None:
    wb, reader = example_wb(), Reader(example_budget())
    income = next(s for s in ROW_SPECS if s.sheet == "收入总表")
    with pytest.raises(SpecError, match="应为"):
        read_back(income, grid(wb, "三公经费表"), reader)
