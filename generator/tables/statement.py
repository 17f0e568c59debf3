"""Statement layouts (收支总表): side-by-side blocks of lines, each a label and one or more amounts.

A block is as wide as its lines; a line written ``{line: [项目, 金额], optional: true}``
is left out where all its amounts are zero; an ``expand`` block is filled by a line source
(``func_classes``), with one amount column per view it names. Footer lines
align at the bottom, one line per block.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from budgetgen.tables.binding import Binding, parse_binding
from budgetgen.tables.load import SpecError, check_keys, line_of


@dataclass(frozen=True, slots=True)
class Statement:
    """A 收支总表-style layout: side-by-side blocks of (label, amount) lines."""

    blocks: tuple[tuple[tuple[Binding | None, ...], ...], ...]
    """Per block of columns, the lines top to bottom (label, amounts…); ``expand`` lines are filled by a row source."""
    footer: tuple[tuple[tuple[Binding | None, ...], ...], ...]
    """Lines aligned at the bottom, one line per block."""
    expand: Mapping[int, str]
    """Block index → name of a line source that fills it (e.g. ``func_classes``)."""
    lines: tuple[tuple[int, ...], ...] = ()
    """Spec-file line of each line of each block, then of each footer line."""
    expand_views: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    """Block index → the views an ``expand`` block reads, one amount column each (default: all spending)."""
    widths: tuple[int, ...] = ()
    """Columns each block spans (its label and amounts), left to right."""
    optional: frozenset[tuple[int, int]] = frozenset()
    """(block, line) of lines left out where every amount of them is zero (``{line: […], optional: true}``)."""


Line = tuple[Binding | None, ...]
"""One line of a statement block: its label, then one amount per amount column of the block."""


def _line(raw: Any, where: str, width: int | None = None) -> Line:
    """``[项目, 金额…]``; ``null`` is a blank line of the block's width."""
    if raw is None:
        return (None,) * (width or 2)
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) < 2:
        raise SpecError(f"{where}: 每行应为 [项目, 金额…] 至少两项，实际为 {raw!r}")
    if width is not None and len(raw) != width:
        raise SpecError(f"{where}: 这一栏每行应为 {width} 项（项目和 {width - 1} 个金额），实际为 {len(raw)} 项")
    return tuple(parse_binding(x, where) for x in raw)


def _block(raw: Any, file: str) -> tuple[tuple[Line, ...], frozenset[int]]:
    """A block's lines, and which of them are optional."""
    lines: list[Line] = []
    optional = set()
    for j, item in enumerate(raw):
        if isinstance(item, Mapping):
            check_keys(item, "line", file)
            if item.get("optional"):
                optional.add(j)
        line = item.get("line") if isinstance(item, Mapping) else item
        lines.append(_line(line, f"{file}:{line_of(raw, j)}", len(lines[0]) if lines else None))
    return tuple(lines), frozenset(optional)


def parse_statement(raw: Mapping[str, Any], where: str) -> Statement:
    """The 收支总表 layout: ``blocks`` (lists of lines, or ``{expand: source}``) and ``footer``.

    A block is as wide as its lines (a label and one or more amounts); an ``expand``
    block has one amount per view it names (``views``), or one.
    """
    file = where.split(":", maxsplit=1)[0]
    check_keys(raw, "statement", file)
    blocks: list[tuple[Line, ...]] = []
    lines: list[tuple[int, ...]] = []
    expand: dict[int, str] = {}
    views: dict[int, tuple[str, ...]] = {}
    widths: list[int] = []
    optional: set[tuple[int, int]] = set()
    for i, block in enumerate(raw.get("blocks") or []):
        if isinstance(block, Mapping):
            check_keys(block, "expand", file)
            expand[i] = str(block.get("expand"))
            if "views" in block:
                views[i] = tuple(str(v) for v in block["views"])
            blocks.append(())
            lines.append(())
            widths.append(1 + max(len(views.get(i, ())), 1))
        else:
            parsed, skippable = _block(block, file)
            blocks.append(parsed)
            optional |= {(i, j) for j in skippable}
            lines.append(tuple(line_of(block, j) for j in range(len(block))))
            widths.append(len(blocks[-1][0]) if blocks[-1] else 2)
    footer_raw = raw.get("footer") or []
    footer = tuple(
        tuple(
            _line(p, f"{file}:{line_of(line, j)}", widths[j] if j < len(widths) else None) for j, p in enumerate(line)
        )
        for line in footer_raw
    )
    lines += [tuple(line_of(footer_raw, k) for _ in line) for k, line in enumerate(footer_raw)]
    return Statement(tuple(blocks), footer, expand, tuple(lines), views, tuple(widths), frozenset(optional))
