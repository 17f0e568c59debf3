"""Where two tables of the workbook disagree: a comment at the source line the figure went to.

The source keeps the figure the profile marks as authoritative (the inversion reads the finest
table, which is the authority where the profile says so); the comment names every other sheet and
cell with its value, so nothing is silently "fixed". A disagreement whose cells fed no source line
(two totals) is listed in the file's header comment. Where only another table's cell fed a line,
the line takes the authoritative figure instead, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetgen.importer.draft import Draft, Path, number


@dataclass(frozen=True, slots=True)
class Seen:
    """One table's showing of a figure: its value at ``sheet``!``ref``."""

    value: Decimal
    sheet: str
    ref: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A figure (in Chinese, ``单位 702701 的支出合计``) the authority shows one way, others another."""

    figure: str
    authority: Seen
    others: tuple[Seen, ...]


def _shown(s: Seen) -> str:
    return f"{s.sheet}!{s.ref} 为 {number(s.value)}"


def _set(data: Any, path: Path, value: Any) -> bool:
    """Replace the amount at ``path`` (a plain number there) with ``value``; False where it is not one."""
    *parents, last = path
    node = data
    for key in parents:
        in_dict = isinstance(node, dict) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and key < len(node)
        if in_dict or in_list:
            node = node[key]
        else:
            return False
    if isinstance(node, dict) and isinstance(node.get(last), int | Decimal) and not isinstance(node.get(last), bool):
        node[last] = value
        return True
    return False


def annotate(draft: Draft, conflicts: Sequence[Conflict]) -> list[str]:
    """Comment each conflict at the line its authority (or another showing) was read into;
    return the header lines for those that fed no line."""
    header: list[str] = []
    for c in conflicts:
        path = draft.origins.get((c.authority.sheet, c.authority.ref))
        differing = [o for o in c.others if o.value != c.authority.value]
        if not differing:
            continue
        if path is not None:
            others = "；".join(_shown(o) for o in differing)
            draft.note(path, f"{c.figure}：取 {_shown(c.authority)}（以此为准），另有 {others}")
            continue
        fed = next(((o, draft.origins[(o.sheet, o.ref)]) for o in differing if (o.sheet, o.ref) in draft.origins), None)
        if fed is not None and _set(draft.data, fed[1], number(c.authority.value)):
            draft.note(fed[1], f"{c.figure}：取 {_shown(c.authority)}（格式以此为准），另有 {_shown(fed[0])}")
        elif fed is not None:
            draft.note(fed[1], f"{c.figure}：本行取自 {_shown(fed[0])}；{_shown(c.authority)}（格式以此为准），请核对")
        else:
            header.append(f"{c.figure}：{_shown(c.authority)}（以此为准），" + "；".join(_shown(o) for o in differing))
    return header
