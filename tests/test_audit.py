"""``budgetgen audit``: our own example is clean, the seed's package shows every listed contradiction,
and every rule has a trigger and a near miss (a mutation of our example that must not trigger it)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest
from helpers import example_budget, narrative_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_xlsx import example_xlsx

from budgetgen.audit.findings import Report, Status
from budgetgen.audit.package import Cell, Package, Paragraph, Sheet, _read_docx, _read_xlsx, read_package
from budgetgen.audit.run import audit_package, audit_rules, format_report
from budgetgen.audit.table import norm

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed"
XLSX, DOCX = "公开表.xlsx", "说明.docx"


@cache
def ours() -> Package:
    pkg = Package()
    _read_xlsx(example_xlsx(), XLSX, pkg)
    _read_docx(narrative_docx(example_budget()), DOCX, pkg)
    pkg.names += [f"通道县政务服务中心2020年部门预算{XLSX}", f"通道县政务服务中心2020年部门预算{DOCX}"]
    return pkg


@cache
def seed_report() -> Report:
    return audit_package(read_package(sorted(SEED.glob("*.*"))))


def lines(report: Report) -> list[str]:
    return [f.line() for f in report.findings]


def test_our_example_has_no_findings_and_every_rule_ran() -> None:
    report = audit_package(ours())
    assert lines(report) == []
    assert report.count(Status.FAIL) == 0
    assert report.count(Status.NOT_CHECKED) == 0
    # Not applicable: no “无此项” claim; 机关运行经费 on a definition for every unit (不区分单位性质); no
    # last year's figure stated or shown, so no change to recompute; no project code written.
    idle = {r.code for r, o in report.results if o.status is Status.NOT_APPLICABLE}
    assert idle <= {"A-EMPTY-CLAIM", "A-RUNNING-COST-NATURE", "A-CHANGE", "A-PROJECT-CODE"}
    assert report.count(Status.PASS) == len(audit_rules()) - len(idle)


# Each row of examples/README.md's tables of contradictions: what the audit reports (code, location, words),
# or why a generic audit cannot see it. The README's numbering: section 一 (1-12), 二 (names), 三, 五 (1-20).
SEED_EXPECTED: dict[str, tuple[str, str, str] | str] = {
    "一1 三公 6.88": ("A-NARRATIVE-FIGURE", "说明.docx:第21段", "6.88万元"),
    "一1 公务用车 0.94": ("A-NARRATIVE-FIGURE", "说明.docx:第21段", "0.94万元"),
    "一2 增加（减少）": ("A-PLACEHOLDER", "说明.docx:第21段", "增加（减少）"),
    "一3 260..27": ("A-PLACEHOLDER", "说明.docx:第19段", "260..27"),
    "一3 机关运行经费": ("A-NARRATIVE-FIGURE", "说明.docx:第19段", "即 7.20 万元"),
    "一4 原因与方向": ("A-REASON", "说明.docx:第12段", "减少了与收入相对应的支出"),
    "一5 项目支出 177.16": ("A-NARRATIVE-FIGURE", "说明.docx:第16段", "即 98.00 万元"),
    "一6 绩效目标 177.16": ("A-NARRATIVE-FIGURE", "说明.docx:第27段", "即 98.00 万元"),
    "一7 万元位数": ("A-WAN-FORMAT", "说明.docx:第12段", "7.2万元、10.9万元"),
    "一8 理岗位": ("A-STAFF-CATEGORY", "说明.docx:第6段", "“理岗位9人”不是格式中的人员类别，疑似“管理岗位”"),
    "一9 国有资产无此项": ("A-EMPTY-CLAIM", "说明.docx:第25段", "服务器"),
    "一10 政府采购 0万元": ("A-WAN-FORMAT", "说明.docx:第23段", "0万元"),
    "一11 单位名称": ("A-UNIT-NAME", "说明.docx:第8段", "政务中心本级"),
    "一12 附件在日期之后": ("A-SIGN-OFF", "说明.docx:第33段", "排在落款日期（第32段）之后"),
    "一12 落款只有日期": ("A-SIGN-OFF", "说明.docx:第32段", "日期上方没有发文单位名称"),
    "一13 零来源与三公口径": "写法建议（为零的来源占篇幅、三公不说口径），不是矛盾，审核不报告",
    "二 机房及政务大厅": ("A-PROJECT-NAME", "说明.docx:第16段", "政务大厅，机房设备运转经费"),
    "二 门户网站管理费": ("A-PROJECT-NAME", "说明.docx:第16段", "“政府门户网站管理费”"),
    "二 12345": ("A-PROJECT-NAME", "说明.docx:第16段", "“12345热线运转经费”"),
    "二 培训": ("A-PROJECT-NAME", "说明.docx:第16段", "政务公开政务服务及培训和电子政务工作经费"),
    "二 网络租金": ("A-PROJECT-NAME", "说明.docx:第16段", "“电子政务网络租金”"),
    "二 依申请": ("A-PROJECT-NAME", "说明.docx:第16段", "依法申请公开经费"),
    "二 电子监察": ("A-PROJECT-NAME", "说明.docx:第16段", "“电子监察项目”"),
    "二 便民服务中心": ("A-PROJECT-NAME", "说明.docx:第16段", "建设管理工作经费"),
    "二 云防护": ("A-PROJECT-NAME", "说明.docx:第16段", "“政务外网云防护”"),
    "三 2010102": ("A-FUNCTION-CODE", "政府购买服务支出预算表!A7", "2010102"),
    "三 2010306": ("A-FUNCTION-CODE", "政府购买服务支出预算表!A11", "2010306"),
    "五1 收入栏写支出": ("A-STATEMENT-LABEL", "收支总表!A24", "本年收入合计"),
    "五2 其他支出重复": ("A-STATEMENT-SUM", "收支总表!F9", "1,771,600.00"),
    "五2 支出总计 3,394,264": ("A-STATEMENT-BALANCE", "收支总表!F26", "3,394,264.00"),
    "五3 漏写顿号": ("A-NUMBERING", "收支总表!C10", "六、社会保障和就业支出"),
    "五3 旧功能分类目录": ("A-FUNCTION-CLASS", "收支总表!C11", "应为“卫生健康支出”"),
    "五4 其他支出同名": ("A-HEADER-TWICE", "支出分类表!R3", "其他支出"),
    "五5 事业经营服务支出单位": ("A-HEADER-SPELLING", "支出分类表!U3", "事业单位经营服务支出"),
    "五6 列号 10、1、12": ("A-COLUMN-NUMBERS", "商品和服务支出!P4", "应为 11"),
    "五6 专业燃料费": ("A-HEADER-SPELLING", "商品和服务支出!Y2", "专用燃料费"),
    "五7 表头年份": ("A-HEADER-YEAR", "非税征收表!E2", "2019年征收计划"),
    "五7 决算年份": ("A-HEADER-YEAR", "非税征收表!X2", "2018年决算"),
    "五8 中央财政补助": ("A-SOURCE-TERM", "政府采购表!Y3", "称“上级财政补助”"),
    "五9 录入表": ("A-TITLE", "政府购买服务支出预算表!A1", "政府购买服务支录入表"),
    "五9 上级财政补贴": ("A-HEADER-SPELLING", "政府购买服务支出预算表!M3", "上级财政补助"),
    "五10 20万元以上": ("A-HEADER-SPELLING", "新增资产配置表!Y4", "单项20万元及以上"),
    "五11 申报表项目支出": ("A-CROSS-TABLE", "部门整体支出绩效目标申报表!H7", "1,771,600.00"),
    "五11 指标产值": ("A-HEADER-SPELLING", "部门整体支出绩效目标申报表!N6", "指标值"),
    "五12 半角括号": ("A-HALF-WIDTH", "三公经费表!E2", "因公出国(境)费"),
    "五13 公共财政拨款": "旧称不是矛盾：profile.yaml 的 old_terms 把原件的“公共财政拨款”等按现行名称读，不报告",
    "五14 4 位小数": ("A-DECIMALS", "经费拨款支出预算表!F5", "#,##0.0000"),
    "五14 人数 0.0000": ("A-DECIMALS", "单位人员情况表!AB6", "0.0000"),
    "五15 页码代码": ("A-LEAKED-CODE", "支出总表!A9", "&P"),
    "五16 系统编号": ("A-SYSTEM-ID", "专项资金预算汇总表!C9", "9F94F9D5"),
    "五17 空表无说明": ("A-EMPTY-TABLE", "政府采购表!A7", "本单位无此项"),
    "五18 临时人员": "临时人员照表另行填写，不由临时工、勤杂工相加（README 第 18 条、W-STAFF-TEMPORARY），0 不报告",
    "五19 购买服务功能分类": ("A-FUNCTION-CODE", "政府购买服务支出预算表!A10", "2010102"),
    "五20 33 列缩到 A4 一页宽": ("A-PRINT-SIZE", "商品和服务支出!A1", "按 A4 横向、缩放到一页宽打印"),
    "五20 印出的字号": ("A-PRINT-SIZE", "商品和服务支出!A1", "只有约 3.7 磅"),
}


@pytest.mark.parametrize("item", [k for k, v in SEED_EXPECTED.items() if isinstance(v, tuple)])
def test_seed_package_reports_each_listed_contradiction(item: str) -> None:
    code, where, words = SEED_EXPECTED[item]  # type: ignore[misc]
    found = [line for line in lines(seed_report()) if f" {code}: " in line and f"{where}: " in line]
    assert any(words in line for line in found), (item, found)


def test_every_readme_contradiction_is_listed_here() -> None:
    text = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    section_one = re.findall(r"^\| (\d+) \| ", text.split("## 二")[0], flags=re.MULTILINE)
    names = re.findall(r"^\| [^|#]+ \| [^|]+ \|$", text.split("## 二")[1].split("## 三")[0], flags=re.MULTILINE)
    five = re.findall(r"^\| (\d+) \|", text.split("## 五")[1], flags=re.MULTILINE)
    assert section_one == sorted({k.split()[0][1:] for k in SEED_EXPECTED if k.startswith("一")}, key=int)
    assert len(names) - 1 == len([k for k in SEED_EXPECTED if k.startswith("二")]) == 9
    assert five == sorted({k.split()[0][1:] for k in SEED_EXPECTED if k.startswith("五")}, key=int)


def test_seed_summary_counts_each_status() -> None:
    report = seed_report()
    assert sum(report.count(s) for s in Status) == len(audit_rules())
    assert report.count(Status.FAIL) >= 20
    assert report.summary().startswith(f"{sum(1 for f in report.findings if f.severity.value == 'error')} 个错误")


# --- one trigger and one near miss per rule, as mutations of our clean example ---------------------------

Mutation = Callable[[Package], None]


def _cell_ref(ref: str) -> tuple[str, int, int]:
    sheet, cell = ref.split("!")
    m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
    assert m
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return sheet, int(m[2]) - 1, col - 1


def put(ref: str, value: object, fmt: str | None = None) -> Mutation:
    def go(pkg: Package) -> None:
        name, r, c = _cell_ref(ref)
        sheet = pkg.sheet(name)
        assert sheet is not None
        if value is None:
            sheet.cells.pop((r, c), None)
        else:
            old = sheet.cells.get((r, c))
            sheet.cells[(r, c)] = Cell(value, fmt or (old.fmt if old else "General"))

    return go


def relabel(sheet_name: str, old: str, new: str) -> Mutation:
    """Replace the text of the first cell reading ``old`` (indentation ignored)."""

    def go(pkg: Package) -> None:
        sheet = pkg.sheet(sheet_name)
        assert sheet is not None
        key = next(k for k, c in sorted(sheet.cells.items()) if norm(c.value) == norm(old))
        sheet.cells[key] = Cell(new, sheet.cells[key].fmt)

    return go


def shift(sheet_name: str, label: str, col: int, delta: int) -> Mutation:
    """Add ``delta`` to the amount ``col`` columns right of the cell reading ``label``."""

    def go(pkg: Package) -> None:
        sheet = pkg.sheet(sheet_name)
        assert sheet is not None
        r, c = next(k for k, cell in sorted(sheet.cells.items()) if norm(cell.value) == label)
        cell = sheet.cells[(r, c + col)]
        sheet.cells[(r, c + col)] = Cell(cell.value + delta, cell.fmt)

    return go


def edit(old: str, new: str) -> Mutation:
    def go(pkg: Package) -> None:
        k = next(i for i, p in enumerate(pkg.paragraphs) if old in p.text)
        p = pkg.paragraphs[k]
        pkg.paragraphs[k] = replace(p, text=p.text.replace(old, new, 1))

    return go


def add(text: str) -> Mutation:
    def go(pkg: Package) -> None:
        pkg.paragraphs.append(Paragraph(DOCX, f"第{len(pkg.paragraphs) + 1}段", text))

    return go


def two_columns(width: int, start: int = 0) -> Mutation:
    """Print 三公经费表 in two columns: copy its columns ``start``..11 to the right of column 11."""

    def go(pkg: Package) -> None:
        sheet = pkg.sheet("三公经费表")
        assert sheet is not None
        for (r, c), cell in list(sheet.cells.items()):
            if r >= 2 and start <= c < width:
                sheet.cells[(r, c + width - start)] = cell

    return go


def both(*mutations: Mutation) -> Mutation:
    def go(pkg: Package) -> None:
        for m in mutations:
            m(pkg)

    return go


NATIONAL = edit("所属各单位（不区分单位性质）", "行政单位和参照公务员法管理的事业单位")


def signoff(*, attachment_last: bool = False, name: bool = True, same_line: bool = False) -> Mutation:
    """Our narrative's end (附件 note, unit name, date) rewritten: the note moved after the date, the name dropped,
    or name and date on one line."""

    def go(pkg: Package) -> None:
        k = next(i for i, p in enumerate(pkg.paragraphs) if p.text.startswith("附件："))
        note, unit, date = pkg.paragraphs[k : k + 3]
        if same_line:
            end = [note, replace(date, text=f"{unit.text}　　{date.text}")]
        else:
            end = [*([unit] if name else []), date]
            end = [*end, note] if attachment_last else [note, *end]
        pkg.paragraphs[k:] = [replace(p, where=f"第{k + 1 + i}段") for i, p in enumerate(end)]

    return go


def page_setup(sheet_name: str, **changes: object) -> Mutation:
    """A sheet's page setup changed (paper code 9 is A4, 8 is A3)."""

    def go(pkg: Package) -> None:
        sheet = pkg.sheet(sheet_name)
        assert sheet is not None and sheet.setup is not None
        sheet.setup = replace(sheet.setup, **changes)  # type: ignore[arg-type]

    return go


