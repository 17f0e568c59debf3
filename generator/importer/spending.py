"""Basic lines (基本支出 by unit × 功能科目 × 经济科目 × 资金来源) and 其他支出 items.

The basic lines come from the 工资福利/商品和服务/对个人和家庭 tables (per unit and 功能科目, by
economic code); their sources from the view tables, through :mod:`budgetgen.importer.cells`.
A basic class the tables total without its codes (Hunan prints no detail for 310 资本性支出)
becomes one line under the class's 其他 code (31099) with a comment asking for the detail.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.cells import FuncCell, Key, atom_amounts, atom_pieces, func_code
from budgetgen.importer.draft import Draft, amount, number, rows, text, where
from budgetgen.importer.sources import split
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.profile import Kind, Profile


def econ_lines(book: ReadWorkbook, spec_ids: tuple[str, ...], draft: Draft) -> dict[Key, dict[str, Decimal]]:
    """Basic amounts by economic code for each unit × 功能科目 row of the economic tables."""
    out: dict[Key, dict[str, Decimal]] = {}
    for _, row in rows(book, spec_ids, "func"):
        unit = text(row, F.UNIT_CODE)
        line = out.setdefault((unit, func_code(row)), {})
        for binding, cell in row.cells.items():
            code = F.econ_code(binding)
            if code is not None and amount(row, binding):
                line[code] = line.get(code, Decimal(0)) + amount(row, binding)
                draft.came(("单位", unit, "基本支出", code), cell)
    return out


def _entry(value: Decimal, func: str, source: str, unit: dict[str, Any], default: str) -> dict[str, Any]:
    """One basic line: its amount, and its 功能分类 and 资金来源 where they are not the unit's."""
    out: dict[str, Any] = {"金额": number(value)}
    if func != unit["功能分类"]:
        out["功能分类"] = func
    if source != unit.get("资金来源", default):
        out["资金来源"] = source
    return out


def unit_defaults(
    units: dict[str, dict[str, Any]], cells: dict[Key, FuncCell], pools: dict[str, dict[str, Decimal]], p: Profile
) -> None:
    """Each unit's default 功能分类 (of its largest basic row) and 资金来源 (its largest source)."""
    for code, unit in units.items():
        weights: Counter[str] = Counter()
        for (u, func), cell in cells.items():
            if u == code:
                basic = sum(
                    (v.get(p.all_view, Decimal(0)) for c, v in cell.views.items() if c in p.basic_classes), Decimal(0)
                )
                weights[func] += int(basic * 100) * 1000 + 1
        unit_func = weights.most_common(1)[0][0] if weights else ""
        unit["功能分类"] = unit_func
        sources = pools.get(code, {})
        top = max(sources, key=lambda s: sources[s], default=p.default_source)
        if top != p.default_source:
            unit["资金来源"] = top


def basic_and_other(
    econ: dict[Key, dict[str, Decimal]],
    cells: dict[Key, FuncCell],
    units: dict[str, dict[str, Any]],
    pools: dict[str, dict[str, Decimal]],
    *,
    p: Profile,
    draft: Draft,
) -> list[dict[str, Any]]:
    """Fill each unit's 基本支出; return the 其他支出 items (one per unit × 功能科目 × 类别 × source)."""
    others: list[dict[str, Any]] = []
    sangong = {c for item in p.sangong for c in item.codes}
    for (code, func), cell in cells.items():
        unit = units.get(code)
        if unit is None:
            continue
        pool = pools.setdefault(code, {})
        lines = econ.get((code, func), {})
        for column, by_view in cell.views.items():
            is_other = p.project_groups.get(column) is Kind.OTHER
            if not by_view.get(p.all_view) or (column not in p.basic_classes and not is_other):
                continue
            pieces = atom_pieces(atom_amounts(by_view, p), pool, p)
            if column in p.basic_classes:
                # 三公 codes first: they take the first sources (the public ones), as the 三公经费表's
                # public column usually shows them; the others follow in code order
                codes = sorted((c for c in lines if c.startswith(column)), key=lambda c: (c not in sangong, c))
                shown = sum((lines[c] for c in codes), Decimal(0))
                if by_view[p.all_view] != shown and not codes:  # a class total without its codes
                    rest = column + F.REST_SUFFIX
                    lines[rest] = by_view[p.all_view]
                    codes = [rest]
                    what = f"{p.kind_names[Kind.BASIC]}中的{p.basic_classes[column]}"
                    draft.warn(f"单位 {code} 的{what}附表没有经济分类明细，已记在 {rest}，请按实际科目拆分")
                    draft.note(("单位", code, "基本支出", rest), f"附表只有{what}合计，请按实际经济分类拆分")
                for econ_code, parts in zip(codes, split([lines[c] for c in codes], dict(pieces)), strict=True):
                    entries = [_entry(v, func, s, unit, p.default_source) for s, v in parts]
                    basic = unit.setdefault("基本支出", {})
                    previous = basic.get(econ_code)
                    merged = [] if previous is None else previous if isinstance(previous, list) else [previous]
                    merged = [e if isinstance(e, dict) else {"金额": e} for e in merged] + entries
                    if len(merged) == 1 and len(merged[0]) == 1:
                        basic[econ_code] = merged[0]["金额"]  # a plain amount: the unit's 功能分类 and 资金来源
                    else:
                        basic[econ_code] = merged[0] if len(merged) == 1 else merged
            else:
                for source, value in pieces:
                    item = {"名称": "", "单位": code, "金额": number(value), "性质": "延续", "类别": column}
                    item["功能分类"], item["资金来源"] = func, source
                    others.append(item)
                    draft.note(("项目", id(item)), f"{where(cell.where.get(column))}：{column}支出，附表不列项目名称")
    return others
