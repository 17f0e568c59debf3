"""Spending moved to the source the 收支总表 shows apart (the unit tables merged it into another).

Income per source must equal spending per source (``E-BALANCE-SOURCE``), so when
:func:`budgetgen.importer.units.refine_income` moves income from the merged leaf to the source,
the same amount of the unit's spending follows: a project of exactly that amount first, then
other projects that fit, then basic lines (split where needed). The tables cannot tell which
spending it was: each moved line says so in a comment.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetgen.importer.draft import Draft, number
from budgetgen.profile import Profile

Move = tuple[str, str, str, Decimal]
"""(unit code, source shown apart, the leaf it was merged into, amount)."""


def _source(item: dict[str, Any]) -> str:
    return str(next(iter(item.get("_sources") or {item.get("资金来源", ""): 0})))


def _projects(move: Move, projects: list[dict[str, Any]], draft: Draft) -> Decimal:
    unit, source, into, value = move
    mine = [x for x in projects if x["单位"] == unit and _source(x) == into]
    exact = [x for x in mine if Decimal(str(x["金额"])) == value]
    for item in exact[:1] + [x for x in mine if x not in exact[:1]]:
        amount = Decimal(str(item["金额"]))
        if value <= 0 or amount > value:
            continue
        item["_sources"] = {source: amount}
        item["资金来源"] = source
        value -= amount
        draft.note(("项目", id(item)), f"资金来源取{source}（附表把它并在{into}中，推定）")
    return value


def _entries(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else [raw]


def relabel(move: Move, u: dict[str, Any], projects: list[dict[str, Any]], *, p: Profile, draft: Draft) -> None:
    """Move ``value`` of the unit's spending from ``into`` to ``source`` (``move``: unit, source, into, value)."""
    unit, source, into, _ = move
    left = _projects(move, projects, draft)
    default = u.get("资金来源", p.default_source)
    for code, raw in u.get("基本支出", {}).items():
        out: list[Any] = []
        for e in _entries(raw):
            entry = dict(e) if isinstance(e, dict) else {"金额": e}
            amount = Decimal(str(entry["金额"]))
            if left <= 0 or entry.get("资金来源", default) != into:
                out.append(entry)
                continue
            take = min(left, amount)
            moved = {**entry, "金额": number(take), "资金来源": source}
            if amount > take:
                out.append({**entry, "金额": number(amount - take)})
            out.append(moved)
            left -= take
            draft.note(
                ("单位", unit, "基本支出", code),
                f"其中 {number(take)} 元资金来源取{source}（附表把它并在{into}中，推定）",
            )
        u["基本支出"][code] = (out[0]["金额"] if len(out[0]) == 1 else out[0]) if len(out) == 1 else out
    if left > 0:
        draft.warn(f"单位 {unit} 的{source}有 {number(left)} 元在支出中找不到可对应的行，check 会报告")
