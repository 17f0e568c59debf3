"""Read a published workbook (ours or any tool's) through the profile's table specs into :mod:`.tables` shapes.

Each spec's sheet is found (:mod:`.locate`), its header matched as a tree, and
each data row read under the bindings of the row kind it reads best as, exactly
as :mod:`budgetgen.tables.readback` reads our own sheets; blank spacer rows,
page-footer rows and the empty-table note are skipped. Amounts are read
tolerantly (:mod:`.values`); whatever reading had to interpret is a
:class:`~.tables.Problem` at ``sheet!ref``, never a silent fix.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from budgetgen import codes
from budgetgen.audit.context import profile_wording
from budgetgen.audit.package import MAX_PACKAGE_BYTES
from budgetgen.audit.table import col_letter
from budgetgen.importer import statement
from budgetgen.importer.disagree import Disagreement, disagreements, problems
from budgetgen.importer.locate import Grid, Header, find_sheets, match_header
from budgetgen.importer.tables import Cell, Problem, ReadTable, ReadWorkbook, Row, Value
from budgetgen.importer.values import amount, code, count, flat
from budgetgen.profile import DEFAULT_PROFILE, shipped_profile
from budgetgen.safefile import read_regular
from budgetgen.tables.binding import Binding, Ref, Template
from budgetgen.tables.layout import without
from budgetgen.tables.names import KIND_ROOTS, reads_nothing
from budgetgen.tables.read import NUMERIC_STYLES
from budgetgen.tables.readback import binding_text
from budgetgen.tables.spec import Column, TableSpec

#: Rows a printout leaves in cells: page numbers, signatures, notes (not data).
FOOTER = re.compile(
    r"^(第\d+页|共\d+页|制表|填表|审核人|复核人|单位负责人|财务负责人|注[:：\d]|说明[:：]|打印)|&[PN]|&\[(页码|总页数)\]"
)


def ref(row: int, col: int) -> str:
    """``B7`` for 0-based (row, col)."""
    return f"{col_letter(col)}{row + 1}"


def load_grids(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, row by row (stored values: formulas as last computed)."""
    import openpyxl

    data = read_regular(path, MAX_PACKAGE_BYTES)
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def read_workbook(
    path: Path, specs: Sequence[TableSpec], *, empty_note: str | None = None, wording: Callable[[str], str] = str
) -> ReadWorkbook:
    """Every spec's table found in the workbook at ``path``; what is missing or interpreted is in ``problems``.
    ``wording``: a sheet's texts in the profile's current terms (:meth:`budgetgen.profile.Profile.current_wording`)."""
    try:
        grids = load_grids(path)
    except Exception as exc:  # any damage in a foreign file is a user-facing problem, not a traceback
        msg = f"{path.name}：无法读取工作簿（{type(exc).__name__}）"
        return ReadWorkbook(str(path), {}, (Problem(codes.E_IMPORT_READ, "", "", msg),))
    return read_grids(str(path), grids, specs, empty_note=empty_note, wording=wording)


def read_compared(
    path: Path,
    specs: Sequence[TableSpec],
    equalities: Mapping[str, Sequence[Any]],
    *,
    profile: str = "hunan-county",
    empty_note: str | None = None,
) -> tuple[ReadWorkbook, tuple[Disagreement, ...]]:
    """:func:`read_workbook`, and where two tables show one of ``equalities`` (the profile's ``audit.yaml``,
    :func:`budgetgen.importer.disagree.equalities`) differently; each such cell is also in ``problems``."""
    try:
        grids = load_grids(path)
    except Exception as exc:  # as in read_workbook
        msg = f"{path.name}：无法读取工作簿（{type(exc).__name__}）"
        return ReadWorkbook(str(path), {}, (Problem(codes.E_IMPORT_READ, "", "", msg),)), ()
    note = empty_note if empty_note is not None else _profile_note(profile)
    read = read_grids(str(path), grids, specs, empty_note=note, wording=profile_wording(profile))
    found = disagreements(grids, read, specs, equalities, profile)
    return replace(read, problems=problems(found, read.problems)), found


