"""Units from the unit tables: identity and staff (人员情况), facilities, income, assets, 非税 plans."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.draft import Draft, amount, number, rows, text, value
from budgetgen.importer.sources import by_leaf, leaf_cells, representative
from budgetgen.importer.tables import ReadWorkbook, Row
from budgetgen.profile import Profile


def _count(v: Any) -> int | Decimal:
    d = Decimal(v) if isinstance(v, int | Decimal) and not isinstance(v, bool) else Decimal(0)
    return int(d) if d == d.to_integral_value() else d.normalize()


def _staff(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for binding in row.cells:
        key = F.staff_key(binding)
        n = _count(value(row, binding))
        if key is None or not n:
            continue
        if len(key) == 1:
            out[key[0]] = n
        else:
            out.setdefault(key[0], {})[key[1]] = n
    return out


def unit_list(book: ReadWorkbook, t: dict[str, tuple[str, ...]], draft: Draft) -> dict[str, dict[str, Any]]:
    """Each unit by code, in the order of the first unit table that lists it.

    A "unit" row whose code is not a code (page-footer text such as ``第 &P 页，共 &N 页`` that a
    system left in a cell) is skipped with a warning naming its cell.
    """
    units: dict[str, dict[str, Any]] = {}
    for role in ("units", "income", "spending", "facilities"):
        for table, row in rows(book, t[role], "unit"):
            code = text(row, F.UNIT_CODE)
            if code and not F.UNIT_CODE_FORM.match(code):
                draft.warn(
                    f"{table.sheet}!{row.cells[F.UNIT_CODE].ref}：“{code}”不是单位代码（页脚文字？），这一行未导入"
                )
            elif code and code not in units:
                units[code] = {"代码": code, "名称": text(row, F.UNIT_NAME)}
    return units


def _identity(row: Row, u: dict[str, Any], draft: Draft) -> None:
    for binding, key in F.UNIT_FIELDS.items():
        if text(row, binding):
            u[key] = text(row, binding)
    if staff := _staff(row):
        u["人员"] = staff
    for binding, cell in row.cells.items():
        if (parts := F.staff_key(binding)) is not None:
            draft.came(("单位", u["代码"], "人员", *parts), cell)


def _facilities(row: Row, u: dict[str, Any], draft: Draft) -> None:
    facilities = {k: _count(value(row, b)) for b in row.cells if (k := F.facility_key(b))}
    if any(facilities.values()):
        u["基本情况"] = {k: v for k, v in facilities.items() if v}
        for binding, cell in row.cells.items():
            if (key := F.facility_key(binding)) is not None:
                draft.came(("单位", u["代码"], "基本情况", key), cell)


def fill_units(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], units: dict[str, dict[str, Any]], p: Profile, draft: Draft
) -> None:
    """Identity, staff, facilities and income of each unit, straight from the unit rows."""
    for _, row in rows(book, t["units"], "unit"):
        if (u := units.get(text(row, F.UNIT_CODE))) is not None:
            _identity(row, u, draft)
    for _, row in rows(book, t["facilities"], "unit"):
        if (u := units.get(text(row, F.UNIT_CODE))) is not None:
            _facilities(row, u, draft)
    for _, row in rows(book, t["income"], "unit"):
        if (u := units.get(text(row, F.UNIT_CODE))) is not None:
            u["收入"] = {s: number(v) for s, v in by_leaf(row, p).items()}
            for source, cell in leaf_cells(row, p).items():
                draft.came(("单位", u["代码"], "收入", source), cell)


def refine_income(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], units: dict[str, dict[str, Any]], p: Profile, draft: Draft
) -> list[tuple[str, str, str, Decimal]]:
    """Sources the 收支总表 shows apart but the unit tables merge into a group's column
    (国有资本经营收入 inside 非税其他收入): moved out of the group's leaf, unit by unit.

    Returns each move (unit, source, the leaf it was merged into, amount), for the spending to follow.
    """
    moves: list[tuple[str, str, str, Decimal]] = []
    for spec_id in t["statement"]:
        table = book.tables.get(spec_id)
        for binding, cell in table.lines.items() if table is not None else ():
            hit = F.STATEMENT_INCOME.match(binding)
            source = hit.group(1) if hit else ""
            if source not in p.sources or not isinstance(cell.value, Decimal):
                continue
            have = sum((Decimal(str(u.get("收入", {}).get(source, 0))) for u in units.values()), Decimal(0))
            want = cell.value - have
            into = next(
                (
                    representative(g, p)
                    for g, m in p.source_groups.items()
                    if source in m and representative(g, p) != source and g.startswith(representative(g, p))
                ),
                None,
            )
            for u in units.values():
                income = u.get("收入", {})
                take = min(want, Decimal(str(income.get(into, 0)))) if into else Decimal(0)
                if take <= 0:
                    continue
                rest = Decimal(str(income[into])) - take
                income[source] = number(Decimal(str(income.get(source, 0))) + take)
                if rest:
                    income[into] = number(rest)
                else:
                    del income[into]
                want -= take
                moves.append((u["代码"], source, str(into), take))
                draft.note(
                    ("单位", u["代码"], "收入", source),
                    f"{cell.sheet}!{cell.ref} 单列{source}，单位的收入表把它并在{into}中",
                )
    return moves


def fill_assets(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], units: dict[str, dict[str, Any]], p: Profile
) -> None:
    """新增资产 lines (category from the column their amount stands in) and 存量资产 of each unit."""
    current: dict[str, Any] | None = None
    for _, row in rows(book, t["assets"]):
        code = text(row, F.UNIT_CODE)
        if row.kind == "unit":
            current = units.get(code)
            stock = {k: _count(value(row, b)) for b in row.cells if (k := F.stock_key(b))}
            merged: dict[str, Any] = {}
            for column, n in stock.items():
                category = next((c for c in p.asset_categories if column.startswith(c)), column)
                merged[category] = merged.get(category, 0) + n
            if current is not None and any(merged.values()):
                current["存量资产"] = {k: v for k, v in merged.items() if v}
        elif row.kind == "item" and current is not None:
            column = next(
                (b.split("|", 1)[1] for b in row.cells if b.startswith(F.ASSET_AMOUNT + "|") and amount(row, b)),
                "",
            )
            category = next((c for c in p.asset_categories if column.startswith(c)), column)
            line: dict[str, Any] = {"类别": category, "名称": text(row, F.ASSET_NAME)}
            line["数量"] = _count(value(row, F.ASSET_QUANTITY))
            line["金额"] = number(amount(row, F.ASSET_AMOUNT))
            if text(row, F.ASSET_NOTE):
                line["备注"] = text(row, F.ASSET_NOTE)
            current.setdefault("新增资产", []).append(line)


def fill_nontax(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], units: dict[str, dict[str, Any]], draft: Draft
) -> None:
    """非税收入计划 lines from the 征收表, with 编码 and 执收成本明细 from the 明细表 (same order)."""
    detail = [row for _, row in rows(book, t["nontax_detail"], "item")]
    for i, (_, row) in enumerate(rows(book, t["nontax"], "item")):
        u = units.get(text(row, F.UNIT_CODE))
        if u is None:
            continue
        line: dict[str, Any] = {}
        more = detail[i] if i < len(detail) else None
        if more is not None and text(more, F.NONTAX_CODE):
            line["编码"] = text(more, F.NONTAX_CODE)
        for binding, key in F.NONTAX.items():
            v = value(row, binding)
            line[key] = number(v) if isinstance(v, Decimal | int) else text(row, binding)
        line["上缴政府统筹"] = number(amount(row, F.NONTAX_POOLED))
        final = value(row, F.NONTAX_FINAL)
        if isinstance(final, Decimal | int):
            line["上年决算"] = number(final)
        if more is not None:
            costs = {k: amount(more, b) for b in more.cells if (k := F.nontax_cost(b))}
            if any(costs.values()):
                line["执收成本明细"] = {k: number(v) for k, v in costs.items() if v}
        u.setdefault("非税收入计划", []).append(line)
    if detail and not any("非税收入计划" in u for u in units.values()):
        draft.warn("非税收入征收计划明细表有数据，但非税征收表没有，明细未导入")
