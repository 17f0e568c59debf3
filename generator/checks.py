"""Semantic rules: a plain tuple of small rules over the derived model.

Each rule has a stable code, a severity and a Chinese title; ``docs/checks.md``
is the catalog, and a test keeps it and :data:`CHECKS` in step. Adding a rule
means adding one function (in a ``checks_*`` module), listing it here, and
adding a test case that triggers it and one that does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from budgetgen import checks_codes as codes
from budgetgen import checks_money as money
from budgetgen import checks_review as review
from budgetgen import checks_staff as staff
from budgetgen import checks_text as text
from budgetgen.catalog import Catalog
from budgetgen.checks_base import Context, Finding, Rule, rule
from budgetgen.codes import E_CHECK_FAILED
from budgetgen.issues import Issue, Loc, error
from budgetgen.model import Budget
from budgetgen.source import SourceDoc

__all__ = ["CHECKS", "Context", "Finding", "Rule", "rule", "run"]

CHECKS: tuple[Rule, ...] = (
    # codes and names
    codes.econ_known,
    codes.func_known,
    codes.func_item_named,
    codes.supplement_format,
    codes.supplement_listed,
    codes.func_level,
    codes.basic_classes,
    codes.unit_codes_unique,
    codes.project_names_unique,
    codes.project_unit_known,
    codes.project_unit_given,
    codes.catalog_year,
    codes.unit_code_prefix,
    # amounts
    money.units_balance,
    money.total_balance,
    money.sources_balance,
    money.econ_not_over,
    money.econ_complete,
    money.purchases_within,
    money.procurements_within,
    money.nontax_within,
    money.nontax_cost_detail,
    money.project_not_zero,
    money.prior_balanced,
    money.unit_not_empty,
    # narrative: targets, reasons, dates
    text.targets_present,
    text.reasons_given,
    text.reasons_agree,
    text.date_exists,
    text.date_in_year,
    text.goals_present,
    text.glossary_not_defined,
    # plausibility: staff, assets, 三公
    staff.staff_within_posts,
    staff.staff_kinds_match,
    staff.temporary_covers_parts,
    staff.payroll_has_people,
    staff.asset_counts_whole,
    staff.sangong_projects_classified,
    staff.car_costs_have_cars,
    staff.sangong_items_continue,
    # the checks a finance reviewer runs before publishing
    review.project_class_econ,
    review.fund_func,
    review.vehicle_in_sangong,
    review.assets_within_budget,
    review.special_has_plan,
    review.basis_near_shared,
    review.staff_text_counts,
    review.sangong_backed,
)


def _crashed(rule_: Rule, doc: SourceDoc, exc: Exception) -> Issue:
    """A rule that failed on odd input is reported, never shown as a traceback."""
    msg = f"检查“{rule_.title}”（{rule_.code}）无法完成：{type(exc).__name__}。请把源文件发给维护人员"
    return error(E_CHECK_FAILED, Loc(doc.name, 1, 1), "", msg)


def run(budget: Budget, doc: SourceDoc, catalog: Catalog, rules: Iterable[Rule] = CHECKS) -> list[Issue]:
    """Every issue every rule finds; a rule that crashes becomes one E-CHECK-FAILED issue."""
    ctx = Context(budget, doc, catalog)
    found: list[Issue] = []
    for rule_ in rules:
        try:
            found.extend(rule_(ctx))
        except Exception as exc:  # a bug in one rule must not hide the others
            found.append(_crashed(rule_, doc, exc))
    return found
