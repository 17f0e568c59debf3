"""Project names from the 说明: the items the tables list without a name, and other spellings.

The 说明 lists projects as "名称32.00万元". An item the tables give only as a category total
(其他支出 such as 上缴上级) takes the name of the listed item of the same amount in 万元; a
project whose name the 说明 spells differently (same amount, similar words) keeps the table's
spelling, and a comment gives the other.
"""

from __future__ import annotations

from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from budgetgen.importer.draft import Draft
from budgetgen.importer.narrative import Texts
from budgetgen.money import to_wan

SIMILAR = 0.5


def name_from_narrative(
    specials: list[dict[str, Any]], others: list[dict[str, Any]], texts: Texts, draft: Draft
) -> None:
    """Name the unnamed items; comment the specials the 说明 spells another way."""
    listed = [(name, wan) for name, wan in texts.items if len(name) >= 2]
    known = {item["名称"] for item in specials}
    used: set[int] = set()
    for item in specials:
        wan = to_wan(Decimal(str(item["金额"])))
        for i, (name, value) in enumerate(listed):
            fresh = value == wan and name != item["名称"] and name not in known and i not in used
            if fresh and SequenceMatcher(None, name, item["名称"]).ratio() >= SIMILAR:
                used.add(i)
                draft.note(("项目", id(item), "名称"), f"说明中写作“{name}”")
                break
    taken = set(known)
    for item in others:
        wan = to_wan(Decimal(str(item["金额"])))
        pick = next(
            (i for i, (name, value) in enumerate(listed) if value == wan and i not in used and name not in taken), None
        )
        if pick is None:
            continue
        used.add(pick)
        item["名称"] = listed[pick][0]
        taken.add(item["名称"])
        draft.note(("项目", id(item)), "名称取自说明中金额相同的一项（附表只有这一类的合计，不列名称），请核对")
