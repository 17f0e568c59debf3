"""Audit rules across tables: the profile's equalities, one function code per item, header years, titles."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from budgetgen.audit.context import Context, Figure
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.table import Table, norm, split_code

CENT = Decimal("0.01")


def _shown(f: Figure, summed: bool = False) -> str:
    """``表名B5 1,234.00``; a sum of several cells starts at the first (``表名B5 起各项之和``)."""
    cell = f"{f.cell} 起各项之和" if summed else f.cell
    if f.table.scale != 1:
        return f"{cell} {f.shown()}"
    return f"{cell} {f.value.quantize(CENT):,.2f}"


@rule("A-CROSS-TABLE", "两张表都显示的同一个数彼此相等")
def cross_table(ctx: Context) -> Outcome:
    out = Outcome()
    for name, refs in (ctx.data.get("equalities") or {}).items():
        found = [(ref, ctx.figures(ref)) for ref in refs]
        figures = [f for _, fs in found if fs for f in fs]
        summed = {id(f) for ref, fs in found if fs and isinstance(ref, list) for f in fs}
        if len({f.table.name for f in figures}) < 2 and len(figures) < 2:
            continue
        out.checked += 1
        # the value most tables show (the profile's first on a tie): one wrong table is reported, not the others
        votes = Counter(f.value.quantize(CENT) for f in figures)
        top = max(votes.values())
        first = next(f for f in figures if votes[f.value.quantize(CENT)] == top)
        for f in figures:
            if f.value.quantize(CENT) != first.value.quantize(CENT):
                out.findings.append(
                    cross_table.finding(
                        f.table.sheet.file,
                        f.where,
                        f"“{name}”在两处不一致：{_shown(f, id(f) in summed)}，而 {_shown(first, id(first) in summed)}",
                    )
                )
    return out


def function_codes(t: Table) -> set[str]:
    """The 7-digit function codes a table shows: split over 类/款/项 columns, or joined as ``[2010301]``."""
    return {code for r in t.data_rows for code, _ in row_codes(t, r)}


def row_codes(t: Table, r: int) -> list[tuple[str, int]]:
    """(7-digit function code, its column) of a row: split over 类/款/项 columns (at the 项 column), or joined."""
    out = []
    cols = {h[-1]: c for c, h in t.heads.items() if h[-1] in ("类", "款", "项")}
    if len(cols) == 3:  # 类, 款, 项
        parts = [norm(t.sheet.value(r, cols[k])) for k in ("类", "款", "项")]
        if all(parts) and "".join(parts).isdigit() and len("".join(parts)) == 7:
            out.append(("".join(parts), cols["项"]))
    out += [(code, c) for c in sorted(t.text_cols(r)) if (code := code_at(t, r, c))]
    return out


def code_at(t: Table, r: int, c: int) -> str:
    """The 7-digit function code of a cell: joined with its name (``[2010301]行政运行``), or alone in a
    column headed 科目编码 / 功能科目; "" otherwise."""
    text = norm(t.sheet.value(r, c))
    m = re.match(r"^[\[【]?(\d{7})[\]】]", text)
    if m:
        return m[1]
    head = t.heads.get(c, ("",))[-1]
    return text if re.fullmatch(r"\d{7}", text) and re.search(r"科目编码$|功能科目$", head) else ""


@rule("A-FUNCTION-CODE", "各表使用的功能分类科目都在支出分类表中")
def function_code(ctx: Context) -> Outcome:
    spec = ctx.data.get("functions") or {}
    reference = ctx.table(str(spec.get("reference", "")))
    if reference is None:
        return Outcome(not_checked=f"没有{spec.get('reference', '支出分类表')}，无法核对功能分类科目")
    known = function_codes(reference)
    out = Outcome()
    for name in spec.get("others", []):
        t = ctx.table(name)
        if t is None:
            continue
        for r in t.data_rows:
            for code, c in row_codes(t, r):
                out.checked += 1
                if code not in known:
                    out.findings.append(
                        function_code.finding(
                            t.sheet.file,
                            t.ref(r, c),
                            f"{t.name}把这一支出列在功能分类 {code}，但{reference.name}中本部门没有这个科目"
                            f"（支出分类表的科目：{'、'.join(sorted(known)) or '无'}）",
                        )
                    )
    return out


@rule("A-HEADER-YEAR", "表头中的年份与预算年度相符")
def header_year(ctx: Context) -> Outcome:
    year = ctx.year()
    if year is None:
        return Outcome(not_checked="文件名、说明和表名中都没有预算年度")
    out = Outcome()
    for t in ctx.tables.values():
        top, end = t.header_rows
        for (r, c), cell in sorted(t.sheet.cells.items()):
            if not (top <= r < end) or not isinstance(cell.value, str):
                continue
            text = norm(cell.value)
            for m in re.finditer(r"(20\d\d)年(决算|[^\d]{0,4}(计划|预算))", text):
                out.checked += 1
                want = year - 1 if m[2] == "决算" else year
                if int(m[1]) == year - 1 and m[3] == "预算" and _compares(t, r, text.replace(m[1], str(year), 1)):
                    continue  # last year's column beside this year's (三公经费表: 2020年预算数 | 2019年预算数)
                if int(m[1]) != want:
                    out.findings.append(
                        header_year.finding(
                            t.sheet.file,
                            t.ref(r, c),
                            f"{t.name}表头写“{m[0]}”，{year}年预算中应为“{want}年{m[0][5:]}”",
                        )
                    )
    return out


def _compares(t: Table, row: int, this_year: str) -> bool:
    """The header row also heads a column so for the budget year: the other is last year's, to compare."""
    return any(norm(cell.value) == this_year for (r, _), cell in t.sheet.cells.items() if r == row)


