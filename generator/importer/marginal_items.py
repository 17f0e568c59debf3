"""Projects of a marginal workbook: the 项目支出表's, the 其他支出 pieces, 三公 lines and procurement.

The 项目支出表 names each project, its unit, nature, 功能科目 and amounts by source column; its
类别 and 经济分类 are printed nowhere. A project gets the profile's first project 类别, and an
经济分类 only where the 三公经费表 needs one (the part of a 三公 item the basic lines do not hold).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.draft import Draft, amount, number, text, value
from budgetgen.importer.margins import Margins
from budgetgen.profile import Kind, Profile
from budgetgen.review import review_for

NATURES = ("延续", "新增")
METHOD = F.METHOD_KEY
PLACEHOLDER = "待填"


def project_items(
    m: Margins, parts: dict[int, list[tuple[str, Decimal]]], p: Profile, draft: Draft
) -> list[dict[str, Any]]:
    """One source project per 项目支出表 row (per source, where the row shows several)."""
    group = next(g for g, k in p.project_groups.items() if k is Kind.PROJECT)
    out: list[dict[str, Any]] = []
    for i, row in enumerate(m.projects):
        by_source: dict[str, Decimal] = {}
        for source, v in parts.get(i, [(p.default_source, row.total)]):
            by_source[source] = by_source.get(source, Decimal(0)) + v
        for k, (source, v) in enumerate(by_source.items()):
            name = row.name if k == 0 else f"{row.name}（{source}部分）"
            item: dict[str, Any] = {"名称": name, "单位": row.unit, "金额": number(v)}
            item["性质"] = row.nature if row.nature in NATURES else NATURES[0]
            item["类别"] = group
            item["功能分类"] = row.func
            item["资金来源"] = source
            item["_kind"] = Kind.PROJECT
            goals = m.targets.get((row.unit, row.name))
            if goals:
                item["绩效目标"] = {METHOD: PLACEHOLDER} | goals
                draft.note(("项目", id(item), "绩效目标", METHOD), "待填：本格式的绩效目标表不列管理办法")
            draft.note(("项目", id(item), "类别"), f"附表不列项目类别，暂记为“{group}”，请核对")
            if len(by_source) > 1:
                draft.note(
                    ("项目", id(item)), f"附表中本项目有 {len(by_source)} 种资金，源文件每个项目一种来源，已拆开"
                )
            if len(parts.get(i, [])) == 1 and i in parts and source != p.default_source:
                draft.note(("项目", id(item), "资金来源"), "附表只有来源组合计，末级来源按收入总表推定，请核对")
            if row.rounded:
                why = "万元表中各项目与合计分别四舍五入，本数按合计反推，与原数相差不到 50 元"
                draft.note(("项目", id(item), "金额"), why)
            draft.came(("项目", id(item), "名称"), row.cell)
            out.append(item)
    return out


def other_items(pieces: list[tuple[str, str, str, Decimal]], unit: str, draft: Draft) -> list[dict[str, Any]]:
    """One 其他支出 item per (类别, 功能科目, source); the tables never name them."""
    merged: dict[tuple[str, str, str], Decimal] = {}
    for group, func, source, v in pieces:
        merged[(group, func, source)] = merged.get((group, func, source), Decimal(0)) + v
    count: dict[str, int] = {}
    for group, _, _ in merged:
        count[group] = count.get(group, 0) + 1
    out = []
    for (group, func, source), v in merged.items():
        name = f"{group}支出" if count[group] == 1 else f"{group}支出（{func}，{source}）"
        item = {"名称": name, "单位": unit, "金额": number(v), "性质": NATURES[0], "类别": group}
        item |= {"功能分类": func, "资金来源": source, "_kind": Kind.OTHER}
        draft.note(("项目", id(item)), f"支出总表只有{group}的合计，附表不列项目名称和所属单位")
        out.append(item)
    return out


def _room(item: dict[str, Any]) -> Decimal:
    return Decimal(item["金额"]) - sum((Decimal(v) for v in item.get("经济分类", {}).values()), Decimal(0))


def sangong_lines(m: Margins, projects: list[dict[str, Any]], p: Profile, draft: Draft) -> None:
    """The part of each 三公 item the public basic lines do not hold, in a public project's 经济分类."""
    rv = review_for(p)
    capital = next(iter(rv.capital_groups), "")
    public = set(p.public_sources)
    for spec in p.sangong:
        rest = m.sangong.get(spec.field, Decimal(0)) - sum((m.econ.get(c, Decimal(0)) for c in spec.codes), Decimal(0))
        if rest <= 0:
            continue
        fits = [x for x in projects if x["_kind"] is Kind.PROJECT and x["资金来源"] in public and _room(x) >= rest]
        named = [x for x in fits if any(w in x["名称"] for w in spec.words)]
        whole = [x for x in fits if _room(x) == rest]
        ranked = named or whole or sorted(fits, key=lambda x: -_room(x))
        if not ranked:
            draft.warn(
                f"三公经费表中{spec.name}有 {rest} 元不在{p.kind_names[Kind.BASIC]}中，也没有可容纳它的项目，"
                "请在项目经济分类中列出"
            )
            continue
        pick, code = ranked[0], spec.codes[0]
        pick.setdefault("经济分类", {})[code] = number(rest)
        draft.note(
            ("项目", id(pick), "经济分类", code),
            f"三公经费表的{spec.name}减去{p.kind_names[Kind.BASIC]}中的部分；哪个项目安排的附表不列，请核对",
        )
        if code[:3] in rv.capital_classes and capital:
            pick["类别"] = capital
    for item in projects:
        econ = item.get("经济分类")
        if econ and _room(item) > 0:
            rest_code = f"{next(iter(econ))[:3]}{F.REST_SUFFIX}"
            econ[rest_code] = number(Decimal(econ.get(rest_code, 0)) + _room(item))
            draft.note(
                ("项目", id(item), "经济分类", rest_code), "附表不列项目的经济分类，其余部分暂记于此，请按实际拆分"
            )


def attach(m: Margins, projects: list[dict[str, Any]], draft: Draft) -> None:
    """Each 政府采购 line to the project it names (unit by name)."""
    codes = {name: code for code, name in m.units.items()}
    for row in m.procurements:
        unit, name = text(row, F.PROCUREMENT_UNIT_NAME), text(row, F.PROCUREMENT_PROJECT)
        item = next(
            (x for x in projects if x["名称"] == name and (not codes or codes.get(unit) == x["单位"])),
            None,
        )
        if item is None:
            draft.warn(f"政府采购表第 {row.line} 行的项目“{name}”不在附表的项目中，未导入")
            continue
        line: dict[str, Any] = {"品目": text(row, F.PROCUREMENT_ITEM)}
        line["类型"] = text(row, F.PROCUREMENT_KIND)
        quantity = value(row, F.PROCUREMENT_QUANTITY)
        if isinstance(quantity, int | Decimal) and not isinstance(quantity, bool):
            line["数量"] = number(quantity)
        if text(row, F.PROCUREMENT_MEASURE):
            line["计量单位"] = text(row, F.PROCUREMENT_MEASURE)
        line["金额"] = number(amount(row, F.PROCUREMENT_TOTAL) * m.scale)
        item.setdefault("政府采购", []).append(line)
