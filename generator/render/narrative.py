"""Render the narrative template into a tuple of blocks.

A template emits one block per line, each starting with a tag:
``@title``, ``@h1``, ``@h2``, ``@p``, ``@sign`` (署名), ``@right`` (日期), ``@attach``. Lines without a
tag continue nothing: they are an error in the template, found by tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import jinja2

from budgetgen.catalog import Catalog
from budgetgen.model import Budget
from budgetgen.render.coords import NAME, Coordinates, check_template


class BlockKind(str, Enum):
    """The small vocabulary the docx writer understands."""

    TITLE = "title"
    H1 = "h1"
    H2 = "h2"
    BODY = "p"
    RIGHT = "right"
    SIGN = "sign"
    ATTACH = "attach"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the narrative."""

    kind: BlockKind
    text: str


class TemplateError(Exception):
    """A template produced a line without a known block tag."""

    def __init__(self, line: str) -> None:
        super().__init__(f"模板输出的行缺少段落标记（@p、@h1 等）：{line[:60]}")


_TAGS = {f"@{k.value}": k for k in BlockKind}


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Split rendered template text into blocks; blank lines are ignored."""
    blocks = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        tag, _, rest = line.strip().partition(" ")
        kind = _TAGS.get(tag)
        if kind is None:
            raise TemplateError(line)
        if rest.strip():
            blocks.append(Block(kind, rest.strip()))
    return tuple(blocks)


def render_blocks(
    env: jinja2.Environment,
    budget: Budget,
    *,
    table_count: int,
    name: str = "narrative.txt.j2",
    title: str | None = None,
    catalog: Catalog | None = None,
) -> tuple[Block, ...]:
    """Render the profile's narrative template for ``budget``; ``title`` is the document title (county or profile).

    The template's ledger coordinates (``fig("…")``) are checked first, against the profile and ``catalog``.
    """
    dep = budget.department
    title = title or budget.profile.output_name("narrative_title", dep.name, dep.year)
    template = env.get_template(name)
    check_template(env, name, budget.profile, catalog)
    context = {"b": budget, "d": dep, "f": budget.figures, "table_count": table_count, "title": title}
    text = template.render(**context, **{NAME: Coordinates(budget)})
    return parse_blocks(text)
