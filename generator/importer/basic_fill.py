"""Basic lines (经济科目 × 功能科目 × 资金来源) whose sums are a marginal workbook's figures.

The 一般公共预算基本支出表 gives the public basic spending by 经济科目, the 一般公共预算支出表 by
功能科目 and econ group (人员经费, 公用经费); the cross is never printed. Each group is filled
north-west (codes in order × 功能科目 in order), exact in cents. Basic spending of other money has
no 经济科目 in any table: it goes under one code, and a comment says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetgen.importer.fields import REST_SUFFIX
from budgetgen.importer.margins import Margins
from budgetgen.importer.spread import matched
from budgetgen.profile import Profile


@dataclass(frozen=True)
class Line:
    """One basic line: 经济科目, 功能科目, leaf source, amount; ``guess``: what the tables did not say."""

    econ: str
    func: str
    source: str
    amount: Decimal
    guess: str = ""


def _group_of(code: str, p: Profile) -> str:
    return next((g for g, classes in p.econ_groups.items() if code[:3] in classes), "")


def public_lines(m: Margins, p: Profile, source: str, view: str) -> tuple[list[Line], list[str]]:
    """The public view's basic lines: per econ group, codes × 功能科目 filled north-west."""
    lines: list[Line] = []
    problems: list[str] = []
    by_func = m.views.get(view, {})
    groups = list(p.econ_groups) or [""]
    for group in groups:
        codes = [(c, v) for c, v in sorted(m.econ.items()) if _group_of(c, p) == group]
        funcs = [(f, sums.get(f"econ:{group}", Decimal(0))) for f, sums in sorted(by_func.items())]
        if not m.econ and group:  # no 基本支出表: each group under its first class's 其他 code
            codes = [(f"{p.econ_groups[group][0]}{REST_SUFFIX}", sum((v for _, v in funcs), Decimal(0)))]
        cells = matched(codes, funcs)
        many = len([c for c in codes if c[1]]) > 1 and len([f for f in funcs if f[1]]) > 1
        why = f"附表只有{group}按经济分类和按功能分类的合计，本行的功能分类是推定的" if many else ""
        lines += [Line(code, func, source, value, why) for code, func, value in cells]
        if sum((v for _, v in codes), Decimal(0)) != sum((v for _, v in funcs), Decimal(0)):
            problems.append(f"{group}：按经济分类的合计与按功能分类的合计不一致")
    return lines, problems


def guess_code(m: Margins, p: Profile) -> str:
    """The 经济科目 for basic spending no table details: the public view's largest, else the first class's 其他."""
    if m.econ:
        return max(sorted(m.econ), key=lambda c: m.econ[c])
    return f"{next(iter(p.basic_classes))}99"


def split_off(lines: list[Line], amount: Decimal, classes: tuple[str, ...]) -> tuple[list[Line], list[Line]]:
    """(kept, moved): lines of ``classes`` worth ``amount`` moved, from the last line back, cutting one if needed."""
    kept = list(lines)
    moved: list[Line] = []
    want = amount
    for i in range(len(kept) - 1, -1, -1):
        if want <= 0:
            break
        line = kept[i]
        if line.econ[:3] not in classes:
            continue
        take = min(want, line.amount)
        moved.append(Line(line.econ, line.func, line.source, take, line.guess))
        rest = line.amount - take
        if rest:
            kept[i] = Line(line.econ, line.func, line.source, rest, line.guess)
        else:
            del kept[i]
        want -= take
    moved.reverse()
    return kept, moved
