"""Audit rules of a table's layout and wording: two side-by-side column blocks, misspelled headers."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import cache
from typing import Any

import yaml

from budgetgen.audit.audit_tables import grid_tables
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.table import EMPTY_NOTE, amount, col_letter, norm
from budgetgen.resources import templates_dir

_FULL_PARENS = str.maketrans("()", "（）")
#: How alike a header must be to a profile header to be reported as its misspelling.
SIMILAR = 0.75


@rule("A-HEADER-TWICE", "同一张表中一个栏目名只有一个含义")
def header_twice(ctx: Context) -> Outcome:
    out = Outcome()
    for t in grid_tables(ctx):
        groups = {h[0] for h in t.heads.values() if len(h) > 1}  # top-level column groups
        for c, h in sorted(t.heads.items()):
            out.checked += 1
            if len(h) > 1 and h[-1] in groups and h[0] != h[-1] and c in t.numeric:
                out.findings.append(
                    header_twice.finding(
                        t.sheet.file,
                        t.ref(t.header_rows[0] + len(h) - 1, c),
                        f"{t.name}的“{'/'.join(h)}”与另一栏目组“{h[-1]}”同名，读者无法分辨两者",
                    )
                )
    return out


@rule("A-SIDE-BY-SIDE", "一张表不分两栏排印", warn=True)
def side_by_side(ctx: Context) -> Outcome:
    out = Outcome()
    for t in grid_tables(ctx):
        out.checked += 1
        start = t.side_by_side
        if start is not None:
            out.findings.append(
                side_by_side.finding(
                    t.sheet.file,
                    t.ref(t.header_rows[0], start),
                    f"{t.name}从 {col_letter(start)} 列起把整个表头又排了一遍（一张表分两栏排印），"
                    "同一行的左右两栏是两条不同的记录，读者容易误读（审核已把右栏接在左栏之后读取核对）；请每行只列一条记录",
                )
            )
    return out


def _heads(raw: Any) -> Iterator[str]:
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key in ("head", "title") and isinstance(value, str) and "{" not in value:
                yield value
            if key == "rename" and isinstance(value, dict):  # a column group's header as one table prints it
                yield from (str(v) for v in value.values())
            yield from _heads(value)
    elif isinstance(raw, list):
        for value in raw:
            yield from _heads(value)


@cache
def header_vocabulary(profile: str) -> frozenset[str]:
    """Every literal header and title text of the profile's table specs (year templates left out)."""
    words: set[str] = set()
    for path in sorted((templates_dir() / profile / "tables").glob("*.yaml")):
        words |= {_spelling(h) for h in _heads(yaml.safe_load(path.read_text(encoding="utf-8")))}
    return frozenset(words)


def _spelling(text: str) -> str:
    return norm(text).translate(_FULL_PARENS)


@rule("A-HEADER-SPELLING", "表头文字与格式中的栏目名一致（疑似错字）", warn=True)
def header_spelling(ctx: Context) -> Outcome:
    """A header in the profile's old terms (公共财政拨款小计) is read in current terms, not reported as a typo."""
    vocabulary = header_vocabulary(ctx.profile)
    if not vocabulary:
        return Outcome(not_checked=f"格式“{ctx.profile}”没有表格定义")
    out = Outcome()
    for t in ctx.tables.values():
        seen: set[str] = set()
        top, end = t.header_rows
        for (r, c), cell in sorted(t.sheet.cells.items()):
            text = _spelling(ctx.wording(cell.value)) if isinstance(cell.value, str) else ""
            if not (top <= r < end) or not text or text in vocabulary or text in seen:
                continue
            seen.add(text)
            out.checked += 1
            best = max(vocabulary, key=lambda v: SequenceMatcher(None, text, v).ratio())
            if SequenceMatcher(None, text, best).ratio() >= SIMILAR:
                out.findings.append(
                    header_spelling.finding(
                        t.sheet.file, t.ref(r, c), f"{t.name}表头“{norm(cell.value)}”疑似错字，格式中的栏目名为“{best}”"
                    )
                )
    return out


@rule("A-EMPTY-NOTE-FIGURES", "注明“无此项”的表中没有不为零的数")
def empty_note_figures(ctx: Context) -> Outcome:
    """A note stands alone in its cell (``本单位无此项``); a table with one says it has nothing to show."""
    out = Outcome()
    for t in ctx.tables.values():
        notes = [
            (r, c)
            for r in t.data_rows
            for c in t.text_cols(r)
            if len(text := norm(t.sheet.value(r, c))) <= 20 and EMPTY_NOTE.search(text)
        ]
        if not notes:
            continue
        out.checked += 1
        shown = [(r, c, v) for r in t.data_rows for c in t.numeric if (v := amount(t.sheet.value(r, c)))]
        if shown:
            r, c, v = shown[0]
            nr, nc = notes[0]
            out.findings.append(
                empty_note_figures.finding(
                    t.sheet.file,
                    t.ref(nr, nc),
                    f"{t.name}注明“{norm(t.sheet.value(nr, nc))}”，表中却有 {len(shown)} 个不为零的数"
                    f"（如 {t.ref(r, c).split('!')[-1]} 为 {v.normalize():f}）：有数就删去说明，没有数就删去这些数",
                )
            )
    return out
