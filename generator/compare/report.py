"""How ``budgetgen diff`` reads: Chinese text for a reviewer, or JSON with stable keys for scripts.

Money is shown in 万元 (by :func:`budgetgen.money.to_wan`) and in 元; JSON carries 元
as strings with two decimals, head counts as integers. Nothing here prints.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from budgetgen.compare.diff import FigureChange, ProjectChange, Result
from budgetgen.compare.figures import PEOPLE, SANGONG, SECTIONS, ProjectFacts
from budgetgen.console import one_line
from budgetgen.issues import format_issue, issue_to_dict, sort_issues
from budgetgen.money import CENT, fmt_wan, fmt_yuan

PROJECTS, TEXT, OTHER = "项目", "说明文字", "其他改动"


def _direction(old: Decimal | int, new: Decimal | int) -> str:
    return "增加" if new > old else "减少"


def money_change(old: Decimal, new: Decimal) -> str:
    """``8.00 → 9.00 万元，增加 1.00 万元（80,000.00 → 90,000.00 元，增加 10,000.00 元）``."""
    way, step = _direction(old, new), abs(new - old)
    wan = f"{fmt_wan(old)} → {fmt_wan(new)} 万元，{way} {fmt_wan(step)} 万元"
    return f"{wan}（{fmt_yuan(old)} → {fmt_yuan(new)} 元，{way} {fmt_yuan(step)} 元）"


def _value_change(change: FigureChange) -> str:
    if change.fact.unit == PEOPLE:
        step = abs(change.new - change.old)
        return f"{change.old} → {change.new} 人，{_direction(change.old, change.new)} {step} 人"
    return money_change(Decimal(change.old), Decimal(change.new))


def _whole(project: ProjectFacts) -> str:
    parts = [f"{fmt_wan(project.amount)} 万元（{fmt_yuan(project.amount)} 元）"]
    parts += [f"{name} {value}" for name, value in project.attributes()]
    return "；".join(parts)


def _project_lines(change: ProjectChange) -> Iterator[str]:
    old, new = change.old, change.new
    if old is None or new is None:
        verb, shown = ("新增", new) if old is None else ("删除", old)
        assert shown is not None
        yield f"  {verb} {change.name}：{_whole(shown)}"
        return
    yield f"  变动 {change.name}"
    if old.amount != new.amount:
        yield f"    金额：{money_change(old.amount, new.amount)}"
    for (name, was), (_, now) in zip(old.attributes(), new.attributes(), strict=True):
        if was != now:
            yield f"    {name}：{was} → {now}"


#: Words for locating a change: a number (with its % sign), a run of text between punctuation, or one mark.
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?%?|[^\d，。；：、（）“”《》\s,;:()]+|.", re.S)
#: A reworded pair with more changed spots than this is shown whole, without the spot list.
MAX_SPOTS = 4


def spots(old: str, new: str) -> list[str]:
    """Where a reworded sentence changed, e.g. ``["98.00 → 99.00"]``; whole numbers and phrases, not characters."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    found = [
        f"{''.join(a[i1:i2]) or '（无）'} → {''.join(b[j1:j2]) or '（无）'}"
        for tag, i1, i2, j1, j2 in ops
        if tag != "equal"
    ]
    return found if len(found) <= MAX_SPOTS else []


def _sentence_lines(removed: tuple[str, ...], added: tuple[str, ...]) -> list[str]:
    """Removed then added sentences; as pairs, with where each changed, when the counts match."""
    if len(removed) != len(added):
        return [f"    删去：{s}" for s in removed] + [f"    新增：{s}" for s in added]
    lines = []
    for old, new in zip(removed, added, strict=True):
        lines += [f"    删去：{old}", f"    新增：{new}"]
        changed = spots(old, new)
        lines += [f"    改动：{'；'.join(changed)}"] if changed else []
    return lines


def _count_line(result: Result) -> str:
    parts = [f"{n} {what}" for n, what in ((len(result.figures), "个数字"), (len(result.projects), "个项目")) if n]
    if result.other:
        parts.append(f"{len(result.other)} 处源文件内容")
    removed = sum(len(t.removed) for t in result.text)
    added = sum(len(t.added) for t in result.text)
    line = f"共 {'、'.join(parts)}有变动" if parts else "共"
    if result.text:
        line += f"{'，' if parts else ''}说明文字删去 {removed} 句、新增 {added} 句"
    return line


def _joined(lines: list[str]) -> str:
    """One printed line per line built: a line break inside a name or path is shown as an escape."""
    return "\n".join(one_line(line) for line in lines)


def to_text(result: Result) -> str:
    """The reviewer's report (without a final newline)."""
    lines = [f"比较：{result.old} → {result.new}"]
    if result.issues:
        lines = [format_issue(i) for i in sort_issues(result.issues)]
        lines.append(f"{len(result.issues)} 个错误；无法比较，请先改正（可用 budgetgen check 逐个检查）")
        return _joined(lines)
    old_dep, new_dep = result.departments
    lines.append(f"部门：{old_dep}" if old_dep == new_dep else f"部门：{old_dep} → {new_dep}")
    if result.status == "same":
        lines.append("没有差别：两个版本的数字和说明文字完全相同")
        return _joined(lines)
    for section in SECTIONS:
        found = [c for c in result.figures if c.fact.section == section]
        if section == SANGONG and result.projects:  # projects are read after the 功能分类 项
            lines.append(f"【{PROJECTS}】")
            lines += [line for change in result.projects for line in _project_lines(change)]
        if found:
            lines.append(f"【{section}】")
            lines += [f"  {c.fact.label}：{_value_change(c)}" for c in found]
    if result.text:
        lines.append(f"【{TEXT}】")
        for change in result.text:
            lines.append(f"  {change.heading}")
            lines += _sentence_lines(change.removed, change.added)
    if result.other:
        lines.append(
            f"【{OTHER}】以下源文件内容有改动，但不影响上面的数字和说明文字（如绩效目标、附表明细），请逐项核对："
        )
        lines += [f"  {path}" for path in result.other]
    lines.append(_count_line(result))
    return _joined(lines)


def _amount(value: Decimal | int, unit: str) -> str | int:
    return int(value) if unit == PEOPLE else str(Decimal(value).quantize(CENT))


def _project(project: ProjectFacts | None) -> dict[str, str] | None:
    if project is None:
        return None
    out = {"name": project.name, "amount": str(project.amount.quantize(CENT))}
    out.update(zip(("group", "function", "source"), (v for _, v in project.attributes()), strict=True))
    return out


def to_json(result: Result) -> str:
    """Stable keys: old, new, status, departments, issues, figures, projects, text, other."""
    data: dict[str, Any] = {
        "old": result.old,
        "new": result.new,
        "status": result.status,
        "departments": {"old": result.departments[0], "new": result.departments[1]},
        "issues": [issue_to_dict(i) for i in sort_issues(result.issues)],
        "figures": [
            {
                "section": c.fact.section,
                "key": c.fact.key,
                "label": c.fact.label,
                "unit": c.fact.unit,
                "old": _amount(c.old, c.fact.unit),
                "new": _amount(c.new, c.fact.unit),
                "change": _amount(c.new - c.old, c.fact.unit),
            }
            for c in result.figures
        ],
        "projects": [
            {
                "name": p.name,
                "change": "added" if p.old is None else "removed" if p.new is None else "changed",
                "old": _project(p.old),
                "new": _project(p.new),
            }
            for p in result.projects
        ],
        "text": [{"heading": t.heading, "removed": list(t.removed), "added": list(t.added)} for t in result.text],
        "other": list(result.other),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
