"""政府采购 lines: each to the project it names, with its 类型 (货物/工程/服务) read where the files say it.

The 类型 is taken, in this order, from

1. a column that prints it (``procurement.kind``, the 采购类别 of the mof 政府采购预算表);
2. the 品目 code the 采购品目 cell carries (``A02010105台式计算机``, ``台式计算机（A02010105）``): the
   《政府采购品目分类目录》(财库〔2013〕189号, revised and reissued in 2022) divides every 品目 into
   货物, 工程 and 服务, coded A…, B… and C… (see docs/import-reading.md for the sources);
3. the 说明's 政府采购 paragraph ("货物类 x 万元，工程类 y 万元，服务类 z 万元"), when exactly one
   assignment of the remaining lines to the three 类型 gives those 万元 figures (:func:`by_totals`);

otherwise the 类型 is a guess (工程 or 服务 when the 品目 name ends so, else 货物), commented at the
project and reported as a W-IMPORT-GUESS naming the line and what to check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.draft import Draft, amount, number, rows, text
from budgetgen.importer.tables import ReadWorkbook, Row

KINDS = ("货物", "工程", "服务")
#: The catalogue's first letter → 类型 (政府采购品目分类目录: A 货物, B 工程, C 服务).
CODE_KIND = {"A": "货物", "B": "工程", "C": "服务"}
#: A 品目 code at the start of the cell (``A02010105``, ``[C1601]``) or in brackets anywhere: the letter
#: and an even number (2–8) of digits, so that ``A4纸`` or ``B超`` are no code.
CODE = re.compile(r"(?:^[\[【(（]?|[\[【(（])([ABCabc])((?:\d\d){1,4})(?!\d)")
#: A bracketed remark at the end of a name (``物业管理服务（一年）``).
REMARK = re.compile(r"[（(][^（）()]*[）)]$")
#: Assignments tried when matching the 说明's totals; beyond it the 类型 stays a guess.
SEARCH_STEPS = 50_000
CHECK = "请按《政府采购品目分类目录》核对：品目代码以 A 开头为货物、B 开头为工程、C 开头为服务"


def code_kind(item: str) -> str | None:
    """The 类型 of a 品目 text that carries a catalogue code, else None."""
    hit = CODE.search(item.strip())
    return CODE_KIND[hit.group(1).upper()] if hit else None


def column_kind(row: Row) -> str | None:
    """The 类型 a 采购类别 column prints (``货物``, ``货物类``), else None."""
    shown = text(row, F.PROCUREMENT_KIND).removesuffix("类")
    return shown if shown in KINDS else None


def guess(item: str) -> str:
    """The 类型 a 品目 name suggests (``办公楼维修工程`` → 工程), 货物 when it says nothing."""
    name = REMARK.sub("", item.strip())
    return next((k for k in ("工程", "服务") if name.endswith(k)), "货物")


def by_totals(
    amounts: Sequence[Decimal], totals: Mapping[str, Decimal], base: Mapping[str, Decimal] | None = None
) -> list[str] | None:
    """The one assignment of ``amounts`` (元) to 类型 whose sums, added to ``base`` (元 already of each
    类型), round to ``totals`` (万元, as the 说明 prints them); None when there is none, more than one,
    or the search would be too long."""
    if any(a < 0 for a in amounts):
        return None
    # to_wan(s) == t exactly when t·10000 − 50 ≤ s < t·10000 + 50 (ROUND_HALF_UP to 0.01 万元)
    low = {k: totals.get(k, Decimal(0)) * 10000 - 50 for k in KINDS}
    high = {k: totals.get(k, Decimal(0)) * 10000 + 50 for k in KINDS}
    order = sorted(range(len(amounts)), key=lambda i: -amounts[i])
    left = [sum((amounts[i] for i in order[k:]), Decimal(0)) for k in range(len(order) + 1)]
    sums = {k: (base or {}).get(k, Decimal(0)) for k in KINDS}
    chosen = [""] * len(amounts)
    found: list[list[str]] = []
    steps = 0

    def go(k: int) -> bool:
        """Search from the k-th largest amount; True stops the search (two found, or too long)."""
        nonlocal steps
        steps += 1
        if steps > SEARCH_STEPS:
            return True
        if sum(max(Decimal(0), low[x] - sums[x]) for x in KINDS) > left[k]:
            return False
        if k == len(order):
            found.append(list(chosen))
            return len(found) > 1
        i = order[k]
        for kind in KINDS:
            if sums[kind] + amounts[i] >= high[kind]:
                continue
            sums[kind] += amounts[i]
            chosen[i] = kind
            stop = go(k + 1)
            sums[kind] -= amounts[i]
            if stop:
                return True
        return False

    stopped = go(0)
    return found[0] if len(found) == 1 and not stopped else None


def attach_procurements(
    book: ReadWorkbook,
    t: dict[str, tuple[str, ...]],
    projects: list[dict[str, Any]],
    draft: Draft,
    stated: Mapping[str, Decimal] | None = None,
) -> None:
    """Each 政府采购 line to the project it names, with its 类型 (see the module's docstring).

    ``stated``: the 说明's 政府采购 by 类型 in 万元 (empty or None: no 说明, or it does not say)."""
    placed: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for table, row in rows(book, t["procurements"], "item"):
        unit, name = text(row, F.PROCUREMENT_UNIT), text(row, F.PROCUREMENT_PROJECT)
        item = next((x for x in projects if x["单位"] == unit and x["名称"] == name), None)
        if item is None:
            draft.warn(f"{table.sheet} 第 {row.line} 行的采购项目“{name}”不在专项表中，未导入")
            continue
        line: dict[str, Any] = {}
        for binding, key in F.PROCUREMENT.items():
            v = row.cells[binding].value if binding in row.cells else None
            if key.startswith("是否"):
                line[key] = v == "是"
            elif isinstance(v, Decimal | int):
                line[key] = number(v)
            elif v not in (None, ""):
                line[key] = str(v)
        kind = column_kind(row) or code_kind(str(line.get("品目", "")))
        if kind is not None:
            line["类型"] = kind
        line["金额"] = number(amount(row, "amounts[合计]"))
        item.setdefault("政府采购", []).append(line)
        placed.append((item, line, f"{table.sheet} 第 {row.line} 行"))
    _kinds_from_totals([line for _, line, _ in placed], stated or {})
    for item, line, where in placed:
        if "类型" in line:
            continue
        line["类型"] = guess(str(line.get("品目", "")))
        what = f"采购品目“{line.get('品目', '')}”"
        draft.note(
            ("项目", id(item)),
            f"{where}{what}的采购类型（货物/工程/服务）表中没有写明，已写作“{line['类型']}”，请核对",
        )
        draft.warn(f"{where}{what}的采购类型表中没有写明，推定为{line['类型']}；{CHECK}")


def _kinds_from_totals(lines: list[dict[str, Any]], stated: Mapping[str, Decimal]) -> None:
    """The lines without a 类型 get the one the 说明's totals by 类型 leave them, if only one fits."""
    open_ = [line for line in lines if "类型" not in line]
    if not open_ or not stated:
        return
    known = dict.fromkeys(KINDS, Decimal(0))
    for line in lines:
        if "类型" in line:
            known[line["类型"]] += Decimal(str(line["金额"]))
    fit = by_totals([Decimal(str(line["金额"])) for line in open_], stated, known)
    for line, kind in zip(open_, fit or (), strict=False):
        line["类型"] = kind
