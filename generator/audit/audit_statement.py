"""Audit rules of a 收支总表-style table: label / amount column pairs, numbered headings, totals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetgen.audit.audit_tables import ZERO, is_statement
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.table import Table, amount

NUMERALS = "一二三四五六七八九十"
HEADING = re.compile(rf"^[{NUMERALS}]+、")
TOTAL = re.compile(r"(合计|总计)$")
CARRY = re.compile(r"结转|结余")


@dataclass(frozen=True, slots=True)
class Line:
    """One label of a statement column: its row, indent level, text and amount (None if blank)."""

    row: int
    col: int
    level: int
    text: str
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class Column:
    """A label column of a statement and the side it belongs to (收入 or 支出)."""

    side: str
    lines: tuple[Line, ...]


def numeral(n: int) -> str:
    """1..99 in Chinese numerals as headings use them (十一, 二十)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else NUMERALS[ones - 1])


def columns(t: Table) -> list[Column]:
    out = []
    for c, head in sorted(t.heads.items()):
        if head[-1:] != ("项目",):
            continue
        lines = []
        for r in t.data_rows:
            text = t.sheet.value(r, c)
            if not isinstance(text, str) or not text.strip():
                continue
            indent = len(text) - len(text.lstrip("\u3000 "))
            label = text.strip("\u3000 ")
            level = -1 if TOTAL.search(label) or CARRY.search(label) else (0 if HEADING.match(label) else 1 + indent)
            v = amount(t.sheet.value(r, c + 1))
            lines.append(Line(r, c + 1, level, label, None if v is None else v.quantize(Decimal("0.01"))))
        out.append(Column(head[0], tuple(lines)))
    return out


def statements(ctx: Context) -> Iterator[Table]:
    yield from (t for t in ctx.tables.values() if t.heads and is_statement(t))


def _children(lines: tuple[Line, ...], k: int) -> list[Line]:
    parent = lines[k]
    below: list[Line] = []
    for line in lines[k + 1 :]:
        if line.level <= parent.level:
            break
        below.append(line)
    if not below:
        return []
    step = min(line.level for line in below)
    return [line for line in below if line.level == step]


@rule("A-STATEMENT-SUM", "收支总表中每一类等于其各项之和，合计等于各类之和")
def statement_sums(ctx: Context) -> Outcome:
    out = Outcome()
    for t in statements(ctx):
        for col in columns(t):
            lines = col.lines
            for k, line in enumerate(lines):
                kids = _children(lines, k) if line.level >= 0 else []
                if line.level >= 0 and kids and any(x.value is not None for x in kids):
                    out.checked += 1
                    values = [x.value or ZERO for x in kids]
                    # a flat list may hold subtotals of the items after them
                    if line.value is None or abs(line.value - _nested(values)) > t.slack(len(values)):
                        _compare(out, t, line, sum(values, ZERO), "其下各项之和", parts=len(values))
            heads = [x for x in lines if x.level == 0]
            totals = [x for x in lines if x.level == -1 and not CARRY.search(x.text)]
            if heads and totals:
                out.checked += 1
                _compare(out, t, totals[0], sum((x.value or ZERO for x in heads), ZERO), "各类之和", parts=len(heads))
    return out


def _nested(values: list[Decimal]) -> Decimal:
    """The sum of a flat list read as nested: an item equal to the sum of the items right after it is
    their subtotal (without indentation, 纳入公共预算管理的非税收入拨款 is followed by its own parts)."""
    total, k = ZERO, 0
    while k < len(values):
        total += values[k]
        run, j = ZERO, k + 1
        while values[k] and j < len(values) and run < values[k]:
            run += values[j]
            j += 1
        k = j if values[k] and run == values[k] else k + 1
    return total


def _compare(out: Outcome, t: Table, line: Line, want: Decimal, what: str, *, parts: int) -> None:
    got = line.value
    if got is None or abs(got - want) > t.slack(parts):
        shown = "空白" if got is None else f"{got:,.2f}"
        out.findings.append(
            statement_sums.finding(
                t.sheet.file, t.ref(line.row, line.col), f"{t.name}“{line.text}”为 {shown}，{what}为 {want:,.2f}"
            )
        )


@rule("A-STATEMENT-BALANCE", "收支总表收入总计等于每一栏支出总计")
def statement_balance(ctx: Context) -> Outcome:
    out = Outcome()
    for t in statements(ctx):
        finals = []
        for col in columns(t):
            ends = [x for x in col.lines if x.level == -1 and x.text.endswith("总计")]
            if ends and ends[-1].value is not None:
                finals.append((col, ends[-1]))
        if len(finals) < 2:
            continue
        out.checked += 1
        first_col, first = finals[0]
        for col, line in finals[1:]:
            if line.value != first.value:
                out.findings.append(
                    statement_balance.finding(
                        t.sheet.file,
                        t.ref(line.row, line.col),
                        f"{t.name}{col.side}栏的“{line.text}”为 {line.value:,.2f}，"
                        f"{first_col.side}栏的“{first.text}”为 {first.value:,.2f}，收支总表必须平衡",
                    )
                )
    return out


@rule("A-STATEMENT-LABEL", "收支总表收入栏的合计行写作收入")
def statement_label(ctx: Context) -> Outcome:
    out = Outcome()
    for t in statements(ctx):
        for col in columns(t):
            if col.side != "收入":
                continue
            for line in col.lines:
                if line.level == -1 and not CARRY.search(line.text):
                    out.checked += 1
                    if "支出" in line.text:
                        out.findings.append(
                            statement_label.finding(
                                t.sheet.file,
                                t.ref(line.row, line.col - 1),
                                f"{t.name}收入栏的合计行写作“{line.text}”，应为“{line.text.replace('支出', '收入')}”",
                            )
                        )
    return out


@rule("A-NUMBERING", "编号连续且编号后有顿号")
def numbering(ctx: Context) -> Outcome:
    out = Outcome()
    for t in statements(ctx):
        for col in columns(t):
            n = 0
            for line in col.lines:
                if line.level == 0:
                    n = next((k for k in range(1, 40) if line.text.startswith(numeral(k) + "、")), n)
                    continue
                expected = numeral(n + 1)
                if n and line.level > 0 and line.text.startswith(expected) and line.text[len(expected)] not in NUMERALS:
                    out.checked += 1
                    out.findings.append(
                        numbering.finding(
                            t.sheet.file,
                            t.ref(line.row, line.col - 1),
                            f"{t.name}“{line.text}”缺少编号后的顿号，应为“{expected}、{line.text[len(expected) :]}”",
                        )
                    )
                    n += 1
            out.checked += 1
    return out