@dataclass(frozen=True)
class Case:
    code: str
    trigger: Mutation
    near_miss: Mutation


CASES = [
    Case("A-ROW-SUM", put("收入总表!C7", 2602665), put("收入总表!C7", "2,602,664.00")),
    Case("A-COL-SUM", put("收入总表!D8", 2602660), put("三公经费表!D7", 1)),
    Case("A-DECIMALS", put("收入总表!C7", 2602664, "#,##0.0000"), put("收入总表!C7", 2602664, "#,##0.00")),
    Case("A-LEAKED-CODE", put("收入总表!A10", "第 &P 页，共 &N 页"), put("收入总表!A10", "第1页")),
    Case(
        "A-SYSTEM-ID",
        put("专项资金预算汇总表!D9", "9F94F9D59A334D0CB5D7398C9D93E4CB"),
        put("专项资金预算汇总表!D9", "E0101"),
    ),
    Case("A-COLUMN-NUMBERS", put("收入总表!E6", "4"), put("收入总表!E6", 3)),
    Case("A-EMPTY-TABLE", put("政府性基金支出预算表!A6", None), put("政府性基金支出预算表!A6", "无此项")),
    Case("A-HALF-WIDTH", put("收入总表!B8", "政务中心(本级)"), put("收入总表!B8", "政务中心（本级）")),
    Case(
        "A-HEADER-TWICE",
        relabel("支出分类表", "其他项目支出", "其他支出"),
        relabel("支出分类表", "其他项目支出", "其他支出项目"),
    ),
    Case("A-SIDE-BY-SIDE", two_columns(12), two_columns(12, start=2)),
    Case(
        "A-HEADER-SPELLING",
        relabel("商品和服务支出", "专用燃料费", "专业燃料费"),
        relabel("商品和服务支出", "专用燃料费", "专用燃料费"),
    ),
    Case(
        "A-EMPTY-NOTE-FIGURES",
        put("政府性基金支出预算表!F6", 1000),
        put("政府性基金支出预算表!F6", 0),
    ),
    Case("A-STATEMENT-SUM", shift("收支总表", "工资福利支出", 1, 1), put("收支总表!F6", "758,704.00")),
    Case("A-STATEMENT-BALANCE", shift("收支总表", "支出总计", 1, 100), relabel("收支总表", "支出总计", "支出总计 ")),
    Case(
        "A-STATEMENT-LABEL",
        relabel("收支总表", "本年收入合计", "本年支出合计"),
        relabel("收支总表", "经费拨款", "　经费拨款（支出）"),
    ),
    Case(
        "A-NUMBERING",
        relabel("收支总表", "八、社会保障和就业支出", "八社会保障和就业支出"),
        relabel("收支总表", "工资福利支出", "　七彩工资福利支出"),
    ),
    Case("A-CROSS-TABLE", shift("专项资金绩效目标表", "合计", 2, 1), put("部门整体支出绩效目标申报表!N8", "5")),
    Case(
        "A-FUNCTION-CODE",
        put("政府购买服务支出预算表!A8", "[2010102]一般行政管理事务（人大事务）"),
        put("政府购买服务支出预算表!A8", "[2010302]一般行政管理事务"),
    ),
    Case(
        "A-HEADER-YEAR",
        relabel("非税征收表", "2020年征收计划", "2019年征收计划"),
        relabel("非税征收表", "2020年征收计划", "2020年征收计划数"),
    ),
    Case(
        "A-TITLE",
        put("政府购买服务支出预算表!A1", "政府购买服务支录入表"),
        put("政府购买服务支出预算表!A1", "政府购买服务支出预算表（续）"),
    ),
    Case(
        "A-PROJECT-LIST",
        relabel("专项资金绩效目标表", "网站监测经费", "网站监测费"),
        relabel("专项资金绩效目标表", "网站监测经费", "网站监测经费"),
    ),
    Case(
        "A-NARRATIVE-FIGURE",
        edit("预算数为5.94万元", "预算数为6.88万元"),
        edit("预算数为5.94万元", "预算数为 5.94 万元"),
    ),
    Case(
        "A-ROUNDING",
        edit("对个人和家庭的补助0.04万元", "对个人和家庭的补助0.03万元"),
        edit("对个人和家庭的补助0.04万元", "对个人和家庭的补助0.05万元"),
    ),
    Case("A-WAN-FORMAT", edit("预算数为5.94万元", "预算数为5.94万"), edit("预算数为5.94万元", "预算数为5.94 万元")),
    Case("A-TWO-VALUES", add("“三公”经费预算数为6.00万元。"), add("“三公”经费预算数为5.94万元。")),
    Case(
        "A-PROJECT-NAME",
        edit("网站监测经费8.00万元", "网站监测费用8.00万元"),
        edit("网站监测经费8.00万元", "网站监测经费 8.00万元"),
    ),
    Case("A-YOY", edit("增长4.37%", "增长5.00%"), edit("增长4.37%", "增长4.38%")),
    Case("A-STAFF", edit("实有人数9人", "实有人数8人"), edit("实有人数9人", "实有人数为9人")),
    Case("A-EMPTY-CLAIM", add("国有资产占有使用情况：本单位无此项。"), add("政府采购情况：本单位无此项。")),
    Case(
        "A-UNIT-NAME",
        edit("包括：政务中心本级", "包括：通道县政务服务中心本级"),
        edit("包括：政务中心本级", "包括：政务中心本级（全额）"),
    ),
    Case("A-PLACEHOLDER", add("较2019年增加（减少）0.00万元。"), add("与2019年持平。")),
    Case("A-DIRECTION", add("较2019年增加0.00万元。"), add("较2019年增加1.00万元。")),
    Case(
        "A-REASON",
        add("支出较2019年增加1.00万元，增加的原因是人员减少。"),
        add("支出较2019年增加1.00万元，增加的原因是人员增加。"),
    ),
    Case(
        "A-PERCENT-SIGN",
        add("收入较2019年增长15，主要原因是人员增加。"),
        add("收入较2019年增长15%，主要原因是人员增加。"),
    ),
    Case("A-ZERO-BASE", add("上年为0.00万元，本年增长100%。"), add("上年为10.00万元，本年增长100%。")),
    # 公用经费 of the public budget's basic spending is 7.20万元: 机关运行经费 may be less (a narrower definition).
    Case(
        "A-RUNNING-COST",
        edit("机关运行经费预算为7.20万元", "机关运行经费预算为7.30万元"),
        edit(
            "所属各单位（不区分单位性质）使用一般公共预算拨款安排的机关运行经费预算为7.20万元",
            "行政单位和参照公务员法管理的事业单位使用一般公共预算拨款安排的机关运行经费预算为5.00万元",
        ),
    ),
    # Our example's only unit is a 事业 unit: 机关运行经费 on the national definition (行政 and 参公 units only) is
    # reported; the same with the unit a 参公 unit is not.
    Case("A-RUNNING-COST-NATURE", NATIONAL, both(NATIONAL, put("单位人员情况表!C8", "参公"))),
    # A project's code written before its name in both project lists: one digit full-width in one of them.
    Case(
        "A-PROJECT-CODE",
        both(
            relabel("专项资金预算汇总表", "网站监测经费", "[43001200001]网站监测经费"),
            relabel("专项资金绩效目标表", "网站监测经费", "[4300120000１]网站监测经费"),
        ),
        both(
            relabel("专项资金预算汇总表", "网站监测经费", "[43001200001]网站监测经费"),
            relabel("专项资金绩效目标表", "网站监测经费", "【43001200001】 网站监测经费"),
        ),
    ),
    # An old catalog's 类 name; the year's name printed without its numbering is no finding of this rule.
    Case(
        "A-FUNCTION-CLASS",
        relabel("收支总表", "九、卫生健康支出", "九、医疗卫生与计划生育支出"),
        relabel("收支总表", "九、卫生健康支出", "卫生健康支出"),
    ),
    # A fund-source heading only this table uses where the others print 上级财政补助; the profile's own 上级补助收入
    # (its narrative name) is no odd term.
    Case(
        "A-SOURCE-TERM",
        relabel("政府采购表", "上级财政补助", "中央财政补助"),
        relabel("政府采购表", "上级财政补助", "上级补助收入"),
    ),
    # Last year's figure stated in the sentence: 5.94 − 5.00 = 0.94, not 1.00.
    Case(
        "A-CHANGE",
        add("“三公”经费2020年预算数为5.94万元，2019年预算数为5.00万元，较上年增加1.00万元。"),
        add("“三公”经费2020年预算数为5.94万元，2019年预算数为5.00万元，较上年增加0.94万元，增长18.80%。"),
    ),
    # A misspelt post category; 管理人员 is the 管理 category with its suffix.
    Case(
        "A-STAFF-CATEGORY",
        edit("其中：管理岗位9人", "其中：理岗位9人"),
        edit("其中：管理岗位9人", "其中：管理人员9人"),
    ),
    # The establishment's parts in parentheses add up to 10; one 其中 part smaller than its total is a subset.
    Case(
        "A-STAFF-PARTS",
        edit("事业编制10名", "事业编制9名"),
        edit("其中：管理岗位9人", "其中：管理岗位5人"),
    ),
    # The seed's end: only a date, no unit name before it; name and date on one line are a sign-off.
    Case("A-SIGN-OFF", signoff(name=False), signoff(same_line=True)),
    # 支出分类表 (22 columns) fits A3 landscape one page wide at 71 %; on A4 landscape it would print at about 5 pt.
    # With side margins of 0.3 in it still fits at 70 %, its 10 pt text 7.0 pt on paper: the floor, no finding.
    Case("A-PRINT-SIZE", page_setup("支出分类表", paper=9), page_setup("支出分类表", margins=(0.3, 0.3, 0.5, 0.5))),
    Case(
        "A-PARTS-SUM",
        edit("公务接待费5.94万元", "公务接待费5.49万元"),
        edit("公务用车购置及运行费0.00万元", "公务用车购置及运行费0.00 万元"),
    ),
]


