"""The narrative's year-on-year statements (``较2019年增加10.90万元，增长4.37%``), each with the figure it is
about and last year's figure, read once and shared by A-CHANGE, A-YOY, A-ZERO-BASE and A-ROUNDING.

This year's figure is the first 万元 figure of the statement's clause (the text since the last ``。`` or
``；``), else the first of its paragraph. Last year's figure is the one the sentence states (``比上年的8.20万元``,
``2019年预算数为8.20万元``), else the one a table shows: the profile's ``prior`` entries name, for the words of
this year's figure, the table cells of this year, of last year and of their difference (the mof 三公 and
机关运行经费 tables show last year beside this year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetgen.audit.context import Context, Figure
from budgetgen.audit.narrative import FIGURE, NarrFigure, narrative_figures
from budgetgen.audit.package import Paragraph
from budgetgen.money import to_wan

NUM = r"\d+(?:\.\d+)?"
#: An amount: 万元 or 元, with thousands separators (``减少43,506.06元``).
AMT = r"\d[\d,]*(?:\.\d+)?"
#: ``较上年无增减``, ``同比无增减变化``, ``与上年持平`` say the change is nil (``基本持平`` does not: not checked).
FLAT = r"(?<!基本)持平|无增减(?:变化)?|无变化|没有变化"
STATEMENT = re.compile(
    rf"(?:(?:较|比|与)(?P<base>上年|去年|上一年|20\d\d年)|同比)度?[^，,。；;0-9]{{0,10}}?(?:(?P<last>{AMT})\s*(?P<lunit>万元|元)?\s*)?"
    rf"(?:(?P<flat>{FLAT})|(?P<dir>增加|减少|增长|下降|上升|降低)了?\s*"
    rf"(?:(?P<amt>{AMT})\s*(?P<unit>万元|元)(?:\s*[，,]\s*(?:增长|下降|上升|降低|增加|减少|增幅|降幅)(?:了|为)?\s*(?P<pct>{NUM})\s*[%％])?"
    rf"|(?P<pct2>{NUM})\s*[%％]))"
)
DOWN = ("减少", "下降", "降低")
CLAUSE = re.compile(r"[。；;]")


@dataclass(frozen=True, slots=True)
class Change:
    """One year-on-year statement of the narrative."""

    para: Paragraph
    text: str
    this: Decimal | None
    """This year's figure in 万元: the table's when the profile names it, else the narrative's."""
    this_words: str
    sign: int
    """+1 for 增加/增长, -1 for 减少/下降, 0 for 持平 (无增减)."""
    amount: Decimal | None
    pct: Decimal | None
    last: Decimal | None
    """Last year's figure in 万元, stated or from a table; None when neither shows it."""
    last_from: str
    """Where last year's figure was read: ``说明`` or a table cell."""
    step: Decimal = Decimal("0.01")
    """How far a stated change may be from this year's less last year's, in 万元: 0.01 (each figure was
    rounded to 万元), or 0 when the statement is in 元 and so are the figures it is compared with."""

    @property
    def change(self) -> Decimal | None:
        """The signed change stated (0 for 持平), None when only a percentage is stated."""
        if self.sign == 0:
            return Decimal(0)
        return None if self.amount is None else self.amount * self.sign

    def prior(self) -> Decimal | None:
        """Last year's figure: shown, else this year's less the stated change."""
        if self.last is not None:
            return self.last
        if self.this is None or self.change is None:
            return None
        return self.this - self.change


EXACT = Decimal(0)


def _located(para: Paragraph, figures: list[NarrFigure]) -> list[tuple[int, NarrFigure]]:
    """(position in the paragraph, figure) of the paragraph's figures (one per 万元 or 元 match, in order)."""
    mine = [f for f in figures if f.para is para]
    return [(m.start(), f) for m, f in zip(FIGURE.finditer(para.text), mine, strict=False)]


def _wan(found: list[Figure] | None, exact: bool = False) -> Decimal | None:
    if not found:
        return None
    cents = found[0].value.quantize(Decimal("0.01"))
    return cents / 10000 if exact and found[0].table.scale == 1 else to_wan(cents)


