"""Audit rules of the official definitions the narrative states: 机关运行经费 within the 公用经费 it is part
of, and the “三公” parts adding to the 三公 total the same sentence states.

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

SANGONG = re.compile(r"[“\"]?三公[”\"]?经费[^。；，,0-9]{0,12}?(\d+(?:\.\d+)?)\s*万元")
PARTS = {
    "abroad": re.compile(r"因公出国[（(]境[）)]费[^0-9。；]{0,6}?(\d+(?:\.\d+)?)\s*万元"),
    "cars": re.compile(r"公务用车购置及运行(?:维护)?费[^0-9。；]{0,6}?(\d+(?:\.\d+)?)\s*万元"),
    "purchase": re.compile(r"公务用车购置费[^0-9。；]{0,6}?(\d+(?:\.\d+)?)\s*万元"),
    "running": re.compile(r"公务用车运行(?:维护)?费[^0-9。；]{0,6}?(\d+(?:\.\d+)?)\s*万元"),
    "reception": re.compile(r"公务接待费[^0-9。；]{0,6}?(\d+(?:\.\d+)?)\s*万元"),
}
CENT = Decimal("0.01")


@rule("A-RUNNING-COST", "机关运行经费不大于附表中一般公共预算的基本支出公用经费")
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
        return Outcome(not_checked="附表中没有一般公共预算基本支出的公用经费，无法核对机关运行经费")
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
                    f"机关运行经费写 {m[0]}，大于附表中一般公共预算基本支出的公用经费（商品和服务支出、资本性支出）"
                    f" {limit} 万元（{found[0].cell}）；机关运行经费是其中的一部分，不能更多",
                )
            )
    return out


@rule("A-SANGONG-PARTS", "“三公”经费各项之和等于所写的“三公”经费总数")
def sangong_parts(ctx: Context) -> Outcome:
    out = Outcome()
    for p in ctx.paragraphs:
        for sentence in re.split(r"[。]", p.text):
            total = SANGONG.search(sentence)
            if total is None:
                continue
            part = {k: Decimal(m[1]) for k, rx in PARTS.items() if (m := rx.search(sentence, total.end()))}
            cars = part.get("cars")
            if cars is None and "purchase" in part and "running" in part:
                cars = part["purchase"] + part["running"]
            if cars is not None and "purchase" in part and "running" in part:
                out.checked += 1
                if part["purchase"] + part["running"] != cars:
                    out.findings.append(
                        sangong_parts.finding(
                            p.file,
                            p.where,
                            f"公务用车购置费 {part['purchase']}万元与运行维护费 {part['running']}万元之和为 "
                            f"{part['purchase'] + part['running']}万元，而公务用车购置及运行费写 {cars}万元",
                        )
                    )
            if cars is None or "abroad" not in part or "reception" not in part:
                continue
            out.checked += 1
            parts = part["abroad"] + cars + part["reception"]
            if parts != Decimal(total[1]):
                out.findings.append(
                    sangong_parts.finding(
                        p.file,
                        p.where,
                        f"“三公”经费写 {total[1]}万元，而因公出国（境）费 {part['abroad']}、公务用车购置及运行费 "
                        f"{cars}、公务接待费 {part['reception']} 万元之和为 {parts}万元",
                    )
                )
    return out
