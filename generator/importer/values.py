"""Tolerant reading of one cell: amounts however a tool stored them, codes split or joined, header texts.

Amounts arrive as numbers, as text with thousands separators (``"1,234.5600"``),
in full-width digits (``"１２３"``), as a dash for nothing (``"-"``, ``"—"``) or
with more than two decimals. :func:`amount` reads each exactly and says when the
reading changed the figure (rounding to cents, a dash read as 0), so the caller
reports it at the cell instead of silently fixing it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from budgetgen.importer.grids import Formula

CENT = Decimal("0.01")
#: No budget figure (元, 人, 平方米) reaches this; a cell beyond it (or inf, NaN) is no amount.
MAX_AMOUNT = Decimal(10) ** 15
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
#: What accountants write for "nothing" in an amount column.
DASHES = frozenset({"-", "—", "–", "－", "——", "--", "/"})
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "【": "[", "】": "]"})


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as read: ``value`` (None for an empty cell) and, if reading changed it, why (Chinese)."""

    value: Decimal | None
    changed: str = ""
    unreadable: bool = False


def flat(text: object) -> str:
    """A text as matched: NFKC (full-width letters and digits to half-width), no spaces, one kind of brackets."""
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text))).translate(_PUNCT)


def _exact(raw: object) -> Decimal | Amount:
    """The exact number a cell holds, or the :class:`Amount` that says why it holds none."""
    if isinstance(raw, bool):
        return Amount(None, f"“{raw}”不是金额", unreadable=True)
    if isinstance(raw, Formula):
        return Amount(None, f"公式“{raw[:30]}”没有保存计算结果（用 Excel 打开、保存后再导入）", unreadable=True)
    if isinstance(raw, int | float):
        return Decimal(str(raw))  # the cell's shortest repr, never float arithmetic
    text = flat(raw)
    if text in DASHES:
        return Amount(Decimal(0), f"“{raw}”读作 0")
    if not _NUMBER.fullmatch(text):
        return Amount(None, f"“{raw}”不是金额", unreadable=True)
    return Decimal(text.replace(",", ""))


def amount(raw: object, *, digits: Decimal = CENT) -> Amount:
    """``raw`` as an amount to ``digits`` (cents by default); None for an empty cell."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Amount(None)
    exact = _exact(raw)
    if isinstance(exact, Amount):
        return exact if exact.value is None else Amount(exact.value.quantize(digits), exact.changed)
    if not exact.is_finite() or abs(exact) >= MAX_AMOUNT:
        return Amount(None, f"“{str(raw)[:30]}”超出金额的范围", unreadable=True)
    rounded = exact.quantize(digits, rounding=ROUND_HALF_UP)
    if rounded != exact:
        places = len(str(exact).partition(".")[2])
        return Amount(rounded, f"“{raw}”有 {places} 位小数，按四舍五入读作 {rounded}")
    return Amount(rounded)


def count(raw: object) -> tuple[int | Decimal | None, str, bool]:
    """A count (persons, vehicles, an area): whole numbers as int, else the Decimal to cents."""
    read = amount(raw)
    if read.value is None:
        return None, read.changed, read.unreadable
    value = read.value
    return (int(value) if value == value.to_integral_value() else value), read.changed, False


_JOINED = re.compile(r"^\[?(\d+(?:\s+\d+)*)\]?(.*)$")


def code(raw: object) -> tuple[str, str]:
    """A code cell as (digits, the rest): ``"201 03 01"``, ``2010301``, ``"[2010301]行政运行"`` → ``"2010301"``."""
    if isinstance(raw, bool) or raw is None:
        return "", ""
    if isinstance(raw, int | float):
        d = Decimal(str(raw))
        whole = d.is_finite() and abs(d) < MAX_AMOUNT and d == d.to_integral_value()
        return (str(int(d)), "") if whole else (str(raw), "")
    text = unicodedata.normalize("NFKC", str(raw)).strip().translate(_PUNCT)
    m = _JOINED.match(text)
    if not m:
        return text, ""
    return _SPACES.sub("", m[1]), m[2].strip()