def _audited(mutation: Mutation) -> Report:
    pkg = copy.deepcopy(ours())
    mutation(pkg)
    return audit_package(pkg)


def test_every_rule_has_a_case() -> None:
    assert {c.code for c in CASES} | {"A-READABLE"} == {r.code for r in audit_rules()}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_rule_triggers(case: Case) -> None:
    assert case.code in {f.code for f in _audited(case.trigger).findings}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_rule_stays_quiet_on_near_miss(case: Case) -> None:
    assert case.code not in {f.code for f in _audited(case.near_miss).findings}


def test_yoy_reads_the_figure_its_own_sentence_states() -> None:
    """“按各项资金口径计算，“三公”经费8.00万元，较上年增加2.00万元，增长33.33%”: the rate is of 8.00, not of the
    paragraph's first figure (the 一般公共预算 5.94); a wrong rate in such a sentence is still reported."""
    lead = "2020年一般公共预算拨款安排的“三公”经费预算数为5.94万元。按各项资金口径计算，“三公”经费8.00万元，"
    right = _audited(add(lead + "较2019年增加2.00万元，增长33.33%。"))
    wrong = _audited(add(lead + "较2019年增加2.00万元，增长50.76%。"))
    assert [f.message for f in right.findings if f.code == "A-YOY"] == []
    assert [f.message for f in wrong.findings if f.code == "A-YOY"] == [
        "“较2019年增加2.00万元，增长50.76%”：上年为 8.00 − (2.00) = 6.00 万元，增长率应为 33.33%，不是 50.76%"
    ]


