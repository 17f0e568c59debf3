"""Audit rules of a table's layout: a table printed in two side-by-side column blocks."""

from __future__ import annotations

from budgetgen.review.audit_tables import grid_tables
from budgetgen.review.context import Context
from budgetgen.review.findings import Outcome, rule
from budgetgen.review.table import col_letter


def repeated_block(heads: list[tuple[int, tuple[str, ...]]]) -> int | None:
    """The first column of a second copy of the whole header (a table printed in two columns), if any."""
    n = len(heads)
    if n < 4 or n % 2:
        return None
    half = n // 2
    first, second = [h for _, h in heads[:half]], [h for _, h in heads[half:]]
    return heads[half][0] if first == second else None


@rule("A-SIDE-BY-SIDE", "一张表不分两栏排印", warn=True)
def side_by_side(ctx: Context) -> Outcome:
    out = Outcome()
    for t in grid_tables(ctx):
        out.checked += 1
        start = repeated_block(sorted(t.heads.items()))
        if start is not None:
            out.findings.append(
                side_by_side.finding(
                    t.sheet.file,
                    t.ref(t.header_rows[0], start),
                    f"{t.name}从 {col_letter(start)} 列起把整个表头又排了一遍（一张表分两栏排印），"
                    "同一行的左右两栏是两条不同的记录，合计和核对都会出错；请每行只列一条记录",
                )
            )
    return out
