"""The realized ledger: every node equals the sum of the postings below it, for random sources."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from test_derive import budget_of, source

from budgetgen.ledger import LEVELS, Node, realize
from budgetgen.model import Budget, Posting
from budgetgen.money import total
from budgetgen.profile import Kind, default_profile

PROFILE = default_profile()


def brute(postings: tuple[Posting, ...], **coord: Any) -> Decimal:
    """The same figure summed straight from the postings."""
    sources = PROFILE.source_groups.get(coord.get("source", ""), (coord.get("source"),))
    return total(
        p.amount
        for p in postings
        if coord.get("unit") in (None, p.unit)
        and ("source" not in coord or p.source in sources)
        and p.func.startswith(coord.get("func") or "")
        and ("econ" not in coord or ((p.econ or "").startswith(coord["econ"]) and bool(coord["econ"] or not p.econ)))
        and coord.get("kind") in (None, p.kind)
    )


def _coordinates(b: Budget) -> list[dict[str, Any]]:
    """Every unit, source (leaf and group), function and economic prefix that occurs, alone and combined."""
    ps = b.postings
    units = {p.unit for p in ps}
    sources = {p.source for p in ps} | set(PROFILE.source_groups)
    funcs = {p.func[:n] for p in ps for n in (3, 5, 7)}
    econs = {(p.econ or "")[:n] for p in ps for n in (3, 5)}
    out: list[dict[str, Any]] = [{}]
    out += [{"unit": u} for u in units] + [{"source": s} for s in sources]
    out += [{"func": f} for f in funcs] + [{"econ": e} for e in econs] + [{"kind": k} for k in Kind]
    out += [{"unit": u, "source": s, "kind": Kind.BASIC} for u in units for s in sources]
    out += [{"unit": u, "econ": e} for u in units for e in econs]
    out += [{"func": f, "econ": e, "kind": k} for f in funcs for e in econs for k in Kind]
    return out


@settings(max_examples=60, deadline=None)
@given(source())
def test_every_coordinate_equals_the_postings_below_it(data: dict[str, Any]) -> None:
    b = budget_of(data)
    for coord in _coordinates(b):
        assert b.ledger.total(**coord) == brute(b.postings, **coord), coord


@settings(max_examples=60, deadline=None)
@given(source())
def test_the_ledger_agrees_with_the_model_figures(data: dict[str, Any]) -> None:
    b = budget_of(data)
    assert b.ledger.total() == b.figures.total
    for view in b.views[PROFILE.all_view].units:
        f, code = view.figures, view.unit.code
        assert b.ledger.total(unit=code) == f.total
        assert b.ledger.total(unit=code, kind=Kind.BASIC) == f.basic
        assert all(b.ledger.total(unit=code, source=s) == v for s, v in f.by_source.items() if s != "合计")
        assert all(b.ledger.total(unit=code, econ=c, kind=Kind.BASIC) == v for c, v in f.by_class.items())


def test_each_node_is_the_sum_of_its_children() -> None:
    ps = [
        Posting("001", "2010301", "30101", "经费拨款", Kind.BASIC, "301", Decimal("10.00")),
        Posting("001", "2010302", None, "上年结转", Kind.PROJECT, "其他项目支出", Decimal("5.50")),
        Posting("002", "2080501", "30201", "经费拨款", Kind.BASIC, "302", Decimal("1.25")),
    ]
    ledger = realize(ps, PROFILE.source_groups)

    def check(node: Node, depth: int) -> None:
        if node.children:
            assert node.total == total(c.total for c in node.children.values())
        for child in node.children.values():
            check(child, depth + 1)
        if not node.children:
            assert depth == len(LEVELS)

    check(ledger.root, 0)
    assert ledger.total(source="公共财政拨款") == Decimal("11.25")
    assert ledger.total(econ="") == Decimal("5.50")
    assert ledger.total(func="201", kind=Kind.PROJECT) == Decimal("5.50")
    assert ledger.total(unit="003") == 0
    assert {k: n.total for k, n in ledger.children("001").items()} == {"经费拨款": 10, "上年结转": Decimal("5.50")}
    assert ledger.children("003") == {}
