"""The realized ledger: every posting added once into a frozen tree of totals.

The tree's levels are unit → fund source → function 类 → 款 → 项 → economic 类 → 款
(an unclassified project remainder sits under economic ``""``); every node holds its
total and its total per kind (basic, project, other). A figure is then a coordinate,
``ledger.total(unit="001001", econ="301")``, read from the nodes instead of being
summed again from the postings. Fund-source groups are the profile's: a coordinate
may name a group, which reads the nodes of its member sources.

The nodes a table row stands on (a unit's source and its function 类/款/项) also hold
their amounts per :data:`Cell` (kind, group, economic code): the group is a basic
line's economic 类 or a project's 类别 (a project group of the profile), which is not an economic
code. :meth:`Ledger.split` reads those cells at a row's coordinate, per source, so
a row's figures (:func:`budgetgen.rowfigures.figures_at`) are reads, not sums over
filtered postings. Each project is realized in the same pass into its own node
(with its source below it), addressed by (unit, project name).

Each view of the profile (a set of sources: 全部, 一般公共预算拨款 …) is realized in the
same pass into a department-wide tree, view → function 类 → 款 → 项
(:attr:`Ledger.views`). Its nodes carry last year's figure where the source declares
one (:class:`Declared`): ``prior`` is None where nothing is declared, which is not
zero; the 较上年 comparison is read from the node (:meth:`Node.prior`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
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
    @property
    def group(self) -> str: ...
    @property
    def project(self) -> str | None: ...


Cell = tuple[Kind, str, str]
"""(kind, group, economic code or ``""``): the finest split a table row reads below its coordinate."""


#: The levels below the root, in order, and how a posting's coordinate is cut at each.
LEVELS: tuple[str, ...] = ("unit", "source", "func_class", "func_section", "func_item", "econ_class", "econ_section")


#: Levels whose nodes keep their cells (a unit's sources and their function 类/款/项).
_CELL_LEVELS = frozenset({2, 3, 4, 5})


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
    cells: Mapping[Cell, Decimal]
    """Amounts per (kind, group, economic code); kept on a unit's source and function nodes, else empty."""
    prior: Decimal | None = None
    """Last year's figure at this node, where declared (a view's root and 项 nodes); None: not declared."""

    def amount(self, kind: Kind | None) -> Decimal:
        """This node's total, or its total of one kind."""
        return self.total if kind is None else self.by_kind.get(kind, ZERO)


class _Building:
    """A mutable node while postings are added; frozen into a :class:`Node` once."""

    __slots__ = ("by_kind", "cells", "children", "total")

    def __init__(self) -> None:
        self.total = ZERO
        self.by_kind: dict[Kind, Decimal] = {}
        self.children: dict[str, _Building] = {}
        self.cells: dict[Cell, Decimal] = {}

    def add(self, kind: Kind, amount: Decimal) -> None:
        self.total += amount
        self.by_kind[kind] = self.by_kind.get(kind, ZERO) + amount

    def walk(self, keys: Iterable[str], p: Posting, cell: Cell, depth: int) -> None:
        """Add ``p`` to this node and to each node down ``keys`` (this node is at level ``depth``)."""
        node = self
        node.add(p.kind, p.amount)
        for key in keys:
            depth += 1
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Building()
            node = child
            node.add(p.kind, p.amount)
            if depth in _CELL_LEVELS:
                node.cells[cell] = node.cells.get(cell, ZERO) + p.amount

    def freeze(self, key: str, prior: Declared | None = None, depth: int = 0) -> Node:
        """The frozen node; ``prior`` (a view's declared figures) lands on the root and on the 项 nodes."""
        kids = {k: c.freeze(k, prior, depth + 1) for k, c in self.children.items()}
        before = None if prior is None else prior.at(key, depth)
        cells = MappingProxyType(self.cells)
        return Node(key, self.total, MappingProxyType(self.by_kind), MappingProxyType(kids), cells, before)


@dataclass(frozen=True, slots=True)
class Declared:
    """Last year's figures of one view as the source declares them (typed in ``上年`` or last year's source).

    ``total`` is the view's spending; ``items`` its spending per 功能分类 项 code. A declared
    list of 项 makes a 项 it does not name zero (spent on this year, not last year); None
    declares nothing.
    """

    total: Decimal | None = None
    items: Mapping[str, Decimal] | None = None

    def at(self, key: str, depth: int) -> Decimal | None:
        """The declared figure of a view tree's node: its root (depth 0) or a 项 (depth 3)."""
        if depth == 0:
            return self.total
        if depth == 3 and self.items is not None:
            return self.items.get(key, ZERO)
        return None