def read_grids(
    path: str,
    grids: dict[str, list[list[Any]]],
    specs: Sequence[TableSpec],
    *,
    empty_note: str | None = None,
    wording: Callable[[str], str] = str,
) -> ReadWorkbook:
    """:func:`read_workbook` on sheets already read (sheet name → rows of values).
    ``empty_note``: the empty-table note (None: the default profile's furniture)."""
    note = empty_note if empty_note is not None else _profile_note(DEFAULT_PROFILE)
    problems: list[Problem] = []
    found = find_sheets(specs, grids, wording)
    tables: dict[str, ReadTable] = {}
    for spec in specs:
        if spec.id not in found:
            msg = f"工作簿中找不到“{spec.sheet}”（表名、标题和表头都不符）"
            problems.append(Problem(codes.W_IMPORT_SHEET_MISSING, "", "", msg))
            continue
        name, how = found[spec.id]
        if flat(name) != flat(spec.sheet):
            why = {"code": "按表码找到", "old": "旧称", "cut": "工作表名被截到 31 个字", "title": "按标题找到"}.get(
                how, "按表头找到"
            )
            msg = f"工作表“{name}”读作“{spec.sheet}”（{why}）"
            problems.append(Problem(codes.W_IMPORT_SHEET_NAME, name, "A1", msg))
        grid = grids[name]
        header = match_header(spec, grid, wording)
        if header is None or sum(c is not None for c in header.columns) * 2 < len(header.columns):
            msg = f"“{name}”的表头与“{spec.sheet}”的表格定义不符，未读取"
            problems.append(Problem(codes.E_IMPORT_HEADER, name, "A1", msg))
            continue
        for r, c, got, want in header.renamed:
            msg = f"表头写“{got}”，表格定义为“{want}”，读作“{want}”"
            problems.append(Problem(codes.W_IMPORT_HEADER_RENAMED, name, ref(r, c), msg))
        if spec.statement is not None:
            lines, more = statement.read_lines(spec, grid, header, name, wording)
            tables[spec.id] = ReadTable(spec.id, name, (), lines)
            problems += more
        else:
            rows, more = _rows(spec, grid, header, name, note)
            tables[spec.id] = ReadTable(spec.id, name, tuple(rows))
            problems += more
    return ReadWorkbook(path, tables, tuple(problems))


def _profile_note(profile: str) -> str:
    """The empty-table note of a shipped profile (its ``furniture``)."""
    found, _ = shipped_profile(profile)
    return found.empty_note if found is not None else ""


def skipped(row: Sequence[Any], empty_note: str) -> bool:
    """A blank spacer row, a page-footer row or the empty-table note: not data."""
    filled = [v for v in row if flat(v)]
    if not filled:
        return True
    if flat(filled[0]) == flat(empty_note):
        return True
    return all(isinstance(v, str) for v in filled) and any(FOOTER.search(flat(v)) for v in filled)


def _literal(binding: Binding | None) -> str | None:
    if isinstance(binding, Template) and all(isinstance(p, str) for p in binding.parts):
        return "".join(str(p) for p in binding.parts)
    return None


def _kind(spec: TableSpec, leaves: Sequence[Column], cells: Sequence[Any]) -> str | None:
    """The row kind the row reads best as (see :func:`budgetgen.tables.readback._kind`), texts compared flat."""
    assert spec.rows is not None
    fits = []
    for i, kind in enumerate(KIND_ROOTS[spec.rows.source]):
        score: int | None = 0
        for leaf, cell in zip(leaves, cells, strict=True):
            binding = leaf.value.for_kind(kind) if leaf.value else None
            literal, empty = _literal(binding), not flat(cell)
            if reads_nothing(binding, spec.rows.source, kind):
                if not empty:
                    score = None
                    break
            elif literal is not None and flat(cell) != flat(literal):
                score = None
                break
            else:
                score = (score or 0) + (1 if not empty else -(leaf.style in NUMERIC_STYLES))
        if score is not None:
            fits.append((score, -i, kind))
    return max(fits)[2] if fits else None


def typed(raw: Any, leaf: Column, binding: Binding, where: tuple[str, str]) -> tuple[Value, list[Problem]]:
    """A cell's value under the leaf's style, as readback types it; interpretations as problems."""
    if leaf.style in NUMERIC_STYLES:
        return number(raw, leaf.style, where)
    sheet, at = where
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (raw if raw == "" else None), []
    if leaf.style == "code" and isinstance(binding, Ref):
        digits, rest = code(raw)
        if rest:
            return digits, [Problem(codes.W_IMPORT_CODE, sheet, at, f"{sheet}!{at}：“{raw}”读作代码“{digits}”")]
        return digits, []
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return code(raw)[0], []
    return str(raw), []


def number(raw: Any, style: str, where: tuple[str, str]) -> tuple[Value, list[Problem]]:
    """An amount or count cell read tolerantly; a reading that changed the figure is a problem at the cell."""
    sheet, at = where
    value: Value
    if style == "count":
        value, changed, bad = count(raw)
    else:
        read = amount(raw)
        value, changed, bad = read.value, read.changed, read.unreadable
    if bad:
        return None, [Problem(codes.E_IMPORT_CELL, sheet, at, f"{sheet}!{at}：{changed}，未读取")]
    return value, [Problem(codes.W_IMPORT_AMOUNT, sheet, at, f"{sheet}!{at}：{changed}")] if changed else []