def test_rounding_differences_are_reported_once_and_not_as_figure_errors() -> None:
    report = _audited(
        lambda p: (
            edit("对个人和家庭的补助0.04万元", "对个人和家庭的补助0.03万元")(p),
            add("对个人和家庭的补助预算0.03万元。")(p),
        )
    )
    assert [f.code for f in report.findings] == ["A-ROUNDING"]
    assert "2 个万元数" in report.findings[0].message


def test_unreadable_page_is_not_checked_never_a_pass_or_finding() -> None:
    def scanned(pkg: Package) -> None:
        pkg.unreadable.append(("说明.pdf", "第3页"))

    report = _audited(scanned)
    status = {r.code: o.status for r, o in report.results}
    assert status["A-READABLE"] is Status.NOT_CHECKED
    assert report.findings == []
    assert "无法检查 1" in report.summary()
    assert any("第3页" in line for line in format_report(report))


def test_a_workbook_alone_leaves_narrative_rules_not_applicable() -> None:
    pkg = copy.deepcopy(ours())
    pkg.paragraphs.clear()
    status = {r.code: o.status for r, o in audit_package(pkg).results}
    assert status["A-NARRATIVE-FIGURE"] is Status.NOT_APPLICABLE
    assert status["A-ROW-SUM"] is Status.PASS