@dataclass(frozen=True, slots=True)
class Ledger:
    """The realized tree and the profile's source groups, read by coordinates."""

    root: Node
    groups: Mapping[str, tuple[str, ...]]
    projects: Mapping[tuple[str, str], Node] = field(default_factory=lambda: MappingProxyType({}))
    """Each project's own node by (unit, project name), with its source below (a project has one function)."""
    views: Mapping[str, Node] = field(default_factory=lambda: MappingProxyType({}))
    """Each view's department-wide tree: its sources' spending by function 类 → 款 → 项, with last year's."""

    def node(self, view: str, func: str = "") -> Node | None:
        """A view's node at a 功能分类 类, 款 or 项 code (its root for ``""``); None where nothing is spent."""
        node = self.views.get(view)
        for key in _prefixes(func):
            node = node.children.get(key) if node is not None else None
        return node

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

    def split(
        self,
        *,
        unit: str | None = None,
        project: str | None = None,
        sources: Collection[str] | None = None,
        func: str | None = None,
        exact: bool = False,
        kind: Kind | None = None,
    ) -> dict[str, dict[Cell, Decimal]]:
        """Cells per source at a row's coordinate: all units or one (or one of its projects), some sources.

        ``func`` is a 类/款/项 prefix; with ``exact`` only postings whose code is exactly ``func``
        (a unit's row of one 项 code). ``kind`` keeps the cells of one kind.
        """
        if project is not None and unit is not None:
            one = self.projects.get((unit, project))
            tops: Iterable[Node] = () if one is None else (one,)
        elif unit is not None:
            tops = (self.root.children[unit],) if unit in self.root.children else ()
        else:
            tops = self.root.children.values()
        keys = () if func is None else (func[:3], func[:5], func) if exact else _prefixes(func)
        out: dict[str, dict[Cell, Decimal]] = {}
        for top in tops:
            for source, node in top.children.items():
                if sources is not None and source not in sources:
                    continue
                found: Node | None = node
                for key in keys:
                    found = found.children.get(key) if found is not None else None
                if found is None:
                    continue
                into = out.setdefault(source, {})
                for cell, amount in found.cells.items():
                    if kind is None or cell[0] is kind:
                        into[cell] = into.get(cell, ZERO) + amount
        return out

    def func_codes(
        self, *, unit: str | None = None, sources: Collection[str] | None = None, kind: Kind | None = None
    ) -> tuple[set[str], set[str]]:
        """The function codes spent on at a coordinate: (every 类/款/项 prefix, the full codes as posted)."""
        tops = self.root.children.values() if unit is None else [self.root.children.get(unit) or _EMPTY]
        prefixes: set[str] = set()
        full: set[str] = set()
        for top in tops:
            for source, node in top.children.items():
                if sources is None or source in sources:
                    _codes(node, kind, prefixes, full)
        return prefixes, full


def _codes(source: Node, kind: Kind | None, prefixes: set[str], full: set[str]) -> None:
    for lei in source.children.values():
        for kuan in lei.children.values():
            for xiang in kuan.children.values():
                if kind is None or kind in xiang.by_kind:
                    prefixes.update((lei.key, kuan.key, xiang.key))
                    full.add(xiang.key)


_EMPTY = Node("", ZERO, MappingProxyType({}), MappingProxyType({}), MappingProxyType({}))


def _prefixes(func: str) -> tuple[str, ...]:
    return tuple(func[:size] for size in (3, 5, 7) if len(func) >= size)


def _sum(node: Node, wanted: list[Collection[str] | None], level: int, kind: Kind | None) -> Decimal:
    if all(w is None for w in wanted[level:]):
        return node.amount(kind)
    keys = wanted[level]
    children: Iterable[Node] = (
        node.children.values() if keys is None else (node.children[k] for k in keys if k in node.children)
    )
    return sum((_sum(child, wanted, level + 1, kind) for child in children), ZERO)


def realize(
    postings: Iterable[Posting],
    groups: Mapping[str, tuple[str, ...]],
    views: Mapping[str, Collection[str]] | None = None,
    prior: Mapping[str, Declared] | None = None,
) -> Ledger:
    """Add every posting once to each node on its paths (unit tree, project, views); freeze the trees.

    ``views`` are the profile's views (name → sources); ``prior`` last year's declared figures per view.
    """
    root = _Building()
    projects: dict[tuple[str, str], _Building] = {}
    trees = {name: _Building() for name in views or {}}
    into: dict[str, list[_Building]] = {}
    for p in postings:
        path, cell = _path(p), (p.kind, p.group, p.econ or "")
        root.walk(path, p, cell, 0)
        if p.project is not None:
            projects.setdefault((p.unit, p.project), _Building()).walk(path[1:2], p, cell, 1)
        mine = into.get(p.source)
        if mine is None:
            mine = into[p.source] = [trees[n] for n, sources in (views or {}).items() if p.source in sources]
        for tree in mine:  # function 类/款/项 only; started past the levels that keep cells
            tree.walk(path[2:5], p, cell, len(LEVELS))
    declared = prior or {}
    return Ledger(
        root.freeze(""),
        MappingProxyType(dict(groups)),
        MappingProxyType({k: b.freeze(k[1]) for k, b in projects.items()}),
        MappingProxyType({n: t.freeze(n, declared.get(n)) for n, t in trees.items()}),
    )
