"""The realized ledger: every posting added once into a frozen tree of totals.

The tree's levels are unit → fund source → function 类 → 款 → 项 → economic 类 → 款
(an unclassified project remainder sits under economic ``""``); every node holds its
total and its total per kind (basic, project, other). A figure is then a coordinate,
``ledger.total(unit="001001", econ="301")``, read from the nodes instead of being
summed again from the postings. Fund-source groups are the profile's: a coordinate
may name a group, which reads the nodes of its member sources.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Protocol

from budgetgen.money import ZERO
from budgetgen.profile import Kind


class Posting(Protocol):
    """What the ledger reads of a posting (:class:`budgetgen.model.Posting`)."""

    @property
    def unit(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def func(self) -> str: ...
    @property
    def econ(self) -> str | None: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def amount(self) -> Decimal: ...


#: The levels below the root, in order, and how a posting's coordinate is cut at each.
LEVELS: tuple[str, ...] = ("unit", "source", "func_class", "func_section", "func_item", "econ_class", "econ_section")


def _path(p: Posting) -> tuple[str, ...]:
    econ = p.econ or ""
    return (p.unit, p.source, p.func[:3], p.func[:5], p.func, econ[:3], econ)


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the tree: its totals and its children by key."""

    key: str
    total: Decimal
    by_kind: Mapping[Kind, Decimal]
    children: Mapping[str, Node]

    def amount(self, kind: Kind | None) -> Decimal:
        """This node's total, or its total of one kind."""
        return self.total if kind is None else self.by_kind.get(kind, ZERO)


class _Building:
    """A mutable node while postings are added; frozen into a :class:`Node` once."""

    __slots__ = ("by_kind", "children", "total")

    def __init__(self) -> None:
        self.total = ZERO
        self.by_kind: dict[Kind, Decimal] = {}
        self.children: dict[str, _Building] = {}

    def add(self, kind: Kind, amount: Decimal) -> None:
        self.total += amount
        self.by_kind[kind] = self.by_kind.get(kind, ZERO) + amount

    def freeze(self, key: str) -> Node:
        kids = {k: c.freeze(k) for k, c in self.children.items()}
        return Node(key, self.total, MappingProxyType(self.by_kind), MappingProxyType(kids))


@dataclass(frozen=True, slots=True)
class Ledger:
    """The realized tree and the profile's source groups, read by coordinates."""

    root: Node
    groups: Mapping[str, tuple[str, ...]]

    def total(
        self,
        *,
        unit: str | None = None,
        source: str | None = None,
        func: str | None = None,
        econ: str | None = None,
        kind: Kind | None = None,
    ) -> Decimal:
        """The total at a coordinate; an omitted part means all. ``func``/``econ`` may be a 类, 款 or 项 code.

        ``source`` may be a leaf source or a group of the profile; ``econ=""`` is the unclassified remainder.
        """
        wanted: list[Collection[str] | None] = [None] * len(LEVELS)
        wanted[0] = None if unit is None else (unit,)
        wanted[1] = None if source is None else self.groups.get(source, (source,))
        for code, first, sizes in ((func, 2, (3, 5, 7)), (econ, 5, (3, 5))):
            if code is not None:
                for i, size in enumerate(sizes):
                    if len(code) >= size or (code == "" and i == 0):
                        wanted[first + i] = (code[:size],)
        return _sum(self.root, wanted, 0, kind)

    def children(self, *keys: str) -> Mapping[str, Node]:
        """The nodes one level below a path of keys (``children(unit)`` → its sources); empty if absent."""
        node: Node | None = self.root
        for key in keys:
            node = node.children.get(key) if node is not None else None
        return node.children if node is not None else MappingProxyType({})


def _sum(node: Node, wanted: list[Collection[str] | None], level: int, kind: Kind | None) -> Decimal:
    if all(w is None for w in wanted[level:]):
        return node.amount(kind)
    keys = wanted[level]
    children: Iterable[Node] = (
        node.children.values() if keys is None else (node.children[k] for k in keys if k in node.children)
    )
    return sum((_sum(child, wanted, level + 1, kind) for child in children), ZERO)


def realize(postings: Iterable[Posting], groups: Mapping[str, tuple[str, ...]]) -> Ledger:
    """Add every posting once to each node on its path; freeze the tree."""
    root = _Building()
    for p in postings:
        kind, amount, node = p.kind, p.amount, root
        node.add(kind, amount)
        for key in _path(p):
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Building()
            node = child
            node.add(kind, amount)
    return Ledger(root.freeze(""), MappingProxyType(dict(groups)))
