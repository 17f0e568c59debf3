"""The tables that are empty in the example, filled: they sum up and agree with the model.

The example has no 非税收入, 新增资产, 政府采购 or 政府性基金 spending; this source
adds some to a second unit, so that those tables show data rows and several units.
With two units every project names its unit; the source passes ``budgetgen check``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE, checked_budget
from xlsx_dump import load, money, read_table

from budgetgen.model import Budget
from budgetgen.render.xlsx import render_xlsx
from budgetgen.resources import templates_dir
from budgetgen.tables.spec import load_tables

EXTRA_UNIT = """
  - 代码: "702702"
    名称: 政务中心二级
    单位性质: 事业
    管理方式: 全额
    单位规格: 股级
    功能分类: "2010301"
    资金来源: 政府性基金拨款
    收入:
      政府性基金拨款: 100000
      行政事业性收费收入: 20000
    基本支出:
      30201:
        - {金额: 20000, 资金来源: 行政事业性收费收入}
    非税收入计划:
      - {编码: "103040", 名称: 证照工本费, 类别: 行政事业性收费收入, 计划数: 20000, 执收成本: 3000, 上缴政府统筹: 5000,
         上年决算: 18000, 执收成本明细: {证书（证照）工本费: 2000, 管理成本: 1000}}
      - {编码: "103050", 名称: 罚没款, 类别: 罚没收入, 计划数: 8000, 上缴政府统筹: 8000}
    新增资产:
      - {类别: 通用设备, 名称: 台式计算机, 数量: 5, 金额: 25000}
      - {类别: 车辆, 名称: 执法车, 数量: 1, 金额: 150000, 备注: 更新}
    存量资产: {房屋及建筑物: 350.5, 车辆: 2, 通用设备: 12, 限额以上其他资产: 1}
"""
EXTRA_PROJECT = """
  - 名称: 基金项目
    单位: "702702"
    金额: 100000
    性质: 新增
    类别: 专项商品和服务
    绩效目标:
      管理办法: 政府性基金管理办法
      立项依据: 通财预指〔2020〕1号
      长期目标: 更新二级单位办公设备
      年度目标: 年内购置台式计算机 5 台
      实施进度: 2020年1-6月
      保障措施: 专款专用
    政府采购:
      - {品目: 台式计算机, 类型: 货物, 数量: 5, 计量单位: 台, 金额: 25000, 是否面向中小企业: true}
