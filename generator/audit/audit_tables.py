"""Audit rules inside each table: sums by rows and by columns, decimals, leaked codes, column numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from budgetgen.audit.context import Context
from budgetgen.audit.findings import Finding, Outcome, rule
from budgetgen.audit.table import EMPTY_NOTE, NOT_A_PART, SUBTOTAL, Table, amount, heads_below, norm
from budgetgen.profile import shipped_profile

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
LEAKED = re.compile(r"&\[?(P|N|Page|Pages|D|T|F|A)\]?|^=[A-Z]+\(|^=[A-Z]{1,3}\d+")
SYSTEM_ID = re.compile(
    r"\b[0-9A-Fa-f]{32}\b|\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b"
)
HALF_PAREN = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[()]|[()][^\u4e00-\u9fff]*[\u4e00-\u9fff]")
#: Columns of a unit of measure (批, 辆): filled for some items only, never a sign of a row's level.
MEASURE = re.compile(r"计量单位$|^单位$")
#: Quantities of things of different kinds (1 批, 1 辆): not summed.
QUANTITY = re.compile(r"数量$")


def is_statement(t: Table) -> bool:
    """A 收支总表-style table: label and amount column pairs headed 项目 / 本年预算."""
    numbered = t.number_row is not None and norm(t.sheet.value(t.number_row, 0)) != "栏次"  # the national 栏次 row
    return any(h[-1:] == ("项目",) for h in t.heads.values()) and not numbered


def grid_tables(ctx: Context) -> Iterator[Table]:
    """Every table with a header and rows, except statement-style ones (they have their own rules)."""
    for t in ctx.tables.values():
        if t.heads and not is_statement(t):
            yield t


def _money(t: Table, r: int, c: int) -> Decimal:
    v = amount(t.sheet.value(r, c))
    return ZERO if v is None else v.quantize(CENT)


def _amount_rows(t: Table) -> list[int]:
    return [r for r in t.data_rows if any(amount(t.sheet.value(r, c)) is not None for c in t.numeric)]


def _fmt(v: Decimal) -> str:
    return f"{v:,.2f}"


def _code(t: Table, r: int) -> str:
    """The digits of a row's first text cell (a joined code such as 201, 20103, 2010301), or ""."""
    text = t.label(r)
    return text if text.isdigit() else ""


def _levels(t: Table, parent: int, rows: list[int], groups: list[tuple[int, list[int]]]) -> None:
    """(parent, its direct child rows) for every level: a row is above another when its filled text
    columns are a strict subset of the other's (合计 / unit / 类款项 rows), or, with the same columns,
    its code is a prefix of the other's (类 201 above 款 20103 above 项 2010301)."""
    measure = {c for c, h in t.heads.items() if MEASURE.search(h[-1])}
    sig = {r: t.text_cols(r) - measure for r in rows}
    code = {r: _code(t, r) for r in rows}

    def above(a: int, b: int) -> bool:
        if sig[a] < sig[b]:
            return True
        return sig[a] == sig[b] and bool(code[a]) and code[b].startswith(code[a]) and code[a] != code[b]

    level = [r for r in rows if not any(above(o, r) for o in rows)]
    groups.append((parent, level))
    for k, r in enumerate(level):
        end = level[k + 1] if k + 1 < len(level) else max(rows) + 1
        below = [d for d in rows if r < d < end]
        if below:
            _levels(t, r, below, groups)


@rule("A-ROW-SUM", "合计行等于各单位行之和，单位行等于其明细行之和")
def row_sums(ctx: Context) -> Outcome:
    out = Outcome()
    for t in grid_tables(ctx):
        total = t.total_row()
        # the 合计 row stands above the rows it adds up, or below them all (as some systems print it)
        rows = [r for r in _amount_rows(t) if total is not None and r != total]
        if total is not None and any(r < total for r in rows) and any(r > total for r in rows):
            rows = [r for r in rows if r > total]
        if total is None or not rows:
            continue
        groups: list[tuple[int, list[int]]] = []
        _levels(t, total, rows, groups)
        for parent, parts in groups:
            for c in [c for c in t.numeric if not QUANTITY.search(t.heads.get(c, ("",))[-1])]:
                out.checked += 1
                want = sum((_money(t, r, c) for r in parts), ZERO)
                got = _money(t, parent, c)
                if abs(got - want) > t.slack(len(parts)):
                    what = "合计行" if parent == total else f"“{t.label(parent)}”行"
                    out.findings.append(
                        row_sums.finding(
                            t.sheet.file,
                            t.ref(parent, c),
                            f"{t.name}{what}“{'/'.join(t.heads.get(c, ()))}”为 {_fmt(got)}，"
                            f"其下 {len(parts)} 行之和为 {_fmt(want)}，相差 {_fmt(got - want)}",
                        )
                    )
    return out