@rule("A-TITLE", "表名不是录入界面的名称", warn=True)
def title(ctx: Context) -> Outcome:
    out = Outcome()
    for t in ctx.tables.values():
        if not t.title:
            continue
        out.checked += 1
        if "录入" in t.title:
            out.findings.append(
                title.finding(
                    t.sheet.file,
                    t.ref(t.title_row, 0),
                    f"表名“{t.title}”是预算系统录入界面的名称，公开的表应写表的正式名称（工作表名为“{t.name}”）",
                )
            )
    return out


@rule("A-PROJECT-LIST", "各表列出的项目名称一致")
def project_list(ctx: Context) -> Outcome:
    spec = ctx.data.get("projects") or {}
    lists = [(t, project_rows(t, spec.get("marker", ""))) for n in spec.get("sheets", []) if (t := ctx.table(n))]
    lists = [(t, rows) for t, rows in lists if rows]
    if len(lists) < 2:
        return Outcome()
    out = Outcome(checked=1)
    first, names = lists[0][0], {n for n, _ in lists[0][1]}
    for t, rows in lists[1:]:
        for name, (r, c) in rows:
            if name not in names:
                out.findings.append(
                    project_list.finding(
                        t.sheet.file, t.ref(r, c), f"{t.name}的项目“{name}”在{first.name}中没有同名项目"
                    )
                )
    return out


def project_rows(t: Table, marker: str | list[str]) -> list[tuple[str, tuple[int, int]]]:
    """(name, (row, col)) of the project rows: rows with a value in the ``marker`` column (the first of
    several names the table has)."""
    wanted = [marker] if isinstance(marker, str) else list(marker)
    marks = next((cs for m in wanted if (cs := sorted(c for c, h in t.heads.items() if h[-1] == m))), [])
    if not marks:
        return []
    out = []
    for r in t.data_rows:
        if norm(t.sheet.value(r, marks[0])):
            cols = [c for c in sorted(t.text_cols(r)) if c < marks[0]]
            if cols:  # a code written before the name ([43001200001]名称) is not part of it (A-PROJECT-CODE)
                out.append((split_code(t.sheet.value(r, cols[-1]))[1], (r, cols[-1])))
    return out
