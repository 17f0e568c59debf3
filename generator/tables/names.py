"""What a table spec may address: the names each row source provides and the keys each mapping holds.

Row sources (:mod:`budgetgen.tables.rows`) provide names such as ``unit`` or
``figures``; a mapping field of the model (``Figures.by_source``) holds the keys
of one key set: the profile's funding sources and groups, the derivations' staff
and facility figures, the year's economic codes. :mod:`budgetgen.tables.check`
walks spec paths over these declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from budgetgen import derive
from budgetgen.model import (
    Budget,
    Department,
    EconRow,
    Figures,
    FuncRow,
    Income,
    NewAsset,
    NonTaxPlan,
    Procurement,
    Project,
    Purchase,
    Unit,
    View,
)
from budgetgen.profile import Profile
from budgetgen.tables.binding import Binding, Ref, Template


@dataclasses.dataclass(frozen=True)
class Keyed:
    """A mapping whose keys belong to the named key set."""

    domain: str
    value: Any


_PARTS = ("上缴政府统筹", "执收成本", "上年决算")
Domains = Mapping[str, frozenset[str]]
_DOMAINS: dict[int, tuple[Profile, Domains]] = {}


def domains(p: Profile) -> Domains:
    """Every key set that does not depend on the budget year, from the profile and the derivations."""
    hit = _DOMAINS.get(id(p))
    if hit is not None and hit[0] is p:
        return hit[1]
    out = {
        "source": frozenset((*p.sources, *p.source_groups, "合计")),
        "group": frozenset(p.project_groups),
        "class": frozenset(p.basic_classes),
        "view": frozenset(p.views),
        "staff": frozenset(derive.staff_counts({})),
        "facility": frozenset(derive.facility_counts({})),
        "nontax_total": frozenset(derive.nontax_totals([], p)),
        "nontax_split": frozenset(f"{c}/{x}" for c in (*p.nontax_categories, p.nontax_public_name) for x in _PARTS),
        "asset_split": frozenset({f"{c}/{x}" for c in p.asset_columns for x in ("金额", "数量")} | {"合计/金额"}),
        "procurement_kind": frozenset(derive.by_kind_totals([])),
        "cost_item": frozenset(p.cost_items),
        "stock": frozenset(p.asset_columns),
        "econ_group": frozenset(p.econ_groups),
        "kind": frozenset(p.kind_names.values()),
    }
    _DOMAINS[id(p)] = (p, out)
    return out


#: Key sets that come from the year's catalog; checked by :func:`check_codes`.
CATALOG_DOMAINS = ("econ", "func_class")

#: (owner type, mapping field) → key set of the mapping.
FIELD_DOMAINS: dict[tuple[type, str], str] = {
    (Figures, "by_class"): "class",
    (Figures, "by_group"): "group",
    (Figures, "by_econ"): "econ",
    (Figures, "by_source"): "source",
    (Figures, "by_econ_group"): "econ_group",
    (Income, "by_source"): "source",
    (Purchase, "by_source"): "source",
    (Procurement, "by_source"): "source",
    (Project, "econ"): "econ",
    (Unit, "staff"): "staff",
    (Unit, "facilities"): "facility",
    (Unit, "stock_assets"): "stock",
    (Unit, "new_assets_split"): "asset_split",
    (Budget, "stock_assets"): "stock",
    (NonTaxPlan, "costs"): "cost_item",
    (Budget, "views"): "view",
    (Budget, "staff"): "staff",
    (Budget, "facilities"): "facility",
    (Budget, "purchases_total"): "source",
    (Budget, "procurement_total"): "source",
    (Budget, "procurement_by_kind"): "procurement_kind",
    (Budget, "nontax_plans_total"): "nontax_total",
    (Budget, "func_class_totals"): "func_class",
    (Budget, "nontax_split"): "nontax_split",
    (Budget, "new_assets_split"): "asset_split",
}


#: Fields of the model a spec may not name (they serve another read, such as a ledger coordinate).
HIDDEN: frozenset[tuple[type, str]] = frozenset({(Figures, "cells")})


def when_values(p: Profile) -> dict[tuple[type, str], tuple[str, ...]]:
    """(owner type, field) → values a ``when:`` on that field may name."""
    return {
        (NonTaxPlan, "category"): p.nontax_categories,
        (NewAsset, "category"): p.asset_categories,
        (NewAsset, "column"): p.asset_columns,
        (EconRow, "group"): tuple(p.econ_groups),
    }


_ALWAYS: dict[str, Any] = {"budget": Budget, "department": Department}
_VIEW_ROWS = {"view": View, "figures": Figures, "unit": Unit, "func": FuncRow, "project": Project}
#: Row source → the names its rows provide, with their types.
ROOTS: dict[str, dict[str, Any]] = {
    "view": _VIEW_ROWS,
    "special": _VIEW_ROWS,
    "income": {"income": Income, "unit": Unit},
    "units": {"unit": Unit, "staff": Keyed("staff", int), "facilities": Keyed("facility", Decimal)},
    "department": {"figures": Figures},
    "purchases": {"purchase": Purchase, "amounts": Keyed("source", Decimal)},
    "procurements": {"procurement": Procurement, "amounts": Keyed("source", Decimal), "func": FuncRow},
    "nontax": {
        "unit": Unit,
        "plan": NonTaxPlan,
        "amounts": Keyed("nontax_total", Decimal),
        "split": Keyed("nontax_split", Decimal),
    },
    "assets": {
        "unit": Unit,
        "asset": NewAsset,
        "split": Keyed("asset_split", Decimal),
        "stock": Keyed("stock", Decimal),
    },
    "tree": {"view": View, "figures": Figures, "func": FuncRow},
    "econ": {"view": View, "figures": Figures, "econ": EconRow},
    "budget": {},
}


#: Row source → row kind → the names a row of that kind provides (besides ``budget`` and ``department``).
KIND_ROOTS: dict[str, dict[str, frozenset[str]]] = {
    "view": {
        "total": frozenset({"view", "figures"}),
        "unit": frozenset({"unit", "figures"}),
        "func": frozenset({"unit", "func", "figures"}),
        "item": frozenset({"unit", "project", "figures"}),
    },
    "income": {"total": frozenset({"income"}), "unit": frozenset({"unit", "income"})},
    "units": {"total": frozenset({"staff", "facilities"}), "unit": frozenset({"unit", "staff", "facilities"})},
    "department": {"total": frozenset({"figures"}), "unit": frozenset({"figures", "department"})},
    "purchases": {"total": frozenset({"amounts"}), "item": frozenset({"purchase", "amounts"})},
    "procurements": {"total": frozenset({"amounts"}), "item": frozenset({"procurement", "amounts", "func"})},
    "nontax": {"total": frozenset({"amounts", "split"}), "item": frozenset({"unit", "plan"})},
    "assets": {
        "total": frozenset({"split", "stock"}),
        "unit": frozenset({"unit", "split", "stock"}),
        "item": frozenset({"unit", "asset"}),
    },
}
KIND_ROOTS["special"] = KIND_ROOTS["view"]
KIND_ROOTS["tree"] = {"total": frozenset({"view", "figures"}), "func": frozenset({"func", "figures"})}
KIND_ROOTS["econ"] = {"total": frozenset({"view", "figures"}), "item": frozenset({"econ"})}
KIND_ROOTS["budget"] = {"total": frozenset()}


def reads_nothing(binding: Binding | None, source: str, kind: str) -> bool:
    """Whether ``binding`` shows nothing on rows of ``kind`` (no binding, or a root those rows lack)."""
    if binding is None:
        return True
    have = KIND_ROOTS[source][kind] | {"budget", "department"}
    return any(ref.root not in have for ref in refs(binding))


def refs(binding: Binding | None) -> list[Ref]:
    """The field paths a binding reads."""
    if isinstance(binding, Ref):
        return [binding]
    if isinstance(binding, Template):
        return [p for p in binding.parts if isinstance(p, Ref)]
    return []