def _rows(spec: TableSpec, grid: Grid, header: Header, sheet: str, empty_note: str) -> tuple[list[Row], list[Problem]]:
    assert spec.rows is not None
    leaves = spec.leaves
    absent = frozenset(id(leaf) for leaf, col in zip(leaves, header.columns, strict=True) if col is None)
    shown = without(spec, frozenset(i for i in absent if next(x for x in leaves if id(x) == i).optional))
    grouped = {k for group, _ in header.codes for k in group}
    problems = [
        Problem(codes.W_IMPORT_COLUMN_MISSING, sheet, ref(header.top, 0), f"{sheet}中没有“{_head(spec, leaf)}”一栏")
        for k, (leaf, col) in enumerate(zip(leaves, header.columns, strict=True))
        if col is None and not leaf.optional and k not in grouped
    ]
    for group, columns in header.codes:
        heads = "、".join(_head(spec, leaves[k]) for k in group)
        how = "分写在几栏，合并读取" if len(columns) > len(group) else "写在一栏，拆分读取"
        msg = f"{sheet}的科目代码{how}为“{heads}”"
        problems.append(Problem(codes.W_IMPORT_CODE, sheet, ref(header.top, columns[0]), msg))
    cols = {id(leaf): col for leaf, col in zip(leaves, header.columns, strict=True)}
    out = []
    for r in range(header.end, len(grid)):
        row = grid[r]
        if skipped(row, empty_note):
            continue
        regrouped = _regrouped(header, row, leaves)
        cells = [_raw(row, cols[id(leaf)], regrouped.get(id(leaf))) for leaf in shown.leaves]
        kind = _kind(shown, shown.leaves, cells)
        if kind is None:
            shown_text = "、".join(str(v) for v in row if flat(v))
            msg = f"{sheet}第 {r + 1} 行无法识别：{shown_text}"
            problems.append(Problem(codes.E_IMPORT_ROW, sheet, ref(r, 0), msg))
            continue
        values: dict[str, Cell] = {}
        for leaf in leaves:
            binding = leaf.value.for_kind(kind) if leaf.value else None
            if binding is None or _literal(binding) is not None:
                continue
            col = cols[id(leaf)]
            if id(leaf) in regrouped:
                code_value, at = regrouped[id(leaf)]
                values[binding_text(binding)] = Cell(code_value, sheet, ref(r, at), row[at] if at < len(row) else None)
                continue
            if col is None:
                if leaf.optional:
                    zero, _ = typed(0, leaf, binding, (sheet, ""))
                    values[binding_text(binding)] = Cell(zero, sheet, "", None)
                continue
            raw = row[col] if col < len(row) else None
            value, more = typed(raw, leaf, binding, (sheet, ref(r, col)))
            problems += more
            key = binding_text(binding)  # a binding shown in several columns (``when``) keeps the filled one
            if key not in values or (_filled(value) and not _filled(values[key].value)):
                values[key] = Cell(value, sheet, ref(r, col), raw)
        out.append(Row(kind, values, r + 1))
    return out, problems


def _filled(value: Value) -> bool:
    return value not in (None, "", 0)


def _raw(row: Sequence[Any], col: int | None, regrouped: tuple[str | None, int] | None) -> Any:
    if regrouped is not None:
        return regrouped[0]
    return row[col] if col is not None and col < len(row) else None


def _regrouped(header: Header, row: Sequence[Any], leaves: Sequence[Column]) -> dict[int, tuple[str | None, int]]:
    """leaf id → (code, column it is read from) for codes joined where the spec splits them, or the reverse:
    ``2010301`` in one column read as 类 ``201``, 款 ``03``, 项 ``01`` (two digits each after the first part)."""
    out: dict[int, tuple[str | None, int]] = {}
    for group, columns in header.codes:
        digits = "".join(code(row[c] if c < len(row) else None)[0] for c in columns)
        if len(group) == 1:
            out[id(leaves[group[0]])] = (digits or None, columns[0])
            continue
        first = len(digits) - 2 * (len(group) - 1)
        parts = [digits[:first], *(digits[first + 2 * n : first + 2 * n + 2] for n in range(len(group) - 1))]
        for k, part in zip(group, parts, strict=True):
            out[id(leaves[k])] = (part if digits and first > 0 else None, columns[0])
    return out


def _head(spec: TableSpec, leaf: Column) -> str:
    return "".join(p if isinstance(p, str) else "{" + str(p) + "}" for p in leaf.head.parts)
