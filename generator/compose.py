"""Compose the frozen :class:`~budgetgen.model.Budget` from a validated source.

Reading is :mod:`budgetgen.assemble`; every sum is :mod:`budgetgen.derive`.
This module only wires the two together, in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from budgetgen import definitions, narrate, tree
from budgetgen import derive as d
from budgetgen import prior as prior_mod
from budgetgen.assemble import RawProject, RawUnit, parse_date, read_projects, read_units
from budgetgen.catalog import Catalog
from budgetgen.definitions import Definitions
from budgetgen.ledger import Ledger, realize
from budgetgen.model import (
    Budget,
    Department,
    Figures,
    FuncRow,
    Posting,
    Project,
    Unit,
    UnitView,
    View,
)
from budgetgen.money import total
from budgetgen.profile import Kind, Profile, default_profile
from budgetgen.projects import compose_project, performance, projects_of
from budgetgen.rowfigures import figures_at, frozen
from budgetgen.source import SourceDoc


def _department(data: Mapping[str, Any], units: Sequence[RawUnit]) -> Department:
    dep = data["部门"]
    year = int(dep["预算年度"])
    indicators = [tuple((i["内容"], i["指标值"]) for i in dep.get(k, [])) for k in ("产出指标", "效益指标")]
    return Department(
        name=dep["全称"],
        short_name=dep.get("简称", dep["全称"]),
        code=str(dep.get("代码", units[0].code)),
        region=dep.get("地区", ""),
        year=year,
        prior_year=year - 1,
        date=parse_date(dep["说明日期"]) or date(year, 1, 1),
        duties=dep["主要职能"].strip(),
        duties_summary=(dep.get("职能职责概述") or dep["主要职能"]).strip(),
        structure=dep.get("机构设置", "").strip(),
        goals=tuple(dep.get("整体绩效目标", [])),
        output_indicators=indicators[0],
        outcome_indicators=indicators[1],
    )


def _postings(units: Sequence[RawUnit], projects: Sequence[RawProject], prof: Profile) -> list[Posting]:
    """Every amount once: the units' basic lines as read, then each project's economic lines."""
    out = [p for u in units for p, _ in u.basic]
    for rp in projects:
        kind = prof.project_groups[rp.group]
        for econ, amount in d.project_econ_lines(rp.amount, rp.econ):
            out.append(Posting(rp.unit, rp.func, econ, rp.source, kind, rp.group, amount, rp.name))
    return out


def _unit(raw: RawUnit, prof: Profile) -> Unit:
    return Unit(
        raw.code,
        raw.name,
        raw.nature,
        raw.management,
        raw.grade,
        raw.func,
        raw.source,
        d.staff_counts(raw.staff),
        d.facility_counts(raw.facilities),
        d.income_of(raw.income, prof),
        raw.nontax_plans,
        raw.new_assets,
        raw.loc,
        frozen(raw.declared_sangong),
        d.stock_counts(raw.stock, raw.nature, prof),
        d.new_assets_split(raw.new_assets, prof),
    )


def _view(
    name: str,
    ledger: Ledger,
    units: Sequence[Unit],
    projects: Sequence[Project],
    catalog: Catalog,
    *,
    prof: Profile,
    kind: Kind | None = None,
    reasons: Mapping[str, str] | None = None,
) -> View:
    """A view (its sources, optionally one kind): every figure a read of the ledger at the row's coordinate."""
    sources = prof.views[name]

    def at(**coord: Any) -> Figures:
        return figures_at(ledger.split(sources=sources, kind=kind, **coord), prof)

    def unit_view(u: Unit) -> UnitView:
        codes = sorted(ledger.func_codes(unit=u.code, sources=sources, kind=kind)[1])
        rows = tuple(
            FuncRow(c, c[:3], c[3:5], c[5:7], catalog.func_label(c), at(unit=u.code, func=c, exact=True)) for c in codes
        )
        mine = tuple(pr for pr in projects if pr.unit == u.code and pr.source in sources)
        return UnitView(u, at(unit=u.code), rows, mine)

    whole = at()
    prefixes = ledger.func_codes(sources=sources, kind=kind)[0]
    compared = None if kind is not None else lambda code, why: prior_mod.change_at(ledger, name, code, why)
    rows = tree.func_tree(prefixes, lambda code: at(func=code), catalog.func_name, compared, reasons)
    econ = tree.econ_tree(whole.by_econ, prof, catalog.econ_name)
    return View(name, whole, tuple(unit_view(u) for u in units), not prefixes, rows, econ)


