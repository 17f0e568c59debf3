"""Consistency proven on the built workbook, read back with openpyxl (never on the layout code).

* every 合计 row is the sum of its unit rows, every unit row the sum of its function / project rows;
* inside a row, every 合计/小计 column is the sum of its sibling columns;
* tables that show the same figure agree, and agree with the model;
* every 万元 figure the narrative prints is ROUND_HALF_UP(元/10000, 2) of a figure in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from docx_dump import docx_text
from helpers import example_budget, narrative_docx
from test_xlsx import example_wb
from xlsx_dump import Table, money, read_table

from budgetgen.money import to_wan

#: Sheets whose rows are 合计, then units, each unit followed by its own detail rows.
HIERARCHICAL = (
    "收入总表",
    "支出总表",
    "支出分类表",
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "一般公共预算拨款预算表",
    "经费拨款支出预算表",
    "专项资金预算汇总表",
    "专项资金绩效目标表",
    "单位基本情况信息表",
    "单位人员情况表",
    "三公经费表",
)
#: Header labels that are not additive parts of their parent ("其中" items, quantities beside amounts).
NOT_A_PART = re.compile(r"^(其中|平方米$|辆$|台/套$)")
SUBTOTAL = re.compile(r"(合计|小计|总计)$")


@cache
def table(name: str) -> Table:
    return read_table(example_wb()[name])


def numeric_cols(t: Table) -> list[int]:
    return [i for i, v in enumerate(t.rows[0]) if isinstance(v, int | float) and not isinstance(v, bool)]


def groups(t: Table) -> Iterator[tuple[list[Any], list[list[Any]]]]:
    """(unit row, its detail rows) for each unit; a unit row carries a code but no 类/project marker."""
    unit_col = t.col("单位代码")
    name_col = unit_col + 1
    units = [i for i, r in enumerate(t.rows) if r[unit_col] and r[name_col] and _is_unit(t, r)]
    for k, i in enumerate(units):
        end = units[k + 1] if k + 1 < len(units) else len(t.rows)
        yield t.rows[i], t.rows[i + 1 : end]


def _is_unit(t: Table, row: list[Any]) -> bool:
    if any(h[-1:] == ("类",) for h in t.heads) and row[t.col("类")]:
        return False
    nature = [i for i, h in enumerate(t.heads) if h[-1:] == ("专项性质",)]
    return not (nature and row[nature[0]])


@pytest.mark.parametrize("name", HIERARCHICAL)
def test_total_row_is_the_sum_of_unit_rows(name: str) -> None:
    t = table(name)
    total = t.row("合计")
    units = [u for u, _ in groups(t)]
    assert units
    for c in numeric_cols(t):
        assert money(total[c]) == sum((money(u[c]) for u in units), Decimal("0.00")), (name, t.heads[c])


WITH_DETAIL = [
    n for n in HIERARCHICAL if n not in ("收入总表", "支出总表", "三公经费表", "单位基本情况信息表", "单位人员情况表")
]


@pytest.mark.parametrize("name", WITH_DETAIL)
def test_unit_rows_are_the_sum_of_their_detail_rows(name: str) -> None:
    t = table(name)
    for unit, details in groups(t):
        assert details, name
        for c in numeric_cols(t):
            assert money(unit[c]) == sum((money(d[c]) for d in details), Decimal("0.00")), (name, t.heads[c])


def _parts(t: Table, prefix: tuple[str, ...]) -> dict[str, list[int]]:
    """Direct children of the header node ``prefix`` → the columns under each."""
    out: dict[str, list[int]] = {}
    for i, h in enumerate(t.heads):
        if h[: len(prefix)] == prefix and len(h) > len(prefix):
            out.setdefault(h[len(prefix)], []).append(i)
    return out


def _node_value(t: Table, row: list[Any], prefix: tuple[str, ...], cols: list[int]) -> Decimal:
    if len(cols) == 1:
        return money(row[cols[0]])
    parts = {k: v for k, v in _parts(t, prefix).items() if not NOT_A_PART.match(k)}
    first = next(iter(parts))
    if SUBTOTAL.search(first):
        return _node_value(t, row, (*prefix, first), parts[first])
    return sum((_node_value(t, row, (*prefix, k), v) for k, v in parts.items()), Decimal("0.00"))


def _check_node(t: Table, row: list[Any], prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    parts = {k: v for k, v in _parts(t, prefix).items() if not NOT_A_PART.match(k)}
    numeric = {k: v for k, v in parts.items() if all(isinstance(row[c], int | float) for c in v)}
    if len(numeric) > 1 and SUBTOTAL.search(next(iter(numeric))):
        (first, cols), *rest = numeric.items()
        expected = sum((_node_value(t, row, (*prefix, k), v) for k, v in rest), Decimal("0.00"))
        assert _node_value(t, row, (*prefix, first), cols) == expected, (t.name, prefix, first)
        yield prefix
    for k in parts:
        yield from _check_node(t, row, (*prefix, k))


@pytest.mark.parametrize("name", [*(n for n in HIERARCHICAL if n != "专项资金绩效目标表"), "政府购买服务支出预算表"])
def test_every_subtotal_column_is_the_sum_of_its_siblings(name: str) -> None:
    t = table(name)
    checked = [p for row in t.rows for p in _check_node(t, row, ())]
    assert checked, name


def statement() -> dict[str, Decimal]:
    ws = example_wb()["收支总表"]
    return {
        str(r[i]).strip("　"): money(r[i + 1])
        for r in ws.iter_rows(min_row=5, values_only=True)
        for i in (0, 2, 4)
        if r[i] is not None and r[i + 1] is not None
    }


def test_tables_that_show_the_same_figure_agree_with_each_other_and_the_model() -> None:
    b, s = example_budget(), statement()
    cls, spent = table("支出分类表"), table("支出总表")
    total = s["支出总计"]
    # 收支总表 支出 = 支出总表 = 支出分类表 = 一般公共预算拨款预算表 = 经费拨款支出预算表 (all 经费拨款 here) = model
    assert total == spent.get("合计", "总计") == cls.get("合计", "总计") == b.figures.total
    assert table("一般公共预算拨款预算表").get("合计", "总计") == spent.get("合计", "一般公共预算拨款小计") == total
    assert table("经费拨款支出预算表").get("合计", "总计") == spent.get("合计", "经费拨款") == total
    # 收入: 收支总表 = 收入总表 = model
    assert s["收入总计"] == table("收入总表").get("合计", "总计") == b.income.total == total
    # 基本/项目/其他 in 收支总表 = 支出分类表 = detail tables
    assert s["一、基本支出"] == cls.get("合计", "基本支出", "合计") == b.figures.basic
    assert s["工资福利支出"] == cls.get("合计", "工资福利支出") == table("工资福利支出").get("合计", "合计")
    assert s["商品和服务支出"] == cls.get("合计", "一般商品和服务支出") == table("商品和服务支出").get("合计", "合计")
    assert (
        s["对个人和家庭的补助"]
        == cls.get("合计", "对个人和家庭的补助支出")
        == table("对个人和家庭的补助").get("合计", "合计")
    )
    assert s["二、项目支出"] == cls.get("合计", "项目支出", "合计") == b.figures.project
    assert s["三、其他支出"] == cls.get("合计", "其他支出", "其他支出小计") == b.figures.other
    # 专项资金预算汇总表 = 专项资金绩效目标表, row by row
    special, targets = table("专项资金预算汇总表"), table("专项资金绩效目标表")
    assert special.get("合计", "总计") == targets.get("合计", "资金总额") == s["二、项目支出"]
    a = [(r[1], money(r[special.col("总计")])) for r in special.rows]
    c = [(r[1], money(r[targets.col("资金总额")])) for r in targets.rows]
    assert a == c
    # 部门整体支出绩效目标申报表 = the model's basic / project-and-other split
    perf = table("部门整体支出绩效目标申报表")
    assert perf.get("合计", "资金总额") == total
    assert perf.get("合计", "基本支出") == b.figures.basic
    assert (
        perf.get("合计", "项目支出及其他支出") == b.figures.project_and_other == s["二、项目支出"] + s["三、其他支出"]
    )
    by_income = [perf.get("合计", "按收入性质分", k) for k in ("一般公共预算拨款", "政府性基金拨款", "其他资金")]
    assert sum(by_income) + perf.get("合计", "纳入专户管理的非税收入拨款") == total
    # 功能分类 类 in 收支总表 = the 类's function rows of 支出分类表
    rows_201 = [money(r[cls.col("总计")]) for r in cls.rows if r[0] == "201"]
    assert s["一、一般公共服务支出"] == sum(rows_201)
    # 三公, 政府购买服务 = model
    assert table("三公经费表").get("合计", "合计") == b.figures.sangong.total
    assert table("政府购买服务支出预算表").get("合计", "购买服务金额", "合计") == b.purchases_total["合计"]


def test_one_function_code_per_project_across_sheets() -> None:
    codes = {(r[0], r[1], r[2]) for r in table("支出分类表").rows if r[0]}
    shown = {f"{a}{b}{c}" for a, b, c in codes}
    for r in table("政府购买服务支出预算表").rows[1:]:
        code = re.match(r"^\[(\d{7})\]", r[0])
        assert code and code[1] in shown, r[0]


def test_every_wan_figure_in_the_narrative_is_a_rounded_table_figure() -> None:
    b = example_budget()
    text = docx_text(narrative_docx(b))
    printed = {Decimal(m) for m in re.findall(r"(\d+\.\d{2})万元", text)}
    in_tables = {
        to_wan(money(c.value))
        for ws in example_wb().worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, int | float) and c.number_format == "#,##0.00"
    }
    changes = [ch for ch in (b.income_change, b.spending_change, b.sangong_change, b.running_cost_change) if ch]
    derived = {to_wan(v) for ch in changes for v in (ch.magnitude, ch.prior)} | {to_wan(b.running_cost)}
    assert printed and printed <= in_tables | derived, sorted(printed - in_tables - derived)
    s = statement()
    for label in ("收入总计", "一、基本支出", "二、项目支出", "三、其他支出"):
        assert f"{to_wan(s[label]):.2f}万元" in text, label
    assert f"{to_wan(table('三公经费表').get('合计', '合计')):.2f}万元" in text
    assert f"{to_wan(table('政府购买服务支出预算表').get('合计', '购买服务金额', '合计')):.2f}万元" in text


def test_project_names_are_spelled_once_across_sheets_and_narrative() -> None:
    text = docx_text(narrative_docx(example_budget()))
    names = [r[1] for r in table("专项资金预算汇总表").rows if r[2]]
    assert names == [r[1] for r in table("专项资金绩效目标表").rows if r[2]]
    assert len(names) == 11
    assert all(n in text for n in names), [n for n in names if n not in text]


def test_the_profile_equalities_hold_on_the_built_workbook() -> None:
    """The equalities `budgetgen audit` checks (templates/<profile>/audit.yaml, listed once) hold on what we write."""
    from test_xlsx import example_xlsx

    from budgetgen.audit.context import Context, audit_data
    from budgetgen.audit.package import Package, _read_xlsx

    pkg = Package()
    _read_xlsx(example_xlsx(), "公开表.xlsx", pkg)
    ctx = Context(pkg, audit_data())
    for name, refs in audit_data()["equalities"].items():
        resolved = [f for ref in refs if (f := ctx.figures(ref))]
        assert len(resolved) >= 2, name  # every listed equality compares at least two figures of our tables
        values = {x.value.quantize(Decimal("0.01")) for figures in resolved for x in figures}
        assert len(values) == 1, (name, values)
    total = ctx.figures("收支总表!支出总计")
    assert total and total[0].value == example_budget().figures.total
