"""Plausibility rules a finance-bureau reviewer runs: staff, assets and 三公 figures."""

from __future__ import annotations

from collections.abc import Iterator

from budgetgen.checks_base import Context, Finding, rule, yuan
from budgetgen.classify import SANGONG
from budgetgen.money import ZERO

#: Asset categories counted in whole pieces (辆, 台/套); land and buildings are in ㎡.
WHOLE_ASSETS = ("车辆", "通用设备", "办公家具")
#: Words in a project name that suggest 三公 spending, by 三公 item.
SANGONG_WORDS: dict[str, tuple[str, ...]] = {
    "因公出国（境）费": ("出国", "出境"),
    "公务用车购置费": ("公务用车购置", "车辆购置", "购置公务用车"),
    "公务用车运行维护费": ("公务用车运行", "公务用车维护", "车辆运行"),
    "公务接待费": ("公务接待",),
}
_SANGONG_CODES = {code for codes in SANGONG.values() for code in codes}


@rule("W-STAFF-OVER", "实有人数不应超过编制人数")
def staff_within_posts(ctx: Context) -> Iterator[Finding]:
    """A unit with more staff on the payroll than approved posts."""
    for i, unit in enumerate(ctx.budget.units):
        posts, actual = unit.staff["编制合计"], unit.staff["实有合计"]
        if actual > posts:
            msg = f"单位“{unit.name}”实有在职 {actual} 人，超过编制 {posts} 人；如有超编请在“超编”中填写"
            yield Finding(("单位", i, "人员", "实有"), msg)


@rule("W-STAFF-NO-PEOPLE", "有工资福利支出却没有实有人员")
def payroll_has_people(ctx: Context) -> Iterator[Finding]:
    """工资福利支出 (301) budgeted in a unit that reports no staff."""
    for i, view in enumerate(ctx.budget.views["全部"].units):
        payroll = view.figures.by_class.get("301", ZERO)
        if payroll > 0 and view.unit.staff["实有合计"] == 0:
            msg = f"单位“{view.unit.name}”安排工资福利支出 {yuan(payroll)}，但“人员.实有”为 0 人"
            yield Finding(("单位", i, "人员") if ctx.data("单位", i, "人员") else ("单位", i), msg, key=True)


@rule("E-ASSET-QTY-WHOLE", "车辆、设备、家具的数量须为整数")
def asset_counts_whole(ctx: Context) -> Iterator[Finding]:
    """新增资产 counted in pieces with a fractional quantity."""
    for i, unit in enumerate(ctx.budget.units):
        for k, asset in enumerate(unit.new_assets):
            if asset.category in WHOLE_ASSETS and asset.quantity != asset.quantity.to_integral_value():
                msg = f"“{asset.name}”属于{asset.category}，数量应为整数，实际为 {asset.quantity}"
                yield Finding(("单位", i, "新增资产", k, "数量"), msg)


@rule("W-SANGONG-UNCLASSIFIED", "名称涉及三公的项目应有对应经济分类")
def sangong_projects_classified(ctx: Context) -> Iterator[Finding]:
    """A project named like 三公 spending whose breakdown has no 三公 economic line."""
    for j, project in enumerate(ctx.budget.projects):
        if _SANGONG_CODES & set(project.econ):
            continue
        for item, words in SANGONG_WORDS.items():
            if any(w in project.name for w in words):
                codes = "、".join(SANGONG[item])
                msg = f"项目“{project.name}”看起来属于{item}，但“经济分类”中没有 {codes}，三公经费不会计入这笔支出"
                yield Finding(("项目", j, "名称"), msg)
                break


@rule("W-SANGONG-CAR-NO-VEHICLE", "有公务用车运行维护费却没有车辆")
def car_costs_have_cars(ctx: Context) -> Iterator[Finding]:
    """公务用车运行维护费 in a unit whose 基本情况 lists no vehicles."""
    for i, view in enumerate(ctx.budget.views["全部"].units):
        running = view.figures.sangong.car_running
        if running > 0 and ctx.data("单位", i, "基本情况") and view.unit.facilities["车辆合计"] == 0:
            msg = f"单位“{view.unit.name}”安排公务用车运行维护费 {yuan(running)}，但基本情况中车辆为 0 辆"
            yield Finding(("单位", i, "基本情况"), msg, key=True)


@rule("W-SANGONG-PRIOR-ITEM", "上年有的三公项目本年没有对应明细")
def sangong_items_continue(ctx: Context) -> Iterator[Finding]:
    """A 三公 item budgeted last year with no economic line behind it this year, unexplained."""
    prior = ctx.data("上年", "三公经费") or {}
    if str(ctx.data("变动原因", "三公经费") or "").strip():
        return
    this_year = ctx.budget.figures.sangong_public
    now = {
        "因公出国（境）费": this_year.abroad,
        "公务用车购置费": this_year.car_purchase,
        "公务用车运行维护费": this_year.car_running,
        "公务接待费": this_year.reception,
    }
    for item, amount in prior.items():
        if amount and now.get(item, ZERO) == 0:
            codes = "、".join(SANGONG.get(item, ()))
            msg = f"上年{item} {yuan(amount)}，本年没有 {codes} 经济分类明细；如不再安排，请在“变动原因.三公经费”中说明"
            yield Finding(("上年", "三公经费", item), msg)