"""


@cache
def filled(tmp: Path) -> tuple[Budget, openpyxl.Workbook]:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"^(  - 名称: .*\n)", r'\1    单位: "702701"\n', text, flags=re.M)  # before the second unit's project
    text = text.replace("\n立项依据:", EXTRA_UNIT + "\n立项依据:", 1)
    text = text.replace("\n  # 以下 3 项", EXTRA_PROJECT + "\n  # 以下 3 项", 1)
    path = tmp / "filled.yaml"
    path.write_text(text, encoding="utf-8")
    budget = checked_budget(path)
    specs = load_tables([templates_dir() / "hunan-county" / "tables"])
    return budget, load(render_xlsx(budget, specs))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Budget, openpyxl.Workbook]:
    return filled(tmp_path_factory.mktemp("filled"))


def test_no_table_is_empty_except_the_special_account(book: tuple[Budget, openpyxl.Workbook]) -> None:
    _, wb = book
    notes = [ws.title for ws in wb.worksheets if any(r[0] == "本单位无此项" for r in ws.iter_rows(values_only=True))]
    assert notes == ["纳入专户管理的非税收入预算表"]


def test_nontax_tables_sum_their_plans_by_category(book: tuple[Budget, openpyxl.Workbook]) -> None:
    b, wb = book
    t = read_table(wb["非税征收表"])
    assert t.get("合计", "2020年征收计划", "合计") == b.nontax_plans_total["计划数"] == Decimal("28000.00")
    # 决算: given for one line only; a line without it is blank, not 0
    assert (
        t.get("合计", "2019年决算", "合计")
        == t.get("证照工本费", "2019年决算", "纳入公共预算管理")
        == Decimal("18000.00")
    )
    assert t.row("罚没款")[t.col("2019年决算", "合计")] is None
    assert t.get("证照工本费", "2019年决算", "政府性基金") == 0
    assert t.get("合计", "上缴政府统筹小计") == Decimal("13000.00")
    assert t.get("合计", "行政事业性收费", "执收成本") == Decimal("3000.00")
    assert t.get("证照工本费", "罚没收入", "上缴政府统筹支出") == 0
    assert t.get("罚没款", "罚没收入", "上缴政府统筹支出") == Decimal("8000.00")
    detail = read_table(wb["非税收入征收计划明细表"])
    assert detail.get("合计", "非税收入年度征收计划数") == Decimal("28000.00")
    assert detail.get("合计", "非税执收成本项目", "合计") == Decimal("3000.00")
    assert detail.get("合计", "征收成本", "小计") == detail.get("合计", "证书（证照）工本费") == Decimal("2000.00")
    assert detail.get("合计", "管理成本") == Decimal("1000.00")
    assert detail.row("罚没收入/罚没款")[detail.col("征收成本", "小计")] is None
    assert detail.row("行政事业性收费收入/证照工本费")[detail.col("项目编码")] == "103040"


def test_assets_procurement_and_fund_tables(book: tuple[Budget, openpyxl.Workbook]) -> None:
    b, wb = book
    assets = read_table(wb["新增资产配置表"])
    assert assets.get("合计", "合计", "金额") == b.new_assets_total == Decimal("175000.00")
    assert assets.get("合计", "新增资产配置", "车辆", "辆") == 1
    assert assets.get("台式计算机", "通用设备", "金额") == Decimal("25000.00")
    assert assets.get("台式计算机", "新增资产配置", "车辆", "金额") == 0
    # 存量资产 per unit; a 事业 unit's 限额以上 assets are in the 事业单位 (200 万元) column
    assert assets.get("政务中心二级", "存量资产", "车辆", "辆") == assets.get("合计", "存量资产", "车辆", "辆") == 2
    assert assets.row("政务中心二级")[assets.col("存量资产", "房屋及建筑", "平方米")] == 350.5
    assert (
        assets.get(
            "合计", "存量资产", "单项价值在限额以上的其他资产", "单项200万元及以上的其他资产（事业单位）", "台/套"
        )
        == 1
    )
    assert assets.get("政务中心二级", "新增资产配置", "合计", "金额") == Decimal("175000.00")
    buy = read_table(wb["政府采购表"])
    assert buy.get("合计", "资金来源", "总计") == b.procurement_total["合计"] == Decimal("25000.00")
    row = buy.row("台式计算机")
    assert row[buy.col("是否面向中小企业")] == "是" and row[buy.col("是否进口产品")] == "否"
    assert (row[buy.col("类")], row[buy.col("款")], row[buy.col("项")]) == ("201", "03", "01")
    assert money(row[buy.col("资金来源", "政府性基金拨款")]) == Decimal("25000.00")
    fund = read_table(wb["政府性基金支出预算表"])
    assert fund.get("合计", "总计") == b.views["政府性基金拨款"].figures.total == Decimal("100000.00")


def test_two_units_still_sum_everywhere(book: tuple[Budget, openpyxl.Workbook]) -> None:
    b, wb = book
    income = read_table(wb["收入总表"])
    assert income.get("合计", "总计") == income.get("政务中心本级", "总计") + income.get("政务中心二级", "总计")
    cls = read_table(wb["支出分类表"])
    assert cls.get("合计", "总计") == b.figures.total
    public = read_table(wb["一般公共预算拨款预算表"]).get("合计", "总计")
    assert public == read_table(wb["支出总表"]).get("合计", "一般公共预算拨款小计")
    perf = read_table(wb["部门整体支出绩效目标申报表"])
    parts = [
        perf.get("合计", k) for k in ("一般公共预算拨款", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金")
    ]
    assert sum(parts) == perf.get("合计", "资金总额") == b.figures.total
