"""The profile vocabulary the site needs: leaf funding sources, the 三公 items, the headline 三公 figure.

The model is gaining its profile (``Budget.profile``, ``Budget.sangong``) while
``budgetgen.classify`` goes away; until both branches have landed the site reads
whichever the model offers, so it renders the same pages before and after.
Drop the fallbacks once ``Budget.profile`` is in main.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, cast

from budgetgen.model import Budget


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


@dataclass(frozen=True, slots=True)
class SanGongItem:
    """One 三公 item: its name, the SanGong field holding it, its economic codes."""

    name: str
    field: str
    codes: tuple[str, ...]


_FIELDS = {
    "因公出国（境）费": "abroad",
    "公务用车购置费": "car_purchase",
    "公务用车运行维护费": "car_running",
    "公务接待费": "reception",
}
#: The scope of the 三公 figure the narrative states when the model does not say (一般公共预算拨款).
PUBLIC_SCOPE = "一般公共预算拨款"


def _profile(b: Budget) -> Any:
    return getattr(b, "profile", None)


def _classify() -> Any:
    return importlib.import_module("budgetgen.classify")


def leaf_sources(b: Budget) -> tuple[str, ...]:
    """The leaf funding sources (经费拨款 … 上年结转), in the profile's order."""
    profile = _profile(b)
    return tuple(profile.sources) if profile is not None else tuple(_classify().SOURCES)


def sangong_items(b: Budget) -> tuple[SanGongItem, ...]:
    """The 三公 items with their economic codes, in the profile's order."""
    profile = _profile(b)
    if profile is not None:
        return tuple(SanGongItem(i.name, i.field, tuple(i.codes)) for i in profile.sangong)
    return tuple(SanGongItem(n, _FIELDS[n], tuple(c)) for n, c in _classify().SANGONG.items())


def sangong_headline(b: Budget) -> tuple[SanGongFigures, str]:
    """The 三公 figures the narrative states and their scope in words (一般公共预算拨款 or 各项资金)."""
    facts = getattr(b, "sangong", None)
    if facts is not None:
        return cast(SanGongFigures, facts.headline), str(facts.scope)
    return b.figures.sangong_public, PUBLIC_SCOPE
