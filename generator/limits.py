"""What the outputs can hold: file names, text in one cell, amounts a spreadsheet keeps to the cent.

These checks run after the rules, on every source, so ``check`` reports them
too and ``build`` never meets them as a failure while writing:

* ``E-OUTPUT-NAME``: the 全称 becomes part of both file names (see :mod:`budgetgen.names`);
* ``E-TEXT-TOO-LONG``: an xlsx cell holds at most 32,767 characters, and Excel cuts the rest silently;
* ``E-AMOUNT-TOO-LARGE``: a spreadsheet number is a binary double; above 2⁵³ cents
  (about 9×10¹³ 元) it cannot hold every cent, so a total would print wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from budgetgen.codes import E_AMOUNT_TOO_LARGE, E_OUTPUT_NAME, E_TEXT_TOO_LONG
from budgetgen.issues import Issue, error
from budgetgen.model import Budget
from budgetgen.names import unsafe_reason
from budgetgen.source import PathT, SourceDoc, format_path, walk

#: Characters an xlsx cell can hold (Excel's specification limit).
MAX_CELL_CHARS = 32_767
#: The largest amount whose cents a double holds exactly: 2⁵³ cents, rounded down to a round figure.
MAX_YUAN = Decimal("90000000000000")


def output_names(budget: Budget) -> tuple[str, str]:
    """The narrative's and the workbook's file names, from the profile's patterns."""
    dep, fmt = budget.department, budget.profile
    return fmt.output_name("narrative", dep.name, dep.year), fmt.output_name("workbook", dep.name, dep.year)


def _name_issues(budget: Budget, doc: SourceDoc) -> list[Issue]:
    for name in output_names(budget):
        reason = unsafe_reason(name)
        if reason is not None:
            msg = f"部门全称用于输出文件名，但文件名“{name[:40]}”{reason}；请改正部门全称（不会生成任何文件）"
            return [error(E_OUTPUT_NAME, doc.loc(("部门", "全称")), "部门.全称", msg)]
    return []


def _long_texts(doc: SourceDoc, values: list[tuple[PathT, Any]]) -> Iterator[Issue]:
    for path, value in values:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            msg = f"文字长 {len(value):,} 个字符，超过表格单元格能容纳的 {MAX_CELL_CHARS:,} 个字符，请精简"
            yield error(E_TEXT_TOO_LONG, doc.loc(path), format_path(path), msg)


def _large_amounts(budget: Budget, doc: SourceDoc, values: list[tuple[PathT, Any]]) -> list[Issue]:
    amounts = [(abs(Decimal(v)), p) for p, v in values if isinstance(v, (int, Decimal)) and not isinstance(v, bool)]
    too_big = [(v, p) for v, p in amounts if v > MAX_YUAN]
    limit = f"{MAX_YUAN:,.0f}"
    if too_big:
        return [
            error(
                E_AMOUNT_TOO_LARGE,
                doc.loc(p),
                format_path(p),
                f"金额 {v:,} 超过 {limit} 元，表格中的数字保存不了到分的精度，请检查是否多输入了数字",
            )
            for v, p in too_big
        ]
    totals = (budget.figures.total, budget.income.total)
    if amounts and max(abs(t) for t in totals) > MAX_YUAN:
        _, path = max(amounts, key=lambda a: a[0])
        msg = f"收入或支出合计超过 {limit} 元，表格中的合计保存不了到分的精度；最大的一笔金额在这里，请检查"
        return [error(E_AMOUNT_TOO_LARGE, doc.loc(path), format_path(path), msg)]
    return []


def output_issues(budget: Budget, doc: SourceDoc) -> list[Issue]:
    """Everything that would make an output wrong or unwritable, located in the source."""
    values = [(p, v) for p, v in walk(doc.data) if isinstance(v, (str, int, Decimal))]
    return [*_name_issues(budget, doc), *_long_texts(doc, values), *_large_amounts(budget, doc, values)]
