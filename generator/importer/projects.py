"""Projects: the 专项 list with their targets, each placed in a 功能科目 and 类别, and their details.

Hunan's 专项资金预算汇总表 lists each project's amount by source but not its 功能科目 or 类别;
the 支出分类表 gives them only summed per unit × 功能科目. :func:`place` finds the assignment of
projects to those cells that reproduces every sum (a small exact search, hinted by the 政府采购表,
which names each project's 功能科目), and says so in a comment at each project.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.cells import Atom, FuncCell, Key, atom_amounts, atoms, func_code
from budgetgen.importer.draft import Draft, amount, number, rows, text
from budgetgen.importer.sources import by_leaf
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.profile import Kind, Profile

SEARCH_STEPS = 200_000
NATURES = ("延续", "新增")
Slot = tuple[str, str]
"""(功能科目, 类别)."""


def special_projects(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], p: Profile, draft: Draft
) -> list[dict[str, Any]]:
    """Each 专项 of the summary table with its sources, and its targets from the targets table."""
    targets = {(text(row, F.UNIT_CODE), text(row, F.PROJECT_NAME)): row for _, row in rows(book, t["targets"], "item")}
    out = []
    for _, row in rows(book, t["special"], "item"):
        unit, name = text(row, F.UNIT_CODE), text(row, F.PROJECT_NAME)
        sources = by_leaf(row, p)
        nature = text(row, F.PROJECT_NATURE).removesuffix("项目") or "延续"
        item: dict[str, Any] = {"名称": name, "单位": unit, "金额": number(sum(sources.values(), Decimal(0)))}
        item["性质"] = nature
        if nature not in NATURES:
            cell = row.cells[F.PROJECT_NATURE]
            draft.note(
                ("项目", id(item), "性质"),
                f"{cell.sheet}!{cell.ref} 为“{cell.value}”，不是项目性质（延续/新增），请改正",
            )
        item["_sources"] = sources
        if text(row, F.PROJECT_SUMMARY):
            item["摘要"] = text(row, F.PROJECT_SUMMARY)
        goal_row = targets.get((unit, name))
        if goal_row is not None:
            goals = {key: text(goal_row, b) for b, key in F.TARGETS.items()}
            if any(goals.values()):
                item["绩效目标"] = goals
        draft.came(("项目", id(item), "金额"), row.cells.get(F.TOTAL_BY_SOURCE))
        draft.came(("项目", id(item), "名称"), row.cells.get(F.PROJECT_NAME))
        out.append(item)
    return out


def _demand(item: dict[str, Any], all_atoms: list[Atom]) -> dict[Atom, Decimal]:
    out: dict[Atom, Decimal] = {}
    for source, value in item["_sources"].items():
        atom = next(a for a in all_atoms if source in a)
        out[atom] = out.get(atom, Decimal(0)) + value
    return out


def _search(
    demands: list[dict[Atom, Decimal]], options: list[list[int]], room: list[dict[Atom, Decimal]]
) -> list[int] | None:
    """Indices of slots, one per demand, that exactly use up ``room``; None if none within the step limit."""
    order = sorted(range(len(demands)), key=lambda i: -sum(demands[i].values()))
    chosen = [-1] * len(demands)
    steps = 0

    def go(k: int) -> bool:
        nonlocal steps
        if k == len(order):
            return all(not any(r.values()) for r in room)
        i = order[k]
        for s in options[i]:
            steps += 1
            if steps > SEARCH_STEPS:
                return False
            if all(room[s].get(a, Decimal(0)) >= v for a, v in demands[i].items()):
                for a, v in demands[i].items():
                    room[s][a] -= v
                chosen[i] = s
                if go(k + 1):
                    return True
                for a, v in demands[i].items():
                    room[s][a] += v
        return False

    return chosen if go(0) else None


def place(
    projects: list[dict[str, Any]],
    cells: dict[Key, FuncCell],
    hints: dict[tuple[str, str], str],
    p: Profile,
    draft: Draft,
) -> None:
    """Give each 专项 its 功能分类 and 类别 so that the classification table's sums come out."""
    all_atoms = atoms(p)
    spent = p.kind_names[Kind.PROJECT]
    for unit in dict.fromkeys(item["单位"] for item in projects):
        mine = [item for item in projects if item["单位"] == unit]
        slots: list[Slot] = []
        room: list[dict[Atom, Decimal]] = []
        for (u, func), cell in cells.items():
            for column, by_view in cell.views.items():
                if u == unit and p.project_groups.get(column) is Kind.PROJECT and by_view.get(p.all_view):
                    slots.append((func, column))
                    room.append(atom_amounts(by_view, p))
        demands = [_demand(item, all_atoms) for item in mine]
        options: list[list[int]] = []
        for item in mine:
            hint = hints.get((unit, item["名称"]))
            options.append([s for s in range(len(slots)) if slots[s][0] == hint])
            options[-1] += [s for s in range(len(slots)) if slots[s][0] != hint]
        found = _search(demands, options, [dict(r) for r in room]) if slots else None
        for i, item in enumerate(mine):
            if found is not None:
                func, group = slots[found[i]]
                item["功能分类"], item["类别"] = func, group
                if len(slots) > 1:
                    draft.note(("项目", id(item)), "功能分类和类别由支出分类表推定（专项表不列），请核对")
            else:
                item["功能分类"], item["类别"] = slots[0] if slots else ("", next(iter(p.project_groups)))
                draft.note(("项目", id(item)), f"支出分类表的{spent}与专项表对不上，功能分类和类别无法推定，请核对")
        if found is None and mine:
            draft.warn(f"单位 {unit} 的专项与支出分类表的{spent}对不上，各专项的功能分类和类别需要人工核对")