def _node_value(t: Table, r: int, prefix: tuple[str, ...], cols: list[int]) -> Decimal:
    if len(cols) == 1:
        return _money(t, r, cols[0])
    parts = {k: v for k, v in heads_below(t, prefix).items() if not NOT_A_PART.match(k)}
    if not parts:
        return ZERO
    first = next(iter(parts))
    if SUBTOTAL.search(first):
        return _node_value(t, r, (*prefix, first), parts[first])
    return sum((_node_value(t, r, (*prefix, k), v) for k, v in parts.items()), ZERO)


def _subtotal_checks(
    t: Table, prefix: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], list[int], dict[str, list[int]]]]:
    """(subtotal node, its columns, its siblings) for every node whose first amount child is a 合计/小计/总计."""
    parts = {k: v for k, v in heads_below(t, prefix).items() if not NOT_A_PART.match(k)}
    numeric = {k: v for k, v in parts.items() if all(c in t.numeric for c in v)}
    if len(numeric) > 1 and SUBTOTAL.search(next(iter(numeric))):
        (first, cols), *rest = numeric.items()
        yield (*prefix, first), cols, dict(rest)
    for k in parts:
        yield from _subtotal_checks(t, (*prefix, k))


@rule("A-COL-SUM", "合计、小计、总计列等于其同级各列之和")
def col_sums(ctx: Context) -> Outcome:
    out = Outcome()
    for t in grid_tables(ctx):
        rows = _amount_rows(t)
        # a split the table never fills (every part 0 in every row) is not given, not contradicted
        checks = [
            (node, cols, siblings)
            for node, cols, siblings in _subtotal_checks(t, ())
            if any(_money(t, r, c) for r in rows for cs in siblings.values() for c in cs)
        ]
        for r in rows:
            for node, cols, siblings in checks:
                out.checked += 1
                got = _node_value(t, r, node, cols)
                want = sum((_node_value(t, r, (*node[:-1], k), v) for k, v in siblings.items()), ZERO)
                if abs(got - want) > t.slack(sum(len(v) for v in siblings.values())):
                    names = "、".join(siblings)
                    out.findings.append(
                        col_sums.finding(
                            t.sheet.file,
                            t.ref(r, cols[0]),
                            f"{t.name}“{t.label(r)}”行的“{'/'.join(node)}”为 {_fmt(got)}，"
                            f"{names}之和为 {_fmt(want)}，相差 {_fmt(got - want)}",
                        )
                    )
    return out


def _decimals(value: object, fmt: str) -> int:
    if isinstance(value, str):
        v = amount(value)
        exponent = v.as_tuple().exponent if v is not None else 0
        return -exponent if isinstance(exponent, int) else 0
    shown = re.search(r"\.(0+)", fmt)
    stored = amount(value)
    exact = 0
    if stored is not None:
        exp = stored.normalize().as_tuple().exponent
        exact = -exp if isinstance(exp, int) and exp < 0 else 0
    return max(len(shown[1]) if shown else 0, exact)


@rule("A-DECIMALS", "金额最多两位小数")
def decimals(ctx: Context) -> Outcome:
    out = Outcome()
    for t in ctx.tables.values():
        bad = []
        for r in t.data_rows:
            for c in t.numeric:
                cell = t.sheet.cells.get((r, c))
                if cell is not None:
                    out.checked += 1
                    if _decimals(cell.value, cell.fmt) > 2:
                        bad.append((r, c, cell.value if isinstance(cell.value, str) else f"格式 {cell.fmt}"))
        if bad:
            r, c, v = bad[0]
            out.findings.append(
                decimals.finding(
                    t.sheet.file,
                    t.ref(r, c),
                    f"{t.name}有 {len(bad)} 个数显示超过两位小数（如 {t.ref(r, c)}：{v}），"
                    "金额应为两位小数，人数等应为整数",
                )
            )
    return out


