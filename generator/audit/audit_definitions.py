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
from budgetgen.audit.narrative import WAN
from budgetgen.money import to_wan

#: After the words naming a figure: its 万元 amount, a few characters on, in the same clause.
AMOUNT = r"[^0-9。；]{0,12}?(?P<amt>\d+(?:\.\d+)?)\s*万元"
CENT = Decimal("0.01")


@rule("A-RUNNING-COST", "机关运行经费不大于附表中它所属的公用经费")
def running_cost(ctx: Context) -> Outcome:
    spec = ctx.data.get("running_cost") or {}
    words = str(spec.get("words", "")) or "$^"
    said = [
        (p, m)
        for p in ctx.paragraphs
        for m in WAN.finditer(p.text)
        if re.search(words, p.text[max(0, m.start() - 40) : m.start()])
    ]
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
    """The profile's ``sums``: in one sentence, the figure its ``total`` words name equals the sum of the
    figures its ``parts`` words name, when the sentence gives them all."""
    out = Outcome()
    for entry in ctx.data.get("sums") or []:
        total_rx = re.compile(str(entry["total"]) + AMOUNT)
        part_rx = [re.compile(f"(?:{w})" + AMOUNT) for w in entry["parts"]]
        for p in ctx.paragraphs:
            for sentence in p.text.split("。"):
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
