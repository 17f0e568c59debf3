"""Read the validated source mapping into raw facts: units, postings and projects.

This module only reads and applies defaults (a line without a function code
takes its unit's). All arithmetic lives in :mod:`budgetgen.derive`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from budgetgen import derive
from budgetgen.issues import Loc
from budgetgen.model import NewAsset, NonTaxPlan, Posting, Targets
from budgetgen.money import as_amount
from budgetgen.profile import Kind, Profile
from budgetgen.source import PathT, SourceDoc

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> date | None:
    """Accept 2020-03-18, 2020/3/18, 2020.3.18 and 2020年3月18日; None if invalid."""
    m = _DATE.match(str(text))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def code_text(doc: SourceDoc, path: PathT, value: Any) -> str:
    """A code exactly as typed, so that leading zeros survive an unquoted value."""
    return (doc.text(path) or str(value)).strip()


@dataclass(frozen=True)
class RawUnit:
    """A unit as declared, before derivation."""

    code: str
    name: str
    nature: str
    management: str
    grade: str
    func: str
    source: str
    staff: Mapping[str, Any]
    facilities: Mapping[str, Any]
    income: Mapping[str, Decimal]
    nontax_plans: tuple[NonTaxPlan, ...]
    new_assets: tuple[NewAsset, ...]
    loc: Loc
    declared_sangong: Mapping[str, Decimal]
    stock: Mapping[str, Any]
    basic: tuple[tuple[Posting, Loc], ...] = ()
    """The unit's 基本支出 postings with the location of each line, read in the same pass."""


@dataclass(frozen=True)
class RawProject:
    """A project as declared, with defaults applied."""

    index: int
    name: str
    unit: str
    amount: Decimal
    nature: str
    group: str
    func: str
    source: str
    summary: str
    econ: Mapping[str, Decimal]
    targets: Targets | None
    purchases: tuple[Mapping[str, Any], ...]
    procurements: tuple[Mapping[str, Any], ...]
    loc: Loc


def _nontax(item: Mapping[str, Any], doc: SourceDoc, path: PathT, prof: Profile) -> NonTaxPlan:
    given = item.get("执收成本明细")
    costs = {k: None if given is None else as_amount(given.get(k, 0)) for k in prof.cost_items}
    return NonTaxPlan(
        code_text(doc, (*path, "编码"), item.get("编码", "")),
        item["名称"],
        item["类别"],
        as_amount(item["计划数"]),
        as_amount(item.get("执收成本")),
        as_amount(item.get("上缴政府统筹")),
        None if item.get("上年决算") is None else as_amount(item["上年决算"]),
        costs,
        derive.collection_cost(costs, prof),
    )


def _asset(item: Mapping[str, Any], nature: str, prof: Profile) -> NewAsset:
    category = item["类别"]
    return NewAsset(
        category,
        item["名称"],
        as_amount(item["数量"]),
        as_amount(item["金额"]),
        item.get("备注", ""),
        prof.asset_column(category, nature),
    )


def read_units(doc: SourceDoc, prof: Profile) -> tuple[RawUnit, ...]:
    """Every unit of the source with its basic postings, in source order, read once.

    A unit without 资金来源 takes the profile's default source.
    """
    default_source = prof.default_source
    out = []
    for i, u in enumerate(doc.data.get("单位", [])):
        path: PathT = ("单位", i)
        code = code_text(doc, (*path, "代码"), u["代码"])
        func = code_text(doc, (*path, "功能分类"), u["功能分类"])
        source = u.get("资金来源", default_source)
        out.append(
            RawUnit(
                code=code,
                name=u["名称"],
                nature=u["单位性质"],
                management=u.get("管理方式", ""),
                grade=u.get("单位规格", ""),
                func=func,
                source=source,
                staff=u.get("人员", {}),
                facilities=u.get("基本情况", {}),
                income={k: as_amount(v) for k, v in u.get("收入", {}).items()},
                nontax_plans=tuple(
                    _nontax(p, doc, (*path, "非税收入计划", j), prof) for j, p in enumerate(u.get("非税收入计划", []))
                ),
                new_assets=tuple(_asset(a, u["单位性质"], prof) for a in u.get("新增资产", [])),
                stock=u.get("存量资产", {}),
                loc=doc.loc(path),
                declared_sangong={k: as_amount(v) for k, v in u.get("三公经费", {}).items()},
                basic=tuple(_basic_postings(doc, u.get("基本支出", {}), path, (code, func, source))),
            )
        )
    return tuple(out)


def _basic_items(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, list):
        yield from value
    elif isinstance(value, dict):
        yield value
    else:
        yield {"金额": value}


def _basic_postings(
    doc: SourceDoc, lines: Mapping[str, Any], unit_path: PathT, unit: tuple[str, str, str]
) -> Iterator[tuple[Posting, Loc]]:
    """A unit's basic lines; a line without 功能分类 or 资金来源 takes the unit's (code, func, source)."""
    code, unit_func, unit_source = unit
    for econ, value in lines.items():
        for j, item in enumerate(_basic_items(value)):
            path: PathT = (*unit_path, "基本支出", econ)
            sub = (*path, j) if isinstance(value, list) else path
            func = code_text(doc, (*sub, "功能分类"), item["功能分类"]) if "功能分类" in item else unit_func
            posting = Posting(
                code, func, econ, item.get("资金来源", unit_source), Kind.BASIC, econ[:3], as_amount(item["金额"])
            )
            yield posting, doc.loc(sub)


def _targets(raw: Mapping[str, Any] | None, bases: Mapping[str, str]) -> Targets | None:
    if not raw:
        return None
    basis = raw["立项依据"]
    return Targets(
        raw["管理办法"], bases.get(basis, basis), raw["长期目标"], raw["年度目标"], raw["实施进度"], raw["保障措施"]
    )


def read_projects(doc: SourceDoc, units: tuple[RawUnit, ...], bases: Mapping[str, str]) -> tuple[RawProject, ...]:
    """Every project, with unit, function and source defaults applied."""
    by_code = {u.code: u for u in units}
    out = []
    for i, p in enumerate(doc.data.get("项目", [])):
        path: PathT = ("项目", i)
        unit_code = code_text(doc, (*path, "单位"), p["单位"]) if "单位" in p else units[0].code
        unit = by_code.get(unit_code, units[0])
        func = code_text(doc, (*path, "功能分类"), p["功能分类"]) if "功能分类" in p else unit.func
        out.append(
            RawProject(
                index=i,
                name=str(p["名称"]).strip(),
                unit=unit_code,
                amount=as_amount(p["金额"]),
                nature=p["性质"],
                group=p["类别"],
                func=func,
                source=p.get("资金来源", unit.source),
                summary=p.get("摘要", ""),
                econ={k: as_amount(v) for k, v in p.get("经济分类", {}).items()},
                targets=_targets(p.get("绩效目标"), bases),
                purchases=tuple(p.get("政府购买服务", [])),
                procurements=tuple(p.get("政府采购", [])),
                loc=doc.loc(path),
            )
        )
    return tuple(out)
