"""The checks a finance-bureau reviewer runs before publishing, each one rule with its own code.

The format's words (capital groups, fund sources, vehicle words) come from the
profile folder's ``review.yaml`` (:mod:`budgetgen.review`); each rule only says
where and what.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator
from decimal import Decimal

from budgetgen.checks_base import Context, Finding, rule, yuan
from budgetgen.codes import (
    W_ASSETS_OVER_BUDGET,
    W_BASIS_NEAR,
    W_FUND_FUNC,
    W_NONTAX_PLAN_MISSING,
    W_PROJECT_CLASS_ECON,
    W_SANGONG_NO_LINE,
    W_STAFF_TEXT_COUNT,
    W_VEHICLE_SANGONG,
)
from budgetgen.money import ZERO, total
from budgetgen.profile import Kind
from budgetgen.review import review_for
from budgetgen.source import PathT

#: Brackets people type for a document number: 【2020】, 〔2020〕, [2020], (2020).
_BRACKETS = str.maketrans({"【": "〔", "】": "〕", "[": "〔", "]": "〕", "（": "〔", "）": "〕", "(": "〔", ")": "〕"})
_COUNT = re.compile(r"(\d+)\s*[人名]")


@rule(W_PROJECT_CLASS_ECON)
def project_class_econ(ctx: Context) -> Iterator[Finding]:
    """Capital economic codes (309/310) in a project whose 类别 is not a capital one."""
    rv = review_for(ctx.budget.profile)
    for j, project in enumerate(ctx.budget.projects):
        if project.group in rv.capital_groups:
            continue
        for code in project.econ:
            if code[:3] in rv.capital_classes:
                name = ctx.catalog.econ_name(code)
                groups = "或".join(rv.capital_groups)
                msg = f"项目“{project.name}”的类别是“{project.group}”，但经济分类有资本性科目“{code} {name}”"
                msg += f"；应列为{groups}"
                yield Finding(("项目", j, "经济分类", code), msg, key=True)


def _fund_paths(ctx: Context, sources: Collection[str], classes: Collection[str]) -> Iterator[tuple[PathT, str, str]]:
    """(path, function code, source) of every project, and every basic line, spent from ``sources`` under a
    function 类 not in ``classes``: the basic lines are read from the ledger's nodes, a unit's source → 类 → 项."""
    for j, project in enumerate(ctx.budget.projects):
        if project.source in sources and project.func[:3] not in classes:
            yield ("项目", j), project.func, project.source
    for code, i in {u.code: i for i, u in enumerate(ctx.budget.units)}.items():
        for source, node in ctx.budget.ledger.children(code).items():
            if source not in sources:
                continue
            for lei in (n for key, n in node.children.items() if key not in classes):
                for xiang in (x for kuan in lei.children.values() for x in kuan.children.values()):
                    for kind, _, econ in xiang.cells:
                        if kind is Kind.BASIC:
                            yield ("单位", i, "基本支出", econ), xiang.key, source


@rule(W_FUND_FUNC)
def fund_func(ctx: Context) -> Iterator[Finding]:
    """政府性基金 money under a function class that only the general budget may use."""
    rv = review_for(ctx.budget.profile)
    if not rv.fund_classes:
        return
    for path, func, source in _fund_paths(ctx, rv.fund_sources, rv.fund_classes):
        cls = ctx.catalog.func_name(func[:3])
        msg = f"资金来源“{source}”安排在功能分类“{func}”（{cls}）"
        msg += "；该类没有基金预算科目，只能由一般公共预算安排"
        yield Finding(path, msg)


def _vehicles(ctx: Context) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, unit code, text) of every procurement or new asset that names a vehicle."""
    words = review_for(ctx.budget.profile).vehicle_words
    for j, project in enumerate(ctx.budget.projects):
        for k, item in enumerate(project.procurements):
            if any(w in item.item for w in words):
                yield ("项目", j, "政府采购", k, "品目"), project.unit, item.item
    for i, unit in enumerate(ctx.budget.units):
        for k, asset in enumerate(unit.new_assets):
            if any(w in f"{asset.category}{asset.name}" for w in words):
                yield ("单位", i, "新增资产", k), unit.code, asset.name


