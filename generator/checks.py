"""Semantic rules: a plain tuple of small functions over the derived model.

Each rule has a stable code, a severity and a Chinese title (see
``docs/checks.md``), and yields located issues. Adding a rule means adding one
function to :data:`CHECKS` and one test that triggers it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from budgetgen.catalog import Catalog
from budgetgen.issues import Issue, error
from budgetgen.model import Budget
from budgetgen.source import PathT, SourceDoc, format_path


@dataclass(frozen=True)
class Context:
    """What every rule may read: the model, the source (for locations) and the catalog."""

    budget: Budget
    doc: SourceDoc
    catalog: Catalog

    def err(self, code: str, path: PathT, message: str, *, key: bool = False) -> Issue:
        """An error located at ``path`` (at its key when ``key``)."""
        loc = self.doc.key_loc(path) if key else self.doc.loc(path)
        return error(code, loc, format_path(path), message)


Rule = Callable[[Context], Iterable[Issue]]


def units_balance(ctx: Context) -> Iterator[Issue]:
    """E-BALANCE-UNIT 收支平衡：每个单位的收入合计应等于支出合计。"""
    for i, view in enumerate(ctx.budget.views["全部"].units):
        income, spending = view.unit.income.total, view.figures.total
        if income != spending:
            yield ctx.err(
                "E-BALANCE-UNIT",
                ("单位", i, "收入"),
                f"单位“{view.unit.name}”收入合计 {income:,.2f} 元，支出合计 {spending:,.2f} 元，收支不平衡",
            )


CHECKS: tuple[Rule, ...] = (units_balance,)


def run(budget: Budget, doc: SourceDoc, catalog: Catalog, rules: Iterable[Rule] = CHECKS) -> list[Issue]:
    """Every issue every rule finds."""
    ctx = Context(budget, doc, catalog)
    return [issue for rule in rules for issue in rule(ctx)]
