"""Rules about amounts: 收支平衡, breakdowns that must add up, parts within their whole."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetgen.checks_base import Context, Finding, rule, yuan
from budgetgen.codes import (
    E_BALANCE_SOURCE,
    E_BALANCE_TOTAL,
    E_BALANCE_UNIT,
    E_NONTAX_COST_DETAIL,
    E_NONTAX_OVER,
    E_PROCUREMENT_OVER,
    E_PROJECT_ECON_OVER,
    E_PROJECT_ECON_SHORT,
    E_PURCHASE_OVER,
    W_PRIOR_UNBALANCED,
    W_PROJECT_ZERO,
    W_UNIT_EMPTY,
)
from budgetgen.money import ZERO, total
from budgetgen.source import PathT


def _unit_diffs(ctx: Context) -> list[Decimal]:
    return [u.income.total - ctx.budget.ledger.total(unit=u.code) for u in ctx.budget.units]


@rule(E_BALANCE_UNIT)
def units_balance(ctx: Context) -> Iterator[Finding]:
    """A unit whose declared income differs from its spending."""
    for i, view in enumerate(ctx.unit_views):
        income, spending = view.unit.income.total, ctx.budget.ledger.total(unit=view.unit.code)
        if income != spending:
            msg = f"单位“{view.unit.name}”收入合计 {yuan(income)}，支出合计 {yuan(spending)}，收支不平衡"
            yield Finding(("单位", i, "收入"), msg)


@rule(E_BALANCE_TOTAL)
def total_balance(ctx: Context) -> Iterator[Finding]:
    """Department totals that differ, unless one unit's own imbalance is the whole story."""
    income, spending = ctx.budget.income.total, ctx.budget.ledger.total()
    unbalanced = [d for d in _unit_diffs(ctx) if d != 0]
    if income != spending and unbalanced != [income - spending]:
        msg = f"全部门收入合计 {yuan(income)}，支出合计 {yuan(spending)}，相差 {yuan(income - spending)}，收支不平衡"
        yield Finding(("单位",), msg, key=True)


@rule(E_BALANCE_SOURCE)
def sources_balance(ctx: Context) -> Iterator[Finding]:
    """In a unit that balances overall, spending charged to a source that brings other money."""
    for i, view in enumerate(ctx.unit_views):
        if view.unit.income.total != ctx.budget.ledger.total(unit=view.unit.code):
            continue
        spending = ctx.budget.ledger.children(view.unit.code)
        for source in ctx.budget.profile.sources:
            income = view.unit.income.by_source.get(source, ZERO)
            spent = spending[source].total if source in spending else ZERO
            if income != spent:
                path: PathT = ("单位", i, "收入", source)
                msg = f"单位“{view.unit.name}”资金来源“{source}”收入 {yuan(income)}，安排的支出 {yuan(spent)}，不一致"
                yield Finding(path if ctx.data(*path) is not None else ("单位", i, "收入"), msg)


@rule(E_PROJECT_ECON_OVER)
def econ_not_over(ctx: Context) -> Iterator[Finding]:
    """A project broken down into more than its amount."""
    for j, project in enumerate(ctx.budget.projects):
        lines = total(project.econ.values())
        if project.econ and lines > project.amount:
            msg = f"项目“{project.name}”经济分类合计 {yuan(lines)}，超过项目金额 {yuan(project.amount)}"
            yield Finding(("项目", j, "经济分类"), msg, key=True)


@rule(E_PROJECT_ECON_SHORT)
def econ_complete(ctx: Context) -> Iterator[Finding]:
    """A project whose breakdown, once given, does not cover the whole amount."""
    for j, project in enumerate(ctx.budget.projects):
        lines = total(project.econ.values())
        if project.econ and lines < project.amount:
            gap = project.amount - lines
            msg = f"项目“{project.name}”经济分类合计 {yuan(lines)}，比项目金额少 {yuan(gap)}；填写经济分类时须拆分完整"
            yield Finding(("项目", j, "经济分类"), msg, key=True)


def _parts_over(ctx: Context, key: str) -> Iterator[Finding]:
    """Entries of one kind (购买服务, 采购) adding up to more than their project."""
    for j, project in enumerate(ctx.budget.projects):
        entries = project.purchases if key == "政府购买服务" else project.procurements
        used = total(p.amount for p in entries)
        if used > project.amount:
            msg = f"项目“{project.name}”的{key}合计 {yuan(used)}，超过项目金额 {yuan(project.amount)}"
            yield Finding(("项目", j, key), msg, key=True)


@rule(E_PURCHASE_OVER)
def purchases_within(ctx: Context) -> Iterator[Finding]:
    """政府购买服务 entries adding up to more than their project."""
    return _parts_over(ctx, "政府购买服务")


@rule(E_PROCUREMENT_OVER)
def procurements_within(ctx: Context) -> Iterator[Finding]:
    """政府采购 entries adding up to more than their project."""
    return _parts_over(ctx, "政府采购")


@rule(E_NONTAX_OVER)
def nontax_within(ctx: Context) -> Iterator[Finding]:
    """A 非税收入 plan whose cost and pooled share exceed what it plans to collect."""
    for i, unit in enumerate(ctx.budget.units):
        for k, plan in enumerate(unit.nontax_plans):
            used = plan.cost + plan.pooled
            if used > plan.planned:
                msg = f"“{plan.name}”执收成本与上缴政府统筹合计 {yuan(used)}，超过年度征收计划数 {yuan(plan.planned)}"
                yield Finding(("单位", i, "非税收入计划", k), msg)


@rule(E_NONTAX_COST_DETAIL)
def nontax_cost_detail(ctx: Context) -> Iterator[Finding]:
    """A 非税收入 plan whose 执收成本明细 (征收成本 items and 管理成本) do not add up to its 执收成本."""
    for i, unit in enumerate(ctx.budget.units):
        for k, plan in enumerate(unit.nontax_plans):
            if plan.collection_cost is None:
                continue
            detail = total(v for v in plan.costs.values() if v is not None)
            if detail != plan.cost:
                msg = f"“{plan.name}”执收成本明细合计 {yuan(detail)}，与执收成本 {yuan(plan.cost)}不等"
                yield Finding(("单位", i, "非税收入计划", k, "执收成本明细"), msg)


@rule(W_PROJECT_ZERO)
def project_not_zero(ctx: Context) -> Iterator[Finding]:
    """A project with a zero amount: usually a placeholder left in by mistake."""
    for j, project in enumerate(ctx.budget.projects):
        if project.amount == 0:
            yield Finding(("项目", j, "金额"), f"项目“{project.name}”金额为 0，如本年不安排请删除该项目")


@rule(W_PRIOR_UNBALANCED)
def prior_balanced(ctx: Context) -> Iterator[Finding]:
    """Last year's typed totals that do not balance (one of them is probably mistyped)."""
    income, spending = ctx.data("上年", "收入合计"), ctx.data("上年", "支出合计")
    if income is not None and spending is not None and income != spending:
        msg = f"上年收入合计 {yuan(Decimal(income))}，支出合计 {yuan(Decimal(spending))}，请核对上年数"
        yield Finding(("上年", "支出合计"), msg)


@rule(W_UNIT_EMPTY)
def unit_not_empty(ctx: Context) -> Iterator[Finding]:
    """A unit with neither income nor spending."""
    for i, view in enumerate(ctx.unit_views):
        if view.unit.income.total == 0 and ctx.budget.ledger.total(unit=view.unit.code) == 0:
            yield Finding(("单位", i), f"单位“{view.unit.name}”没有任何收入和支出，请核对或删除该单位")