@rule(W_VEHICLE_SANGONG)
def vehicle_in_sangong(ctx: Context) -> Iterator[Finding]:
    """A vehicle in 政府采购 or 新增资产 while the unit budgets no 公务用车购置费 (三公)."""
    bought = {v.unit.code: v.figures.sangong.car_purchase for v in ctx.unit_views}
    item = next((i for i in ctx.budget.profile.sangong if i.field == "car_purchase"), None)
    what = f"{item.name}经济分类（{'、'.join(item.codes)}）" if item else "购车经济分类"
    for path, unit, text in _vehicles(ctx):
        if bought.get(unit, ZERO) == 0:
            msg = f"“{text}”是车辆，但本单位没有{what}，三公经费不会计入；请在经济分类中列出"
            yield Finding(path, msg)


@rule(W_ASSETS_OVER_BUDGET)
def assets_within_budget(ctx: Context) -> Iterator[Finding]:
    """新增资产 adding up to more than the unit's whole budget."""
    for i, view in enumerate(ctx.unit_views):
        assets = total(a.amount for a in view.unit.new_assets)
        if assets > view.figures.total:
            msg = f"单位“{view.unit.name}”新增资产配置 {yuan(assets)}，超过本单位支出合计 {yuan(view.figures.total)}"
            yield Finding(("单位", i, "新增资产"), msg, key=True)


@rule(W_NONTAX_PLAN_MISSING)
def special_has_plan(ctx: Context) -> Iterator[Finding]:
    """Income managed in a 财政专户 with no 非税收入征收计划 to collect it."""
    rv = review_for(ctx.budget.profile)
    for i, unit in enumerate(ctx.budget.units):
        money = total(unit.income.by_source.get(s, ZERO) for s in rv.special_sources)
        if money > 0 and not unit.nontax_plans:
            msg = f"单位“{unit.name}”有纳入财政专户的收入 {yuan(money)}，但没有填写“非税收入计划”"
            yield Finding(("单位", i, "收入"), msg, key=True)


def _normal(text: str) -> str:
    return re.sub(r"\s", "", text.translate(_BRACKETS))


@rule(W_BASIS_NEAR)
def basis_near_shared(ctx: Context) -> Iterator[Finding]:
    """A typed 立项依据 that nearly matches a shared one (财预指 vs 通财预指): probably a typo of it."""
    shared = [str(k) for k in ctx.data("立项依据") or {}]
    for j, raw in ctx.projects_src():
        typed = str((raw.get("绩效目标") or {}).get("立项依据", "") or "")
        if not typed or typed in shared or not shared:
            continue
        best = max(shared, key=lambda s: difflib.SequenceMatcher(None, _normal(typed), _normal(s)).ratio())
        ratio = difflib.SequenceMatcher(None, _normal(typed), _normal(best)).ratio()
        if ratio >= 0.8 or _normal(typed) in _normal(best):
            msg = f"立项依据“{typed}”与共用的立项依据“{best}”几乎相同；如是同一文件，请写“{best}”"
            yield Finding(("项目", j, "绩效目标", "立项依据"), msg)


@rule(W_STAFF_TEXT_COUNT)
def staff_text_counts(ctx: Context) -> Iterator[Finding]:
    """“管理岗位8人” in 岗位说明 whose counts add up to more (or, for one count, other) than 实有."""
    for i, unit in enumerate(ctx.budget.units):
        text = str(ctx.data("单位", i, "人员", "岗位说明") or "")
        counts = [int(n) for n in _COUNT.findall(text)]
        actual = unit.staff["实有合计"]
        if counts and (sum(counts) > actual or (len(counts) == 1 and counts[0] != actual)):
            msg = f"岗位说明“{text[:30]}”中的人数（{'、'.join(map(str, counts))}）与实有人数 {actual} 人不符"
            yield Finding(("单位", i, "人员", "岗位说明"), msg)


@rule(W_SANGONG_NO_LINE)
def sangong_backed(ctx: Context) -> Iterator[Finding]:
    """A 三公 item typed from the 三公经费表 larger than the economic lines behind it (basic + projects)."""
    fields = {i.name: i.field for i in ctx.budget.profile.sangong}
    basic = ctx.budget.profile.kind_names[Kind.BASIC]
    for i, view in enumerate(ctx.unit_views):
        for item, declared in view.unit.declared_sangong.items():
            lines: Decimal = getattr(view.figures.sangong, fields.get(item, "total"))
            if declared > lines:
                msg = (
                    f"单位“{view.unit.name}”三公经费表中{item} {yuan(declared)}，{basic}和项目的经济分类中只有 "
                    f"{yuan(lines)}，相差 {yuan(declared - lines)} 没有明细；请在经济分类中列出"
                )
                yield Finding(("单位", i, "三公经费", item), msg)
