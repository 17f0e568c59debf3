"""A source constructed from a marginal workbook (the national format): every printed sum comes out.

Where the tables determine the source (projects, their 功能科目 and source column, targets,
procurement, 三公 and 机关运行经费 totals, last year's 三公 and 机关运行经费) it is read; where they
show only sums (basic spending by 经济科目 × 功能科目, which unit spends what, the leaf source within a
group, a project's 类别 and 经济分类) a source is constructed whose every sum equals the tables, and
each constructed line carries a comment saying what the tables did not tell (W-IMPORT-GUESS).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from budgetgen.definitions import UNIT_KINDS, shipped
from budgetgen.importer import fields as F
from budgetgen.importer.basic_fill import Line, guess_code, public_lines, split_off
from budgetgen.importer.crossing import BASIC, cross, reconcile, view_atoms
from budgetgen.importer.department import department
from budgetgen.importer.draft import Draft, number
from budgetgen.importer.marginal_items import attach, other_items, project_items, sangong_lines
from budgetgen.importer.marginal_prior import prior_year, stock
from budgetgen.importer.margins import Margins, read_margins
from budgetgen.importer.narrative import Texts
from budgetgen.importer.sources import representative
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.profile import Kind, Profile

PLACEHOLDER_CODE = "001"


def _leaf(atom: str, p: Profile, guesses: list[str]) -> str:
    leaf = representative(atom, p)
    if len(p.source_groups.get(atom, ())) > 1:
        note = f"表中只有“{atom}”合计，分不出其中的末级来源，已记作“{leaf}”"
        if note not in guesses:
            guesses.append(note)
    return leaf


Parts = dict[int, list[tuple[str, Decimal]]]
"""Project index → its (leaf source, amount) parts."""
Others = list[tuple[str, str, str, Decimal]]
"""其他支出 pieces: (group, 功能科目, leaf source, amount)."""


def _lines(m: Margins, p: Profile, draft: Draft, guesses: list[str]) -> tuple[list[Line], Parts, Others]:
    """Basic lines, each project's parts and the 其他支出 pieces, every sum the tables print."""
    atoms_of = view_atoms(m, p)
    by_func: dict[str, dict[int, Any]] = {}
    for i, item in enumerate(m.projects):
        by_func.setdefault(item.func, {})[i] = item
    funcs = sorted(set(m.income) | set(m.spending))
    lines: list[Line] = []
    parts: dict[int, list[tuple[str, Decimal]]] = {}
    others: list[tuple[str, str, str, Decimal]] = []
    code = guess_code(m, p)
    rounded: set[int] = set()
    for func in funcs:
        for index in reconcile(func, m, p, by_func.get(func, {})):
            rounded.add(index)
        crossed = cross(func, m, p, by_func.get(func, {}), atoms_of)
        for g in crossed.guesses:
            draft.warn(g)
        for atom, (use, key), value in crossed.pieces:
            if use == "view" and key == p.public and p.econ_groups:
                continue  # detailed by 经济科目 below
            source = _leaf(atom, p, guesses)
            if use == "project":
                parts.setdefault(int(key), []).append((source, value))
            elif use == "other":
                others.append((str(key), func, source, value))
            elif use in ("view", BASIC):
                why = f"附表没有本笔{p.kind_names[Kind.BASIC]}（{atom}）的经济分类，已记在 {code}"
                lines.append(Line(code, func, source, value, why))
    for index in rounded:
        m.projects[index].rounded = True
    public = atoms_of.get(p.public)
    if public is not None and p.econ_groups:
        found, problems = public_lines(m, p, _leaf(public, p, guesses), p.public)
        lines = found + lines
        for q in problems:
            draft.warn(q)
    return lines, parts, others


