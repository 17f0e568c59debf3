"""The 预算公开表 workbook: sheets, formatting, empty tables, golden dump, reproducible bytes, no formulas."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from helpers import example_budget
from xlsx_dump import dump_workbook, load, merged_cells, money, raw_borders, read_table

from budgetgen.model import Budget
from budgetgen.render.xlsx import render_xlsx
from budgetgen.resources import templates_dir
from budgetgen.tables.spec import SpecError, TableSpec, load_tables, parse_spec

SEED_SHEETS = [
    *("收支总表", "收入总表", "非税征收表", "支出总表", "支出分类表", "工资福利支出", "商品和服务支出"),
    *("对个人和家庭的补助", "一般公共预算拨款预算表", "政府性基金支出预算表", "纳入专户管理的非税收入预算表"),
    *("经费拨款支出预算表", "专项资金预算汇总表", "专项资金绩效目标表", "政府采购表", "政府购买服务支出预算表"),
    *("单位基本情况信息表", "新增资产配置表", "单位人员情况表", "非税收入征收计划明细表", "三公经费表"),
    "部门整体支出绩效目标申报表",
]
EMPTY_IN_EXAMPLE = ("非税征收表", "政府性基金支出预算表", "纳入专户管理的非税收入预算表", "政府采购表")
EMPTY_IN_EXAMPLE += ("新增资产配置表", "非税收入征收计划明细表")


@cache
def specs() -> tuple[TableSpec, ...]:
    return load_tables([templates_dir() / "hunan-county" / "tables"])


@cache
def example_xlsx() -> bytes:
    return render_xlsx(example_budget(), specs())


@cache
def example_wb() -> openpyxl.Workbook:
    """The example workbook read back (shared by read-only tests)."""
    return load(example_xlsx())


def test_sheets_are_the_seeds_22_in_order() -> None:
    wb = example_wb()
    assert wb.sheetnames == list(SEED_SHEETS)
    assert all(len(name) <= 31 for name in wb.sheetnames)


def test_golden_dump(golden) -> None:  # type: ignore[no-untyped-def]
    golden("tongdao-zwfwzx-2020/workbook.txt", dump_workbook(example_xlsx()))


def test_two_builds_are_byte_identical_with_fixed_stamps() -> None:
    budget = example_budget()
    first, second = render_xlsx(budget, specs()), render_xlsx(budget, specs())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2020-03-18T09:00:00Z" in core


def test_every_sheet_has_merged_header_footer_and_print_setup() -> None:
    wb = example_wb()
    for ws in wb.worksheets:
        title = ws["A1"]
        assert title.font.b and title.alignment.horizontal == "center", ws.title
        # the title spans the columns of the first page (all of them when the sheet prints one page wide)
        assert any(r.min_row == 1 and r.min_col == 1 for r in ws.merged_cells.ranges), ws.title
        first_data_row = int(str(ws.freeze_panes).lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        one_row_header = ws.cell(first_data_row - 1, 1).value == "**" and first_data_row == 5
        assert one_row_header or any(3 <= r.min_row < first_data_row for r in ws.merged_cells.ranges), ws.title
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页", ws.title
        # A4 landscape (9), or A3 landscape (8) for the tables too wide to read on A4.
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (8, 9), ws.title
        # A fixed print scale (the layout computes it, see docs/printing.md), never "fit to page".
        assert 71 <= ws.page_setup.scale <= 100, ws.title
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage), ws.title
        assert ws.print_title_rows and ws.print_title_rows.startswith("$3:"), ws.title
        assert ws.freeze_panes is not None, ws.title
        assert all("&P" not in str(c.value) for row in ws.iter_rows() for c in row), ws.title
    assert wb["商品和服务支出"].page_setup.paperSize == 8 and wb["三公经费表"].page_setup.paperSize == 9


def test_fonts_borders_and_number_formats() -> None:
    data = example_xlsx()
    wb = example_wb()
    for i, ws in enumerate(wb.worksheets):
        borders = raw_borders(data, i, wb)
        table_cells = [c.coordinate for row in ws.iter_rows(min_row=3) for c in row]
        assert set(merged_cells(ws)) & set(table_cells) <= set(borders), ws.title
        assert all(borders.get(c) for c in table_cells), (ws.title, [c for c in table_cells if not borders.get(c)])
        for row in ws.iter_rows(min_row=3):
            for c in row:
                assert c.font.name == "宋体", (ws.title, c.coordinate)
                if isinstance(c.value, float | int) and c.number_format != "0":
                    assert c.number_format == "#,##0.00", (ws.title, c.coordinate)


def test_counts_are_integers_and_amounts_are_numbers() -> None:
    wb = example_wb()
    staff = read_table(wb["单位人员情况表"])
    assert isinstance(staff.row("政务中心本级")[staff.col("编制人数", "合计")], int)
    for name, first in (("支出分类表", "总计"), ("收入总表", "总计"), ("三公经费表", "合计")):
        t = read_table(wb[name])
        assert all(isinstance(v, int | float) for v in t.row("合计")[t.col(first) :])


def test_empty_tables_keep_header_and_say_so() -> None:
    wb = example_wb()
    for name in EMPTY_IN_EXAMPLE:
        t = read_table(wb[name])
        assert t.rows and t.rows[0][0] == "本单位无此项", name
        assert len(t.rows) == 1 and t.heads[0], name
    custom = load(render_xlsx(example_budget(), specs(), empty_note="无"))
    assert read_table(custom["政府采购表"]).rows[0][0] == "无"


def test_column_numbers_run_without_gaps() -> None:
    wb = example_wb()
    for ws in wb.worksheets[1:-1]:  # the seed numbers neither 收支总表 nor 部门整体支出绩效目标申报表
        row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "**")
        numbers = [int(v) for v in row if v != "**"]
        assert numbers == list(range(1, len(numbers) + 1)), ws.title


def test_amounts_always_show_two_decimals() -> None:
    wb = example_wb()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, float):
                    assert c.number_format == "#,##0.00", (ws.title, c.coordinate)


def _with_name(budget: Budget, name: str) -> Budget:
    project = dataclasses.replace(budget.special_projects[0], name=name)
    units = tuple(dataclasses.replace(uv, projects=(project, *uv.projects[1:])) for uv in budget.special.units)
    return dataclasses.replace(
        budget,
        special=dataclasses.replace(budget.special, units=units),
        department=dataclasses.replace(budget.department, name='=HYPERLINK("x")'),
    )


@pytest.mark.parametrize("name", ["=SUM(A1:A9)", "+1+2", "-3", "@cmd"])
def test_text_that_looks_like_a_formula_is_written_as_text(name: str) -> None:
    data = render_xlsx(_with_name(example_budget(), name), specs())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml
    t = read_table(load(data)["专项资金预算汇总表"])
    assert name in [r[t.col("单位名称（专项名称）")] for r in t.rows]
    assert load(data)["收支总表"]["A2"].value == '单位名称：=HYPERLINK("x")'


def test_seed_acceptance_figures() -> None:
    wb = example_wb()
    ws = wb["收支总表"]
    lines = {
        r[i]: money(r[i + 1])
        for r in ws.iter_rows(min_row=5, values_only=True)
        for i in (0, 2, 4)
        if r[i] is not None and r[i + 1] is not None
    }
    assert lines["支出总计"] == lines["收入总计"] == Decimal("2602664.00")
    assert [lines[k] for k in ("一、基本支出", "　工资福利支出", "　商品和服务支出", "　对个人和家庭的补助")] == [
        Decimal(v) for v in ("831064.00", "758704.00", "72000.00", "360.00")
    ]
    assert [lines[k] for k in ("二、项目支出", "　专项商品和服务支出", "　基本建设支出")] == [
        Decimal(v) for v in ("980000.00", "740000.00", "240000.00")
    ]
    assert [lines[k] for k in ("三、其他支出", "　上缴上级支出", "　事业单位经营服务支出", "　上缴政府统筹支出")] == [
        Decimal(v) for v in ("791600.00", "300000.00", "200000.00", "291600.00")
    ]
    cls = read_table(wb["支出分类表"])
    totals = {r[4]: money(r[cls.col("总计")]) for r in cls.rows if r[0]}
    assert totals == {
        "行政运行（政府办公厅（室）及相关机构事务）": Decimal("2071064.00"),
        "一般行政管理事务（政府办公厅（室）及相关机构事务）": Decimal("531600.00"),
    }
    salary = read_table(wb["工资福利支出"]).row("合计")
    assert sum(1 for v in salary[7:] if v) == 8
    goods = read_table(wb["商品和服务支出"]).row("合计")
    assert sum(1 for v in goods[6:] if v) == 15
    special = read_table(wb["专项资金预算汇总表"])
    assert len([r for r in special.rows if r[2] == "延续项目"]) == 11
    assert special.get("合计", "总计") == Decimal("980000.00")
    assert read_table(wb["政府购买服务支出预算表"]).get("合计", "购买服务金额", "合计") == Decimal("620000.00")
    assert read_table(wb["三公经费表"]).get("合计", "合计") == Decimal("59400.00")
    staff = read_table(wb["单位人员情况表"])
    assert staff.get("合计", "编制人数", "合计") == 10 and staff.get("合计", "实有在职人数", "合计") == 9
    assert staff.get("合计", "临时人员") == 0  # the seed's own figure, typed in (not 临时工 + 勤杂工)
    fac = read_table(wb["单位基本情况信息表"]).row("政务中心本级")
    assert [v for v in fac[2:] if v] == [3, 4, 3, 6, 45]


def test_spec_errors_name_the_problem(tmp_path: Path) -> None:
    base = {"id": "x", "sheet": "表", "title": "表", "rows": {"from": "view"}}
    with pytest.raises(SpecError, match="起点"):
        parse_spec({**base, "columns": [{"head": "a", "value": "nothing.total"}]}, "x.yaml")
    with pytest.raises(SpecError, match="无法识别"):  # a binding has no operators: specs cannot compute
        parse_spec({**base, "columns": [{"head": "a", "value": "figures.basic + figures.project"}]}, "x.yaml")
    with pytest.raises(SpecError, match="31"):
        parse_spec({**base, "sheet": "长" * 32, "columns": ["a"]}, "x.yaml")
    with pytest.raises(SpecError, match="样式"):
        parse_spec({**base, "columns": [{"head": "a", "style": "fancy"}]}, "x.yaml")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "annex_02.yaml").write_text(
        "id: o\nsheet: 收支总表\ntitle: t\nrows: {from: units}\ncolumns: [a]\n", encoding="utf-8"
    )
    with pytest.raises(SpecError, match="重复"):
        load_tables([tmp_path / "a", templates_dir() / "hunan-county" / "tables"])


def test_an_override_folder_replaces_a_spec_by_file_name(tmp_path: Path) -> None:
    src = templates_dir() / "hunan-county" / "tables" / "annex_21.yaml"
    (tmp_path / "annex_21.yaml").write_text(
        src.read_text(encoding="utf-8").replace("title: 三公经费表", "title: 三公经费"), encoding="utf-8"
    )
    tables = load_tables([tmp_path, templates_dir() / "hunan-county" / "tables"])
    assert len(tables) == 22
    assert load(render_xlsx(example_budget(), tables))["三公经费表"]["A1"].value == "三公经费"
