"""Ledger coordinates in table specs: ``figures[kind=基本支出,econ=301]``.

A row's ``figures`` stand at the row's place in the realized ledger (a view's
sources, a unit, a 功能分类 code, a project). A coordinate binding narrows that
place along the ledger's other dimensions and reads the total there:

* ``kind``   — a kind of spending the profile names (基本支出, 项目支出, 其他支出);
* ``source`` — a fund source or a source group of the profile, or 合计;
* ``group``  — a project 类别 of the profile;
* ``econ``   — an economic 类 (3 digits) or 款 (5 digits) of the year's catalog;
* ``econ_group`` — a group of economic 类 the profile declares (``econ_groups``: 人员经费 = 301 + 303),
  so ``figures[kind=基本支出,econ_group=人员经费]`` reads what ``Figures.by_econ_group`` holds.

Dimensions are written ``name=value`` and joined by commas, each at most once.
A coordinate is checked when its spec loads (:func:`check`): an unknown
dimension or value is an ``E-TABLE-SPEC`` at the spec's line; economic codes are
checked against the catalog with the other codes. Reading (:func:`read`) sums
the row's ledger cells at the coordinate, never the postings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import cast

from budgetgen.model import Figures
from budgetgen.money import ZERO, total
from budgetgen.profile import Kind, Profile
from budgetgen.tables.load import SpecError

DIMENSIONS = ("kind", "source", "group", "econ", "econ_group")
TOTAL = "合计"


@dataclass(frozen=True, slots=True)
class Coord:
    """A parsed coordinate: each dimension's value, or None where the coordinate does not narrow it."""

    kind: str | None = None
    source: str | None = None
    group: str | None = None
    econ: str | None = None
    econ_group: str | None = None


@cache
def parse(key: str) -> Coord:
    """``kind=基本支出,econ=301`` → :class:`Coord`; raise :class:`SpecError` (without a place) if malformed."""
    parts: dict[str, str] = {}
    for item in key.split(","):
        name, eq, value = (s.strip() for s in item.partition("="))
        if not eq or not value:
            raise SpecError(f"坐标“{key}”中的“{item.strip()}”应写成 维度=值（维度：{'、'.join(DIMENSIONS)}）")
        if name not in DIMENSIONS:
            raise SpecError(f"坐标“{key}”中的维度“{name}”不是已知的维度（可用：{'、'.join(DIMENSIONS)}）")
        if name in parts:
            raise SpecError(f"坐标“{key}”中的维度“{name}”出现了两次")
        parts[name] = value
    return Coord(**parts)


def check(key: str, where: str, doms: Mapping[str, frozenset[str]]) -> tuple[tuple[str, str], ...]:
    """Check a coordinate's values against the profile's key sets; return its catalog codes (to check later).

    ``doms`` are :func:`budgetgen.tables.names.domains`; raise :class:`SpecError` at ``where``.
    """
    try:
        c = parse(key)
    except SpecError as exc:
        raise SpecError(f"{where}：{exc}") from None
    for name, value in (("kind", c.kind), ("source", c.source), ("group", c.group), ("econ_group", c.econ_group)):
        if value is not None and value not in doms[name]:
            known = "、".join(sorted(doms[name])) or "无：本方案的 profile.yaml 没有声明"
            raise SpecError(f"{where}：坐标“{key}”：{name}“{value}”不是已知的值（可用：{known}）")
    if c.econ is None:
        return ()
    if re.fullmatch(r"\d{3}", c.econ):
        if c.econ not in doms["class"]:
            raise SpecError(
                f"{where}: 坐标“{key}”：econ“{c.econ}”不是已知的经济分类类（可用：{'、'.join(doms['class'])}）"
            )
        return (("class", c.econ),)
    if not re.fullmatch(r"\d{5}", c.econ):
        raise SpecError(f"{where}：坐标“{key}”：econ“{c.econ}”应为经济分类的类（3 位）或款（5 位）代码")
    return (("econ", c.econ),)


Read = Callable[[Figures], Decimal]
_PLANS: dict[tuple[str, int], tuple[Profile, Read]] = {}


def read(figures: Figures, key: str, p: Profile) -> Decimal:
    """The total of a row's ledger cells at a coordinate."""
    hit = _PLANS.get((key, id(p)))
    if hit is None or hit[0] is not p:
        hit = _PLANS[(key, id(p))] = (p, _plan(parse(key), p))
    return hit[1](figures)


def _plan(c: Coord, p: Profile) -> Read:
    """How to read one coordinate: a field the row already has for the common ones, else its cells."""
    kind = None if c.kind is None else next(k for k, name in p.kind_names.items() if name == c.kind)
    whole = c.source in (None, TOTAL)
    classes = None if c.econ_group is None else frozenset(p.econ_groups[c.econ_group])
    if c.econ_group is not None and whole and kind is Kind.BASIC and c.group is None and c.econ is None:
        codes = p.econ_groups[c.econ_group]  # what Figures.by_econ_group holds, added in the same order
        return lambda f: total(f.by_class.get(code, ZERO) for code in codes)
    if c.group is None and c.econ is None and c.econ_group is None and kind is None:
        return lambda f: f.by_source.get(c.source or TOTAL, ZERO)
    if whole and c.group is None and c.econ is None and c.econ_group is None and kind is not None:
        field = {Kind.BASIC: "basic", Kind.PROJECT: "project", Kind.OTHER: "other"}[kind]
        return lambda f: cast(Decimal, getattr(f, field))
    if whole and kind is Kind.BASIC and c.group is None and c.econ is not None and classes is None:
        code = c.econ
        return lambda f: (f.by_class if len(code) == 3 else f.by_econ).get(code, ZERO)
    if whole and kind is None and c.econ is None and classes is None and c.group is not None:
        group = c.group
        return lambda f: f.by_group.get(group, ZERO)
    sources = None if whole else frozenset(p.source_groups.get(c.source or "", (c.source or "",)))

    def cells(f: Figures) -> Decimal:
        amount = ZERO
        for source, by_cell in f.cells.items():
            if sources is not None and source not in sources:
                continue
            for (k, group, econ), value in by_cell.items():
                kept = (kind is None or k is kind) and (c.group is None or group == c.group)
                kept = kept and (classes is None or econ[:3] in classes)
                if kept and (c.econ is None or econ[: len(c.econ)] == c.econ):
                    amount += value
        return amount

    return cells