def _class_findings(mutation: Mutation) -> list[str]:
    report = _audited(mutation)
    return [
        f"{f.code} {f.where}: {f.message}" for f in report.findings if f.code in ("A-FUNCTION-CLASS", "A-NUMBERING")
    ]


def test_function_class_names_the_years_name_of_a_near_miss() -> None:
    assert _class_findings(relabel("收支总表", "九、卫生健康支出", "九、卫生建康支出")) == [
        "A-FUNCTION-CLASS 收支总表!C13: 收支总表“九、卫生建康支出”不是 2020 年功能分类的“类”名称，应为“卫生健康支出”"
    ]


def test_function_class_reports_a_missing_comma_once() -> None:
    """A-NUMBERING sees 八社会… after 七、; only the class rule sees the first heading's (一一般…, not 一般…)."""
    assert _class_findings(relabel("收支总表", "一、一般公共服务支出", "一一般公共服务支出")) == [
        "A-FUNCTION-CLASS 收支总表!C5: 收支总表“一一般公共服务支出”缺少编号后的顿号，应为“一、一般公共服务支出”"
    ]
    assert [
        x.split(":")[0] for x in _class_findings(relabel("收支总表", "八、社会保障和就业支出", "八社会保障和就业支出"))
    ] == ["A-NUMBERING 收支总表!C12"]


