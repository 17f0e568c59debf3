"""Rules about what the narrative will say: targets, change reasons, dates, goals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetgen.assemble import parse_date
from budgetgen.checks_base import Context, Finding, rule
from budgetgen.codes import (
    E_DATE_INVALID,
    E_DATE_YEAR,
    E_REASON_DIRECTION,
    E_REASON_MISSING,
    E_TARGETS_MISSING,
    W_GLOSSARY_DEFINED,
    W_GOALS_MISSING,
)
from budgetgen.definitions import DEFINED_TERMS
from budgetgen.model import Change
from budgetgen.profile import Kind
from budgetgen.source import PathT

#: Words that state a direction, by the direction they state.
DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "增加": ("增加", "增长", "上升", "提高", "新增", "增多", "扩大"),
    "减少": ("减少", "下降", "降低", "压缩", "缩减", "下调"),
}
#: A reason may start by restating the direction ("增加的原因为…"); that part is not the reason.
_LEAD = re.compile(r"^\s*(较上年)?(增加|减少|增长|下降)?(的)?(主要)?原因(主要)?(为|是)?[:：，,]?\s*")


def changes(ctx: Context) -> Iterator[tuple[str, Change]]:
    """``(变动原因 key, Change)`` for every comparison that has a prior figure."""
    b = ctx.budget
    pairs = (
        ("收入", b.income_change),
        ("支出", b.spending_change),
        ("三公经费", b.sangong_change),
        ("机关运行经费", b.running_cost_change),
    )
    for key, change in pairs:
        if change is not None:
            yield key, change


def _reason_path(ctx: Context, key: str) -> PathT:
    return ("变动原因", key) if ctx.data("变动原因") is not None else ("上年",)


@rule(E_TARGETS_MISSING)
def targets_present(ctx: Context) -> Iterator[Finding]:
    """A 项目支出 project without 绩效目标 (其他支出 items may omit them)."""
    for j, project in enumerate(ctx.budget.projects):
        if project.kind is Kind.PROJECT and project.targets is None:
            kind = ctx.budget.profile.kind_names[Kind.PROJECT]
            msg = f"专项项目“{project.name}”缺少“绩效目标”，{kind}须全部编报绩效目标"
            yield Finding(("项目", j), msg)


@rule(E_REASON_MISSING)
def reasons_given(ctx: Context) -> Iterator[Finding]:
    """A figure that changed against last year with no 变动原因 text."""
    for key, change in changes(ctx):
        if change.direction != "持平" and not change.reason.strip():
            msg = f"{key}较上年{change.direction} {change.magnitude:,.2f} 元，请在“变动原因.{key}”中说明原因"
            yield Finding(_reason_path(ctx, key), msg)


def contradicts(direction: str, reason: str) -> bool:
    """True when ``reason`` names only the opposite direction of ``direction``."""
    if direction not in DIRECTION_WORDS:
        return False
    opposite = "减少" if direction == "增加" else "增加"
    text = _LEAD.sub("", reason, count=1)
    said = any(w in text for w in DIRECTION_WORDS[direction])
    return not said and any(w in text for w in DIRECTION_WORDS[opposite])


def function_changes(ctx: Context) -> Iterator[tuple[str, PathT, Change]]:
    """``(what, 变动原因 path, Change)`` of each 功能分类 项 of the public view with a prior figure and a reason."""
    b = ctx.budget
    for row in b.views[b.profile.public].tree:
        if row.level == "xiang" and row.change is not None and row.change.reason:
            yield f"功能分类 {row.code}（{row.label}）", ("变动原因", "功能分类", row.code), row.change


@rule(E_REASON_DIRECTION)
def reasons_agree(ctx: Context) -> Iterator[Finding]:
    """A reason that says 减少 for an increase (or 增加 for a decrease): an error, so the narrative never
    prints a sentence that contradicts itself (the direction is computed; the reason is the source's).
    The totals' reasons and each 功能分类 项's (``变动原因.功能分类``, stated line by line in the mof 说明)."""
    found = [(key, _reason_path(ctx, key), change) for key, change in changes(ctx)]
    for key, path, change in [*found, *function_changes(ctx)]:
        if change.direction != "持平" and contradicts(change.direction, change.reason):
            msg = (
                f"{key}较上年实际为{change.direction}（{change.prior:,.2f} → {change.current:,.2f} 元），"
                f"但变动原因写的是相反方向：“{change.reason[:40]}”；说明会把两者写在同一句里，请改写原因"
            )
            yield Finding(path, msg)


@rule(E_DATE_INVALID)
def date_exists(ctx: Context) -> Iterator[Finding]:
    """A 说明日期 written in a valid shape but naming no real day (2020-02-30)."""
    text = ctx.data("部门", "说明日期")
    if text is not None and parse_date(str(text)) is None:
        yield Finding(("部门", "说明日期"), f"说明日期“{text}”不是有效日期")


@rule(E_DATE_YEAR)
def date_in_year(ctx: Context) -> Iterator[Finding]:
    """A 说明日期 outside the budget year and the year before it."""
    when = parse_date(str(ctx.data("部门", "说明日期")))
    year = ctx.budget.department.year
    if when is not None and when.year not in (year, year - 1):
        msg = f"说明日期为 {when.year} 年，应在预算年度 {year} 年或上一年（{year - 1} 年）内"
        yield Finding(("部门", "说明日期"), msg)


@rule(W_GOALS_MISSING)
def goals_present(ctx: Context) -> Iterator[Finding]:
    """No 部门整体绩效目标: the 部门整体支出绩效目标申报表 would be empty."""
    if not ctx.budget.department.goals:
        yield Finding(("部门",), "未填写“整体绩效目标”，部门整体支出绩效目标申报表将为空", key=True)


@rule(W_GLOSSARY_DEFINED)
def glossary_not_defined(ctx: Context) -> Iterator[Finding]:
    """A hand-written 名词解释 for a term whose text is generated from its declared definition."""
    for k, entry in enumerate(ctx.data("名词解释") or []):
        term = str(entry.get("词条", "")) if isinstance(entry, dict) else ""
        if term in DEFINED_TERMS:
            msg = f"“{term}”的解释由口径定义生成（与算出的数字一致），这里写的解释不会印出；请删除这一条"
            yield Finding(("名词解释", k, "词条"), msg)
