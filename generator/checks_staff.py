"""Plausibility rules a finance-bureau reviewer runs: staff, assets and 三公 figures."""

from __future__ import annotations

from collections.abc import Iterator

from budgetgen.checks_base import Context, Finding, rule, yuan
from budgetgen.codes import (
    E_ASSET_QTY_WHOLE,
    W_SANGONG_CAR_NO_VEHICLE,
    W_SANGONG_PRIOR_ITEM,
    W_SANGONG_UNCLASSIFIED,
    W_STAFF_KIND,
    W_STAFF_NO_PEOPLE,
    W_STAFF_OVER,
    W_STAFF_TEMPORARY,
)
from budgetgen.definitions import ALL_MONEY
from budgetgen.money import ZERO, total
from budgetgen.profile import Kind

#: Asset categories counted in whole pieces (辆, 台/套); land and buildings are in ㎡.
WHOLE_ASSETS = ("车辆", "通用设备", "办公家具")


@rule(W_STAFF_OVER)
def staff_within_posts(ctx: Context) -> Iterator[Finding]:
    """A unit with more staff on the payroll than approved posts plus its declared 超编."""
    for i, unit in enumerate(ctx.budget.units):
        posts, actual = unit.staff["编制合计"], unit.staff["实有合计"]
        over = unit.staff["超编行政及参公"] + unit.staff["超编事业"]
        if actual > posts + over:
            extra = f"（另填超编 {over} 人）" if over else ""
            msg = f"单位“{unit.name}”实有在职 {actual} 人，超过编制 {posts} 人{extra}；如有超编请在“超编”中填写"
            yield Finding(("单位", i, "人员", "实有"), msg)


#: 实有 subtotal → (编制 field, 超编 field or None, the words for the kind).
_KINDS = (
    ("实有行政小计", "编制行政及参公", "超编行政及参公", "行政及参公"),
    ("实有事业", "编制事业", "超编事业", "事业"),
    ("实有工勤", "编制工勤", None, "工勤"),
)


@rule(W_STAFF_KIND)
def staff_kinds_match(ctx: Context) -> Iterator[Finding]:
    """Within the total, one kind of staff above its own posts (e.g. 事业 staff typed as 科级以下)."""
    for i, unit in enumerate(ctx.budget.units):
        st = unit.staff
        if st["实有合计"] > st["编制合计"] + st["超编行政及参公"] + st["超编事业"]:
            continue  # W-STAFF-OVER says it already
        for actual, posts, over, words in _KINDS:
            allowed = st[posts] + (st[over] if over else 0)
            if st[actual] > allowed:
                msg = f"单位“{unit.name}”实有{words}人员 {st[actual]} 人，{words}编制（含超编）只有 {allowed} 人"
                msg += "；请核对人员类别"
                yield Finding(("单位", i, "人员", "实有"), msg)


@rule(W_STAFF_TEMPORARY)
def temporary_covers_parts(ctx: Context) -> Iterator[Finding]:
    """A typed 临时人员 (the staff table's column) smaller than the 临时工 and 勤杂工 the text lists."""
    for i, unit in enumerate(ctx.budget.units):
        st = unit.staff
        parts = st["临时工"] + st["勤杂工"]
        if 0 < st["临时人员"] < parts:
            msg = f"单位“{unit.name}”临时人员 {st['临时人员']} 人，少于临时工和勤杂工合计 {parts} 人"
            msg += "；请核对单位人员情况表"
            yield Finding(("单位", i, "人员", "临时人员"), msg)


@rule(W_STAFF_NO_PEOPLE)
def payroll_has_people(ctx: Context) -> Iterator[Finding]:
    """工资福利支出 (301) budgeted in a unit that reports no staff."""
    for i, view in enumerate(ctx.unit_views):
        payroll = ctx.budget.ledger.total(unit=view.unit.code, econ="301", kind=Kind.BASIC)
        if payroll > 0 and view.unit.staff["实有合计"] == 0:
            what = ctx.catalog.econ_name("301")
            msg = f"单位“{view.unit.name}”安排{what} {yuan(payroll)}，但“人员.实有”为 0 人"
            yield Finding(("单位", i, "人员") if ctx.data("单位", i, "人员") else ("单位", i), msg, key=True)


@rule(E_ASSET_QTY_WHOLE)
def asset_counts_whole(ctx: Context) -> Iterator[Finding]:
    """新增资产 counted in pieces with a fractional quantity."""
    for i, unit in enumerate(ctx.budget.units):
        for k, asset in enumerate(unit.new_assets):
            if asset.category in WHOLE_ASSETS and asset.quantity != asset.quantity.to_integral_value():
                msg = f"“{asset.name}”属于{asset.category}，数量应为整数，实际为 {asset.quantity}"
                yield Finding(("单位", i, "新增资产", k, "数量"), msg)


@rule(W_SANGONG_UNCLASSIFIED)
def sangong_projects_classified(ctx: Context) -> Iterator[Finding]:
    """A project named like 三公 spending whose breakdown has no 三公 economic line."""
    items = ctx.budget.profile.sangong
    all_codes = {code for item in items for code in item.codes}
    for j, project in enumerate(ctx.budget.projects):
        if all_codes & set(project.econ):
            continue
        for item in items:
            if any(w in project.name for w in item.words):
                codes = "、".join(item.codes)
                msg = f"项目“{project.name}”看起来属于{item.name}，但“经济分类”中没有 {codes}，三公经费不会计入这笔支出"
                yield Finding(("项目", j, "名称"), msg)
                break


@rule(W_SANGONG_CAR_NO_VEHICLE)
def car_costs_have_cars(ctx: Context) -> Iterator[Finding]:
    """公务用车运行维护费 in a unit whose 基本情况 lists no vehicles."""
    car = next(item for item in ctx.budget.profile.sangong if item.field == "car_running")
    for i, view in enumerate(ctx.unit_views):
        running = total(ctx.budget.ledger.total(unit=view.unit.code, econ=code) for code in car.codes)
        if running > 0 and ctx.data("单位", i, "基本情况") and view.unit.facilities["车辆合计"] == 0:
            msg = f"单位“{view.unit.name}”安排{car.name} {yuan(running)}，但基本情况中车辆为 0 辆"
            yield Finding(("单位", i, "基本情况"), msg, key=True)


@rule(W_SANGONG_PRIOR_ITEM)
def sangong_items_continue(ctx: Context) -> Iterator[Finding]:
    """A 三公 item budgeted last year with no economic line behind it this year, unexplained."""
    prior = ctx.data("上年", "三公经费") or {}
    if str(ctx.data("变动原因", "三公经费") or "").strip():
        return
    all_money = ctx.data("上年", "三公经费口径") == ALL_MONEY  # compare in the scope the prior figure has
    this_year = ctx.budget.figures.sangong if all_money else ctx.budget.figures.sangong_public
    items = {item.name: item for item in ctx.budget.profile.sangong}
    now = {name: getattr(this_year, item.field) for name, item in items.items()}
    for item, amount in prior.items():
        if amount and now.get(item, ZERO) == 0:
            codes = "、".join(items[item].codes if item in items else ())
            msg = f"上年{item} {yuan(amount)}，本年没有 {codes} 经济分类明细；如不再安排，请在“变动原因.三公经费”中说明"
            yield Finding(("上年", "三公经费", item), msg)
