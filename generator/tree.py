"""Department-wide 类/款/项 and economic 类/款 rows of a view: each level the sum of the level below.

The national format prints its tables by classification rather than by unit;
these rows are derived here, once, from the postings (every amount in 元), and
tables and the 说明 only read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from budgetgen.derive import change, figures
from budgetgen.model import EconRow, FuncRow, Posting
from budgetgen.money import ZERO
from budgetgen.profile import Kind, Profile


def func_tree(
    postings: Sequence[Posting],
    p: Profile,
    name_of: Callable[[str], str],
    prior: Mapping[str, Decimal] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> tuple[FuncRow, ...]:
    """A view's 类/款/项 rows: each 类 = Σ its 款, each 款 = Σ its 项 (all sums of postings), in code order.

    A 项 row carries its 较上年 when ``prior`` (上年 by 项 code) is given; a 项 the
    prior year lacks compares with 0.
    """
    by_code: dict[str, list[Posting]] = defaultdict(list)
    for x in postings:
        for width in (3, 5, 7):
            if len(x.func) >= width:  # a 3- or 5-digit code (an error, E-CODE-FUNC-LEVEL) stops at its level
                by_code[x.func[:width]].append(x)
    rows = []
    for code in sorted(by_code):
        level = {3: "lei", 5: "kuan"}.get(len(code), "xiang")
        before = None if prior is None or level != "xiang" else prior.get(code, ZERO)
        amount = figures(by_code[code], p)
        why = (reasons or {}).get(code, "")
        path = tuple(name_of(code[:w]) for w in (3, 5, 7) if w <= len(code))
        label = f"{path[2]}（{path[1]}）" if len(path) == 3 else path[-1]
        lei, kuan, xiang = code[:3], code[3:5], code[5:7]
        rows.append(
            FuncRow(code, lei, kuan, xiang, label, amount, level, path[-1], change(amount.total, before, why), path)
        )
    return tuple(rows)


def econ_tree(postings: Sequence[Posting], p: Profile, name_of: Callable[[str], str]) -> tuple[EconRow, ...]:
    """Basic spending per economic 类 and 款 (类 = Σ its 款), in code order, each with its profile group."""
    group_of = {code: g for g, codes in p.econ_groups.items() for code in codes}
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for x in postings:
        if x.kind is Kind.BASIC and x.econ:
            amounts[x.econ[:3]] += x.amount
            amounts[x.econ] += x.amount
    return tuple(
        EconRow(c, name_of(c), "lei" if len(c) == 3 else "kuan", amounts[c], group_of.get(c[:3], ""))
        for c in sorted(amounts)
    )
