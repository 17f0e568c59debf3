"""Checks that read the realized ledger find what the same rule found re-reading the postings."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from test_derive import CATALOG, budget_of, source

from budgetgen.checks_base import Context
from budgetgen.checks_review import _fund_paths
from budgetgen.review import review_for
from budgetgen.source import SourceDoc


def _old_fund_paths(ctx: Context) -> set[tuple[Any, str, str]]:
    """The rule as it was: every project, then every distinct basic line, from the postings."""
    rv = review_for(ctx.budget.profile)
    found = {(("项目", j), p.func, p.source) for j, p in enumerate(ctx.budget.projects)}
    index = {u.code: i for i, u in enumerate(ctx.budget.units)}
    found |= {
        (("单位", index[p.unit], "基本支出", p.econ or ""), p.func, p.source)
        for p in ctx.budget.postings
        if p.project is None
    }
    return {f for f in found if f[2] in rv.fund_sources and f[1][:3] not in rv.fund_classes}


@settings(max_examples=60, deadline=None)
@given(source())
def test_fund_func_reads_the_same_lines_from_the_ledger(data: dict[str, Any]) -> None:
    ctx = Context(budget_of(data), SourceDoc("gen.yaml", data), CATALOG)
    rv = review_for(ctx.budget.profile)
    new = list(_fund_paths(ctx, rv.fund_sources, rv.fund_classes))
    assert len(new) == len(set(new))
    assert set(new) == _old_fund_paths(ctx)
