"""The figures a table row reads, from the ledger's cells at the row's coordinate.

:func:`figures_at` turns the cells :meth:`budgetgen.ledger.Ledger.split` returns into
:class:`~budgetgen.model.Figures`: totals per kind, per basic economic 类 and 款, per
project 类别, per fund source with the profile's groups, and 三公. Nothing here reads
a posting; :mod:`budgetgen.derive` re-exports these for the rest of the model.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from budgetgen.ledger import Cell
from budgetgen.model import Figures
from budgetgen.model_facts import SanGong
from budgetgen.money import ZERO, total
from budgetgen.profile import Kind, Profile

Amounts = Mapping[str, Decimal]


def frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a mapping, so the model stays immutable."""
    return MappingProxyType(dict(mapping))


class SourceAmounts(Mapping[str, Decimal]):
    """Amounts per leaf source, every group subtotal the profile declares (公共财政拨款, 非税…) and 合计.

    A group is added up when it is read: most rows read a few of the profile's sources
    and groups, so building all of them for every row cost more than the reads.
    """

    __slots__ = ("_groups", "_leaves", "_sources", "_total")

    def __init__(self, leaves: Amounts, p: Profile) -> None:
        self._leaves, self._sources, self._groups = leaves, p.sources, p.source_groups
        self._total = total(leaves.values())

    def __getitem__(self, key: str) -> Decimal:
        if key in self._groups:
            return total(self._leaves.get(m, ZERO) for m in self._groups[key])
        if key == "合计":
            return self._total
        if key in self._sources:
            return self._leaves.get(key, ZERO)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from self._sources
        yield from self._groups
        yield "合计"

    def __len__(self) -> int:
        return len(self._sources) + len(self._groups) + 1

    def __repr__(self) -> str:
        return repr(dict(self))


def with_source_groups(leaves: Amounts, p: Profile) -> Amounts:
    """Leaf sources plus every group subtotal the profile declares and 合计 (:class:`SourceAmounts`)."""
    return SourceAmounts(MappingProxyType(dict(leaves)), p)


_NO_SANGONG = SanGong(ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)


def sangong_of(items: Amounts, p: Profile) -> SanGong:
    """三公 figures from amounts per 三公 item (the profile names the item of each field)."""
    if not items:
        return _NO_SANGONG
    get = {i.field: items.get(i.name, ZERO) for i in p.sangong}
    car = get["car_purchase"] + get["car_running"]
    return SanGong(
        get["abroad"],
        get["car_purchase"],
        get["car_running"],
        get["reception"],
        car,
        total(get.values()),
    )


def figures_at(split: Mapping[str, Mapping[Cell, Decimal]], p: Profile) -> Figures:
    """The figures a table row reads, from the ledger's cells at the row's coordinate (:meth:`Ledger.split`).

    Per kind, per basic economic 类 (``by_class``), per project 类别 (``by_group``), per basic economic
    code (``by_econ``), per source with the profile's groups, 三公 (all sources and the public group).
    """
    basic_kind = Kind.BASIC
    by_kind = dict.fromkeys(Kind, ZERO)
    by_class: dict[str, Decimal] = {}
    by_group: dict[str, Decimal] = {}
    by_econ: dict[str, Decimal] = {}
    leaves: dict[str, Decimal] = {}
    item_of, public = p.sangong_by_econ, p.public_sources
    sangong: dict[str, Decimal] = {}
    sangong_public: dict[str, Decimal] = {}
    for source, cells in split.items():
        leaves[source] = total(cells.values())
        for (kind, group, econ), amount in cells.items():
            by_kind[kind] += amount
            if kind is basic_kind:
                by_class[group] = by_class.get(group, ZERO) + amount
                by_econ[econ] = by_econ.get(econ, ZERO) + amount
            else:
                by_group[group] = by_group.get(group, ZERO) + amount
            item = item_of.get(econ)
            if item is not None:
                sangong[item] = sangong.get(item, ZERO) + amount
                if source in public:
                    sangong_public[item] = sangong_public.get(item, ZERO) + amount
    basic, project, other = by_kind[Kind.BASIC], by_kind[Kind.PROJECT], by_kind[Kind.OTHER]
    cls = by_class.get
    return Figures(
        total=basic + project + other,
        basic=basic,
        project=project,
        other=other,
        project_and_other=project + other,
        by_class=_sorted(by_class),
        by_group=_sorted(by_group),
        by_econ=_sorted(by_econ),
        by_source=SourceAmounts(leaves, p),
        sangong=sangong_of(sangong, p),
        sangong_public=sangong_of(sangong_public, p),
        by_econ_group=frozen({g: total(cls(c, ZERO) for c in codes) for g, codes in p.econ_groups.items()}),
        cells=split,
    )


def _sorted(amounts: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    return frozen({k: amounts[k] for k in sorted(amounts)})
