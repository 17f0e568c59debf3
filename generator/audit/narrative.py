"""The 万元 figures of a narrative, each with the table figure its words name.

A figure's words are the text since the previous figure, cut at the last
sentence break, colon or semicolon (``其中，公务接待费5.94万元``). The first
profile label found there names the table figure; a segment that is only
filler (``2020年年初预算数为``) takes the label from the paragraph's text
before it (``（一）基本支出：``); a segment that names something else is
compared with the project list (exactly, or by spelling similarity).
Figures of a change (``较去年增加了10.9万元``) and of last year (``2019年预算数为8.20万元``) are kept
apart: they are checked by the year-on-year rules (``changes.py``), not against this year's tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from difflib import SequenceMatcher

from budgetgen.audit.audit_cross import project_rows
from budgetgen.audit.context import Context, Figure
from budgetgen.audit.package import Paragraph
from budgetgen.audit.table import Table, amount, norm
from budgetgen.money import to_wan

WAN = re.compile(r"(-?\d[\d,]*(?:\.+\d+)?)\s*(万元|万(?![人台辆个]))")
#: A 万元 figure, or a 元 figure (``一般公共预算支出1,085,203.63元``: some counties write their narratives in 元).
FIGURE = re.compile(r"(-?\d[\d,]*(?:\.+\d+)?)\s*(万元|万(?![人台辆个])|元)")
#: Words before a 元 figure that make it a rate, not an amount (``按每人每年5000元的标准``).
RATE = re.compile(r"每|标准|人均|单价|以上|以下|限额|不超过|不低于")
CHANGE = re.compile(r"较|比上年|比去年|增加|减少|增长|下降|持平|上升|降低")
FILLER = re.compile(r"^[\s\d年初本预算数为是共计其中合计总额安排当的，,、（）()一二三四五六七八九十]*$")
CUT = re.compile(r"[。；;：:]")
HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True, slots=True)
class NarrFigure:
    """One 万元 figure of the narrative."""

    para: Paragraph
    raw: str
    value: Decimal
    """In 万元 (a 元 figure divided by 10000, exactly)."""
    unit: str
    words: str
    kind: str
    """``label``, ``project``, ``change``, ``prior`` (last year's figure, ``2019年预算数为8.20万元``), ``part`` (a
    breakdown inside parentheses) or ``unmatched``."""
    key: str = ""
    table: Figure | None = None
    project: str = ""
    places: int = 2
    """The decimals the document writes its 万元 figures to: 2, or fewer when no figure has 2 (a narrative
    that writes ``1,039.8万元`` throughout compares each figure with the table's rounded to one decimal)."""

    def expected(self) -> Decimal | None:
        """The table's figure as this one should say it: in 万元 to the document's decimals; for a 元 figure,
        the table's 元 exactly (a 万元 table: its 万元)."""
        if self.table is None:
            return None
        if self.unit == "元" and self.table.table.scale == 1:
            return self.table.value.quantize(Decimal("0.01")) / 10000
        wan = to_wan(self.table.value.quantize(Decimal("0.01")))
        return wan if self.places >= 2 else wan.quantize(self.step(), rounding=ROUND_HALF_UP)

    def step(self) -> Decimal:
        return Decimal(1).scaleb(-min(self.places, 2))

    def stated(self) -> Decimal:
        """The figure as compared with :meth:`expected` (a 元 figure beside a 万元 table: rounded to 万元)."""
        if self.unit == "元" and self.table is not None and self.table.table.scale != 1:
            return self.value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return self.value

    def is_rounding(self) -> bool:
        """Off by one step (0.01) because the 元 figure was rounded another way (down, half-even, up)."""
        if self.table is None or self.unit == "元":
            return False
        exact = self.table.value / Decimal(10000)
        other = {exact.quantize(self.step(), rounding=m) for m in (ROUND_DOWN, ROUND_HALF_EVEN, ROUND_UP)}
        return (
            self.value != self.expected()
            and self.value in other
            and abs(self.value - (self.expected() or 0)) <= self.step()
        )


def decimals(raw: str) -> int:
    """The decimals a figure is written with (``1,039.8万元`` → 1)."""
    digits = re.sub(r"\.+", ".", raw.split("万", maxsplit=1)[0].strip())
    return len(digits.split(".")[1]) if "." in digits else 0


def document_places(figures: list[NarrFigure]) -> int:
    """2 when any figure is written with two or more decimals, else the most any figure has."""
    most = max((decimals(f.raw) for f in figures if f.unit != "元"), default=2)
    return 2 if most >= 2 else most


def _heading(ctx: Context, para: Paragraph) -> str:
    """The section heading a paragraph stands under (``三、一般公共预算支出预算情况``), or ""."""
    if "headings" not in ctx.memo:
        heads: dict[int, str] = {}
        current = ""
        for p in ctx.paragraphs:
            if HEADING.match(p.text.strip()) and not WAN.search(p.text) and len(p.text.strip()) <= 30:
                current = p.text.strip()
            heads[id(p)] = current
        ctx.memo["headings"] = heads
    return str(ctx.memo["headings"].get(id(para), ""))


def _in_context(ctx: Context, entry: object, para: Paragraph) -> bool:
    """A label's ``context`` is found in its paragraph or in the heading of its section."""
    context = str(entry.get("context", "")) if isinstance(entry, dict) else ""
    return not context or bool(re.search(context, _heading(ctx, para) + para.text))


def _label(ctx: Context, text: str, para: Paragraph) -> tuple[str, str, Figure | None] | None:
    """(figure reference, the words that named it, the table figure) of the first profile label in ``text``."""
    for entry in ctx.data.get("labels") or []:
        m = re.search(str(entry["words"]), text)
        if m and _in_context(ctx, entry, para):
            if entry.get("figure") is None:  # named, but no table shows it (or not on this definition)
                return f"none:{m[0]}", m[0], None
            found = ctx.figures(entry["figure"])
            if found and entry.get("sum"):  # every row the reference reads (政府采购 by 采购类别)
                found = [Figure(sum((f.value for f in found), Decimal(0)), found[0].table, found[0].row, found[0].col)]
            return str(entry["figure"]), m[0], (found[0] if found else None)
    return None


def _row_names(t: Table) -> Iterator[tuple[str, int, int]]:
    """(name, row, amount column) of each row: its label texts, and for rows of joined function codes
    (201, 20103, 2010301) also the path ``类名（类）款名（款）项名（项）`` the narrative writes."""
    names: dict[str, str] = {}
    for r in t.data_rows:
        cols = sorted(t.text_cols(r))
        for c in cols:
            label = re.sub(r"^[一二三四五六七八九十]+、", "", norm(t.sheet.value(r, c)))
            right = [k for k in t.numeric if k > c and amount(t.sheet.value(r, k)) is not None]
            if len(label) >= 4 and right and (c + 1 in right or c == cols[-1]):
                yield label, r, (c + 1 if c + 1 in right else right[0])
        code = norm(t.sheet.value(r, cols[0])) if len(cols) > 1 else ""
        right = [k for k in t.numeric if k > cols[-1] and amount(t.sheet.value(r, k)) is not None] if cols else []
        if code.isdigit() and len(code) in (3, 5, 7) and right:
            names[code] = norm(t.sheet.value(r, cols[1]))
            parts = [names.get(code[:n]) for n in (3, 5, 7) if n <= len(code)]
            if all(parts):
                levels = "".join(f"{name}（{lv}）" for name, lv in zip(parts, "类款项", strict=False))
                yield levels, r, right[0]


def _row_labels(ctx: Context) -> list[tuple[object, dict[str, Figure]]]:
    """For each of the profile's ``row_labels`` (a table name, or {sheet, context}): its row names → their
    amount (names shown twice with two values left out)."""
    if "rows" in ctx.memo:
        return list(ctx.memo["rows"])
    out: list[tuple[object, dict[str, Figure]]] = []
    for entry in ctx.data.get("row_labels") or []:
        t = ctx.table(str(entry.get("sheet") if isinstance(entry, dict) else entry))
        if t is None:
            continue
        found: dict[str, list[Figure]] = {}
        for label, r, k in _row_names(t):
            found.setdefault(label, []).append(Figure(t.yuan(r, k) or Decimal(0), t, r, k))
        out.append((entry, {k: v[0] for k, v in found.items() if len({f.value for f in v}) == 1}))
    ctx.memo["rows"] = out
    return list(out)


def _row_label(ctx: Context, words: str, para: Paragraph) -> tuple[str, Figure] | None:
    plain = re.sub(r"(预算数?|为|共|是|合计)+$", "", norm(words))
    for entry, rows in _row_labels(ctx):
        if not _in_context(ctx, entry, para):
            continue
        hits = [(len(k), k, f) for k, f in rows.items() if plain.endswith(k)]
        if hits:
            return max(hits)[1], max(hits)[2]
    return None


def _named_elsewhere(ctx: Context) -> set[str]:
    """Every text cell of every table: a narrative item named exactly so is not a misspelled project."""
    if "cells" not in ctx.memo:
        ctx.memo["cells"] = {
            norm(c.value) for t in ctx.tables.values() for c in t.sheet.cells.values() if isinstance(c.value, str)
        }
    return set(ctx.memo["cells"])


def _projects(ctx: Context) -> list[tuple[str, Figure]]:
    spec = ctx.data.get("projects") or {}
    for name in spec.get("sheets", []):
        t = ctx.table(name)
        if t is None:
            continue
        out = []
        for project, (r, _) in project_rows(t, spec.get("marker", "")):
            cols = [c for c in t.numeric if amount(t.sheet.value(r, c)) is not None]
            if cols:
                out.append((project, Figure(t.yuan(r, cols[0]) or Decimal(0), t, r, cols[0])))
        if out:
            return out
    return []


def _project(
    words: str, value: Decimal, projects: list[tuple[str, Figure]], elsewhere: set[str]
) -> tuple[str, Figure] | None:
    plain = re.sub(r"^[，,、及和与]+|[，,、]+$", "", words)
    plain = re.sub(r"^(及|和|与|以及)", "", plain)
    if norm(plain) in elsewhere and norm(plain) not in {norm(n) for n, _ in projects}:
        return None
    best: tuple[float, str, Figure] | None = None
    for name, fig in projects:
        if name in plain:
            return name, fig
        ratio = SequenceMatcher(None, plain, name).ratio()
        same = to_wan(fig.value) == value
        if ratio >= 0.75 or (same and ratio >= 0.45):
            score = ratio + (0.5 if same else 0)
            if best is None or score > best[0]:
                best = (score, name, fig)
    return None if best is None else (best[1], best[2])


def _breakdown(text: str, at: int, key: str, value: Decimal, before: list[NarrFigure]) -> bool:
    """Inside parentheses after a figure (``一般公共预算拨款安排980.79万元（基本支出739.79万元；…）``), a label
    the paragraph already gave outside them with another value is that figure's part, not the total."""
    depth = sum(1 if ch in "（(" else -1 if ch in "）)" else 0 for ch in text[:at])
    return depth > 0 and any(
        f.para.text == text and f.key == key and f.value != value and f.kind == "label" for f in before
    )


def _glued(ctx: Context, number: str, words: str, projects: list[tuple[str, Figure]]) -> tuple[str, str]:
    """A name ending in digits written right before its amount (``村级建设项目1000.20万元``): the split that
    makes the words a project's name and the rest that project's amount."""
    head = number.split(".", maxsplit=1)[0]
    named = {norm(n): f for n, f in projects}
    for k in range(1, len(head)):
        fig = named.get(norm(words + number[:k]))
        rest = number[k:]
        leading_zero = len(rest.split(".", maxsplit=1)[0]) > 1 and rest.startswith("0")
        if fig is not None and not leading_zero and to_wan(fig.value) == Decimal(rest.replace(",", "")):
            return rest, words + number[:k]
    return number, words


def narrative_figures(ctx: Context) -> list[NarrFigure]:
    """Every 万元 (or 元) figure of every paragraph, classified (computed once per audit)."""
    if "figures" in ctx.memo:
        return list(ctx.memo["figures"])
    projects = _projects(ctx)
    year = ctx.year()
    prior = re.compile(r"(上年|去年|上一年)(?!结转|结余)" + (rf"|{year - 1}年(?!度?结转)" if year else ""))
    out: list[NarrFigure] = []
    for para in ctx.paragraphs:
        start = 0
        for m in FIGURE.finditer(para.text):
            before = para.text[start : m.start()]
            cut = [x.end() for x in CUT.finditer(before)]
            words = before[cut[-1] :] if cut else before
            words = words.strip(" ，,")
            number, words = _glued(ctx, m[1], words, projects)
            value = Decimal(re.sub(r"\.+", ".", number).replace(",", ""))
            if m[2] == "元":
                value /= 10000
            start = m.end()
            fig = NarrFigure(para, m[0], value, m[2], words, "unmatched")
            out.append(
                fig
                if m[2] == "元" and RATE.search(words)
                else _classify(ctx, fig, m, prior=prior, projects=projects, before=out)
            )
    places = document_places(out)
    if places < 2:
        out = [replace(f, places=places) for f in out]
    ctx.memo["figures"] = out
    return list(out)


def _classify(
    ctx: Context,
    fig: NarrFigure,
    m: re.Match[str],
    *,
    prior: re.Pattern[str],
    projects: list[tuple[str, Figure]],
    before: list[NarrFigure],
) -> NarrFigure:
    """What a figure is: a change, last year's, a part, a label's, a row's, a project's, or unmatched."""
    para, words, value = fig.para, fig.words, fig.value
    kind = "change" if CHANGE.search(words) else "prior" if prior.search(words) else ""
    if kind:
        return replace(fig, kind=kind)
    label = _label(ctx, words, para)
    if label is None and FILLER.match(words):
        label = _label(ctx, para.text[: m.start() - len(words)], para)
    if label is not None and _breakdown(para.text, m.start(), label[0], value, before):
        return replace(fig, words=label[1], kind="part", key=label[0])
    if label is not None:
        return replace(fig, words=label[1], kind="label", key=label[0], table=label[2])
    row = _row_label(ctx, words, para)
    if row is not None:
        return replace(fig, words=row[0], kind="label", key=f"row:{row[0]}", table=row[1])
    match = _project(words, value, projects, _named_elsewhere(ctx))
    return fig if match is None else replace(fig, kind="project", key=match[0], table=match[1], project=match[0])
