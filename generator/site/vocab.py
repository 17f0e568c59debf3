"""The profile vocabulary the site needs: leaf funding sources, the 三公 items, the headline 三公 figure.

Sources and 三公 items come from the model's profile (``Budget.profile``). The
headline 三公 figure is the one the narrative states: ``Budget.sangong.headline``
once the model carries 三公 in its declared scope (``SanGongFacts``), until then
the figures of the profile's public funds. Drop that fallback once ``Budget.sangong`` is in main.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, cast

from budgetgen.model import Budget
from budgetgen.profile import Kind, SanGongItem

__all__ = [
    "ALL_SCOPE",
    "SanGongFigures",
    "SanGongItem",
    "kind_name",
    "leaf_sources",
    "public_scope",
    "sangong_headline",
    "sangong_items",
]

#: The scope that counts every funding source.
ALL_SCOPE = "各项资金"


class SanGongFigures(Protocol):
    """The 三公 figures of one scope (the model's ``SanGong``)."""

    @property
    def abroad(self) -> Decimal: ...
    @property
    def car_purchase(self) -> Decimal: ...
    @property
    def car_running(self) -> Decimal: ...
    @property
    def reception(self) -> Decimal: ...
    @property
    def total(self) -> Decimal: ...


def leaf_sources(b: Budget) -> tuple[str, ...]:
    """The leaf funding sources (经费拨款 … 上年结转), in the profile's order."""
    return tuple(b.profile.sources)


def sangong_items(b: Budget) -> tuple[SanGongItem, ...]:
    """The 三公 items (name, SanGong field, economic codes), in the profile's order."""
    return tuple(b.profile.sangong)


def public_scope(b: Budget) -> str:
    """The narrative's name of the profile's public funds (一般公共预算拨款 for 公共财政拨款)."""
    return next((name for name, key in b.profile.income_headings if key == b.profile.public), b.profile.public)


def kind_name(b: Budget, kind: Kind) -> str:
    """基本支出, 项目支出 or 其他支出, as the profile names them."""
    return b.profile.kind_names[kind]


def sangong_headline(b: Budget) -> tuple[SanGongFigures, str]:
    """The 三公 figures the narrative states and their scope in words (一般公共预算拨款 or 各项资金)."""
    facts = getattr(b, "sangong", None)
    if facts is not None:
        return cast(SanGongFigures, facts.headline), str(facts.scope)
    return b.figures.sangong_public, public_scope(b)
