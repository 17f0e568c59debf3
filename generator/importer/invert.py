"""Tables read from a workbook → a source: department, units, projects, with comments and warnings.

Reads only :mod:`budgetgen.importer.tables` shapes (from the strict or the tolerant reader) and names
bindings only through :mod:`budgetgen.importer.fields`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.cells import add_econ_rows, read_cells
from budgetgen.importer.department import department
from budgetgen.importer.draft import Draft, rows, text
from budgetgen.importer.draft import Path as DraftPath
from budgetgen.importer.names import name_from_narrative
from budgetgen.importer.narrative import Texts
from budgetgen.importer.procurement import attach_procurements
from budgetgen.importer.projects import (
    attach_purchases,
    place,
    procurement_hints,
    purchase_hints,
    special_projects,
)
from budgetgen.importer.relabel import relabel
from budgetgen.importer.sangong import place_sangong
from budgetgen.importer.sources import by_leaf
from budgetgen.importer.spending import basic_and_other, econ_lines, unit_defaults
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.importer.units import fill_assets, fill_nontax, fill_units, refine_income, unit_list
from budgetgen.profile import Profile


def _pools(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], specials: list[dict[str, Any]], p: Profile
) -> dict[str, dict[str, Decimal]]:
    """Each unit's spending by leaf source (支出总表), less what its 专项 take."""
    pools: dict[str, dict[str, Decimal]] = {}
    for _, row in rows(book, t["spending"], "unit"):
        pools[text(row, F.UNIT_CODE)] = by_leaf(row, p)
    for item in specials:
        pool = pools.setdefault(item["单位"], {})
        for source, value in item["_sources"].items():
            pool[source] = pool.get(source, Decimal(0)) - value
    return pools


def _name_others(others: list[dict[str, Any]]) -> None:
    seen: dict[str, int] = {}
    for item in others:
        base = f"{item['类别']}支出"
        seen[base] = seen.get(base, 0) + 1
    count: dict[str, int] = {}
    for item in others:
        base = f"{item['类别']}支出"
        count[base] = count.get(base, 0) + 1
        item["名称"] = base if seen[base] == 1 else f"{base}（{item['单位']}，{item['功能分类']}，{item['资金来源']}）"


def staff_from_narrative(unit: dict[str, Any], texts: Texts, draft: Draft) -> None:
    """The 岗位说明 and the people beyond the payroll the 说明's staff sentence names (the tables do not)."""
    staff = unit.setdefault("人员", {})
    said = ({"岗位说明": texts.staff_note} if texts.staff_note else {}) | texts.staff_extra
    for key, value in said.items():
        if key not in staff:
            staff[key] = value
            draft.note(("单位", unit["代码"], "人员", key), "取自说明“机构设置”中人员情况的一句")
    if not staff:
        del unit["人员"]


def invert(
    book: ReadWorkbook, profile_name: str, p: Profile, *, year: int, texts: Texts, view_of: Mapping[str, str]
) -> Draft:
    """The source the tables describe, with a comment wherever a figure was inferred or disagrees."""
    t = F.TABLES[profile_name]
    draft = Draft()
    draft.data["部门"] = department(book, t, year, texts, draft)
    units = unit_list(book, t, draft)
    fill_units(book, t, units, p, draft)
    if len(units) == 1:  # several units' counts and notes are summed in one sentence: not split
        staff_from_narrative(next(iter(units.values())), texts, draft)
    fill_assets(book, t, units, p)
    fill_nontax(book, t, units, draft)
    cells = read_cells(book, t, view_of, p)
    econ = econ_lines(book, t["econ"], draft)
    add_econ_rows(cells, econ, p)
    specials = special_projects(book, t, p, draft)
    pools = _pools(book, t, specials, p)
    unit_defaults(units, cells, pools, p)
    place(specials, cells, purchase_hints(book, t, specials) | procurement_hints(book, t), p, draft)
    others = basic_and_other(econ, cells, units, pools, p=p, draft=draft)
    _name_others(others)
    name_from_narrative(specials, others, texts, draft)
    projects = specials + others
    for item in specials:
        sources = item.pop("_sources")
        main = max(sources, key=lambda s: sources[s], default=p.default_source)
        if len(sources) > 1:
            draft.note(
                ("项目", id(item)), f"附表中本项目有多个资金来源 {dict(sources)}，源文件每个项目只有一个来源，取 {main}"
            )
        item["_sources"] = {main: sum(sources.values(), Decimal(0))}
        item["资金来源"] = main
    attach_purchases(book, t, projects, p, draft)
    attach_procurements(book, t, projects, draft, texts.procurement)
    place_sangong(book, t, units, projects, p=p, draft=draft)
    for move in refine_income(book, t, units, p, draft):
        relabel(move, units[move[0]], projects, p=p, draft=draft)
    for item in projects:
        unit = units.get(item["单位"], {})
        item["功能分类"] = item["功能分类"] or unit.get("功能分类", "")
        if item["资金来源"] == unit.get("资金来源", p.default_source):
            del item["资金来源"]
        if item["功能分类"] == unit.get("功能分类"):
            del item["功能分类"]
    return _finish(draft, units, projects)


def _finish(draft: Draft, units: dict[str, dict[str, Any]], projects: list[dict[str, Any]]) -> Draft:
    """Order keys as the examples do; comments keyed by unit code or project id move to list indices."""
    index = {code: i for i, code in enumerate(units)}
    order = ("代码", "名称", "单位性质", "管理方式", "单位规格", "功能分类", "资金来源", "人员", "基本情况", "收入")
    unit_list_ = [
        {k: u[k] for k in order if k in u} | {k: v for k, v in u.items() if k not in order} for u in units.values()
    ]
    for u in unit_list_:
        u.setdefault("单位性质", "事业")
        if "基本支出" in u:
            u["基本支出"] = dict(sorted(u["基本支出"].items()))
    single = len(unit_list_) == 1
    ids = {id(item): i for i, item in enumerate(projects)}
    porder = ("名称", "单位", "金额", "性质", "类别", "功能分类", "资金来源", "摘要", "经济分类", "绩效目标")
    out_projects = []
    for item in projects:
        item.pop("_sources", None)
        if single:
            item.pop("单位", None)
        out_projects.append(
            {k: item[k] for k in porder if k in item} | {k: v for k, v in item.items() if k not in porder}
        )

    def moved(old: DraftPath) -> DraftPath:
        if old[:1] == ("单位",) and len(old) > 1 and old[1] in index:
            return ("单位", index[str(old[1])], *old[2:])
        if old[:1] == ("项目",) and len(old) > 1 and old[1] in ids:
            return ("项目", ids[int(old[1])], *old[2:])
        return old

    comments: dict[DraftPath, list[str]] = {}
    for old, notes in draft.comments.items():
        comments.setdefault(moved(old), []).extend(notes)
    draft.comments = comments
    draft.origins = {cell: moved(path) for cell, path in draft.origins.items()}
    draft.data["单位"] = unit_list_
    draft.data["项目"] = out_projects
    return draft
