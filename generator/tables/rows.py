"""Row sources: where a table's data rows come from, named in a spec's ``rows.from``.

Each source reads the model and returns rows in the seed's order: a 合计 row,
then one row per budget unit, then (where asked) the unit's function rows or
items. A row is a kind plus the names its bindings may read. Sources select and
order model objects; they never add anything up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from budgetgen.model import Budget, FuncRow, UnitView, View
from budgetgen.money import ZERO


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its kind (``total``, ``unit``, ``func``, ``item``) and what it can read."""

    kind: str
    names: Mapping[str, Any]
    strong: bool = False
    """A subtotal row (a 类 of a 类/款/项 tree), printed bold like the 合计."""


@dataclass(frozen=True, slots=True)
class RowSet:
    """A table's rows, and whether the table has nothing to show (it then prints the profile's empty-table note)."""

    rows: tuple[Row, ...]
    empty: bool


Source = Callable[[Budget, Mapping[str, Any], Callable[[Any, str], Any]], RowSet]
"""``source(budget, params, read)``; ``read(names, path)`` reads a binding path (for filters)."""


def _func_rows(uv: UnitView, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> Iterator[Row]:
    when = params.get("functions_when")
    for fr in uv.functions:
        names = {"unit": uv.unit, "func": fr, "figures": fr.figures}
        if when is None or read(names, str(when)):
            yield Row("func", names)


def _view_rows(view: View, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> Iterator[Row]:
    yield Row("total", {"view": view, "figures": view.figures})
    for uv in view.units:
        yield Row("unit", {"unit": uv.unit, "figures": uv.figures})
        if params.get("functions"):
            yield from _func_rows(uv, params, read)
        if params.get("projects"):
            yield from (Row("item", {"unit": uv.unit, "project": p, "figures": p.figures}) for p in uv.projects)


def view_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """A spending view (``view: 全部|公共财政拨款|…``): 合计, units, optional function rows.

    Provides ``view``, ``figures``, ``unit``, ``func`` and (with ``projects: true``) ``project``.
    """
    view = budget.views[str(params.get("view", budget.profile.all_view))]
    return RowSet(tuple(_view_rows(view, params, read)), view.empty)


def special_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """项目支出 only (the 专项 projects): 合计, units, each unit's projects as items."""
    view = budget.special
    return RowSet(tuple(_view_rows(view, {**params, "projects": True}, read)), not budget.special_projects)


def income_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """Declared income: 合计 (``income`` of the department), then each unit's ``income``."""
    rows = [Row("total", {"income": budget.income})]
    rows += [Row("unit", {"unit": u, "income": u.income}) for u in budget.units]
    return RowSet(tuple(rows), False)


def units_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """Unit facts: 合计 then units, with ``staff`` and ``facilities``."""
    rows = [Row("total", {"staff": budget.staff, "facilities": budget.facilities})]
    rows += [Row("unit", {"unit": u, "staff": u.staff, "facilities": u.facilities}) for u in budget.units]
    return RowSet(tuple(rows), False)


def department_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """The department as a whole: 合计 then one row for the department (``department``)."""
    names = {"figures": budget.figures, "department": budget.department}
    return RowSet((Row("total", {"figures": budget.figures}), Row("unit", names)), False)


def _unit_func(budget: Budget, unit: str, code: str) -> FuncRow | None:
    for uv in budget.views[budget.profile.all_view].units:
        if uv.unit.code == unit:
            return next((fr for fr in uv.functions if fr.code == code), None)
    return None


def purchases_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """政府购买服务: 合计 (``amounts``), then each ``purchase`` with its ``amounts``."""
    rows = [Row("total", {"amounts": budget.purchases_total})]
    rows += [Row("item", {"purchase": p, "amounts": p.by_source}) for p in budget.purchases]
    return RowSet(tuple(rows), not budget.purchases)


def procurements_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """政府采购: 合计, then each ``procurement`` with its ``amounts`` and ``func`` row."""
    rows = [Row("total", {"amounts": budget.procurement_total})]
    rows += [
        Row("item", {"procurement": p, "amounts": p.by_source, "func": _unit_func(budget, p.unit, p.func)})
        for p in budget.procurements
    ]
    return RowSet(tuple(rows), not budget.procurements)


def nontax_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """非税收入征收计划: 合计 (``amounts``, ``split``), then each unit's ``plan`` lines."""
    rows = [Row("total", {"amounts": budget.nontax_plans_total, "split": budget.nontax_split})]
    rows += [Row("item", {"unit": u, "plan": p}) for u in budget.units for p in u.nontax_plans]
    return RowSet(tuple(rows), len(rows) == 1)


def assets_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """新增资产配置: 合计 (``split``, ``stock``), then each unit with new or stock assets and its ``asset`` lines."""
    rows = [Row("total", {"split": budget.new_assets_split, "stock": budget.stock_assets})]
    for u in budget.units:
        if u.new_assets or any(u.stock_assets.values()):
            rows.append(Row("unit", {"unit": u, "split": u.new_assets_split, "stock": u.stock_assets}))
            rows += [Row("item", {"unit": u, "asset": a}) for a in u.new_assets]
    return RowSet(tuple(rows), len(rows) == 1)


def tree_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """A view by 功能分类 (``view: …``): 合计, then each 类, its 款 and their 项 (``func``), in code order."""
    view = budget.views[str(params.get("view", budget.profile.all_view))]
    rows = [Row("total", {"view": view, "figures": view.figures})]
    rows += [Row("func", {"func": r, "figures": r.figures}, r.level == "lei") for r in view.tree]
    return RowSet(tuple(rows), view.empty)


def econ_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """A view's basic spending by economic 类 and 款 (``econ`` rows), after its 合计 (``figures``)."""
    view = budget.views[str(params.get("view", budget.profile.all_view))]
    rows = [Row("total", {"view": view, "figures": view.figures})]
    rows += [Row("item", {"econ": r}, r.level == "lei") for r in view.econ_tree]
    return RowSet(tuple(rows), not view.econ_tree)


def budget_source(budget: Budget, params: Mapping[str, Any], read: Callable[[Any, str], Any]) -> RowSet:
    """One row that reads only ``budget`` paths (三公 and 机关运行经费 tables: this year beside last year)."""
    return RowSet((Row("total", {}),), False)


ROW_SOURCES: dict[str, Source] = {
    "tree": tree_source,
    "econ": econ_source,
    "budget": budget_source,
    "view": view_source,
    "special": special_source,
    "income": income_source,
    "units": units_source,
    "department": department_source,
    "purchases": purchases_source,
    "procurements": procurements_source,
    "nontax": nontax_source,
    "assets": assets_source,
}


def func_class_lines(budget: Budget, views: tuple[str, ...] = ()) -> tuple[tuple[Any, ...], ...]:
    """收支总表's 功能分类 block: (一、一般公共服务支出, amount) for every 类 of the catalog.

    With ``views``, the 类 the first view spends on (its tree's 类 rows), with one
    amount per view: that view's row of the same 类 (0.00 where it has none).
    """
    if not views:
        return tuple(
            (f"{chinese_ordinal(i)}、{name}", amount)
            for i, (name, amount) in enumerate(budget.func_class_totals.items(), start=1)
        )
    by_view = [{r.code: r.figures.total for r in budget.views[v].tree if r.level == "lei"} for v in views]
    lei = [r for r in budget.views[views[0]].tree if r.level == "lei"]
    return tuple(
        (f"{chinese_ordinal(i)}、{r.name}", *(amounts.get(r.code, ZERO) for amounts in by_view))
        for i, r in enumerate(lei, start=1)
    )


LINE_SOURCES: dict[str, Callable[[Budget, tuple[str, ...]], tuple[tuple[Any, ...], ...]]] = {
    "func_classes": func_class_lines
}

_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (numbering of list items, up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones or not head else "")