def _units(m: Margins, dept: dict[str, Any], lines: list[Line], p: Profile, draft: Draft) -> dict[str, dict[str, Any]]:
    """The units (the 项目支出表's, else one for the department) and their basic lines.

    机关运行经费 counts only some 单位性质' public 公用经费; when it is less than the whole, the rest is
    placed in a unit of another nature (the second unit, else a constructed one).
    """
    rule = shipped(p).running_cost
    counted = rule.unit_kinds[0]
    uncounted = next(k for k in UNIT_KINDS if k not in rule.unit_kinds)
    names = dict(m.units) or {PLACEHOLDER_CODE: dept.get("全称", "")}
    codes = list(names)
    public = set(p.public_sources)
    cost = sum((ln.amount for ln in lines if ln.source in public and ln.econ[:3] in rule.classes), Decimal(0))
    running = cost if m.running is None else m.running
    between = 0 < running < cost  # only then do two natures share the 公用经费
    kept, moved = split_off(lines, cost - running, rule.classes) if between else (lines, [])
    if running > cost:
        draft.warn(
            f"机关运行经费 {running} 元大于{p.public_name}{p.kind_names[Kind.BASIC]}中的公用经费 {cost} 元，"
            "无法同时满足，请核对"
        )
    natures = {codes[0]: counted if running or not cost else uncounted}
    second = codes[1] if len(codes) > 1 else f"{codes[0]}9"
    if moved:
        names.setdefault(second, f"{names[codes[0]]}（推定的所属单位）")
        natures[second] = uncounted
    units: dict[str, dict[str, Any]] = {}
    for code, name in names.items():
        nature = natures.get(code, uncounted)
        units[code] = {"代码": code, "名称": name, "单位性质": nature}
        draft.note(("单位", code, "单位性质"), "附表不列单位性质，按机关运行经费推定，请核对")
    if PLACEHOLDER_CODE in units:
        draft.note(("单位", PLACEHOLDER_CODE, "代码"), "待填：附表中没有单位代码，这是占位值")
        draft.warn("单位代码是占位值（附表中没有单位代码），请按预算系统的单位代码填写")
    _basic(units[codes[0]], kept, draft)
    _basic(units[second] if moved else units[codes[0]], moved, draft)
    if len(units) > 1:
        basic = p.kind_names[Kind.BASIC]
        draft.warn(f"附表不按单位列{basic}，各单位的{basic}是推定的（合计与各表相同），请按实际填写")
    draft.warn("本格式的公开表不列单位人员（编制、实有人数）和单位规格，请在各单位的“人员”等处补填")
    return units


def _basic(unit: dict[str, Any], lines: list[Line], draft: Draft) -> None:
    if not lines:
        return
    weights: dict[str, Decimal] = {}
    for ln in lines:
        weights[ln.func] = weights.get(ln.func, Decimal(0)) + ln.amount
    unit.setdefault("功能分类", max(sorted(weights), key=lambda f: weights[f]))
    basic: dict[str, list[dict[str, Any]]] = unit.setdefault("基本支出", {})
    source = unit.get("资金来源")
    for ln in lines:
        entry: dict[str, Any] = {"金额": number(ln.amount)}
        if ln.func != unit["功能分类"]:
            entry["功能分类"] = ln.func
        if source is None:
            source = unit["资金来源"] = ln.source
        if ln.source != source:
            entry["资金来源"] = ln.source
        basic.setdefault(ln.econ, []).append(entry)
        if ln.guess:
            draft.note(("单位", unit["代码"], "基本支出", ln.econ), ln.guess)


def _tidy(unit: dict[str, Any]) -> None:
    basic = unit.get("基本支出", {})
    for code, entries in list(basic.items()):
        merged: dict[tuple[Any, Any], Decimal] = {}
        for e in entries:
            key = (e.get("功能分类"), e.get("资金来源"))
            merged[key] = merged.get(key, Decimal(0)) + Decimal(e["金额"])
        out = [
            {"金额": number(v)} | ({"功能分类": f} if f else {}) | ({"资金来源": s} if s else {})
            for (f, s), v in merged.items()
        ]
        basic[code] = out[0]["金额"] if len(out) == 1 and len(out[0]) == 1 else out[0] if len(out) == 1 else out
    if basic:
        unit["基本支出"] = dict(sorted(basic.items()))


