"""Audit rules of the narrative's staff sentence: the breakdown after 其中 names the profile's categories,
and its parts add up to the number they break down.

A breakdown is a number of people followed by 其中 (``实有人数9人，其中：管理岗位9人``, ``编制人数10名（其中
行政编制2名，事业编制8名）``, ``。其中在职8人，退休1人``); its parts are the ``名称N人`` (or ``N名``) that
follow, up to the end of the sentence or the closing parenthesis, stopping at the first clause that is not
one (``另有……``). The words are the profile's data (``staff_breakdown`` in ``audit.yaml``): ``totals``, the
nouns that make the number a number of staff (a breakdown of 接待群众 is not one), and ``categories`` in
groups, each group one way of dividing a number (by post, by establishment, by status). A sentence the
audit cannot read as such a breakdown is not checked, never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.package import Paragraph

_CJK = r"\u4e00-\u9fff"
#: A number of people (人 or 名) and the 其中 that opens its breakdown; group 2 is "(" when in parentheses.
OPENS = re.compile(rf"([{_CJK}]{{0,12}}?)(?:为|共计|共|有)?(\d+)\s*[人名]\s*[，,。]?\s*([（(])?\s*其中\s*[：:，,]?\s*")
ITEM = re.compile(rf"^([{_CJK}（）()]{{1,16}}?)(?:为|有|共)?(\d+)\s*[人名]$")
#: Where one part ends and the next begins: a comma, or 和/及 right after a number of people.
CLAUSES = re.compile(r"[，,、；;]|(?<=[人名])(?:以及|和|及)")
#: Clause openers that end a breakdown: what follows is not one of its parts.
_ENDS = ("另", "此外", "还有", "外聘", "其余")
_SUFFIXES = ("人员", "人数", "人")
#: How alike a name must be to a category to be named as its likely misspelling.
SIMILAR = 0.6


@dataclass(frozen=True, slots=True)
class Part:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One 其中 breakdown of a number of people."""

    para: Paragraph
    total_label: str
    total: int
    parts: tuple[Part, ...]


def breakdowns(paragraphs: list[Paragraph]) -> tuple[list[Breakdown], list[Paragraph]]:
    """Every breakdown read, and the paragraphs where a 其中 follows a number of people but no part could be read."""
    found: list[Breakdown] = []
    unread: list[Paragraph] = []
    for para in paragraphs:
        text = re.sub(r"[ \u3000\t]+", "", para.text)
        for m in OPENS.finditer(text):
            rest = text[m.end() :]
            stop = re.search(r"[）)]" if m[3] else r"[。；;]", rest)
            parts: list[Part] = []
            for clause in CLAUSES.split(rest[: stop.start()] if stop else rest):
                item = ITEM.match(clause)
                if not clause or clause.startswith(_ENDS) or item is None:
                    break
                parts.append(Part(item[1], int(item[2])))
            if parts:
                found.append(Breakdown(para, m[1], int(m[2]), tuple(parts)))
            else:
                unread.append(para)
    return found, unread


def _groups(ctx: Context) -> dict[str, list[str]]:
    raw = (ctx.data.get("staff_breakdown") or {}).get("categories") or {}
    return {str(k): [str(x) for x in v] for k, v in raw.items()} if isinstance(raw, dict) else {}


def _is_staff(b: Breakdown, ctx: Context, groups: dict[str, list[str]]) -> bool:
    """The number broken down is a number of staff: its noun is one of ``totals``, or a part is a known category."""
    totals = [str(t) for t in (ctx.data.get("staff_breakdown") or {}).get("totals") or []]
    return any(t in b.total_label for t in totals) or any(_group_of(p.label, groups) for p in b.parts)


def _group_of(label: str, groups: dict[str, list[str]]) -> str | None:
    names = [label, *(label.removesuffix(s) for s in _SUFFIXES if label.endswith(s) and len(label) > len(s))]
    for group, categories in groups.items():
        if any(n in categories for n in names):
            return group
    return None


def _read(ctx: Context) -> tuple[list[Breakdown], Outcome | None]:
    groups = _groups(ctx)
    if not groups:
        return [], Outcome(not_checked=f"格式“{ctx.profile}”的 audit.yaml 没有声明人员类别（staff_breakdown）")
    found, unread = breakdowns(ctx.paragraphs)
    found = [b for b in found if _is_staff(b, ctx, groups)]
    if not found and unread:
        p = unread[0]
        return [], Outcome(not_checked=f"{p.file}:{p.where} 的人员“其中”一句无法读出各类人数")
    return found, None


@rule("A-STAFF-CATEGORY", "说明中人员“其中”所列的类别是格式中的人员类别", warn=True)
def staff_category(ctx: Context) -> Outcome:
    found, failed = _read(ctx)
    if failed is not None:
        return failed
    groups = _groups(ctx)
    every = [c for cs in groups.values() for c in cs]
    out = Outcome(checked=len(found))
    for b in found:
        for part in b.parts:
            if _group_of(part.label, groups) is not None:
                continue
            best = max(every, key=lambda c: SequenceMatcher(None, part.label, c).ratio())
            hint = (
                f"疑似“{best}”之误"
                if SequenceMatcher(None, part.label, best).ratio() >= SIMILAR
                else f"格式中的人员类别有：{'、'.join(every[:8])}等"
            )
            out.findings.append(
                staff_category.finding(
                    b.para.file,
                    b.para.where,
                    f"人员一句“其中”所列的“{part.label}{part.count}人”不是格式中的人员类别，{hint}：请改正类别名称",
                )
            )
    return out


@rule("A-STAFF-PARTS", "说明中人员“其中”所列各类人数之和等于所分的总数")
def staff_parts(ctx: Context) -> Outcome:
    """Parts of one group (two or more) add up to the total; no part, nor one group's sum, exceeds it.
    A breakdown with a part of no known category is left to A-STAFF-CATEGORY (its group is unknown)."""
    found, failed = _read(ctx)
    if failed is not None:
        return failed
    groups = _groups(ctx)
    out = Outcome()
    for b in found:
        by_group: dict[str, list[Part]] = {}
        known = True
        for part in b.parts:
            group = _group_of(part.label, groups)
            if group is None:
                known = False
                break
            by_group.setdefault(group, []).append(part)
        if not known:
            continue
        out.checked += 1
        for parts in by_group.values():
            total = sum(p.count for p in parts)
            if total > b.total or (len(parts) > 1 and total != b.total):
                listed = "、".join(f"{p.label}{p.count}人" for p in parts)
                out.findings.append(
                    staff_parts.finding(
                        b.para.file,
                        b.para.where,
                        f"{b.total_label}{b.total}人，其中{listed}，合计 {total} 人，与 {b.total} 人不符："
                        "请核对各类人数或总数",
                    )
                )
    return out