def test_function_class_without_the_years_catalog_is_not_checked() -> None:
    def older(pkg: Package) -> None:
        pkg.names[:] = [n.replace("2020年", "2018年") for n in pkg.names]

    status = {r.code: o.status for r, o in _audited(older).results}
    assert status["A-FUNCTION-CLASS"] is Status.NOT_CHECKED


def test_source_term_ignores_a_table_of_its_own_words() -> None:
    """A heading no other table uses, but not at a place where the others print a profile source, is no finding."""
    report = _audited(relabel("政府采购表", "采购品目", "中央采购品目"))
    assert "A-SOURCE-TERM" not in {f.code for f in report.findings}


def test_a_narrative_alone_cannot_be_checked_against_tables() -> None:
    pkg = copy.deepcopy(ours())
    pkg.sheets.clear()
    status = {r.code: o.status for r, o in audit_package(pkg).results}
    assert status["A-NARRATIVE-FIGURE"] is Status.NOT_CHECKED


def _documented() -> list[str]:
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    body = doc.split("<!-- audit -->")[1].split("<!-- end -->")[0]
    return re.findall(r"^### `(A-[A-Z0-9-]+)`", body, flags=re.MULTILINE)


def test_docs_list_exactly_the_audit_rules_in_order_with_titles() -> None:
    assert _documented() == [r.code for r in audit_rules()]
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for r in audit_rules():
        assert f"### `{r.code}` {r.title}" in doc


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetgen", "audit", *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_cli_seed_exit_1_with_locations_and_json(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(SEED.glob("*.*"))]
    run = _cli(*files)
    assert run.returncode == 1, run.stderr
    assert "公开表.xlsx:收支总表!F26: 错误 A-STATEMENT-BALANCE" in run.stdout
    assert run.stdout.strip().splitlines()[-1].startswith("45 个错误") or "审核规则" in run.stdout.splitlines()[-1]
    data = json.loads(_cli(*files, "--format", "json").stdout)
    assert {"code", "severity", "file", "line", "column", "path", "message"} <= set(data["findings"][0])
    assert sum(data["summary"].values()) == len(audit_rules())


