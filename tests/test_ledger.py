"""The realized ledger: every node equals the sum of the postings below it, for random sources."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from test_derive import budget_of, source

from budgetgen import derive
from budgetgen.ledger import LEVELS, Node, realize
from budgetgen.model import Budget, Figures, Posting
from budgetgen.money import total
from budgetgen.profile import Kind, default_profile
from budgetgen.rowfigures import sangong_of, with_source_groups
from budgetgen.tables import coord as spec_coord

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


def _sangong_items(postings: list[Posting], sources: tuple[str, ...]) -> dict[str, Decimal]:
    item_of = PROFILE.sangong_by_econ
    return derive.sum_by((item_of[x.econ], x.amount) for x in postings if x.econ in item_of and x.source in sources)


def brute_figures(postings: list[Posting]) -> Figures:
    """A row's figures summed straight from its postings (how every row was computed before the ledger)."""
    p = PROFILE
    basic = [x for x in postings if x.kind is Kind.BASIC]
    by_class = derive.sum_by((x.group, x.amount) for x in basic)
    kind_total = {k: total(x.amount for x in postings if x.kind is k) for k in Kind}
    return Figures(
        total=total(x.amount for x in postings),
        basic=kind_total[Kind.BASIC],
        project=kind_total[Kind.PROJECT],
        other=kind_total[Kind.OTHER],
        project_and_other=kind_total[Kind.PROJECT] + kind_total[Kind.OTHER],
        by_class=by_class,
        by_group=derive.sum_by((x.group, x.amount) for x in postings if x.kind is not Kind.BASIC),
        by_econ=derive.sum_by((x.econ or "", x.amount) for x in basic),
        by_source=with_source_groups(derive.sum_by((x.source, x.amount) for x in postings), p),
        sangong=sangong_of(_sangong_items(postings, p.sources), p),
        sangong_public=sangong_of(_sangong_items(postings, p.public_sources), p),
        by_econ_group={
            g: total(x.amount for x in basic if (x.econ or "")[:3] in codes) for g, codes in p.econ_groups.items()
        },
    )


def _same(f: Figures, g: Figures) -> bool:
    """Equal figures, mappings compared as dicts (key order is not a figure)."""
    return all(
        dict(a) == dict(b) if isinstance(a, Mapping) else a == b
        for a, b in ((getattr(f, x.name), getattr(g, x.name)) for x in dataclasses.fields(Figures) if x.compare)
    )


@settings(max_examples=60, deadline=None)
@given(source())
def test_every_row_reads_the_same_figures_as_its_postings_summed(data: dict[str, Any]) -> None:
    b = budget_of(data)
    ps = list(b.postings)
    views = [(v, ps) for v in b.views.values()]
    views.append((b.special, [x for x in ps if x.kind is Kind.PROJECT]))
    for view, pool in views:
        mine = [x for x in pool if x.source in PROFILE.views[view.name]]
        assert _same(view.figures, brute_figures(mine)), view.name
        for row in view.tree:
            assert _same(row.figures, brute_figures([x for x in mine if x.func.startswith(row.code)])), row.code
        for uv in view.units:
            own = [x for x in mine if x.unit == uv.unit.code]
            assert _same(uv.figures, brute_figures(own)), uv.unit.code
            for fr in uv.functions:
                assert _same(fr.figures, brute_figures([x for x in own if x.func == fr.code])), fr.code
    for pr in b.projects:
        own = [x for x in ps if x.project == pr.name and x.unit == pr.unit]
        assert _same(pr.figures, brute_figures(own)), pr.name


def _coord_brute(postings: list[Posting], dims: dict[str, str]) -> Decimal:
    kind = {v: k for k, v in PROFILE.kind_names.items()}.get(dims.get("kind", ""))
    source = dims.get("source", "合计")
    sources = None if source == "合计" else PROFILE.source_groups.get(source, (source,))
    return total(
        x.amount
        for x in postings
        if (kind is None or x.kind is kind)
        and (sources is None or x.source in sources)
        and ("group" not in dims or x.group == dims["group"])
        and (x.econ or "").startswith(dims.get("econ", ""))
    )


@settings(max_examples=40, deadline=None)
@given(source())
def test_a_spec_coordinate_reads_the_postings_at_it(data: dict[str, Any]) -> None:
    b = budget_of(data)
    ps = list(b.postings)
    kinds = [{}, *({"kind": n} for n in PROFILE.kind_names.values())]
    sources = [{}, *({"source": s} for s in (*PROFILE.sources, *PROFILE.source_groups, "合计"))]
    others = [{}, *({"econ": e} for e in {(x.econ or "")[:n] for x in ps for n in (3, 5)} if e)]
    others += [{"group": g} for g in {x.group for x in ps if x.kind is not Kind.BASIC}]
    for uv in b.views[PROFILE.all_view].units:
        own = [x for x in ps if x.unit == uv.unit.code]
        for dims in ({**k, **s, **o} for k in kinds for s in sources for o in others):
            if dims:
                key = ",".join(f"{d}={v}" for d, v in dims.items())
                assert spec_coord.read(uv.figures, key, PROFILE) == _coord_brute(own, dims), key