def _income(unit: dict[str, Any], projects: list[dict[str, Any]]) -> dict[str, Any]:
    """The unit's income by leaf source: what its lines and projects spend (the source's rule)."""
    income: dict[str, Decimal] = {}
    for entries in unit.get("基本支出", {}).values():
        for entry in entries if isinstance(entries, list) else [entries]:
            e = entry if isinstance(entry, dict) else {"金额": entry}
            s = e.get("资金来源", unit["资金来源"])
            income[s] = income.get(s, Decimal(0)) + Decimal(e["金额"])
    for item in projects:
        if item["单位"] == unit["代码"]:
            income[item["资金来源"]] = income.get(item["资金来源"], Decimal(0)) + Decimal(item["金额"])
    return {s: number(v) for s, v in income.items() if v}


def _drop_unit_list(dept: dict[str, Any], m: Margins) -> None:
    """机构设置 without the paragraph counting and naming every unit (the 说明 generates it from the units)."""
    setup = dept.get("机构设置")
    if not setup or not m.units:
        return
    names, count = m.units.values(), f"{len(m.units)}个"
    kept = [line for line in str(setup).split("\n") if not (count in line and all(n in line for n in names))]
    if kept:
        dept["机构设置"] = "\n".join(kept)


def invert_marginal(
    book: ReadWorkbook,
    profile_name: str,
    p: Profile,
    *,
    year: int,
    texts: Texts,
    view_of: Mapping[str, str],
    unit_of: Mapping[str, str],
    paragraphs: list[str],
) -> Draft:
    """The constructed source, with a comment at every line the tables did not determine.

    ``paragraphs``: the 说明's (last year's figures and the reasons are read there); ``texts`` loses
    its reasons and change, which :func:`prior_year` has placed at their lines.
    """
    t = F.TABLES[profile_name]
    draft = Draft()
    guesses: list[str] = []
    dept = department(book, t, year, texts, draft)
    draft.data["部门"] = dept
    m = read_margins(book, t, view_of, unit_of)
    _drop_unit_list(dept, m)
    lines, parts, other = _lines(m, p, draft, guesses)
    units = _units(m, dept, lines, p, draft)
    projects = project_items(m, parts, p, draft)
    projects += other_items(other, next(iter(units)), draft)
    sangong_lines(m, projects, p, draft)
    attach(m, projects, draft)
    for item in projects:
        unit = units.get(item["单位"]) or units[next(iter(units))]
        item["单位"] = unit["代码"]
        unit.setdefault("功能分类", item["功能分类"])
        unit.setdefault("资金来源", item["资金来源"])
    first = next(iter(units.values()))
    if assets := stock(p, paragraphs):
        first["存量资产"] = assets
        draft.note(("单位", first["代码"], "存量资产"), "取自说明中整个部门的存量资产，附表不按单位列示，请核对")
    for unit in units.values():
        if "功能分类" not in unit:  # a unit with nothing the tables show: the department's main 功能科目
            shown = sorted({*m.income, *m.spending, *(f for v in m.views.values() for f in v)})
            unit["功能分类"] = first.get("功能分类") or next(iter(shown), "")
            draft.note(("单位", unit["代码"], "功能分类"), "附表中本单位没有支出，功能分类是推定的")
        unit.setdefault("资金来源", p.default_source)
        _tidy(unit)
        unit["收入"] = _income(unit, projects)
    for g in guesses:
        draft.warn(g)
    draft = _finish(draft, units, projects)
    prior_year(m, p, paragraphs, draft)
    texts.reasons, texts.changes = [], []
    return draft


def _finish(draft: Draft, units: dict[str, dict[str, Any]], projects: list[dict[str, Any]]) -> Draft:
    from budgetgen.importer.invert import _finish as finish

    for item in projects:
        item.pop("_kind", None)
        unit = units[item["单位"]]
        if item["资金来源"] == unit.get("资金来源"):
            del item["资金来源"]
        if item["功能分类"] == unit.get("功能分类"):
            del item["功能分类"]
    return finish(draft, units, projects)