def test_cli_clean_package_exits_0_and_unreadable_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(example_xlsx())
    run = _cli(str(tmp_path / "a.xlsx"))
    assert run.returncode == 0, run.stdout
    assert "0 个错误，0 个警告" in run.stdout
    (tmp_path / "b.xlsx").write_text("不是工作簿", encoding="utf-8")
    bad = _cli(str(tmp_path / "b.xlsx"))
    assert bad.returncode == 2 and "E-AUDIT-READ" in bad.stderr and "Traceback" not in bad.stderr
    assert _cli(str(tmp_path / "missing.pdf")).returncode == 2


def _pdf(pages: list[str]) -> bytes:
    """A minimal PDF: one page per text (an empty text makes a page without a text layer, like a scan)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET" if text else ""
        content = len(objects) + 2
        kids.append(f"{len(objects) + 1} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_pages_without_text_are_not_checked(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    path = tmp_path / "说明.pdf"
    path.write_bytes(_pdf(["Budget 2020", ""]))
    pkg = read_package([path])
    assert [p.text for p in pkg.paragraphs] == ["Budget 2020"]
    assert pkg.unreadable == [("说明.pdf", "第2页")]
    run = _cli(str(path))
    assert run.returncode == 0, run.stdout
    assert "无法检查 A-READABLE" in run.stdout and "说明.pdf:第2页" in run.stdout
    assert "无法检查 0" not in run.stdout.splitlines()[-1]


def test_seed_fixture_is_what_the_tool_makes(tmp_path: Path) -> None:
    """tests/fixtures/seed/ is regenerated by tools/seed_package.py from the seed text (same cells, formats, merges)."""
    from seed_layout import SEED as seed_text

    if not seed_text.exists():
        pytest.skip("the seed text is not on this machine")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "seed_package.py"), str(seed_text), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    fresh, kept = read_package(sorted(tmp_path.glob("*.*"))), read_package(sorted(SEED.glob("*.*")))
    assert [(s.name, s.cells, s.setup) for s in fresh.sheets] == [(s.name, s.cells, s.setup) for s in kept.sheets]
    assert fresh.paragraphs == kept.paragraphs


cell_values = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.decimals(-(10**6), 10**6, places=4).map(float),
    st.sampled_from(
        ["合计", "**", "1", "2", "小计", "总计", "项目", "本年预算", "一、基本支出", "本年支出合计", "无此项"]
    ),
    st.text(max_size=8),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.tuples(st.integers(0, 8), st.integers(0, 6)), cell_values, max_size=40),
    st.lists(st.text(max_size=30), max_size=4),
)
def test_any_sheet_and_text_gives_a_status_for_every_rule_never_a_crash(
    cells: dict[tuple[int, int], object], texts: list[str]
) -> None:
    pkg = Package(names=["x.xlsx"])
    for name in ("收支总表", "支出分类表"):
        sheet = Sheet("x.xlsx", name, where=f"{name}!")
        sheet.cells = {k: Cell(v) for k, v in cells.items() if v is not None}
        pkg.sheets.append(sheet)
    pkg.paragraphs = [Paragraph("x.docx", f"第{i}段", t) for i, t in enumerate(texts, 1) if t.strip()]
    report = audit_package(pkg)
    assert len(report.results) == len(audit_rules())
    crashed = [r.code for r, o in report.results if "出错" in o.not_checked]
    assert crashed == []


def test_a_figure_named_by_a_statement_row_is_compared_and_unnamed_spending_is_not() -> None:
    wrong = _audited(add("按功能分类，一般公共服务支出300.00万元。"))
    assert [f.code for f in wrong.findings] == ["A-NARRATIVE-FIGURE"]
    assert "即 260.27 万元" in wrong.findings[0].message
    assert _audited(add("按功能分类，一般公共服务支出260.27万元。")).findings == []
    assert _audited(add("其中人员支出300.00万元。")).findings == []  # "支出" alone names the total only at the start


def _grid(rows: list[list[object]]) -> Package:
    sheet = Sheet("x.xlsx", "支出功能分类表", where="支出功能分类表!")
    table = [
        ["支出功能分类表"],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["**", "**", "1", "2", "3"],
        *rows,
    ]
    sheet.cells = {(r, c): Cell(v) for r, row in enumerate(table) for c, v in enumerate(row) if v is not None}
    return Package(sheets=[sheet], names=["x.xlsx"])


def test_joined_codes_sum_level_by_level() -> None:
    rows: list[list[object]] = [
        [None, "合计", 100, 60, 40],
        ["201", "一般公共服务支出", 100, 60, 40],
        ["20103", "政府办公厅（室）及相关机构事务", 100, 60, 40],
        ["2010301", "行政运行", 60, 60, 0],
        ["2010302", "一般行政管理事务", 40, 0, 40],
    ]
    sums = ("A-ROW-SUM", "A-COL-SUM")
    assert [f for f in audit_package(_grid(rows)).findings if f.code in sums] == []
    rows[4][2] = 41
    found = [(f.code, f.where) for f in audit_package(_grid(rows)).findings if f.code in sums]
    # the 款 20103 row no longer sums its 项 rows, and the changed row its columns; 类 and 合计 rows still sum theirs
    assert sorted(found) == [("A-COL-SUM", "支出功能分类表!C8"), ("A-ROW-SUM", "支出功能分类表!C6")]


@pytest.mark.slow
def test_our_published_pdfs_audit_clean(tmp_path: Path) -> None:
    """`budgetgen publish` (LibreOffice): the narrative PDF with the workbook reports nothing; the workbook
    PDF's table pages are listed as not checked, never as findings."""
    import shutil

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("pdfplumber")
    example = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "budgetgen", "publish", str(example), "-o", str(tmp_path), "-j", "1"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    stem = "通道县政务服务中心2020年部门预算"
    both = audit_package(read_package([tmp_path / f"{stem}说明.pdf", tmp_path / f"{stem}{XLSX}"]))
    assert lines(both) == []
    assert both.count(Status.NOT_CHECKED) == 0
    tables = audit_package(read_package([tmp_path / f"{stem}公开表.pdf"]))
    assert {tuple(line.split(": ")[:2]) for line in lines(tables)} == {
        (f"{stem}公开表.pdf:{where}", what) for where, what in CLIPPED_HEADERS
    }
    assert {r.code: o.status for r, o in tables.results}["A-READABLE"] is Status.NOT_CHECKED


