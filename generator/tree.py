"""Department-wide 类/款/项 and economic 类/款 rows of a view: each level the sum of the level below.

The national format prints its tables by classification rather than by unit;
these rows are read here, once, from the realized ledger (every amount in 元), and
tables and the 说明 only read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from budgetgen.model import Change, EconRow, Figures, FuncRow
from budgetgen.money import ZERO
from budgetgen.profile import Profile


def func_tree(
    codes: Iterable[str],
    figures_of: Callable[[str], Figures],
    name_of: Callable[[str], str],
    change_of: Callable[[str, str], Change | None] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> tuple[FuncRow, ...]:
    """A view's 类/款/项 rows (``codes``: every prefix spent on), in code order; ``figures_of`` reads a prefix.

    Each 类 = Σ its 款 and each 款 = Σ its 项, as ledger nodes are. A 3- or 5-digit
    code (an error, E-CODE-FUNC-LEVEL) stops at its level. A row carries the 较上年 of its
    ledger node (``change_of(code, reason)``, :func:`budgetgen.prior.change_at`): a 项 where
    last year's figures are declared, compared with 0 when last year lacks it.
    """
    rows = []
    for code in sorted(codes):
        level = {3: "lei", 5: "kuan"}.get(len(code), "xiang")
        amount = figures_of(code)
        why = (reasons or {}).get(code, "")
        before = None if change_of is None else change_of(code, why)
        path = tuple(name_of(code[:w]) for w in (3, 5, 7) if w <= len(code))
        label = f"{path[2]}（{path[1]}）" if len(path) == 3 else path[-1]
        lei, kuan, xiang = code[:3], code[3:5], code[5:7]
        rows.append(FuncRow(code, lei, kuan, xiang, label, amount, level, path[-1], before, path))
    return tuple(rows)


def econ_tree(by_econ: Mapping[str, Decimal], p: Profile, name_of: Callable[[str], str]) -> tuple[EconRow, ...]:
    """Basic spending per economic 类 and 款 (类 = Σ its 款), in code order, each with its profile group.

    ``by_econ`` is a view's basic spending per economic code (:attr:`Figures.by_econ`).
    """
    group_of = {code: g for g, codes in p.econ_groups.items() for code in codes}
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for econ, amount in by_econ.items():
        if econ:
            amounts[econ[:3]] += amount
            amounts[econ] += amount
    return tuple(
        EconRow(c, name_of(c), "lei" if len(c) == 3 else "kuan", amounts[c], group_of.get(c[:3], ""))
        for c in sorted(amounts)
    )
