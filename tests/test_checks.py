"""Every semantic rule has a case that triggers it and a near miss that does not.

Each case edits the example inline; the expected line comes from a marker in
the edited text. A test also keeps ``docs/checks.md`` and ``CHECKS`` in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from issue_helpers import EXAMPLE_TEXT, ROOT, Edit, Marker, check_text, codes_lines, edit

from budgetgen import pipeline
from budgetgen.checks import CHECKS, Context, Finding, Rule, run
from budgetgen.issues import Severity

TARGETS_2 = """    绩效目标:
      管理办法: 政务中心专项资金管理办法
      立项依据: 通财预指〔2020〕1号
      长期目标: 管理政府门户网站，维持政府门户网站的正常运转
      年度目标: 管理政府门户网站，维持政府门户网站的正常运转
      实施进度: 2020年1-12月
      保障措施: 专款专用
"""
SECOND_UNIT = """  - 代码: "{code}"
    名称: 第二单位
    单位性质: 事业
    功能分类: "2010301"
{extra}
立项依据:"""
_GOALS_AT = EXAMPLE_TEXT.index("  整体绩效目标:\n")
GOALS_BLOCK = EXAMPLE_TEXT[_GOALS_AT : EXAMPLE_TEXT.index("\n单位:", _GOALS_AT)]
REASON_IN = "  收入: 2020年五险配套资金和住房公积金纳入预算，人员经费增加"
PROJECT_3 = "  - 名称: 网站监测经费\n"
UNIT_INCOME = "      经费拨款: 2602664"
NONTAX = (
    "    非税收入计划:\n      - {{名称: 工本费, 类别: 专项收入, 计划数: 100, 执收成本: {cost}, 上缴政府统筹: 50}}\n"
)
REASON_OUT = "  支出: 2020年五险配套资金和住房公积金纳入预算，人员经费增加"


def second_unit(code: str, extra: str = "") -> Edit:
    """Add a second unit (before 立项依据)."""
    return ("\n立项依据:", "\n" + SECOND_UNIT.format(code=code, extra=extra))


def supplement(entry: str) -> Edit:
    """Add a top-level 补充科目 with one entry (before 立项依据)."""
    return ("\n立项依据:", f"\n补充科目:\n  {entry}\n立项依据:")


def before_basic(lines: str) -> Edit:
    """Insert unit-level lines just before 基本支出."""
    return ("    基本支出:", lines + "    基本支出:")


@dataclass(frozen=True)
class Case:
    """A rule, the edit that triggers it (found at ``at``), and a near miss."""

    code: str
    trigger: tuple[Edit, ...]
    at: Marker
    near_miss: tuple[Edit, ...]


CASES: tuple[Case, ...] = (
    Case("E-CODE-ECON-UNKNOWN", (("30199: 8400", "30198: 8400"),), Marker("30198:"), (("30199: 8400", "30107: 8400"),)),
    Case(
        "E-CODE-FUNC-UNKNOWN",
        (('功能分类: "2010302"', '功能分类: "2090101"'),),
        Marker('"2090101"'),
        (('功能分类: "2010302"', '功能分类: "2010398"'),),
    ),
    Case(
        "W-CODE-FUNC-ITEM",
        (('功能分类: "2010302"', '功能分类: "2010398"'),),
        Marker('"2010398"'),
        (('功能分类: "2010302"', '功能分类: "2010398"'), supplement('"2010398": 测试专项事务')),
    ),
    Case(
        "E-CODE-SUPPLEMENT",
        (supplement('"20103": 政府办公厅（室）及相关机构事务'),),
        Marker('"20103":'),
        (supplement('"2010398": 测试专项事务'),),
    ),
    Case(
        "W-CODE-SUPPLEMENT-LISTED",
        (supplement('"2010301": 行政运行'),),
        Marker('"2010301":'),
        (supplement('"2010398": 测试专项事务'),),
    ),
    Case(
        "E-CODE-FUNC-LEVEL",
        (('功能分类: "2010301"', '功能分类: "20103"'),),
        Marker('"20103"'),
        (('功能分类: "2010301"', '功能分类: "2010350"'),),
    ),
    Case("E-BASIC-CLASS", (("30199: 8400", "30902: 8400"),), Marker("30902:"), (("30199: 8400", "31002: 8400"),)),
    Case("E-UNIT-CODE-DUP", (second_unit("702701"),), Marker('代码: "702701"', 2), (second_unit("702702"),)),
    Case(
        "E-PROJECT-NAME-DUP",
        (("名称: 政府门户网站设备运维及管理费", "名称: 机房及政务大厅运行经费"),),
        Marker("名称: 机房及政务大厅运行经费", 2),
        (("名称: 政府门户网站设备运维及管理费", "名称: 机房及政务大厅运行经费二"),),
    ),
    Case(
        "E-PROJECT-UNIT-UNKNOWN",
        ((PROJECT_3, PROJECT_3 + '    单位: "702799"\n'),),
        Marker('单位: "702799"'),
        ((PROJECT_3, PROJECT_3 + '    单位: "702701"\n'),),
    ),
    Case("E-PROJECT-UNIT-MISSING", (second_unit("702702"),), Marker("名称: 机房及政务大厅运行经费"), ()),
    Case(
        "W-CATALOG-FALLBACK",
        (("预算年度: 2020", "预算年度: 2031"),),
        Marker("预算年度:"),
        (("预算年度: 2020", "预算年度: 2021"),),
    ),
    Case(
        "W-UNIT-CODE-PREFIX",
        (('代码: "702"', '代码: "703"'),),
        Marker('代码: "702701"'),
        (('代码: "702"', '代码: "70"'),),
    ),
    Case(
        "E-BALANCE-UNIT",
        ((UNIT_INCOME, "      经费拨款: 2602665"),),
        Marker("经费拨款: 2602665"),
        ((UNIT_INCOME, "      经费拨款: 2602665"), ("30199: 8400", "30199: 8401")),
    ),
    Case(
        "E-BALANCE-TOTAL",
        ((UNIT_INCOME, "      经费拨款: 2602665"), second_unit("702702", "    收入: {经费拨款: 1}")),
        Marker("单位:"),
        ((UNIT_INCOME, "      经费拨款: 2602665"),),
    ),
    Case(
        "E-BALANCE-SOURCE",
        ((PROJECT_3, PROJECT_3 + "    资金来源: 政府性基金拨款\n"),),
        Marker(UNIT_INCOME),
        (
            (PROJECT_3, PROJECT_3 + "    资金来源: 政府性基金拨款\n"),
            (UNIT_INCOME, "      经费拨款: 2522664\n      政府性基金拨款: 80000"),
        ),
    ),
    Case("E-PROJECT-ECON-OVER", (("30213: 265600", "30213: 265601"),), Marker("经济分类:"), ()),
    Case("E-PROJECT-ECON-SHORT", (("30213: 265600", "30213: 265599"),), Marker("经济分类:"), ()),
    Case(
        "E-PURCHASE-OVER",
        (("金额: 100000", "金额: 320001"),),
        Marker("政府购买服务:"),
        (("金额: 100000", "金额: 320000"),),
    ),
    Case(
        "E-PROCUREMENT-OVER",
        (
            (
                "    类别: 上缴上级\n",
                "    类别: 上缴上级\n    政府采购:\n      - {品目: 服务器, 类型: 货物, 金额: 300001}\n",
            ),
        ),
        Marker("政府采购:"),
        (
            (
                "    类别: 上缴上级\n",
                "    类别: 上缴上级\n    政府采购:\n      - {品目: 服务器, 类型: 货物, 金额: 300000}\n",
            ),
        ),
    ),
    Case(
        "E-NONTAX-OVER",
        (before_basic(NONTAX.format(cost=60)),),
        Marker("名称: 工本费"),
        (before_basic(NONTAX.format(cost=50)),),
    ),
    Case(
        "E-NONTAX-COST-DETAIL",
        (before_basic(NONTAX.format(cost="30, 执收成本明细: {资料印刷费: 20, 管理成本: 5}")),),
        Marker("执收成本明细:"),
        (before_basic(NONTAX.format(cost="30, 执收成本明细: {资料印刷费: 25, 管理成本: 5}")),),
    ),
    Case(
        "W-PROJECT-ZERO",
        (("金额: 30000\n", "金额: 0\n"), (UNIT_INCOME, "      经费拨款: 2572664")),
        Marker("金额: 0"),
        (("金额: 30000\n", "金额: 1\n"), (UNIT_INCOME, "      经费拨款: 2572665")),
    ),
    Case("W-PRIOR-UNBALANCED", (("支出合计: 2493664", "支出合计: 2493665"),), Marker("支出合计:"), ()),
    Case("W-UNIT-EMPTY", (second_unit("702702"),), Marker('代码: "702702"'), ()),
    Case(
        "E-TARGETS-MISSING",
        ((TARGETS_2, ""),),
        Marker("名称: 政府门户网站设备运维及管理费"),
        ((TARGETS_2, ""), ("类别: 专项商品和服务\n  - 名称: 网站监测经费", "类别: 上缴上级\n  - 名称: 网站监测经费")),
    ),
    Case(
        "E-REASON-MISSING",
        ((REASON_IN, "  收入: ''"),),
        Marker("收入: ''"),
        ((REASON_IN, "  收入: ''"), ("收入合计: 2493664", "收入合计: 2602664")),
    ),
    Case(
        "E-REASON-DIRECTION",
        ((REASON_OUT, "  支出: 增加的原因为减少了与收入相对应的支出"),),
        Marker("支出: 增加的原因"),
        ((REASON_OUT, "  支出: 增加的原因为增加了与收入相对应的支出"),),
    ),
    Case("E-DATE-INVALID", (("2020-03-18", "2020-02-30"),), Marker("说明日期:"), (("2020-03-18", "2020-02-29"),)),
    Case("E-DATE-YEAR", (("2020-03-18", "2018-12-31"),), Marker("说明日期:"), (("2020-03-18", "2019-01-01"),)),
    Case(
        "W-GOALS-MISSING",
        ((GOALS_BLOCK, ""),),
        Marker("部门:"),
        ((GOALS_BLOCK, "  整体绩效目标: [大厅和机房正常运转]\n"),),
    ),
    Case(
        "W-STAFF-OVER",
        (("实有: {事业: 9}", "实有: {事业: 11}"),),
        Marker("实有:"),
        (("实有: {事业: 9}", "实有: {事业: 10}"),),
    ),
    Case(
        "W-GLOSSARY-DEFINED",
        (("\n变动原因:", "\n名词解释:\n  - {词条: 机关运行经费, 解释: 各部门的公用经费}\n变动原因:"),),
        Marker("词条: 机关运行经费"),
        (("\n变动原因:", "\n名词解释:\n  - {词条: 上年结转, 解释: 以前年度的结转资金}\n变动原因:"),),
    ),
    Case(
        "W-STAFF-KIND",
        (("实有: {事业: 9}", "实有: {科级以下: 9}"),),
        Marker("实有:"),
        (("实有: {事业: 9}", "实有: {事业: 9, 科级以下: 0}"),),
    ),
    Case(
        "W-STAFF-TEMPORARY",
        (("临时人员: 0 ", "临时人员: 3 "),),
        Marker("临时人员:"),
        (("临时人员: 0 ", "临时人员: 4 "),),
    ),
    Case(
        "W-STAFF-NO-PEOPLE",
        (("实有: {事业: 9}", "实有: {事业: 0}"),),
        Marker("人员:"),
        (("实有: {事业: 9}", "实有: {事业: 1}"),),
    ),
    Case(
        "E-ASSET-QTY-WHOLE",
        (before_basic("    新增资产:\n      - {类别: 通用设备, 名称: 计算机, 数量: 2.5, 金额: 0}\n"),),
        Marker("名称: 计算机"),
        (before_basic("    新增资产:\n      - {类别: 土地, 名称: 场地, 数量: 2.5, 金额: 0}\n"),),
    ),
    Case(
        "W-SANGONG-UNCLASSIFIED",
        (("名称: 政府门户网站设备运维及管理费", "名称: 公务接待保障经费"),),
        Marker("名称: 公务接待保障经费"),
        (("名称: 机房及政务大厅运行经费", "名称: 公务接待及机房运行经费"),),
    ),
    Case(
        "W-SANGONG-CAR-NO-VEHICLE",
        (("30299: 7495", "30231: 7495"),),
        Marker("基本情况:"),
        (("30299: 7495", "30231: 7495"), ("      服务器: 3", "      服务器: 3\n      小汽车: 1")),
    ),
    Case(
        "W-SANGONG-PRIOR-ITEM",
        (("    公务接待费: 59400", "    公务接待费: 59400\n    公务用车运行维护费: 1000"),),
        Marker("公务用车运行维护费: 1000"),
        (
            ("    公务接待费: 59400", "    公务接待费: 59400\n    公务用车运行维护费: 1000"),
            ("变动原因:\n", "变动原因:\n  三公经费: 公务用车制度改革后不再安排公务用车运行维护费\n"),
        ),
    ),
    # the checks a finance reviewer runs before publishing
    Case(
        "W-PROJECT-CLASS-ECON",
        (("      30213: 265600", "      31002: 265600"),),
        Marker("31002: 265600"),
        ((PROJECT_3, PROJECT_3 + "    经济分类: {31007: 80000}\n"),),
    ),
    Case(
        "W-FUND-FUNC",
        ((PROJECT_3, PROJECT_3 + "    资金来源: 政府性基金拨款\n"),),
        Marker(PROJECT_3.strip()),
        ((PROJECT_3, PROJECT_3 + "    资金来源: 上级公共财政补助\n"),),
    ),
    Case(
        "W-VEHICLE-SANGONG",
        ((PROJECT_3, PROJECT_3 + "    政府采购: [{品目: 小型汽车, 类型: 货物, 金额: 1000}]\n"),),
        Marker("品目: 小型汽车"),
        ((PROJECT_3, PROJECT_3 + "    政府采购: [{品目: 台式计算机, 类型: 货物, 金额: 1000}]\n"),),
    ),
    Case(
        "W-ASSETS-OVER-BUDGET",
        (before_basic("    新增资产:\n      - {类别: 通用设备, 名称: 服务器, 数量: 1, 金额: 3000000}\n"),),
        Marker("    新增资产:"),
        (before_basic("    新增资产:\n      - {类别: 通用设备, 名称: 服务器, 数量: 1, 金额: 3000}\n"),),
    ),
    Case(
        "W-NONTAX-PLAN-MISSING",
        ((UNIT_INCOME, "      经费拨款: 2502664\n      纳入专户管理的非税收入拨款: 100000"),),
        Marker("    收入:"),
        (
            (UNIT_INCOME, "      经费拨款: 2502664\n      纳入专户管理的非税收入拨款: 100000"),
            before_basic(NONTAX.format(cost=10)),
        ),
    ),
    Case(
        "W-BASIS-NEAR",
        (("立项依据: 通财预指〔2020〕1号   #", "立项依据: 财预指【2020】1号   #"),),
        Marker("立项依据: 财预指【2020】1号"),
        (("立项依据: 通财预指〔2020〕1号   #", "立项依据: 县人民政府常务会议纪要   #"),),
    ),
    Case(
        "W-STAFF-TEXT-COUNT",
        (("岗位说明: 管理岗位9人", "岗位说明: 管理岗位8人"),),
        Marker("岗位说明:"),
        (("岗位说明: 管理岗位9人", "岗位说明: 管理岗位5人，专业技术岗位4人"),),
    ),
    Case(
        "W-SANGONG-NO-LINE",
        (before_basic("    三公经费: {公务接待费: 64400}\n"),),
        Marker("    三公经费: {"),
        (before_basic("    三公经费: {公务接待费: 59400}\n"),),
    ),
)
BY_CODE = {c.code: c for c in CASES}


def test_every_rule_has_exactly_one_case() -> None:
    assert sorted(BY_CODE) == sorted(r.code for r in CHECKS)
    assert len(CASES) == len(BY_CODE)


def test_rule_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in CHECKS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[EW](-[A-Z0-9]+)+", c) for c in codes)
    assert all(r.title and not r.title.isascii() for r in CHECKS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_rule_triggers(case: Case, tmp_path: Path) -> None:
    text = edit(case.trigger)
    issues = check_text(text, tmp_path)
    assert (case.code, case.at.line_in(text)) in codes_lines(issues), [(i.code, i.loc.line) for i in issues]
    severity = Severity.WARNING if case.code.startswith("W-") else Severity.ERROR
    assert {i.severity for i in issues if i.code == case.code} == {severity}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_rule_stays_quiet_on_near_miss(case: Case, tmp_path: Path) -> None:
    issues = check_text(edit(case.near_miss), tmp_path)
    assert "E-CHECK-FAILED" not in {i.code for i in issues}
    assert case.code not in {i.code for i in issues}


def test_example_is_clean() -> None:
    checked = pipeline.check_file(ROOT / "examples" / "tongdao-zwfwzx-2020.yaml")
    assert checked.budget is not None
    assert [(i.code, i.loc.line) for i in checked.issues] == []


def _documented(section: str) -> list[str]:
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    body = doc.split(f"<!-- {section} -->")[1].split("<!-- end -->")[0]
    return re.findall(r"^### `([EW]-[A-Z0-9-]+)`", body, flags=re.MULTILINE)


def test_docs_list_exactly_the_rules_in_order() -> None:
    assert _documented("rules") == [r.code for r in CHECKS]


def test_docs_name_each_rule_with_its_title() -> None:
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for r in CHECKS:
        assert f"### `{r.code}` {r.title}" in doc


def test_documented_reading_codes_exist_in_the_code() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").glob("*.py"))
    documented = _documented("reading")
    assert len(documented) >= 10
    assert [c for c in documented if f'"{c}"' not in sources] == []


def test_a_crashing_rule_becomes_an_issue(tmp_path: Path) -> None:
    def explode(ctx: Context) -> list[Finding]:
        raise ZeroDivisionError

    checked = pipeline.check_file(ROOT / "examples" / "tongdao-zwfwzx-2020.yaml")
    assert checked.budget is not None
    from budgetgen.catalog import load_catalog
    from budgetgen.source import load_file

    doc, _ = load_file(ROOT / "examples" / "tongdao-zwfwzx-2020.yaml")
    assert doc is not None
    bad = Rule("E-TEST", "测试", explode)
    issues = run(checked.budget, doc, load_catalog(2020), rules=(bad, CHECKS[0]))
    assert [(i.code, i.loc.line) for i in issues] == [("E-CHECK-FAILED", 1)]


def test_seed_text_unchanged_in_helpers() -> None:
    # The cases above edit these exact snippets; if the example changes, say so here first.
    for snippet in (TARGETS_2, PROJECT_3, UNIT_INCOME, REASON_IN, REASON_OUT):
        assert snippet in EXAMPLE_TEXT
