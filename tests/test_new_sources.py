"""国有资本经营预算拨款 and 附属单位上缴收入: leaf sources both profiles know.

A variant of the mof example moves a 300000 元 project to 国有资本经营预算拨款 and the 260000 元 事业收入 project to
附属单位上缴收入; it builds in both profiles, every 合计 equals its parts, and the money is printed.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from docx_dump import dump_docx
from test_mof import MOF, MOF_EXAMPLE, _assert_tree_adds_up
from test_xlsx_consistency import HIERARCHICAL, _check_node, groups, numeric_cols
from xlsx_dump import Table, load, money, read_table

from budgetgen import pipeline
from budgetgen.config import Settings
from budgetgen.model import Budget

EDITS = (
    ("      经费拨款: 7945500\n", "      经费拨款: 7645500\n      国有资本经营预算拨款: 300000\n"),
    ("      事业收入: 260000\n", "      附属单位上缴收入: 260000\n"),
    ("    资金来源: 事业收入\n", "    资金来源: 附属单位上缴收入\n"),
    ("    金额: 300000\n", "    金额: 300000\n    资金来源: 国有资本经营预算拨款\n"),
)


@cache
def _variant(root: Path) -> Path:
    folder = root / "jiangbin"
    shutil.copytree(MOF_EXAMPLE.parent, folder)
    text = MOF_EXAMPLE.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / MOF_EXAMPLE.name
    path.write_text(text, encoding="utf-8")
    return path


@cache
def _build(profile: str, root: Path) -> tuple[Budget, dict[str, Table], str]:
    settings = MOF if profile == "mof" else Settings()
    checked, outputs = pipeline.build_outputs(_variant(root), settings)
    assert outputs is not None and checked.budget is not None and not checked.issues, [str(i) for i in checked.issues]
    xlsx = next(v for k, v in outputs.items() if k.endswith(".xlsx"))
    docx = next(v for k, v in outputs.items() if k.endswith(".docx"))
    tables = {ws.title: read_table(ws) for ws in load(xlsx).worksheets}
    return checked.budget, tables, dump_docx(docx)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("new-sources")


def _statement(t: Table, label: str) -> Decimal:
    row = t.row(label)
    return money(row[row.index(label) + 1])


def test_mof_prints_both_sources_and_every_total_adds_up(root: Path) -> None:
    budget, tables, text = _build("mof", root)
    assert budget.income.by_source["国有资本经营预算拨款"] == Decimal("300000.00")
    assert budget.income.by_source["附属单位上缴收入"] == Decimal("260000.00")
    for view in budget.views.values():
        _assert_tree_adds_up(view.tree, view.figures)
    whole = tables["部门收支总表"]
    incomes = [
        "一、一般公共预算拨款收入",
        "二、政府性基金预算拨款收入",
        "三、国有资本经营预算拨款收入",
        "四、财政专户管理资金收入",
        "五、上级补助收入",
        "六、事业收入",
        "七、事业单位经营收入",
        "八、附属单位上缴收入",
        "九、其他收入",
    ]
    assert _statement(whole, "三、国有资本经营预算拨款收入") == Decimal("30.00")
    assert _statement(whole, "八、附属单位上缴收入") == Decimal("26.00")
    assert _statement(whole, "本年收入合计") == sum((_statement(whole, x) for x in incomes), Decimal("0.00"))
    income = tables["部门收入总表"]
    assert income.get("合计", "国有资本经营预算拨款收入") == Decimal("30.00")
    assert income.get("合计", "附属单位上缴收入") == Decimal("26.00")
    cols = [i for i, h in enumerate(income.heads) if h[-1] not in ("科目编码", "科目名称", "合计")]
    for row in income.rows:
        assert money(row[income.col("合计")]) == sum((money(row[c]) for c in cols), Decimal("0.00")), row
    fin = tables["财政拨款收支总表"]
    assert _statement(fin, "三、国有资本经营预算拨款") == Decimal("30.00")
    assert _statement(fin, "收入总计") == _statement(fin, "支出总计")
    soe = tables["国有资本经营预算支出表"]
    assert soe.get("合计", "合计") == Decimal("30.00")
    assert "国有资本经营预算拨款收入30.00万元" in text and "附属单位上缴收入26.00万元" in text
    assert "国有资本经营预算拨款支出30.00万元" in text and "全部用于" in text


def test_hunan_counts_both_as_other_money_and_every_total_adds_up(root: Path) -> None:
    budget, tables, text = _build("hunan-county", root)
    other = tables["收入总表"]
    assert money(other.row("合计")[other.heads.index(("其他收入",))]) == Decimal("560000.00")
    for name in HIERARCHICAL:
        t = tables[name]
        total_row = t.row("合计")
        units = [u for u, _ in groups(t)]
        assert units, name
        for c in numeric_cols(t):
            assert money(total_row[c]) == sum((money(u[c]) for u in units), Decimal("0.00")), (name, t.heads[c])
        if name != "专项资金绩效目标表":
            assert [p for row in t.rows for p in _check_node(t, row, ())], name
    assert budget.income.by_source["其他收入（说明）"] == Decimal("560000.00")
    assert "其他收入56.00万元（国有资本经营预算拨款30.00万元，附属单位上缴收入26.00万元）" in text
