"""Model records for what the narrative states: fund sources, 机关运行经费 and 三公 in their scopes.

Plain frozen records, built only by :mod:`budgetgen.narrate`; the narrative
template reads them and never computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SanGong:
    """三公 figures: the three items, with 公务用车 split into 购置 and 运行维护."""

    abroad: Decimal
    car_purchase: Decimal
    car_running: Decimal
    reception: Decimal
    car_total: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class FundLine:
    """One fund-source heading (一般公共预算拨款, 政府性基金拨款 …) and what it brings and pays for."""

    name: str
    income: Decimal
    spending: Decimal
    basic: Decimal
    project: Decimal
    other: Decimal
    parts: tuple[tuple[str, Decimal], ...]
    """Non-zero income parts, only when the heading has more than one source or a part named otherwise."""
    projects: tuple[str, ...]
    """项目支出 projects paid from this heading, in source order."""
    others: tuple[str, ...]
    """其他支出 items paid from this heading, in source order."""


@dataclass(frozen=True, slots=True)
class RunningCostFacts:
    """机关运行经费 and the words of the rule that computed it."""

    amount: Decimal
    subject: str
    """The units the definition counts, in words (行政单位和参照公务员法管理的事业单位)."""
    money: str
    """The money it counts (一般公共预算拨款 or 各项资金)."""
    units: tuple[str, ...]
    """Names of this department's units that the definition counts."""
    excluded: tuple[str, ...]
    """Names of this department's units it does not count (e.g. 事业单位 that are not 参公)."""


@dataclass(frozen=True, slots=True)
class SanGongFacts:
    """三公经费: the figure in the declared scope, the table's all-source 合计, and who else pays."""

    scope: str
    """The declared scope of the headline figure, in words: 一般公共预算拨款 or 各项资金."""
    scope_all: bool
    """True when the headline figure counts every source (it is then the table's 合计 itself)."""
    headline: SanGong
    table_total: SanGong
    """All sources: the 合计 row of the 三公经费表."""
    public: SanGong
    """一般公共预算拨款 only: the table's “其中” column."""
    others: tuple[tuple[str, Decimal], ...]
    """Fund headings other than 一般公共预算拨款 that pay for 三公, with their amounts."""
    prior_scope: str
    """The scope the prior-year 三公 figure was declared in, in words (the comparison uses it)."""

    @property
    def prior_all(self) -> bool:
        """True when the prior-year figure (and so the 较上年 comparison) counts every source, not only public money."""
        return self.scope_all if self.prior_scope == self.scope else not self.scope_all

    @property
    def compared(self) -> SanGong:
        """This year's 三公 in the prior-year figure's scope: the figure the 较上年 comparison is of."""
        return self.table_total if self.prior_all else self.public