def procurement_hints(book: ReadWorkbook, t: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], str]:
    """(unit, project name) → 功能科目, as the 政府采购表 prints it."""
    out: dict[tuple[str, str], str] = {}
    for _, row in rows(book, t["procurements"], "item"):
        out.setdefault((text(row, F.PROCUREMENT_UNIT), text(row, F.PROCUREMENT_PROJECT)), func_code(row))
    return out


def purchase_hints(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], specials: list[dict[str, Any]]
) -> dict[tuple[str, str], str]:
    """(unit, project name) → 功能科目 of a 政府购买服务 line of the same amount, matched in table order.

    The purchase table lists purchases in project order; a line whose amount equals a later
    project's amount most likely belongs to it, and shows that project's 功能科目.
    """
    out: dict[tuple[str, str], str] = {}
    at = 0
    for _, row in rows(book, t["purchases"], "item"):
        shown = text(row, F.PURCHASE_FUNC)
        func = shown[1:8] if shown.startswith("[") else shown[:7]
        unit, value = text(row, F.PURCHASE_UNIT), amount(row, "amounts[合计]")
        hit = next(
            (
                i
                for i in range(at, len(specials))
                if specials[i]["单位"] == unit and Decimal(str(specials[i]["金额"])) == value
            ),
            None,
        )
        if hit is not None:
            out.setdefault((unit, specials[hit]["名称"]), func)
            at = hit + 1
    return out


def _room(item: dict[str, Any], key: str) -> Decimal:
    used = sum((Decimal(str(x["金额"])) for x in item.get(key, [])), Decimal(0))
    return Decimal(str(item["金额"])) - used


def attach_purchases(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], projects: list[dict[str, Any]], p: Profile, draft: Draft
) -> None:
    """Each 政府购买服务 line to a project of its unit, 功能科目 and source with room left (in table order)."""
    last = 0
    for table, row in rows(book, t["purchases"], "item"):
        shown = text(row, F.PURCHASE_FUNC)
        func = shown[1:8] if shown.startswith("[") else shown[:7]
        unit, sources = text(row, F.PURCHASE_UNIT), set(by_leaf(row, p))
        value = amount(row, "amounts[合计]")
        line: dict[str, Any] = {key: text(row, b) for b, key in F.PURCHASE.items() if text(row, b)}
        line["金额"] = number(value)

        want = (unit, func, frozenset(sources), value)

        def fits(item: dict[str, Any], same_func: bool, want: tuple[str, str, frozenset[str], Decimal] = want) -> bool:
            w_unit, w_func, w_sources, w_value = want
            right_func = item.get("功能分类") == w_func or not same_func
            right_source = w_sources <= set(item.get("_sources") or {item.get("资金来源"): 0})
            right_unit = item["单位"] == w_unit or not w_unit  # a table without a 单位 column: any unit
            return right_unit and right_func and right_source and _room(item, "政府购买服务") >= w_value

        order = list(range(last, len(projects))) + list(range(last))
        exact = (i for i in order if fits(projects[i], True) and _room(projects[i], "政府购买服务") == value)
        pick = next(exact, None)
        if pick is None:
            pick = next((i for i in order if fits(projects[i], True)), None)
        if pick is None:
            pick = next((i for i in order if fits(projects[i], False)), None)
            if pick is not None:
                item = projects[pick]
                draft.note(
                    ("项目", id(item)),
                    f"{table.sheet}!{row.cells[F.PURCHASE_FUNC].ref} 把购买服务“{line.get('内容', '')}”"
                    f"列在功能分类 {func}，"
                    f"支出分类表中本项目为 {item.get('功能分类')}（以支出分类表为准）",
                )
        if pick is None:
            draft.warn(f"{table.sheet} 第 {row.line} 行的购买服务找不到所属项目，未导入")
            continue
        projects[pick].setdefault("政府购买服务", []).append(line)
        last = pick
