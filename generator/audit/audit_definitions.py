"""Audit rules of the official definitions the narrative states: 机关运行经费 within the 公用经费 it is part
of, and a total the narrative states adding up to the parts the same sentence lists (“三公”经费).

机关运行经费 is the daily 公用经费 (商品和服务支出 and 资本性支出 of 基本支出) of one money scope (一般公共预算
拨款) and of some units only (行政 and 参公, by the national definition): whatever the definition, it cannot
be larger than the public budget's basic 公用经费 the tables show (the profile's ``running_cost.limit``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.narrative import CHANGE, WAN
from budgetgen.audit.package import Paragraph
from budgetgen.audit.table import norm
from budgetgen.money import to_wan

#: After the words naming a figure: its 万元 amount, a few characters on, in the same clause.
AMOUNT = r"[^0-9。；]{0,12}?(?P<amt>\d+(?:\.\d+)?)\s*万元"
CENT = Decimal("0.01")


def stated(ctx: Context, words: str) -> list[tuple[Paragraph, re.Match[str]]]:
    """The 万元 figures the narrative gives for ``words`` (named within 40 characters before), not a change
    (``较去年增加了10.9万元``)."""
    out = []
    for p in ctx.paragraphs:
        for m in WAN.finditer(p.text):
            window = p.text[max(0, m.start() - 40) : m.start()]
            named = list(re.finditer(words, window))
            if named and not CHANGE.search(window[named[-1].end() :]):
                out.append((p, m))
    return out


@rule("A-RUNNING-COST", "机关运行经费不大于附表中它所属的公用经费")
def running_cost(ctx: Context) -> Outcome:
    spec = ctx.data.get("running_cost") or {}
    words = str(spec.get("words", "")) or "$^"
    said = stated(ctx, words)
    if not said:
        return Outcome()
    found = ctx.figures(spec.get("limit"))
    if not found:
        return Outcome(not_checked=f"附表中没有{spec.get('limit_name', '公用经费')}，无法核对机关运行经费")
    limit = to_wan(found[0].value.quantize(CENT))
    out = Outcome()
    for p, m in said:
        out.checked += 1
        value = Decimal(re.sub(r"\.+", ".", m[1]).replace(",", ""))
        if value > limit:
            out.findings.append(
                running_cost.finding(
                    p.file,
                    p.where,
                    f"机关运行经费写 {m[0]}，大于附表中{spec.get('limit_name', '公用经费')} {limit} 万元"
                    f"（{found[0].cell}）；机关运行经费是其中的一部分，不能更多",
                )
            )
    return out


@rule("A-PARTS-SUM", "说明中同一句所写的总数等于所列各项之和")
def parts_sum(ctx: Context) -> Outcome:
    """The profile's ``sums``: in one sentence (with its ``其中`` sentence), the figure its ``total`` words
    name equals the sum of the figures its ``parts`` words name, when the sentence gives them all."""
    out = Outcome()
    for entry in ctx.data.get("sums") or []:
        total_rx = re.compile(str(entry["total"]) + AMOUNT)
        part_rx = [re.compile(f"(?:{w})" + AMOUNT) for w in entry["parts"]]
        for p, sentence in _sentences(ctx.paragraphs):
            total = total_rx.search(sentence)
            if total is None:
                continue
            found = [rx.search(sentence, total.end()) for rx in part_rx]
            parts = [m for m in found if m is not None]
            if len(parts) < len(part_rx):
                continue
            out.checked += 1
            got = sum((Decimal(m["amt"]) for m in parts), Decimal(0))
            if got != Decimal(total["amt"]):
                listed = "、".join(f"{m[0].split(m['amt'])[0].strip('，,（(：: ')} {m['amt']}" for m in parts)
                out.findings.append(
                    parts_sum.finding(
                        p.file,
                        p.where,
                        f"“{total[0].split(total['amt'])[0].strip()}”写 {total['amt']}万元，而所列各项（{listed}）"
                        f"之和为 {got}万元",
                    )
                )
    return out


def _sentences(paragraphs: list[Paragraph]) -> list[tuple[Paragraph, str]]:
    """Each sentence (to ``。``) with its paragraph; a sentence that opens with ``其中`` lists the parts of
    the sentence before it (``…“三公”经费32.20万元，比上年增加24.00万元。其中：因公出国（境）费…``, even in
    the next paragraph) and is read as part of it, located at that sentence's paragraph."""
    out: list[tuple[Paragraph, str]] = []
    for p in paragraphs:
        for sentence in p.text.split("。"):
            if out and re.match(r"^\s*其中", sentence):
                out[-1] = (out[-1][0], out[-1][1] + "。" + sentence)
            elif sentence.strip():
                out.append((p, sentence))
    return out


def _natures(ctx: Context, spec: dict[str, object]) -> list[tuple[str, str, str]] | None:
    """(unit name, nature, cell) of each unit row of the table the profile names; None if not shown."""
    t = ctx.table(str(spec.get("sheet", "")))
    if t is None:
        return None
    cols = t.find_cols((str(spec.get("column", "单位性质")),))
    if not cols:
        return None
    out = []
    for r in t.data_rows:
        nature = norm(t.sheet.value(r, cols[0]))
        if nature:
            names = [norm(t.sheet.value(r, c)) for c in sorted(t.text_cols(r)) if c < cols[0]]
            out.append((names[-1] if names else "", nature, f"{t.name}{t.ref(r, cols[0]).split('!')[-1]}"))
    return out or None


@rule("A-RUNNING-COST-NATURE", "没有行政单位和参公事业单位的部门没有机关运行经费", warn=True)
def running_cost_nature(ctx: Context) -> Outcome:
    """The profile's ``unit_natures``: the table and column of each unit's nature, the natures that have
    机关运行经费 (``counted``), and the words of a narrative that states a definition for every unit."""
    spec = ctx.data.get("unit_natures") or {}
    words = str((ctx.data.get("running_cost") or {}).get("words", "")) or "$^"
    every = str(spec.get("every_unit", "")) or "$^"
    said = [
        (p, m)
        for p, m in stated(ctx, words)
        if Decimal(re.sub(r"\.+", ".", m[1]).replace(",", "")) != 0 and not re.search(every, p.text)
    ]
    if not said:
        return Outcome()
    units = _natures(ctx, spec)
    if units is None:
        return Outcome(not_checked="附表没有列示各单位的单位性质，无法核对机关运行经费是否只属于行政单位和参公事业单位")
    out = Outcome(checked=len(said))
    counted = str(spec.get("counted", "行政|参公"))
    if not any(re.search(counted, nature) for _, nature, _ in units):
        listed = "、".join(f"{name}（{nature}，{cell}）" for name, nature, cell in units[:5])
        for p, m in said:
            out.findings.append(
                running_cost_nature.finding(
                    p.file,
                    p.where,
                    f"说明写机关运行经费 {m[0]}，但附表中本部门没有行政单位或参照公务员法管理的事业单位：{listed}；"
                    "机关运行经费只计行政单位和参公事业单位，这样的部门应写“本部门无机关运行经费”"
                    "（若本地口径不区分单位性质，请在说明中写明）",
                )
            )
    return out
