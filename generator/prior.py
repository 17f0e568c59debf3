"""Last year's figures (typed in ``上年`` or computed from last year's source) and the 较上年 comparisons."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from budgetgen import derive as d
from budgetgen import narrate
from budgetgen.definitions import ALL_MONEY
from budgetgen.ledger import Declared, Ledger
from budgetgen.model import Budget, Change
from budgetgen.money import as_amount, total
from budgetgen.profile import Profile, default_profile
from budgetgen.rowfigures import sangong_of


def declared(data: Mapping[str, Any], facts: d.PriorFacts | None, prof: Profile) -> dict[str, Declared]:
    """Last year's figures to realize on the ledger's view trees: 支出合计 on the all view's root,
    上年 per 功能分类 项 (:func:`by_function`) on the public view's 项 nodes."""
    items = by_function(data, facts)[0]
    spending = None if facts is None else facts.spending_total
    out = {prof.all_view: Declared(total=spending)}
    if items is not None:
        mine = out.get(prof.public, Declared())
        out[prof.public] = Declared(mine.total, MappingProxyType(dict(items)))
    return out


def change_at(ledger: Ledger, view: str, func: str, reason: str) -> Change | None:
    """较上年 of a view's node (its root for ``func=""``): this year's total against the prior on the node."""
    node = ledger.node(view, func)
    return None if node is None else d.change(node.total, node.prior, reason)


def changes(
    data: Mapping[str, Any],
    prior: d.PriorFacts | None,
    *,
    at: tuple[Ledger, str],
    figures: Any,
    income: Any,
    running: Any,
) -> dict[str, Any]:
    """Every 较上年 comparison of this year's figures, each with its 变动原因 (None without a prior figure).

    ``at`` is the ledger and the all view's name: 支出 is read from that view's root node. 收入, 三公
    and 机关运行经费 are no spending node (income is declared, 三公 a set of economic codes in a scope,
    机关运行经费 a definition over units): their prior figures stay on :class:`~budgetgen.derive.PriorFacts`.
    """
    reasons = data.get("变动原因", {})
    p = prior or d.PriorFacts(None, None, None, None)
    sangong_now = narrate.sangong_in(p.sangong_scope, figures)
    ledger, all_view = at
    return {
        "income_change": d.change(income.total, p.income_total, reasons.get("收入", "")),
        "spending_change": change_at(ledger, all_view, "", reasons.get("支出", "")),
        "sangong_change": d.change(sangong_now, p.sangong_total, reasons.get("三公经费", "")),
        "running_cost_change": d.change(running, p.running_cost, reasons.get("机关运行经费", "")),
    }


def prior_from_budget(budget: Budget) -> d.PriorFacts:
    """Last year's comparison figures, computed from last year's own source."""
    items = {r.code: r.figures.total for r in budget.views[budget.profile.public].tree if r.level == "xiang"}
    return d.PriorFacts(
        budget.income.total,
        budget.figures.total,
        budget.sangong.headline.total,
        budget.running_cost,
        "all" if budget.sangong.scope_all else "public",
        sangong=budget.sangong.headline,
        by_function=items,
    )


def prior_from_source(data: Mapping[str, Any]) -> d.PriorFacts | None:
    """Last year's figures as typed in the source's ``上年`` block, if any."""
    p = data.get("上年")
    if not p or "文件" in p:
        return None
    sg = p.get("三公经费")
    return d.PriorFacts(
        d.opt_amount(p.get("收入合计")),
        d.opt_amount(p.get("支出合计")),
        None if sg is None else total(as_amount(v) for v in sg.values()),
        d.opt_amount(p.get("机关运行经费")),
        "all" if p.get("三公经费口径") == ALL_MONEY else "public",
        sangong=None if sg is None else sangong_of({k: as_amount(v) for k, v in sg.items()}, default_profile()),
    )


def by_function(
    data: Mapping[str, Any], facts: d.PriorFacts | None = None
) -> tuple[Mapping[str, Decimal] | None, Mapping[str, str]]:
    """上年 per 功能分类 项 (``上年.功能分类``, else last year's source) and their 变动原因 (``变动原因.功能分类``)."""
    prior = (data.get("上年") or {}).get("功能分类")
    reasons = (data.get("变动原因") or {}).get("功能分类") or {}
    amounts: Mapping[str, Decimal] | None = None if prior is None else {str(k): as_amount(v) for k, v in prior.items()}
    if amounts is None and facts is not None:
        amounts = facts.by_function
    return amounts, {str(k): str(v) for k, v in reasons.items()}
