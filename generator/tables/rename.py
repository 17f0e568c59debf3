"""Local names: a county renames a profile's tables, titles and columns and picks 元 or 万元, without copying specs.

The county config's ``表格`` names a table by the profile's sheet name and may
set its ``表名`` (sheet), ``标题`` (title; ``{年度}`` is the budget year),
``单位`` (元 or 万元, for tables whose amounts are money) and ``列名`` (old head →
new head, every column with that head). Each name that matches nothing is an
``E-CONFIG-TABLE`` issue at its config line, so a typo never passes silently;
a table or column named by an old term the profile has replaced (``old_terms``:
公共财政拨款预算表) is told its current name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from budgetgen import codes
from budgetgen.issues import Issue, error
from budgetgen.localnames import TableName
from budgetgen.tables.binding import Template, parse_binding
from budgetgen.tables.spec import Column, TableSpec

CODE = codes.E_CONFIG_TABLE
#: Units a county may choose between: a table shows money in 元 or in 万元 (each figure via ``to_wan``).
MONEY_UNITS = ("元", "万元")


def _literal(head: Template) -> str | None:
    return head.parts[0] if len(head.parts) == 1 and isinstance(head.parts[0], str) else None


def _rename_columns(cols: tuple[Column, ...], old: str, new: str) -> tuple[tuple[Column, ...], int]:
    out, hits = [], 0
    for col in cols:
        kids, n = _rename_columns(col.children, old, new)
        hits += n
        node = replace(col, children=kids) if n else col
        if _literal(col.head) == old:
            node, hits = replace(node, head=Template((new,))), hits + 1
        out.append(node)
    return tuple(out), hits


def _now_called(old: str, known: Sequence[str], wording: Callable[[str], str]) -> str:
    """The hint that ``old`` is an old term's name (公共财政拨款预算表) whose current name is known; else ``""``."""
    new = wording(old)
    return f"（“{old}”是旧称，现名“{new}”，请改写为“{new}”）" if new != old and new in known else ""


def _apply(spec: TableSpec, name: TableName, wording: Callable[[str], str]) -> tuple[TableSpec, str | None]:
    """The spec with one local name applied, or the reason it does not apply."""
    if name.key == "表名":
        return replace(spec, sheet=name.value), None
    if name.key == "标题":
        title = parse_binding(name.value.replace("{年度}", "{department.year}"), name.loc.file)
        return replace(spec, title=title if isinstance(title, Template) else Template((name.value,))), None
    if name.key == "单位":
        if spec.unit not in MONEY_UNITS:
            return spec, f"“{spec.sheet}”的单位是“{spec.unit}”，不是金额单位，不能改为“{name.value}”"
        return replace(spec, unit=name.value), None
    columns, hits = _rename_columns(spec.columns, name.old, name.value)
    if not hits:
        known = list(dict.fromkeys(h for c in _nodes(spec.columns) if (h := _literal(c.head))))
        hint = _now_called(name.old, known, wording) or f"（可改的列名：{'、'.join(known)}）"
        return spec, f"“{spec.sheet}”没有名为“{name.old}”的列{hint}"
    return replace(spec, columns=columns), None


def _nodes(cols: Sequence[Column]) -> list[Column]:
    return [n for c in cols for n in (c, *_nodes(c.children))]


def apply_names(
    specs: Sequence[TableSpec], names: Sequence[TableName], wording: Callable[[str], str] = str
) -> tuple[tuple[TableSpec, ...], list[Issue]]:
    """The specs under the county's local names, and an issue for each name that fits no table or column.

    ``wording`` gives a name's current terms (the profile's ``current_wording``), to tell an old name's new one."""
    by_sheet = {s.sheet: s for s in specs}
    issues: list[Issue] = []
    for name in names:
        spec = by_sheet.get(name.sheet)
        if spec is None:
            hint = _now_called(name.sheet, list(by_sheet), wording) or f"（可用：{'、'.join(by_sheet)}）"
            issues.append(error(CODE, name.loc, f"表格.{name.sheet}", f"模板方案中没有名为“{name.sheet}”的表{hint}"))
            continue
        by_sheet[name.sheet], why = _apply(spec, name, wording)
        if why is not None:
            issues.append(error(CODE, name.loc, f"表格.{name.sheet}.{name.key}", why))
    renamed = tuple(by_sheet[s.sheet] for s in specs)
    sheets = [s.sheet for s in renamed]
    for s in renamed:
        if sheets.count(s.sheet) > 1 or len(s.sheet) > 31 or any(ch in s.sheet for ch in "[]:*?/\\"):
            where = next((n.loc for n in names if n.key == "表名" and n.value == s.sheet), None)
            if where is not None:
                msg = f"表名“{s.sheet}”重复、超过 31 个字符或含有 []:*?/\\"
                issues.append(error(CODE, where, "表格", msg))
    return renamed, issues
