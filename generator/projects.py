"""A department's projects in the model: each with its figures, purchases of services and procurements.

:func:`compose_project` turns one read project (:mod:`budgetgen.assemble`) into its
frozen :class:`~budgetgen.model.Project`, its figures read from its own node of the
ledger; :mod:`budgetgen.compose` calls it once per project while building the budget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from budgetgen.assemble import RawProject
from budgetgen.catalog import Catalog
from budgetgen.ledger import Ledger
from budgetgen.model import Performance, Procurement, Project, Purchase
from budgetgen.money import as_amount, total
from budgetgen.profile import Kind, Profile
from budgetgen.rowfigures import figures_at, frozen, with_source_groups
from budgetgen.source import SourceDoc


def _purchase(
    rp: RawProject, item: Mapping[str, Any], doc: SourceDoc, path: tuple[Any, ...], catalog: Catalog, *, prof: Profile
) -> Purchase:
    amount = as_amount(item["金额"])
    return Purchase(
        rp.name,
        rp.unit,
        rp.func,
        catalog.func_label(rp.func),
        item["内容"],
        item["品目代码"],
        item["品目名称"],
        item.get("承接主体", ""),
        amount,
        with_source_groups({rp.source: amount}, prof),
        doc.loc(path),
    )


def _procurement(
    rp: RawProject, unit_name: str, item: Mapping[str, Any], doc: SourceDoc, path: tuple[Any, ...], *, prof: Profile
) -> Procurement:
    amount = as_amount(item["金额"])
    qty = item.get("数量")
    return Procurement(
        rp.name,
        rp.unit,
        unit_name,
        rp.func,
        item["品目"],
        item["类型"],
        None if qty is None else as_amount(qty),
        item.get("计量单位", ""),
        item.get("需求时间", ""),
        bool(item.get("是否进口产品", False)),
        bool(item.get("是否面向中小企业", False)),
        bool(item.get("是否两型产品", False)),
        amount,
        with_source_groups({rp.source: amount}, prof),
        doc.loc(path),
    )


def compose_project(
    rp: RawProject,
    ledger: Ledger,
    doc: SourceDoc,
    catalog: Catalog,
    unit_names: Mapping[str, str],
    *,
    prof: Profile,
) -> Project:
    """One project; its figures read its own node of the ledger."""
    purchases = tuple(
        _purchase(rp, it, doc, ("项目", rp.index, "政府购买服务", j), catalog, prof=prof)
        for j, it in enumerate(rp.purchases)
    )
    procurements = tuple(
        _procurement(rp, unit_names.get(rp.unit, ""), it, doc, ("项目", rp.index, "政府采购", j), prof=prof)
        for j, it in enumerate(rp.procurements)
    )
    return Project(
        rp.name,
        rp.unit,
        rp.amount,
        rp.nature,
        rp.group,
        prof.project_groups[rp.group],
        rp.func,
        rp.source,
        rp.summary,
        frozen(rp.econ),
        rp.targets,
        purchases,
        procurements,
        figures_at(ledger.split(unit=rp.unit, project=rp.name), prof),
        rp.loc,
    )


def performance(projects: Sequence[Project]) -> Performance:
    """How many special projects, and how much of their money, carry performance targets."""
    special = [p for p in projects if p.kind is Kind.PROJECT]
    covered = [p for p in special if p.targets is not None]
    return Performance(
        len(special),
        len(covered),
        total(p.amount for p in special),
        total(p.amount for p in covered),
        len(special) - len(covered),
        len(covered) == len(special),
    )


def projects_of(projects: Sequence[Project], kind: Kind) -> tuple[Project, ...]:
    """The projects of one kind, in source order."""
    return tuple(p for p in projects if p.kind is kind)
