"""Read a 收支总表-style sheet (``statement:`` spec) by its line labels, not by row positions.

Each block's lines are looked for top to bottom in the block's label column
(then anywhere below the header); the amounts stand right of the label. A line
is keyed by its amount binding's text; an ``expand`` block's lines (功能分类
classes) are keyed ``func_classes[label]``. Where the same binding is shown twice
(支出总计 under both 支出 blocks) and the two differ, the first is kept and the
other reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from budgetgen import codes
from budgetgen.importer.locate import Grid, Header, pattern
from budgetgen.importer.tables import Cell, Problem
from budgetgen.importer.values import amount, flat
from budgetgen.tables.binding import Binding, Template
from budgetgen.tables.readback import binding_text
from budgetgen.tables.spec import TableSpec

_NUMBERING = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、.]?")


def _ref(row: int, col: int) -> str:
    from budgetgen.audit.table import col_letter

    return f"{col_letter(col)}{row + 1}"


def _label_matches(label: Binding, text: str, *, loose: bool = False) -> bool:
    """Whether a cell's text is the line's label; ``loose``: also without the numbering (一、, （二）)."""
    if not isinstance(label, Template) or not text:
        return False
    if pattern(label).fullmatch(text):
        return True
    return loose and _NUMBERING.sub("", text) == _NUMBERING.sub("", flat(_plain(label)))


def _plain(label: Binding) -> str:
    return "".join(p for p in label.parts if isinstance(p, str)) if isinstance(label, Template) else str(label)


def _find(grid: Grid, label: Binding, col: int, start: int) -> tuple[int, int] | None:
    """(row, col) of the label in its column from ``start`` down: as written, else without its numbering."""
    for loose in (False, True):
        for r in range(start, len(grid)):
            if col < len(grid[r]) and _label_matches(label, flat(grid[r][col]), loose=loose):
                return r, col
    return None


def _anywhere(grid: Grid, label: Binding, top: int) -> tuple[int, int] | None:
    """(row, col) of the label anywhere below the header (a sheet laid out otherwise)."""
    for loose in (False, True):
        for r in range(top, len(grid)):
            for c, v in enumerate(grid[r]):
                if _label_matches(label, flat(v), loose=loose):
                    return r, c
    return None


def read_lines(
    spec: TableSpec, grid: Grid, header: Header, sheet: str, wording: Callable[[str], str] = str
) -> tuple[dict[str, Cell], list[Problem]]:
    """The statement's lines: amount binding text → its cell; problems for lines not found or shown twice.
    Labels are read in the profile's current terms (``wording``); a label read so is reported.

    A footer line (合计, 总计) not found by its label is read by its place, on the row where another block
    shows the same footer line, and its label reported (the seed's 收入 column says 支出总计 there)."""
    st = spec.statement
    assert st is not None
    original, grid = grid, [[wording(v) if isinstance(v, str) else v for v in row] for row in grid]
    starts = [sum(st.widths[:i]) for i in range(len(st.widths))]
    out: dict[str, Cell] = {}
    problems: list[Problem] = []
    foot_rows: dict[int, int] = {}
    used: set[tuple[int, int]] = set()
    missing: list[tuple[int, int, tuple[Any, ...]]] = []
    for i, col in enumerate(starts):
        footer = [foot[i] for foot in st.footer if i < len(foot)]
        lines = [*st.blocks[i], *footer]
        cursor = header.end
        if i in st.expand:
            width = st.widths[i]
            cursor = _expand(grid, st.expand[i], at=(cursor, col), width=width, stops=footer, sheet=sheet, out=out)
            lines = [(None,), *footer]  # index 0 is no line of the block: expand blocks have no optional lines
        first_foot = len(lines) - len(footer)
        for j, line in enumerate(lines):
            label = line[0]
            if label is None:
                continue
            hit = _find(grid, label, col, cursor)
            if hit is None and j >= first_foot:
                missing.append((j - first_foot, col, line))
                continue
            hit = hit or _anywhere(grid, label, header.end)
            if hit is None:
                if (i, j) not in st.optional:
                    msg = f"{sheet}中找不到“{_plain(label)}”一行"
                    problems.append(Problem(codes.W_IMPORT_LINE_MISSING, sheet, _ref(header.end, col), msg))
                continue
            r, c = hit
            used.add((r, c))
            if c == col:
                cursor = r + 1
                if j >= first_foot:
                    foot_rows.setdefault(j - first_foot, r)
            problems += _amounts(out, line, grid, at=(r, c), sheet=sheet)
    for k, col, line in missing:
        used.add((foot_rows.get(k, -1), col))
        problems += _by_place(out, line, grid, at=(foot_rows.get(k), col), sheet=sheet, top=header.end)
    blocks = [(col, st.widths[i]) for i, col in enumerate(starts) if i not in st.expand]
    for r, c in sorted(used):
        if r >= 0 and (was := flat(original[r][c])) != (now := flat(grid[r][c])):
            msg = f"行名写“{was}”，读作“{now}”"
            problems.append(Problem(codes.W_IMPORT_HEADER_RENAMED, sheet, _ref(r, c), msg))
    return out, problems + _extra(grid, blocks, used, header.end, sheet)


def _extra(
    grid: Grid, blocks: list[tuple[int, int]], used: set[tuple[int, int]], top: int, sheet: str
) -> list[Problem]:
    """Labelled lines with an amount that no line of the spec reads: reported, never silently dropped."""
    out = []
    for r in range(top, len(grid)):
        for col, width in blocks:
            text = flat(grid[r][col]) if col < len(grid[r]) else ""
            figures = [amount(grid[r][c]).value for c in range(col + 1, min(col + width, len(grid[r])))]
            if text and (r, col) not in used and any(v is not None for v in figures):
                shown = "、".join(f"{v:,.2f}" for v in figures if v is not None)
                msg = f"{sheet}!{_ref(r, col)}“{text}”（{shown}）不是表格定义中的行，未读取"
                out.append(Problem(codes.W_IMPORT_LINE_EXTRA, sheet, _ref(r, col), msg))
    return out


def _amounts(
    out: dict[str, Cell], line: tuple[Any, ...], grid: Grid, *, at: tuple[int, int], sheet: str
) -> list[Problem]:
    """The amounts right of a line's label at ``at``, each under its binding."""
    r, c = at
    problems: list[Problem] = []
    for k, binding in enumerate(line[1:], start=1):
        if binding is not None:
            problems += _put(out, binding_text(binding), grid, at=(r, c + k), sheet=sheet, label=_plain(line[0]))
    return problems


def _by_place(
    out: dict[str, Cell], line: tuple[Any, ...], grid: Grid, *, at: tuple[int | None, int], sheet: str, top: int
) -> list[Problem]:
    """A footer line not found by its label: read on its row (``at``) if it shows a label there, else missing."""
    r, col = at
    label = _plain(line[0])
    shown = flat(grid[r][col]) if r is not None and col < len(grid[r]) else ""
    if r is None or not shown:
        msg = f"{sheet}中找不到“{label}”一行"
        return [Problem(codes.W_IMPORT_LINE_MISSING, sheet, _ref(top, col), msg)]
    msg = f"行名写“{shown}”，表格定义为“{label}”，按位置读作“{label}”"
    renamed = Problem(codes.W_IMPORT_HEADER_RENAMED, sheet, _ref(r, col), msg)
    return [renamed, *_amounts(out, line, grid, at=(r, col), sheet=sheet)]


def _cell(grid: Grid, r: int, c: int, sheet: str) -> tuple[Cell, list[Problem]]:
    raw = grid[r][c] if c < len(grid[r]) else None
    read = amount(raw)
    at = _ref(r, c)
    problems = []
    if read.unreadable:
        problems.append(Problem(codes.E_IMPORT_CELL, sheet, at, f"{sheet}!{at}：{read.changed}，未读取"))
    elif read.changed:
        problems.append(Problem(codes.W_IMPORT_AMOUNT, sheet, at, f"{sheet}!{at}：{read.changed}"))
    return Cell(read.value, sheet, at, raw), problems


def _put(out: dict[str, Cell], key: str, grid: Grid, *, at: tuple[int, int], sheet: str, label: str) -> list[Problem]:
    cell, problems = _cell(grid, *at, sheet)
    first = out.get(key)
    if first is None:
        out[key] = cell
    elif first.value != cell.value:
        problems.append(
            Problem(
                codes.W_IMPORT_DISAGREE,
                sheet,
                cell.ref,
                f"{sheet}!{cell.ref}“{label}”为 {_shown(cell.value)}，而同一个数在 {sheet}!{first.ref} 为 "
                f"{_shown(first.value)}；取 {first.ref} 的数",
            )
        )
    return problems


def _shown(value: Any) -> str:
    return "空" if value is None else f"{value:,.2f}"


def _expand(
    grid: Grid, source: str, *, at: tuple[int, int], width: int, stops: Sequence[Any], sheet: str, out: dict[str, Cell]
) -> int:
    """An ``expand`` block: every labelled line down to the first footer label (whose row is returned),
    keyed ``source[label]``."""
    start, col = at
    for r in range(start, len(grid)):
        text = flat(grid[r][col]) if col < len(grid[r]) else ""
        if any(line and line[0] is not None and _label_matches(line[0], text, loose=True) for line in stops):
            return r
        if not text:
            continue
        label = _NUMBERING.sub("", text)
        for k in range(1, width):
            key = f"{source}[{label}]" if k == 1 else f"{source}[{label}][{k}]"
            out.setdefault(key, _cell(grid, r, col + k, sheet)[0])
    return len(grid)
