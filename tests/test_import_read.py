"""Reading a published workbook back through the profile's specs (generator/importer/read.py).

Our own built workbooks read into exactly what :mod:`budgetgen.tables.readback` reads; anyone's
workbook is read tolerantly (merged headers, spacer and footer rows, amounts as text, 4 decimals,
codes split or joined, renamed or cut sheet names), and each interpretation is a problem at its cell.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from helpers import example_budget
from test_audit import seed_report
from test_xlsx import example_wb, example_xlsx, specs
from test_xlsx_readback import grid

from budgetgen import pipeline
from budgetgen.audit.context import AuditDataError, load_audit_data
from budgetgen.config import Settings
from budgetgen.importer.disagree import equalities
from budgetgen.importer.read import read_compared, read_workbook
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.model import Budget
from budgetgen.render.xlsx import render_xlsx
from budgetgen.resources import templates_dir
from budgetgen.tables.read import Reader
from budgetgen.tables.readback import read_back
from budgetgen.tables.spec import TableSpec, load_tables

ROOT = Path(__file__).resolve().parent.parent
EDGE = ROOT / "tests" / "edge"
EDGE_MEMBERS = sorted(p.stem for p in EDGE.glob("*.yaml"))
MOF_EXAMPLE = ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml"
SEED_XLSX = ROOT / "tests" / "fixtures" / "seed" / "通道县政务服务中心2020年部门预算公开表.xlsx"


def same_as_readback(
    read: ReadWorkbook, budget: Budget, wb: openpyxl.Workbook, table_specs: tuple[TableSpec, ...]
) -> None:
    """Every row table reads as readback reads it: same kinds, same keys, same values."""
    reader = Reader(budget)
    for spec in table_specs:
        if spec.rows is None:
            continue
        back = [(r.kind, dict(r.values)) for r in read_back(spec, grid(wb, spec.sheet), reader)]
        mine = [(r.kind, {k: c.value for k, c in r.cells.items()}) for r in read.tables[spec.id].rows]
        assert mine == back, spec.sheet


def write(tmp: Path, data: bytes) -> Path:
    path = tmp / "公开表.xlsx"
    path.write_bytes(data)
    return path


def save(wb: openpyxl.Workbook, tmp: Path) -> Path:
    path = tmp / "改过的公开表.xlsx"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def example_read(tmp_path_factory: pytest.TempPathFactory) -> ReadWorkbook:
    return read_workbook(write(tmp_path_factory.mktemp("ex"), example_xlsx()), specs())


def test_our_example_reads_as_readback_reads_it(example_read: ReadWorkbook) -> None:
    assert example_read.problems == ()
    assert set(example_read.tables) == {s.id for s in specs()}
    same_as_readback(example_read, example_budget(), example_wb(), specs())


def test_our_statement_lines_are_the_models(example_read: ReadWorkbook) -> None:
    lines = example_read.tables["annex_01"].lines
    budget = example_budget()
    assert lines["budget.income.total"].value == budget.income.total
    assert lines["budget.figures.basic"].value == budget.figures.basic
    assert lines["budget.income.total"].ref.startswith("B")


def test_the_seed_workbook_imports() -> None:
    read = read_workbook(SEED_XLSX, specs())
    assert {p.code for p in read.problems} <= {
        "W-IMPORT-LINE-MISSING",
        "W-IMPORT-HEADER-RENAMED",
        "W-IMPORT-DISAGREE",
        "W-IMPORT-AMOUNT",
    }
    assert len(read.tables) == len(specs())
    kinds: Any = [r.kind for r in read.tables["annex_05"].rows]
    assert kinds == ["total", "unit", "func", "func"]
    renamed = [p for p in read.problems if p.code == "W-IMPORT-HEADER-RENAMED" and p.sheet == "商品和服务支出"]
    assert [(p.ref, "专业燃料费" in p.message) for p in renamed] == [("Y2", True)]


def _same_built(budget: Budget, data: bytes, table_specs: tuple[TableSpec, ...], tmp: Path) -> None:
    read = read_workbook(write(tmp, data), table_specs)
    assert read.problems == ()
    assert set(read.tables) == {s.id for s in table_specs}
    same_as_readback(read, budget, openpyxl.load_workbook(io.BytesIO(data)), table_specs)


#: Members read in the fast suite (several units, every source, optional columns); all of them under -m slow.
FAST_EDGE = ("bureau-multi-unit", "every-source", "basic-capital")


@pytest.mark.parametrize(
    "name", [m if m in FAST_EDGE else pytest.param(m, marks=pytest.mark.slow) for m in EDGE_MEMBERS]
)
def test_every_edge_department_reads_as_readback_reads_it(name: str, tmp_path: Path) -> None:
    checked = pipeline.check_file(EDGE / f"{name}.yaml")
    assert checked.budget is not None
    _same_built(checked.budget, render_xlsx(checked.budget, specs()), specs(), tmp_path)


def test_the_mof_example_reads_as_readback_reads_it(tmp_path: Path) -> None:
    checked, outputs = pipeline.build_outputs(MOF_EXAMPLE, Settings(profile="mof"))
    assert checked.budget is not None and outputs is not None
    data = next(v for k, v in outputs.items() if k.endswith(".xlsx"))
    mof_specs = load_tables([templates_dir() / "mof" / "tables"], checked.budget.profile)
    _same_built(checked.budget, data, mof_specs, tmp_path)


# --- disagreements: the same figure in two tables ------------------------------------------------------------


def test_the_seeds_cross_table_contradictions_come_out_at_the_audits_cells() -> None:
    """Every A-CROSS-TABLE finding the audit reports on the seed (tests/test_audit.py) is a disagreement at its cell."""
    read, found = read_compared(SEED_XLSX, specs(), equalities("hunan-county"))
    audit = {
        (f.where.split("!")[0], f.where.split("!")[1])
        for f in seed_report().findings
        if f.code == "A-CROSS-TABLE"
    }
    assert audit == {("收支总表", "F26"), ("部门整体支出绩效目标申报表", "H7")}
    assert {(o.sheet, o.ref) for d in found for o in d.others} == audit
    by_figure = {d.figure: d for d in found}
    projects = by_figure["项目支出"]
    assert (projects.authority.sheet, projects.authority.ref, projects.authority.value) == ("收支总表", "F9", 980000)
    assert projects.authority.binding == "budget.figures.project"
    assert [(o.value, o.binding) for o in projects.others] == [(1771600, "figures.project_and_other")]
    at_h7 = [p for p in read.problems if (p.sheet, p.ref) == ("部门整体支出绩效目标申报表", "H7")]
    assert [p.code for p in at_h7] == ["W-IMPORT-DISAGREE"]
    assert "1,771,600.00" in at_h7[0].message and "980,000.00" in at_h7[0].message
    # the 收支总表 shows its 本年支出合计 twice, differently: reported at the second, the first kept
    f24 = [p for p in read.problems if (p.sheet, p.ref) == ("收支总表", "F24")]
    assert [p.code for p in f24] == ["W-IMPORT-DISAGREE"] and "D24" in f24[0].message


def test_our_example_has_no_disagreement(tmp_path: Path) -> None:
    read, found = read_compared(write(tmp_path, example_xlsx()), specs(), equalities("hunan-county"))
    assert found == () and read.problems == ()


def test_a_changed_figure_disagrees_with_the_authority(tmp_path: Path) -> None:
    """Near miss and trigger: the 项目支出 of 专项资金预算汇总表 changed by one 分 is named, the authority kept."""
    wb = openpyxl.load_workbook(io.BytesIO(example_xlsx()))
    ws = wb["专项资金预算汇总表"]
    row = next(r for r in ws.iter_rows() if any(c.value == "合计" for c in r))
    total = next(c for c in row if isinstance(c.value, int | float))
    total.value = Decimal(str(total.value)) + Decimal("0.01")
    _, found = read_compared(save(wb, tmp_path), specs(), equalities("hunan-county"))
    assert [(d.figure, d.authority.sheet, [(o.sheet, o.ref) for o in d.others]) for d in found] == [
        ("项目支出", "收支总表", [("专项资金预算汇总表", total.coordinate)])
    ]


@pytest.mark.parametrize(
    ("groups", "ok"),
    [
        ({"收支总额": ["收支总表!收入总计", "收入总表!合计|总计"]}, True),
        ({"项目支出及其他支出": [["收支总表!二、项目支出", "收支总表!三、其他支出"], "申报表!合计|项目"]}, True),
        ({"收支总额": ["收支总表!收入总计"]}, False),
        ({"收支总额": "收支总表!收入总计"}, False),
        ({"收支总额": ["收支总表!收入总计", "收入总表"]}, False),
        ({"收支总额": ["收支总表!收入总计", []]}, False),
    ],
)
def test_equalities_are_checked_at_load(groups: dict[str, Any], ok: bool, tmp_path: Path) -> None:
    path = tmp_path / "audit.yaml"
    path.write_text(yaml.safe_dump({"equalities": groups}, allow_unicode=True), encoding="utf-8")
    if ok:
        assert load_audit_data(path)["equalities"] == groups
    else:
        with pytest.raises(AuditDataError, match="equalities"):
            load_audit_data(path)


def test_the_shipped_equalities_load() -> None:
    assert len(equalities("hunan-county")) >= 10
    assert equalities("mof") == {}
