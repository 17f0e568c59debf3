"""Audit rules of the narrative's wording: placeholders, direction words, reasons, percentages, coverage."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetgen.audit.changes import changes
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.package import Paragraph

PLACEHOLDER = re.compile(
    r"(?:增加|增长|上升)[（(](?:减少|下降|降低)[）)]|(?:减少|下降|降低)[（(](?:增加|增长|上升)[）)]"
    r"|[XＸ×]{2,}|\d+\.{2,}\d+|[（(]\s*[）)]|【\s*】|＿{2,}|_{2,}"
)
UP, DOWN = "增加|增长|上升|提高", "减少|下降|降低"
#: Words of a reason that move a figure up or down (``压减一般性支出`` explains a fall, not a rise).
REASON_UP = f"{UP}|新增|调增|增设|提标|扩大"
REASON_DOWN = f"{DOWN}|压减|缩减|削减|调减|核减|精简|取消"
ZERO_CHANGE = re.compile(rf"({UP}|{DOWN})了?\s*(?<![\d.])0(?:\.0+)?\s*(万元|元|%|％)")
REASON = re.compile(rf"(?P<dir>{UP}|{DOWN})[^。；]*?原因(?:主要)?(?:是|为|系)(?P<why>[^。；]*)")
#: A rate without %: the number ends at a clause break (a comma before three digits is a thousands separator).
PCT_MISSING = re.compile(rf"(?:{UP}|{DOWN})了?\s*(\d+(?:\.\d+)?)(?=\s*(?:[，。；;]|,(?!\d{{3}})|$))")
ZERO_BASE = re.compile(
    r"(?:上年|去年|上一年)[^。；]{0,20}?(?:为|是)?\s*(?<![\d.])0(?:\.0+)?\s*(?:万元|元)[^。；]*?(?:增长|下降)\s*\d+(?:\.\d+)?\s*[%％]"
)


def _paras(ctx: Context) -> Iterator[Paragraph]:
    yield from ctx.paragraphs


@rule("A-PLACEHOLDER", "说明中没有未替换的占位符")
def placeholder(ctx: Context) -> Outcome:
    out = Outcome()
    for p in _paras(ctx):
        out.checked += 1
        for m in PLACEHOLDER.finditer(p.text):
            out.findings.append(
                placeholder.finding(
                    p.file, p.where, f"“{_around(p.text, m)}”中的“{m[0]}”是没有替换的占位符或错误的数字"
                )
            )
    return out


def _around(text: str, m: re.Match[str]) -> str:
    return text[max(0, m.start() - 12) : m.end() + 8].strip()


@rule("A-DIRECTION", "增减的方向词与增减额的符号一致")
def direction(ctx: Context) -> Outcome:
    out = Outcome()
    for p in _paras(ctx):
        for m in ZERO_CHANGE.finditer(p.text):
            out.checked += 1
            out.findings.append(
                direction.finding(p.file, p.where, f"“{_around(p.text, m)}”：增减额为 0 时应写“持平”，不能写“{m[1]}”")
            )
        for m in re.finditer(rf"({UP}|{DOWN})了?\s*-\d", p.text):
            out.checked += 1
            out.findings.append(
                direction.finding(p.file, p.where, f"“{_around(p.text, m)}”：方向词“{m[1]}”后面是负数，方向写反了")
            )
        out.checked += bool(re.search(rf"{UP}|{DOWN}|持平", p.text))
    return out


@rule("A-REASON", "变动原因与变动方向不矛盾")
def reason(ctx: Context) -> Outcome:
    out = Outcome()
    for p in _paras(ctx):
        for m in REASON.finditer(p.text):
            out.checked += 1
            up = re.fullmatch(UP, m["dir"]) is not None
            why = m["why"]
            said_up, said_down = re.search(REASON_UP, why), re.search(REASON_DOWN, why)
            if (up and said_down and not said_up) or (not up and said_up and not said_down):
                out.findings.append(
                    reason.finding(
                        p.file,
                        p.where,
                        f"写的是“{m['dir']}”，原因却是“{why.strip()}”，原因与方向相反",
                    )
                )
    return out


@rule("A-PERCENT-SIGN", "百分比写明“%”")
def percent_sign(ctx: Context) -> Outcome:
    out = Outcome()
    for p in _paras(ctx):
        for m in PCT_MISSING.finditer(p.text):
            out.checked += 1
            out.findings.append(
                percent_sign.finding(
                    p.file, p.where, f"“{_around(p.text, m)}”中的“{m[1]}”没有单位，增长率应写“{m[1]}%”"
                )
            )
        out.checked += bool(re.search(r"[%％]", p.text))
    return out


@rule("A-ZERO-BASE", "上年为零时不写增长百分比")
def zero_base(ctx: Context) -> Outcome:
    out = Outcome()
    for p in _paras(ctx):
        out.checked += bool(re.search(r"[%％]", p.text))
        for m in ZERO_BASE.finditer(p.text):
            out.findings.append(
                zero_base.finding(p.file, p.where, f"“{m[0]}”：上年为 0，增长百分比没有意义，应只写增加额")
            )
    reported = {f.where for f in out.findings}
    for c in changes(ctx):
        if c.pct is not None and c.prior() == 0 and c.para.where not in reported:
            where = (
                "说明所写" if c.last_from == "说明" else f"附表 {c.last_from} 的" if c.last_from else "本年数减增加额得"
            )
            out.findings.append(
                zero_base.finding(
                    c.para.file,
                    c.para.where,
                    f"“{c.text}”：{where}上年数为 0，增长百分比没有意义，应只写增加额",
                )
            )
    return out


@rule("A-READABLE", "每一页都有可读取的文字")
def readable(ctx: Context) -> Outcome:
    pages, tables = ctx.package.unreadable, ctx.package.table_pages
    reasons = []
    if pages:
        listed = "、".join(f"{f}:{w}" for f, w in pages[:10])
        reasons.append(f"{len(pages)} 页没有文字层（可能是扫描件），未审核：{listed}")
    if tables:
        listed = "、".join(f"{f}:{w}" for f, w in tables[:10])
        reasons.append(f"{len(tables)} 页是 PDF 中的表格，未按表格审核（请同时提供公开表 .xlsx）：{listed}")
    if reasons:
        return Outcome(not_checked="；".join(reasons))
    return Outcome(checked=len(ctx.package.names))
