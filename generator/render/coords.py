"""Ledger coordinates in the narrative: ``fig("kind=基本支出,source=公共财政拨款")``.

The narrative reads a department-wide figure by the same coordinate a table spec
writes (:mod:`budgetgen.tables.coord`, one parser): dimensions ``kind``,
``source``, ``group`` and ``econ``, joined by commas. ``fig`` returns the total of
the ledger's cells there (元, a Decimal); the template prints it with ``wan`` and
never computes with it.

Every ``fig`` call of a template, and of the templates it includes, is checked
against the profile (and the year's economic codes) before the first render
(:func:`check_template`): an unknown dimension or value, or a coordinate that is
not written in the template as a plain string, is a
:class:`jinja2.TemplateSyntaxError` at the template's file and line — reported
as ``E-TEMPLATE`` — never a silent zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import jinja2
from jinja2 import nodes

from budgetgen.catalog import Catalog
from budgetgen.model import Budget
from budgetgen.profile import Kind, Profile
from budgetgen.tables import coord
from budgetgen.tables.load import SpecError
from budgetgen.tables.names import domains

#: The name templates call.
NAME = "fig"


class Coordinates:
    """``fig(key)``: the department's figure at a ledger coordinate (all sources unless ``source`` narrows it)."""

    __slots__ = ("_budget",)

    def __init__(self, budget: Budget) -> None:
        self._budget = budget

    def __call__(self, key: str) -> Decimal:
        return coord.read(self._budget.figures, key, self._budget.profile)


Found = tuple[tuple[str | None, int], ...]
"""Each ``fig`` call of one template: its coordinate (None when not a plain string) and line."""

_PARSED: dict[tuple[str, str], tuple[Found, tuple[str, ...]]] = {}


def _parse(env: jinja2.Environment, name: str) -> tuple[str, Found, tuple[str, ...]]:
    """(file, the ``fig`` calls, the templates it includes) of one template, parsed once per source text."""
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    file = filename or name
    hit = _PARSED.get((file, source))
    if hit is None:
        tree = env.parse(source, name, filename)
        calls = tuple(
            (_text(c.args[0]) if len(c.args) == 1 and not c.kwargs else None, c.lineno)
            for c in tree.find_all(nodes.Call)
            if isinstance(c.node, nodes.Name) and c.node.name == NAME
        )
        kinds = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)
        included = tuple(inc for n in tree.find_all(kinds) if (inc := _text(getattr(n, "template", None))) is not None)
        hit = _PARSED[(file, source)] = (calls, included)
    return file, *hit


def _text(node: nodes.Node | None) -> str | None:
    """The string a node writes out literally, else None."""
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def check_template(env: jinja2.Environment, name: str, p: Profile, catalog: Catalog | None = None) -> None:
    """Check every ``fig`` coordinate of ``name`` and the templates it includes; raise at the first bad one."""
    for file, line, message in _problems(env, name, p, catalog, set()):
        raise jinja2.TemplateSyntaxError(message, line, name, file)


def _problems(
    env: jinja2.Environment, name: str, p: Profile, catalog: Catalog | None, seen: set[str]
) -> Iterator[tuple[str, int, str]]:
    if name in seen:
        return
    seen.add(name)
    file, calls, included = _parse(env, name)
    doms = domains(p)
    for key, line in calls:
        if key is None:
            example = f'{NAME}("kind={p.kind_names[Kind.BASIC]}")'
            yield file, line, f"{NAME}(…) 的坐标须直接写成一个字符串，如 {example}"
            continue
        try:
            codes = coord.check(key, f'{NAME}("{key}")', doms)
        except SpecError as exc:
            yield file, line, f"坐标有错误：{exc}"
            continue
        for domain, code in codes:
            if domain == "econ" and catalog is not None and code not in catalog.economic:
                yield file, line, f"坐标“{key}”：经济分类款“{code}”不在 {catalog.year} 年的科目表中"
            elif domain == "econ" and not re.fullmatch(r"3\d{4}", code):
                yield file, line, f"坐标“{key}”：“{code}”不是支出经济分类的款"
    for other in included:
        yield from _problems(env, other, p, catalog, seen)