def build_budget(
    doc: SourceDoc,
    catalog: Catalog,
    prior: d.PriorFacts | None = None,
    glossary: Sequence[tuple[str, str]] = (),
    profile: Profile | None = None,
    *,
    defs: Definitions | None = None,
) -> Budget:
    """The whole derived model of a schema-valid source, in ``profile``'s vocabulary (default: the shipped one)."""
    prof = profile or default_profile()
    data = doc.data
    raw_units = read_units(doc, prof)
    raw_projects = read_projects(doc, raw_units, data.get("立项依据", {}))
    postings = _postings(raw_units, raw_projects, prof)
    names = {u.code: u.name for u in raw_units}
    ledger = realize(postings, prof.source_groups, prof.views, prior_mod.declared(data, prior, prof))
    projects = tuple(compose_project(rp, ledger, doc, catalog, names, prof=prof) for rp in raw_projects)
    units = tuple(_unit(u, prof) for u in raw_units)
    reasons = prior_mod.by_function(data, prior)[1]
    views = {name: _view(name, ledger, units, projects, catalog, prof=prof, reasons=reasons) for name in prof.views}
    figures = views[prof.all_view].figures
    income = d.income_of(d.sum_by((s, v) for u in raw_units for s, v in u.income.items()), prof)
    rules = defs or definitions.shipped(prof)
    running_facts = narrate.running_facts(ledger, units, rules.running_cost, prof)
    by_heading = narrate.heading_figures(ledger, prof)
    running = running_facts.amount
    prior_scope = (prior or d.PriorFacts(None, None, None, None)).sangong_scope
    purchases = tuple(pu for p in projects for pu in p.purchases)
    procurements = tuple(pc for p in projects for pc in p.procurements)
    own_glossary = tuple((g["词条"], g["解释"]) for g in data.get("名词解释", []))
    return Budget(
        department=_department(data, raw_units),
        units=units,
        projects=projects,
        special_projects=tuple(p for p in projects if p.kind is Kind.PROJECT),
        other_projects=tuple(p for p in projects if p.kind is Kind.OTHER),
        postings=tuple(postings),
        views=frozen(views),
        figures=figures,
        income=income,
        staff=(staff := d.add_counts(u.staff for u in units)),
        staff_extra=narrate.staff_extra(staff),
        facilities=d.add_counts(u.facilities for u in units),
        facilities_given=any(u.facilities for u in raw_units),
        staff_notes=tuple(n for u in raw_units if (n := str(u.staff.get("岗位说明", "")).strip())),
        income_sources=d.income_sources(income.by_source, prof),
        other_income=d.other_income(income.by_source, prof),
        public_special_projects=d.projects_in_view(projects, prof.public, Kind.PROJECT, prof),
        public_other_projects=d.projects_in_view(projects, prof.public, Kind.OTHER, prof),
        running_cost=running,
        running=running_facts,
        sangong=narrate.sangong_facts(figures, by_heading, rules.sangong, prior_scope, prof),
        funds=narrate.fund_lines(income, by_heading, projects, prof),
        **prior_mod.changes(data, prior, at=(ledger, prof.all_view), figures=figures, income=income, running=running),
        purchases=purchases,
        purchases_total=d.amounts_of(purchases, prof),
        procurements=procurements,
        procurement_total=d.amounts_of(procurements, prof),
        procurement_by_kind=d.by_kind_totals(procurements),
        nontax_plans_total=d.nontax_totals((p for u in units for p in u.nontax_plans), prof),
        new_assets_total=total(a.amount for u in units for a in u.new_assets),
        performance=performance(projects),
        glossary=narrate.glossary(rules, own_glossary or tuple(glossary), prof),
        catalog_year=catalog.year,
        source_name=doc.name,
        special=_view(
            prof.all_view, ledger, units, projects_of(projects, Kind.PROJECT), catalog, prof=prof, kind=Kind.PROJECT
        ),
        func_class_totals=d.func_class_totals(views[prof.all_view].tree, catalog.classes()),
        nontax_split=d.nontax_split((p for u in units for p in u.nontax_plans), prof),
        new_assets_split=d.new_assets_split((a for u in units for a in u.new_assets), prof),
        stock_assets=d.add_counts(u.stock_assets for u in units),
        stock_given=any(u.stock for u in raw_units),
        profile=prof,
        # by item in the public scope only: a prior declared over every source is no 财政拨款 figure
        sangong_prior=None if prior is None or prior.sangong_scope != "public" else prior.sangong,
        ledger=ledger,
    )
