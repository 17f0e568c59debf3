"""Money: exact Decimal amounts in 元 and the single rounding policy for 万元.

Nothing in budgetgen converts money to or from ``float``. Amounts enter as
``Decimal`` (see :mod:`budgetgen.source`) and every 万元 figure is produced by
:func:`to_wan`, the one place where the rounding policy lives.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


def as_amount(value: int | Decimal | None) -> Decimal:
    """A schema-checked number (int or exact Decimal from the loader) as Decimal; None is 0."""
    return value if isinstance(value, Decimal) else Decimal(int(value or 0))


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Return the exact sum of ``amounts`` (``0.00`` for none)."""
    return sum(amounts, ZERO)


def to_wan(yuan: Decimal) -> Decimal:
    """万元 = ROUND_HALF_UP(元 / 10000, 2): the one rounding policy."""
    return (yuan / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_wan(yuan: Decimal) -> str:
    """Format 元 as a 万元 figure with exactly two decimals, e.g. ``260.27``."""
    return f"{to_wan(yuan):.2f}"


def fmt_yuan(yuan: Decimal) -> str:
    """Format 元 with thousands separators and two decimals, e.g. ``2,602,664.00``."""
    return f"{yuan.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def pct_change(current: Decimal, prior: Decimal) -> Decimal | None:
    """Percentage change from ``prior`` to ``current``, rounded to 0.01; None if no base."""
    if prior == 0:
        return None
    return ((current - prior) * 100 / prior).quantize(CENT, rounding=ROUND_HALF_UP)


def as_cell_number(value: Decimal) -> float:
    """The one place money leaves Decimal: an .xlsx cell stores an IEEE double.

    Exact for every amount the schema admits (at most 1e12 元 with two decimals, i.e. at most
    15 significant digits, which a double holds): ``Decimal(repr(as_cell_number(x))) == x``.
    A test proves the round trip with Hypothesis.
    """
    return float(value)
