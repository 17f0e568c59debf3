"""Derive what the narrative states: every fund source, 机关运行经费 and 三公 in their declared scopes.

Like :mod:`budgetgen.derive`, this only adds up; the sentences are the template's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from budgetgen import definitions
from budgetgen.ledger import Ledger
from budgetgen.model import Figures, Income, Project, Unit
from budgetgen.model_facts import FundLine, RunningCostFacts, SanGongFacts
from budgetgen.money import ZERO
from budgetgen.profile import Kind, Profile
from budgetgen.rowfigures import figures_at


def headings(fmt: Profile) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Fund headings of the narrative: printed name, key in ``by_source``, leaf sources (the profile's)."""
    return tuple((name, of, fmt.source_groups.get(of, (of,))) for name, of in fmt.income_headings)


def _parts(income: Income, members: tuple[str, ...], fmt: Profile) -> tuple[tuple[str, Decimal], ...]:
    """Income parts of a heading worth naming: any non-zero part beyond a lone first member.

    A part is printed in the profile's current wording (上级公共财政补助 → 上级一般公共预算补助)."""
    found = tuple((m, income.by_source.get(m, ZERO)) for m in members if income.by_source.get(m, ZERO) != 0)
    if len(members) == 1 or [m for m, _ in found] in ([], [members[0]]):
        return ()
    return tuple((fmt.current_wording(m), amount) for m, amount in found)


def heading_figures(ledger: Ledger, fmt: Profile) -> dict[str, Figures]:
    """Each fund heading's spending (its ``by_source`` key → figures), read from the ledger at its sources."""
    return {key: figures_at(ledger.split(sources=members), fmt) for _, key, members in headings(fmt)}


def fund_lines(
    income: Income, by_heading: Mapping[str, Figures], projects: Sequence[Project], fmt: Profile
) -> tuple[FundLine, ...]:
    """Every fund heading that brings or spends money, with its projects (``by_heading``: :func:`heading_figures`)."""
    out = []
    for name, key, members in headings(fmt):
        mine = by_heading[key]
        came, spent = income.by_source.get(key, ZERO), mine.total
        if came == 0 and spent == 0:
            continue
        paid = [p for p in projects if p.source in members]
        out.append(
            FundLine(
                name,
                came,
                spent,
                mine.basic,
                mine.project,
                mine.other,
                _parts(income, members, fmt),
                tuple(p.name for p in paid if p.kind is Kind.PROJECT),
                tuple(p.name for p in paid if p.kind is Kind.OTHER),
            )
        )
    return tuple(out)


def running_facts(
    ledger: Ledger, units: Sequence[Unit], rule: definitions.RunningCostRule, fmt: Profile
) -> RunningCostFacts:
    """机关运行经费 by ``rule``, with the units it counts and those it leaves out."""
    natures = {u.code: u.nature for u in units}
    return RunningCostFacts(
        definitions.running_cost(ledger, natures, rule, fmt),
        rule.subject,
        definitions.money_words(rule.scope, fmt),
        tuple(u.name for u in units if u.nature in rule.unit_kinds),
        tuple(u.name for u in units if u.nature not in rule.unit_kinds),
    )


def sangong_facts(
    figures: Figures,
    by_heading: Mapping[str, Figures],
    rule: definitions.SanGongRule,
    prior_scope: str,
    fmt: Profile,
) -> SanGongFacts:
    """三公经费 in the declared scope, the table's all-source total, and the other headings that pay."""
    others = []
    for name, key, _ in headings(fmt):
        if key == fmt.public:
            continue
        amount = by_heading[key].sangong.total
        if amount:
            others.append((name, amount))
    headline = figures.sangong if rule.scope == "all" else figures.sangong_public
    return SanGongFacts(
        definitions.money_words(rule.scope, fmt),
        rule.scope == "all",
        headline,
        figures.sangong,
        figures.sangong_public,
        tuple(others),
        definitions.money_words(prior_scope, fmt),
    )


def sangong_in(scope: str, figures: Figures) -> Decimal:
    """The 三公 total in a scope (``public``/``all``), to compare with a prior figure declared in it."""
    return figures.sangong.total if scope == "all" else figures.sangong_public.total


def glossary(
    defs: definitions.Definitions, extra: Sequence[tuple[str, str]], fmt: Profile
) -> tuple[tuple[str, str], ...]:
    """The defined terms first, generated from their declaration; then the other entries."""
    own = tuple((t, x) for t, x in extra if t not in definitions.DEFINED_TERMS)
    return (*defs.glossary(fmt), *own)


#: Staff the 机构设置 sentence names besides the payroll, in order.
STAFF_EXTRA = ("公益性岗位", "临时人员", "临时工", "勤杂工")


def staff_extra(staff: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """The non-zero counts of people beyond the payroll (公益性岗位, 临时人员, 临时工, 勤杂工)."""
    return tuple((k, staff.get(k, 0)) for k in STAFF_EXTRA if staff.get(k, 0))
