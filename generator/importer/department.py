"""The 部门 section: name, goals and indicators from the goal table; texts from the 说明."""

from __future__ import annotations

from typing import Any

from budgetgen.importer import fields as F
from budgetgen.importer.draft import Draft, rows, text
from budgetgen.importer.narrative import Texts
from budgetgen.importer.tables import ReadWorkbook


def _goal_table(book: ReadWorkbook, t: dict[str, tuple[str, ...]], dept: dict[str, Any]) -> str:
    """Name, goals and indicators from the 部门整体支出绩效目标申报表 into ``dept``; its 职能职责概述."""
    summary = ""
    goals: list[str] = []
    indicators: dict[str, dict[int, dict[int, str]]] = {}
    for _, row in rows(book, t["department"], "unit"):
        dept["全称"] = text(row, F.DEPARTMENT_NAME)
        summary = text(row, F.DUTIES)
        for binding in row.cells:
            if F.GOAL.match(binding) and text(row, binding):
                goals.append(text(row, binding))
            if (m := F.INDICATOR.match(binding)) and text(row, binding):
                pair = indicators.setdefault(m.group(1), {}).setdefault(int(m.group(2)), {})
                pair[int(m.group(3))] = text(row, binding)
    if goals:
        dept["整体绩效目标"] = goals
    for kind, by_index in indicators.items():
        dept[F.INDICATOR_KEYS[kind]] = [
            {"内容": pair[0], "指标值": pair.get(1, "")} for _, pair in sorted(by_index.items()) if pair.get(0)
        ]
    return summary


def department(
    book: ReadWorkbook, t: dict[str, tuple[str, ...]], year: int, texts: Texts, draft: Draft
) -> dict[str, Any]:
    """The 部门 section: from the goal table, the 说明's texts, placeholders (with a warning) for the rest."""
    dept: dict[str, Any] = {"全称": ""}
    table: dict[str, Any] = {}
    summary = _goal_table(book, t, table)
    dept["全称"] = table.pop("全称", "")
    if not dept.get("全称"):
        dept["全称"] = texts.name
        draft.note(("部门", "全称"), "取自表头的“单位名称”或说明的标题，请核对")
    elif texts.name != dept["全称"] and texts.name.endswith(dept["全称"]):  # the table leaves out the county
        shorter = dept["全称"]
        draft.note(("部门", "全称"), f"取自说明的标题或表头的“单位名称”；部门整体支出绩效目标申报表写作“{shorter}”")
        dept["全称"] = texts.name
    if texts.short_name and texts.short_name != dept["全称"]:
        dept["简称"] = texts.short_name
        draft.note(("部门", "简称"), "取自说明“机构设置”中人员情况的一句")
    dept["预算年度"] = year
    if texts.date:
        dept["说明日期"] = texts.date
        if texts.date_from:
            draft.note(("部门", "说明日期"), f"取自{texts.date_from}，请按说明的落款核对")
    else:
        dept["说明日期"] = f"{year}-01-01"
        draft.note(("部门", "说明日期"), "待填：附表中没有落款日期，这是占位值")
        draft.warn("说明日期是占位值（附表中没有落款日期），请按说明的落款填写")
    dept["主要职能"] = texts.duties or summary
    if not texts.duties:
        draft.note(("部门", "主要职能"), "取自部门整体支出绩效目标申报表的职能职责概述；说明中的原文请核对")
    if summary and summary != dept["主要职能"]:
        dept["职能职责概述"] = summary
    if texts.setup:
        dept["机构设置"] = texts.setup
        draft.note(("部门", "机构设置"), "说明原文（人员数字的一句由 budgetgen 按人员情况生成，未写入）")
    dept.update(table)
    return dept
