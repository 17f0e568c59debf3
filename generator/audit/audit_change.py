"""Audit rule of year-on-year arithmetic: a stated change agrees with this year's and last year's figures.

The statements and their figures are read once in :mod:`budgetgen.audit.changes`. A percentage is checked by
A-YOY (with an amount) or here (alone); a percentage on a zero base by A-ZERO-BASE; a change 0.01 off is a
rounding difference, reported once by A-ROUNDING.
"""

from __future__ import annotations

from decimal import Decimal

from budgetgen.audit.changes import Change, changes, differences, off, percent
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule

CENT = Decimal("0.01")


def _money(c: Change, wan: Decimal | None) -> str:
    """A 万元 figure as the statement writes it: in 万元, or in 元 for a statement in 元."""
    if wan is None:
        return ""
    return f"{wan * 10000:,.2f} 元" if c.step < CENT else f"{wan} 万元"


def _said(c: Change) -> str:
    return "持平" if c.sign == 0 else f"{'增加' if c.sign > 0 else '减少'} {_money(c, c.amount)}"


def _actual(c: Change, diff: Decimal) -> str:
    return "持平" if diff == 0 else f"{'增加' if diff > 0 else '减少'} {_money(c, abs(diff))}"


@rule("A-CHANGE", "较上年的增减额等于本年数减上年数")
def change(ctx: Context) -> Outcome:
    out = Outcome()
    for c in changes(ctx):
        if c.this is None or c.last is None:
            continue
        out.checked += 1
        diff = c.this - c.last
        source = "说明所写" if c.last_from == "说明" else f"附表 {c.last_from} 的"
        if c.change is not None and (gap := off(c)) is not None and gap > c.step:
            out.findings.append(
                change.finding(
                    c.para.file,
                    c.para.where,
                    f"“{c.text}”：本年 {_money(c, c.this)}，{source}上年数 {_money(c, c.last)}，"
                    f"应为{_actual(c, diff)}，不是{_said(c)}",
                )
            )
        elif c.change is None and c.pct is not None and c.last > 0:
            computed, ok = percent(diff, c.last, c.pct)
            wrong_way = diff != 0 and (diff > 0) != (c.sign > 0)
            if not ok or wrong_way:
                out.findings.append(
                    change.finding(
                        c.para.file,
                        c.para.where,
                        f"“{c.text}”：本年 {_money(c, c.this)}，{source}上年数 {_money(c, c.last)}，"
                        f"应为{'增长' if diff >= 0 else '下降'} {computed}%",
                    )
                )
    for this, last, shown in differences(ctx):
        out.checked += 1
        want = this.value - last.value
        if abs(shown.value - want) > shown.table.slack(2):
            out.findings.append(
                change.finding(
                    shown.table.sheet.file,
                    shown.where,
                    f"{shown.table.name}的增减额 {shown.shown()} 不等于本年数 {this.shown()} 减上年数 {last.shown()}",
                )
            )
    return out
