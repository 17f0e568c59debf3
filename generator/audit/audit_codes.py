"""Audit rule of project codes: one project, one code, spelled one way across the tables and the narrative.

A code is read where a package shows one: a column headed 项目编码 / 项目代码 / 项目编号 (the profile's
``codes.column``) beside the project's name; a code written before the name in a project list
(``[43001200001]网站监测经费``); in the narrative, a code in brackets before a project's name or in
parentheses after it (``网站监测经费（项目编码：43001200001）``). Two projects of two units may share a name,
so table codes are grouped by the row's 单位代码 where the table shows it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from budgetgen.audit.audit_cross import project_rows
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.table import Table, norm, split_code

CODE = r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ][A-Za-z0-9０-９Ａ-Ｚａ-ｚ\-－_]{3,}"
AFTER = re.compile(rf"^\s*[（(]\s*(?:项目)?(?:编码|代码|编号)?\s*[：:为]?\s*({CODE})\s*[）)]")
BEFORE = re.compile(rf"[\[【]\s*({CODE})\s*[\]】]\s*$")


@dataclass(frozen=True, slots=True)
class Written:
    """One place a project code is written."""

    raw: str
    name: str
    unit: str
    """The row's 单位代码; "" in the narrative or a table without one."""
    file: str
    where: str

    @property
    def canon(self) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", self.raw)).upper()


def _column(t: Table, pattern: str) -> list[int]:
    return [c for c, h in sorted(t.heads.items()) if re.search(pattern, h[-1])]


def _table_codes(ctx: Context) -> list[Written]:
    spec = ctx.data.get("codes") or {}
    projects = ctx.data.get("projects") or {}
    out: list[Written] = []
    for t in ctx.tables.values():
        units = _column(t, r"^单位(代码|编码)$")
        codes = _column(t, str(spec.get("column", r"^项目(编码|代码|编号)$")))
        # the budget project's name (项目名称, 单位名称（项目名称）), not a purchase's (采购项目名称)
        names = _column(t, r"^(项目|专项)名称$|[（(](项目|专项)(名称)?[）)]$")
        for r in t.data_rows:
            unit = norm(t.sheet.value(r, units[0])) if units else ""
            if codes and names and (raw := str(t.sheet.value(r, codes[0]) or "").strip()):
                name = split_code(t.sheet.value(r, names[0]))[1]
                out.append(Written(raw, name, unit, t.sheet.file, t.ref(r, codes[0])))
        if t.name in projects.get("sheets", []):
            for _, (r, c) in project_rows(t, projects.get("marker", "")):
                raw, name = split_code(t.sheet.value(r, c))
                if raw:
                    unit = norm(t.sheet.value(r, units[0])) if units else ""
                    out.append(Written(raw, name, unit, t.sheet.file, t.ref(r, c)))
    return out


def _narrative_codes(ctx: Context, names: set[str]) -> list[Written]:
    out = []
    for p in ctx.paragraphs:
        taken: list[range] = []  # a name inside a longer name's occurrence is not a mention of its own
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), p.text):
                if any(m.start() in span for span in taken):
                    continue
                taken.append(range(m.start(), m.end()))
                after = AFTER.match(p.text[m.end() : m.end() + 40])
                found = after or BEFORE.search(p.text[max(0, m.start() - 40) : m.start()])
                if found:
                    out.append(Written(found[1], name, "", p.file, p.where))
    return out


def _how(a: str, b: str) -> str:
    """How two spellings of a code differ, in words an accountant can act on."""
    ca, cb = (re.sub(r"\s+", "", unicodedata.normalize("NFKC", x)).upper() for x in (a, b))
    if ca == cb:
        return "全角、半角或空格不同"
    if ca.endswith(cb) or cb.endswith(ca) or ca.startswith(cb) or cb.startswith(ca):
        return "一处多了前缀或后缀"
    if len(ca) == len(cb):
        return f"有 {sum(x != y for x, y in zip(ca, cb, strict=True))} 位不同"
    return "是两个不同的编码"


def _at(w: Written) -> str:
    """Where the other spelling stands: ``表名!B11``, or ``说明.docx:第16段`` in another file."""
    return w.where if w.file.endswith(".xlsx") or "!" in w.where else f"{w.file}:{w.where}"


@rule("A-PROJECT-CODE", "项目编码在各表和说明中写法一致，一个编码只对应一个项目")
def project_code(ctx: Context) -> Outcome:
    written = _table_codes(ctx)
    written += _narrative_codes(ctx, {w.name for w in written if len(w.name) >= 2})
    if not written:
        return Outcome()
    out = Outcome(checked=len(written))
    reported: set[tuple[str, str]] = set()

    def report(w: Written, first: Written, message: str) -> None:
        if (first.raw, w.raw) not in reported and (w.raw, first.raw) not in reported:
            reported.add((first.raw, w.raw))
            out.findings.append(project_code.finding(w.file, w.where, message))

    by_name: dict[str, list[Written]] = {}
    for w in written:
        by_name.setdefault(w.name, []).append(w)
    for name, ws in by_name.items():
        keyed = [w for w in ws if w.unit]
        shown = {w.raw for w in keyed} or {ws[0].raw}
        for w in ws:
            same_unit = [x for x in keyed if x.unit == w.unit and x.raw != w.raw] if w.unit else []
            other = same_unit[0] if same_unit else None
            if other is None and not w.unit and w.raw not in shown:
                other = next(x for x in ws if x.raw in shown)
            if other is not None:
                report(
                    w,
                    other,
                    f"项目“{name}”的编码写法不一：这里写“{w.raw}”，{_at(other)} 写“{other.raw}”"
                    f"（{_how(w.raw, other.raw)}）",
                )
    by_code: dict[str, list[Written]] = {}
    for w in written:
        by_code.setdefault(w.canon, []).append(w)
    for code, ws in by_code.items():
        first = ws[0]
        for w in ws[1:]:
            if w.name != first.name:
                report(
                    w,
                    first,
                    f"编码“{code}”用于两个不同名称的项目：这里是“{w.name}”，{_at(first)} 是“{first.name}”",
                )
                break
    return out
