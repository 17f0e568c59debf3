"""Optional columns and statement lines (``optional: true``): shown only where the department has money in them.

The seed example has no basic 310 资本性支出, so its sheets keep the seed's layout (the golden dump and
test_xlsx_layout prove it); a department that buys a computer from 基本支出 (31002) gets a 资本性支出
column under 基本支出 in every class table and a line in 收支总表, and its class columns still add up.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest
import test_xlsx_consistency as consistency
from helpers import EXAMPLE, checked_budget, narrative_docx
from test_xlsx import example_wb
from test_xlsx_readback import ROW_SPECS, _same, grid
from xlsx_dump import load, read_table

from budgetgen.audit.package import Package, _read_docx, _read_xlsx
from budgetgen.audit.run import audit_package
from budgetgen.model import Budget
from budgetgen.render.xlsx import render_xlsx
from budgetgen.resources import templates_dir
from budgetgen.tables.load import SpecError
from budgetgen.tables.read import Reader
from budgetgen.tables.readback import read_back
from budgetgen.tables.spec import load_tables

#: Sheets whose 基本支出 columns split by class.
CLASS_SHEETS = ("支出分类表", "一般公共预算拨款预算表", "经费拨款支出预算表")
COMPUTER = Decimal("6000.00")


@cache
def with_basic_310(tmp: Path) -> tuple[Budget, openpyxl.Workbook, bytes]:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("      30201: 15000 ", "      30201: 9000  \n      31002: 6000  ", 1)
    path = tmp / "basic310.yaml"
    path.write_text(text, encoding="utf-8")
    budget = checked_budget(path)
    data = render_xlsx(budget, load_tables([templates_dir() / "hunan-county" / "tables"]))
    return budget, load(data), data


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Budget, openpyxl.Workbook, bytes]:
    return with_basic_310(tmp_path_factory.mktemp("basic310"))


def test_the_seed_example_has_no_capital_column() -> None:
    for name in (*CLASS_SHEETS, "收支总表"):
        assert not any(
            str(v).strip("　") == "资本性支出" for r in example_wb()[name].iter_rows(values_only=True) for v in r
        ), name


def test_basic_310_shows_the_column_and_the_classes_add_up(book: tuple[Budget, openpyxl.Workbook, bytes]) -> None:
    budget, wb, _ = book
    assert budget.figures.by_class["310"] == COMPUTER
    for name in CLASS_SHEETS:
        t = read_table(wb[name])
        assert t.get("合计", "基本支出", "资本性支出") == COMPUTER, name
        numbers = next(r for r in wb[name].iter_rows(values_only=True) if "**" in r)
        counted = [int(v) for v in numbers if v not in (None, "**")]
        assert counted == list(range(1, len(counted) + 1)), name  # 1..N, no gap where a column is left out
        assert len(numbers) == len(t.heads), name
        checked = [p for row in t.rows for p in consistency._check_node(t, row, ())]
        assert ("基本支出",) in checked, name
    pairs = [p for r in wb["收支总表"].iter_rows(values_only=True) for p in pairwise(r)]
    assert ("　资本性支出", int(COMPUTER)) in pairs


def test_a_sheet_reads_back_with_or_without_the_optional_column(
    book: tuple[Budget, openpyxl.Workbook, bytes],
) -> None:
    budget, wb, _ = book
    for spec in ROW_SPECS:
        _same(spec, budget, wb)
    spec = next(s for s in ROW_SPECS if s.sheet == "支出分类表")
    with_col = read_back(spec, grid(wb, spec.sheet), Reader(budget))[0]
    without = read_back(spec, grid(example_wb(), spec.sheet), Reader(budget))[0]
    assert with_col["figures[kind=基本支出,econ=310]"] == COMPUTER
    assert without["figures[kind=基本支出,econ=310]"] == Decimal("0.00")


def test_the_audit_accepts_the_optional_column(book: tuple[Budget, openpyxl.Workbook, bytes]) -> None:
    budget, _, data = book
    pkg = Package()
    _read_xlsx(data, "预算公开表.xlsx", pkg)
    _read_docx(narrative_docx(budget), "说明.docx", pkg)
    assert [f.line() for f in audit_package(pkg).findings] == []


def test_an_unknown_key_of_an_optional_statement_line_is_located(tmp_path: Path) -> None:
    text = (
        "id: t\nsheet: 表\ntitle: 表\ncolumns:\n- 项目\n- 金额\nstatement:\n  blocks:\n"
        "  - - optinal: true\n      line:\n      - 资本性支出\n      - budget.figures[kind=基本支出,econ=310]\n"
    )
    (tmp_path / "annex_99.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match=r"^annex_99\.yaml:9: 未知的键 “optinal”"):
        load_tables([tmp_path])