#: A known defect of `publish`, found by the PDF table reader and not yet fixed: publish maps 宋体 to Noto Serif
#: CJK, whose digits (the unit of a column's width) are narrower than the DejaVu digits the layout is calibrated
#: to, so three header cells print clipped (“单位名称（功能科目）” as “名称（功能科”). The audit reads them as printed.
#: Remove when the layout sizes columns for both fonts (see the stop-17 note and docs/printing.md).
CLIPPED_HEADERS = {
    ("第12页表1!第3行第5列", "错误 A-COLUMN-NUMBERS"),
    ("第13页表1!第3行第5列", "错误 A-COLUMN-NUMBERS"),
    ("第12页表1!第1行第5列", "警告 A-HEADER-SPELLING"),
    ("第13页表1!第1行第5列", "警告 A-HEADER-SPELLING"),
    ("第24页表1!第1行第4列", "警告 A-HEADER-SPELLING"),
}


def test_a_flat_statement_may_list_a_subtotal_before_its_parts() -> None:
    """Without indentation, 一、公共财政拨款 = 经费拨款 + 纳入…非税收入拨款, whose parts follow it at the same level."""

    def statement(nontax_parts: tuple[int, int]) -> Package:
        sheet = Sheet("x.xlsx", "收支总表", where="收支总表!")
        rows = [
            ["收支预算总表"],
            ["收入", None],
            ["项目", "本年预算"],
            ["一、公共财政拨款", 300],
            ["经费拨款", 250],
            ["纳入公共预算管理的非税收入拨款", 50],
            ["行政事业性收费收入", nontax_parts[0]],
            ["专项收入", nontax_parts[1]],
        ]
        sheet.cells = {(r, c): Cell(v) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
        return Package(sheets=[sheet], names=["x.xlsx"])

    assert "A-STATEMENT-SUM" not in {f.code for f in audit_package(statement((30, 20))).findings}
    assert "A-STATEMENT-SUM" in {f.code for f in audit_package(statement((30, 25))).findings}