def _table_years(ctx: Context, words: str, exact: bool) -> tuple[Decimal | None, Decimal | None, str]:
    """(this year, last year, where) from the first ``prior`` entry whose words name the figure (in 万元;
    ``exact``: to the 元 cent when the table is in 元)."""
    for entry in ctx.data.get("prior") or []:
        if not re.search(str(entry["words"]), words):
            continue
        last = ctx.figures(entry["last"])
        if last:
            this = _wan(ctx.figures(entry.get("this")), exact) if entry.get("this") else None
            return this, _wan(last, exact), last[0].cell
    return None, None, ""


def _amount(text: str | None, unit: str | None) -> Decimal | None:
    """A stated amount in 万元."""
    if not text:
        return None
    value = Decimal(text.replace(",", ""))
    return value / 10000 if unit == "元" else value


def changes(ctx: Context) -> list[Change]:
    """Every year-on-year statement of the narrative (computed once per audit)."""
    if "changes" in ctx.memo:
        return list(ctx.memo["changes"])
    figures = narrative_figures(ctx)
    out: list[Change] = []
    for para in ctx.paragraphs:
        located = _located(para, figures)
        for m in STATEMENT.finditer(para.text):
            before = [(at, f) for at, f in located if at < m.start()]
            clause = max((x.end() for x in CLAUSE.finditer(para.text, 0, m.start())), default=0)
            current = [(at, f) for at, f in before if f.kind not in ("change", "prior")]
            in_clause = [(at, f) for at, f in current if at >= clause]
            pick = in_clause or current
            subject = pick[0][1] if pick else None
            words = "" if subject is None else subject.words
            this = None if subject is None else subject.value
            in_yuan = m["unit"] == "元"
            exact = in_yuan and (subject is None or subject.unit == "元")
            last, last_from = None, ""
            stated = [f for at, f in before if f.kind == "prior" and at >= clause]
            if m["last"]:
                last, last_from = _amount(m["last"], m["lunit"] or m["unit"]), "说明"
            elif stated:
                last, last_from = stated[-1].value, "说明"
                exact = exact and stated[-1].unit == "元"
            elif subject is not None:
                table_this, last, last_from = _table_years(ctx, words, exact)
                this = table_this if table_this is not None else this
            pct = m["pct"] or m["pct2"]
            out.append(
                Change(
                    para,
                    m[0],
                    this,
                    words,
                    0 if m["flat"] else -1 if m["dir"] in DOWN else 1,
                    _amount(m["amt"], m["unit"]),
                    Decimal(pct) if pct else None,
                    last,
                    last_from,
                    EXACT if exact else Decimal("0.01"),
                )
            )
    ctx.memo["changes"] = out
    return list(out)


def differences(ctx: Context) -> list[tuple[Figure, Figure, Figure]]:
    """(this year, last year, difference) cells of the tables that show all three (the profile's ``prior``
    entries with a ``change`` reference)."""
    out = []
    for entry in ctx.data.get("prior") or []:
        refs: list[Any] = [entry.get("this"), entry.get("last"), entry.get("change")]
        if not all(refs):
            continue
        this, last, shown = (ctx.figures(r) for r in refs)
        if this and last and shown:
            out.append((this[0], last[0], shown[0]))
    return out


def percent(change: Decimal, prior: Decimal, stated: Decimal) -> tuple[Decimal, bool]:
    """The percentage computed to the stated number's decimals, and whether the stated one is within a step."""
    exponent = stated.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    computed = (abs(change) / prior * 100).quantize(step)
    return computed, abs(computed - stated) <= step


def rounding_changes(ctx: Context) -> list[Change]:
    """Stated changes 0.01 off this year's less last year's: the 元 figures were rounded separately."""
    return [c for c in changes(ctx) if c.step == Decimal("0.01") and off(c) == Decimal("0.01")]


def off(c: Change) -> Decimal | None:
    if c.change is None or c.last is None or c.this is None:
        return None
    return abs(c.change - (c.this - c.last))
