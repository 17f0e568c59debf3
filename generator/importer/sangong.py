"""三公经费: the part the basic lines do not hold is placed in a project's 经济分类.

The 三公经费表 prints each unit's items (total and 公共财政拨款 part); the basic lines already
hold their share under the item's economic code. The rest must be in a project of the unit, but
no table says which: it goes to the first project of a matching source with room, and a comment
says it is an assumption. The table's figure is kept in 单位.三公经费 so ``check`` compares them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.draft import Draft, amount, number, rows, text, where
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.profile import Profile


def _basic(
    unit: dict[str, Any], codes: tuple[str, ...], public: tuple[str, ...], default: str
) -> tuple[Decimal, Decimal]:
    total = pub = Decimal(0)
    for code in codes:
        entry = unit.get("基本支出", {}).get(code)
        for e in entry if isinstance(entry, list) else [] if entry is None else [entry]:
            value = Decimal(str(e["金额"] if isinstance(e, dict) else e))
            source = e.get("资金来源", default) if isinstance(e, dict) else default
            total += value
            pub += value if source in public else 0
    return total, pub


def _room(item: dict[str, Any]) -> Decimal:
    return Decimal(str(item["金额"])) - sum((Decimal(str(v)) for v in item.get("经济分类", {}).values()), Decimal(0))


def _place(
    projects: list[dict[str, Any]],
    unit: str,
    code: str,
    value: Decimal,
    *,
    public: bool,
    pub: tuple[str, ...],
    draft: Draft,
) -> bool:
    for item in projects:
        if item["单位"] != unit or _room(item) < value:
            continue
        sources = set(item.get("_sources") or {item.get("资金来源", ""): 0})
        if all((s in pub) == public for s in sources):
            split = item.setdefault("经济分类", {})
            split[code] = number(Decimal(str(split.get(code, 0))) + value)
            why = f"{code} 的 {number(value)} 元由三公经费表减去单位经费中的同一科目推得，附表未说明在哪个项目（假设）"
            draft.note(("项目", id(item)), why)
            rest = code[:3] + F.REST_SUFFIX
            split.pop(rest, None)
            if _room(item) > 0:
                split[rest] = number(_room(item))
                draft.note(
                    ("项目", id(item)), f"其余 {split[rest]} 元记在 {rest}，附表没有项目的经济分类明细，请按实际拆分"
                )
            return True
    return False


def place_sangong(
    book: ReadWorkbook,
    t: dict[str, tuple[str, ...]],
    units: dict[str, dict[str, Any]],
    projects: list[dict[str, Any]],
    *,
    p: Profile,
    draft: Draft,
) -> None:
    """Record each unit's 三公 figures and put the project part into projects' 经济分类."""
    items = {i.field: i for i in p.sangong}
    for _, row in rows(book, t["sangong"], "unit"):
        code = text(row, F.UNIT_CODE)
        unit = units.get(code)
        if unit is None:
            continue
        for field, item in items.items():
            binding, name = F.SANGONG_PREFIX + field, item.name
            total = amount(row, binding)
            if not total:
                continue
            unit.setdefault("三公经费", {})[name] = number(total)
            draft.came(("单位", code, "三公经费", name), row.cells.get(binding))
            public = amount(row, F.SANGONG_PUBLIC_PREFIX + field)
            default = unit.get("资金来源", p.default_source)
            basic, basic_pub = _basic(unit, item.codes, p.public_sources, default)
            econ = item.codes[0]
            parts = [(public - basic_pub, True), (total - public - (basic - basic_pub), False)]
            for value, is_public in parts:
                if value > 0 and not _place(
                    projects, code, econ, value, public=is_public, pub=p.public_sources, draft=draft
                ):
                    draft.note(
                        ("单位", code, "三公经费"),
                        f"{where(row.cells.get(binding))} 的{name}有 {number(value)} 元找不到可记入的项目",
                    )
                    draft.warn(f"单位 {code} 的{name}在附表的经济科目和项目中都放不下，check 会报告")