def _text_cells(t: Table) -> Iterator[tuple[int, int, str]]:
    for (r, c), cell in sorted(t.sheet.cells.items()):
        if isinstance(cell.value, str):
            yield r, c, cell.value


@rule("A-LEAKED-CODE", "单元格中没有页码代码或公式文字")
def leaked(ctx: Context) -> Outcome:
    out = Outcome()
    for t in ctx.tables.values():
        for r, c, text in _text_cells(t):
            out.checked += 1
            if LEAKED.search(text.strip()):
                out.findings.append(
                    leaked.finding(
                        t.sheet.file, t.ref(r, c), f"单元格中是页眉页脚代码或公式文字“{text.strip()}”，不是内容"
                    )
                )
    return out


def _first_hit(ctx: Context, pattern: re.Pattern[str], report: Callable[[Table, int, str, str], Finding]) -> Outcome:
    """Scan every text cell for ``pattern``; one finding per table, at its first hit, naming how many there are."""
    out = Outcome()
    for t in ctx.tables.values():
        hits = []
        for r, c, text in _text_cells(t):
            out.checked += 1
            if pattern.search(text):
                hits.append((r, c, text))
        if hits:
            r, c, text = hits[0]
            out.findings.append(report(t, len(hits), t.ref(r, c), text))
    return out


@rule("A-SYSTEM-ID", "单元格中没有系统内部编号", warn=True)
def system_id(ctx: Context) -> Outcome:
    def report(t: Table, n: int, where: str, text: str) -> Finding:
        return system_id.finding(
            t.sheet.file, where, f"{t.name}有 {n} 个单元格是系统内部编号（如“{text}”），读者看不懂，应写明内容"
        )

    return _first_hit(ctx, SYSTEM_ID, report)


@rule("A-COLUMN-NUMBERS", "列号从 1 起连续编号")
def column_numbers(ctx: Context) -> Outcome:
    out = Outcome()
    for t in ctx.tables.values():
        if t.number_row is None:
            continue
        numbers = sorted((c, norm(cell.value)) for (r, c), cell in t.sheet.cells.items() if r == t.number_row)
        numbers = [(c, n) for c, n in numbers if n not in ("**", "栏次")]
        out.checked += 1
        for k, (c, n) in enumerate(numbers, start=1):
            if n != str(k):
                out.findings.append(
                    column_numbers.finding(
                        t.sheet.file,
                        t.ref(t.number_row, c),
                        f"{t.name}的列号应为 {k}，实际为“{n}”（列号应从 1 起连续编号）",
                    )
                )
                break
    return out


@rule("A-EMPTY-TABLE", "没有数据的表注明“无此项”", warn=True)
def empty_table(ctx: Context) -> Outcome:
    out = Outcome()
    fmt, _ = shipped_profile(ctx.profile)
    note = fmt.empty_note if fmt is not None else "无此项"
    for t in ctx.tables.values():
        if not t.heads:
            continue
        out.checked += 1
        texts = [norm(t.sheet.value(r, c)) for r in t.data_rows for c in range(t.sheet.width)]
        if not _amount_rows(t) and not any(EMPTY_NOTE.search(x) for x in texts if x):
            out.findings.append(
                empty_table.finding(
                    t.sheet.file,
                    t.ref(t.header_rows[1] + 1, 0),
                    f"{t.name}没有数据，也没有注明“{note}”，读者无法判断是漏填还是没有",
                )
            )
    return out


@rule("A-HALF-WIDTH", "中文中的括号用全角", warn=True)
def half_width(ctx: Context) -> Outcome:
    def report(t: Table, n: int, where: str, text: str) -> Finding:
        return half_width.finding(
            t.sheet.file, where, f"{t.name}有 {n} 处中文里用了半角括号（如“{norm(text)}”），应为全角“（）”"
        )

    return _first_hit(ctx, HALF_PAREN, report)
