"""Last year's figures on the ledger's view nodes: the 较上年 read from a node is the comparison as it was
computed before the ledger carried it (this year's row figure against the typed 上年 figure), for random
departments; None where nothing is declared, zero where a declared list lacks a 项."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_derive import amounts, budget_of, codes, source

from budgetgen import derive
from budgetgen.ledger import Declared, Node
from budgetgen.model import Change
from budgetgen.money import ZERO
from budgetgen.profile import default_profile

PROFILE = default_profile()


def _used_codes(data: dict[str, Any]) -> list[str]:
    found = [str(u["功能分类"]) for u in data["单位"]] + [str(p["功能分类"]) for p in data["项目"]]
    return sorted(set(found))


@st.composite
def with_prior(draw: st.DrawFn) -> dict[str, Any]:
    """A random source whose 上年 may declare 支出合计 and 功能分类 (codes spent on this year and others)."""
    data = draw(source())
    prior: dict[str, Any] = dict(data["上年"])
    if draw(st.booleans()):
        del prior["支出合计"]
    if draw(st.booleans()):
        keys = st.sampled_from(_used_codes(data)) | codes
        prior["功能分类"] = draw(st.dictionaries(keys, amounts | st.just(Decimal("0.00")), max_size=5))
        reasons = draw(st.dictionaries(st.sampled_from(_used_codes(data)), st.sampled_from(["增人", "减项目"])))
        data["变动原因"] = {"支出": "调整", "功能分类": reasons}
    data["上年"] = prior
    return data


def _old_row_change(data: dict[str, Any], code: str, current: Decimal) -> Change | None:
    """The comparison as :func:`budgetgen.tree.func_tree` computed it from the typed mapping."""
    declared = data["上年"].get("功能分类")
    before = None if declared is None or len(code) != 7 else {str(k): v for k, v in declared.items()}.get(code, ZERO)
    reason = ((data.get("变动原因") or {}).get("功能分类") or {}).get(code, "")
    return derive.change(current, None if before is None else Decimal(before), reason)


def _nodes(node: Node, depth: int = 0) -> list[tuple[int, Node]]:
    return [(depth, node), *(pair for child in node.children.values() for pair in _nodes(child, depth + 1))]


@settings(max_examples=80, deadline=None)
@given(with_prior())
def test_node_priors_and_changes_equal_the_old_computation(data: dict[str, Any]) -> None:
    b = budget_of(data)
    typed = data["上年"].get("支出合计")
    reason = (data.get("变动原因") or {}).get("支出", "")
    assert b.spending_change == derive.change(b.figures.total, None if typed is None else Decimal(typed), reason)
    for row in b.views[PROFILE.public].tree:
        assert row.change == _old_row_change(data, row.code, row.figures.total), row.code
    for name, view in b.views.items():
        if name != PROFILE.public:
            assert all(r.change is None for r in view.tree)
    assert all(r.change is None for r in b.special.tree)


@settings(max_examples=60, deadline=None)
@given(with_prior())
def test_every_view_node_holds_its_rows_total_and_only_declared_priors(data: dict[str, Any]) -> None:
    b = budget_of(data)
    items = data["上年"].get("功能分类")
    for name, view in b.views.items():
        root = b.ledger.views[name]
        assert root.total == view.figures.total
        assert root.prior == (data["上年"].get("支出合计") if name == PROFILE.all_view else None)
        rows = {r.code: r for r in view.tree}
        for depth, node in _nodes(root)[1:]:
            found = b.ledger.node(name, node.key)
            assert found is node
            assert rows[node.key].figures.total == node.total
            declared = name == PROFILE.public and items is not None and depth == 3
            assert node.prior == (Decimal(items.get(node.key, ZERO)) if declared else None)


def test_declared_distinguishes_nothing_from_zero() -> None:
    nothing, listed = Declared(), Declared(Decimal("5.00"), {"2010301": Decimal("1.00")})
    assert nothing.at("", 0) is None and nothing.at("2010301", 3) is None
    assert listed.at("", 0) == Decimal("5.00")
    assert listed.at("2010301", 3) == Decimal("1.00")
    assert listed.at("2010302", 3) == ZERO  # declared list, 项 absent: last year spent nothing there
    assert listed.at("20103", 2) is None  # a 款 is not declared


def test_a_budget_without_prior_has_no_node_prior() -> None:
    data = {
        "部门": {"全称": "测试部门", "预算年度": 2020, "说明日期": "2020-03-18", "主要职能": "职能"},
        "单位": [
            {
                "代码": "900",
                "名称": "单位",
                "单位性质": "行政",
                "功能分类": "2010301",
                "资金来源": "经费拨款",
                "收入": {"经费拨款": Decimal("10.00")},
                "基本支出": {"30101": Decimal("10.00")},
            }
        ],
        "项目": [],
    }
    b = budget_of(data)
    assert all(n.prior is None for root in b.ledger.views.values() for _, n in _nodes(root))
    assert b.spending_change is None and all(r.change is None for r in b.views[PROFILE.public].tree)
