"""Audit rules of the names a package prints: 功能分类 类 names of the budget year, one name per fund source.

A 收支总表-style table lists the spending by 功能分类 类; an old book's names
(a renamed 类) or a typo there go unnoticed by every sum. The fund-source
columns of the tables share one vocabulary (the profile's sources and source
groups); a table that alone calls a position by another name reads as another
source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from budgetgen.audit.audit_layout import SIMILAR, header_spelling, header_vocabulary
from budgetgen.audit.audit_statement import HEADING, NUMERALS, Line, columns, numbering, statements
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.table import SUBTOTAL, Table, norm
from budgetgen.catalog import former_class_names, load_catalog
from budgetgen.profile import shipped_profile

_PARENS = str.maketrans("()", "（）")


def _closest(text: str, names: set[str]) -> str | None:
    best = max(sorted(names), key=lambda n: SequenceMatcher(None, text, n).ratio(), default=None)
    return best if best is not None and SequenceMatcher(None, text, best).ratio() >= SIMILAR else None


@dataclass(frozen=True, slots=True)
class _Label:
    """A 类 label read from a statement: its name without numbering, and whether the numbering lacks 、."""

    line: Line
    name: str
    no_comma: bool


def _read(line: Line, names: set[str]) -> _Label:
    text = line.text.translate(_PARENS)
    m = HEADING.match(text)
    if m:
        return _Label(line, text[m.end() :], False)
    if text not in names:
        k = len(text) - len(text.lstrip(NUMERALS))
        for cut in range(k, 0, -1):  # 六社会保障和就业支出 (not 一般公共服务支出)
            if text[cut:] in names:
                return _Label(line, text[cut:], True)
    return _Label(line, text, False)


def _class_columns(ctx: Context, names: set[str]) -> Iterator[tuple[Table, list[_Label]]]:
    """Spending columns of statements whose labels are mostly 功能分类 类 names."""
    for t in statements(ctx):
        for col in columns(t):
            labels = [_read(x, names) for x in col.lines if col.side == "支出" and x.level in (0, 1)]
            if labels and 2 * sum(x.name in names for x in labels) > len(labels):
                yield t, labels


@rule("A-FUNCTION-CLASS", "收支总表的功能分类“类”名称与预算年度的科目表一致")
def function_class(ctx: Context) -> Outcome:
    year = ctx.year()
    if year is None:
        return Outcome(not_checked="无法从文件名、说明或表名读出预算年度，无法选用功能分类科目表")
    catalog = load_catalog(year)
    current = {code: name for code, name in catalog.functional.items() if len(code) == 3}
    names = set(current.values()) | {n for _, n in catalog.classes()}
    found = list(_class_columns(ctx, names | set(former_class_names(year))))
    if not found:
        return Outcome()
    if not catalog.covered:
        return Outcome(not_checked=f"没有 {year} 年的功能分类科目表（只有 {catalog.year} 年的），无法核对“类”的名称")
    former = former_class_names(year)
    numbered = {f.where for f in numbering.run(ctx).findings}
    out = Outcome()
    for t, labels in found:
        for x in labels:
            out.checked += 1
            where = t.ref(x.line.row, x.line.col - 1)
            if x.name not in names:
                usual = current.get(former.get(x.name, "")) or _closest(x.name, names)
                hint = f"，应为“{usual}”" if usual else ""
                old = "是旧科目表的名称，" if x.name in former else ""
                out.findings.append(
                    function_class.finding(
                        t.sheet.file, where, f"{t.name}“{x.line.text}”{old}不是 {year} 年功能分类的“类”名称{hint}"
                    )
                )
            elif x.no_comma and where not in numbered:
                number = x.line.text[: len(x.line.text) - len(x.name)]
                out.findings.append(
                    function_class.finding(
                        t.sheet.file, where, f"{t.name}“{x.line.text}”缺少编号后的顿号，应为“{number}、{x.name}”"
                    )
                )
    return out


@dataclass(frozen=True, slots=True)
class _Node:
    """A header node: its table, path (the node's text last), cell, its children (subtotals left out) and neighbours."""

    table: Table
    path: tuple[str, ...]
    cell: tuple[int, int]
    children: tuple[str, ...]
    before: str
    after: str


def _nodes(t: Table, key: dict[str, str]) -> Iterator[_Node]:
    """Every header node of a table, texts read as keys (current terms, full-width parentheses)."""
    kids: dict[tuple[str, ...], list[str]] = {}
    first: dict[tuple[str, ...], int] = {}
    for c, h in sorted(t.heads.items()):
        for d in range(len(h)):
            p = h[: d + 1]
            if p not in first:
                first[p] = c
                kids.setdefault(h[:d], []).append(h[d])
    top, end = t.header_rows
    for p, c in first.items():
        row = next((r for r in range(top, end) if norm(t.sheet.value(r, c)) == p[-1]), top)
        siblings = kids[p[:-1]]
        k = siblings.index(p[-1])
        yield _Node(
            t,
            p,
            (row, c),
            tuple(key[x] for x in kids.get(p, []) if not SUBTOTAL.search(x)),
            key[siblings[k - 1]] if k else "",
            key[siblings[k + 1]] if k + 1 < len(siblings) else "",
        )


def _source_names(ctx: Context) -> set[str]:
    found, _ = shipped_profile(ctx.profile)
    if found is None:
        return set()
    return {_key(ctx, n) for n in (*found.sources, *found.source_groups, *(n for n, _ in found.income_headings))}


def _key(ctx: Context, text: str) -> str:
    return ctx.wording(norm(text)).translate(_PARENS)


@rule("A-SOURCE-TERM", "同一资金来源在各表中名称一致")
def source_term(ctx: Context) -> Outcome:
    """A source header no other table and no profile source uses, where other tables print a profile source."""
    sources = _source_names(ctx)
    if not sources:
        return Outcome(not_checked=f"格式“{ctx.profile}”没有资金来源")
    texts = {x for t in ctx.tables.values() for h in t.heads.values() for x in h}
    key = {x: _key(ctx, x) for x in texts}
    nodes = [n for t in ctx.tables.values() if t.heads for n in _nodes(t, key)]
    spelt = {f.where for f in header_spelling.run(ctx).findings}
    vocabulary = header_vocabulary(ctx.profile)
    tables_of: dict[str, set[str]] = {}
    for m in nodes:
        tables_of.setdefault(key[m.path[-1]], set()).add(m.table.name)
    out = Outcome()
    for n in nodes:
        word = key[n.path[-1]]
        if not ({n.before, n.after, *n.children} & sources):
            continue  # not among fund sources
        out.checked += 1
        if word in sources or tables_of[word] - {n.table.name} or word in vocabulary:
            continue
        usual = sorted(
            {
                key[m.path[-1]]
                for m in nodes
                if m.table is not n.table and _same_place(n, m) and key[m.path[-1]] in sources
            }
        )
        where = n.table.ref(*n.cell)
        if usual and where not in spelt:
            out.findings.append(
                source_term.finding(
                    n.table.sheet.file,
                    where,
                    f"{n.table.name}的资金来源“{n.path[-1]}”在其他各表和格式中都没有，"
                    f"其他表的同一栏称“{'”“'.join(usual)}”：同一来源应只有一个名称",
                )
            )
    return out


def _same_place(n: _Node, m: _Node) -> bool:
    """Two header nodes at the same place: the same children, or (no children) the same neighbours."""
    if n.children or m.children:
        return n.children == m.children
    return bool(n.before and n.after) and (n.before, n.after) == (m.before, m.after)
