"""``budgetgen audit``: check a published package that any tool made.

The rules live in ``audit_*.py`` (registered in import order, which is the
order of ``docs/checks.md``): inside each table, across tables (the profile's
``audit.yaml`` equalities), narrative against tables, wording. Each ends pass,
fail, not applicable or not checked, and the summary counts each.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from budgetgen.audit import (
    audit_change,
    audit_codes,
    audit_cross,
    audit_definitions,
    audit_layout,
    audit_print,
    audit_signoff,
    audit_staff,
    audit_statement,
    audit_tables,
    audit_terms,
    audit_text,
    audit_words,
)
from budgetgen.audit.context import Context, audit_data
from budgetgen.audit.findings import RULES, Outcome, Report, Rule, Status, run_rules
from budgetgen.audit.package import Package, read_package

#: Modules whose import registers the rules, in documentation order.
RULE_MODULES = (
    audit_tables,
    audit_layout,
    audit_statement,
    audit_cross,
    audit_text,
    audit_words,
    audit_definitions,
    audit_change,
    audit_codes,
    audit_terms,
    audit_staff,
    audit_signoff,
    audit_print,
)


def audit_rules() -> list[Rule]:
    """Every audit rule, in the order of :data:`RULE_MODULES`, then of definition."""
    order = [m.__name__ for m in RULE_MODULES]
    return sorted(RULES, key=lambda r: order.index(r.run.__module__))


#: Modules whose rules read the tables only: with no table read, they had nothing to check.
TABLE_MODULES = (audit_tables, audit_layout, audit_statement, audit_cross, audit_codes, audit_terms)


def audit_package(package: Package, profile: str = "hunan-county") -> Report:
    """Run every rule on a package already read. When tables were given only as PDF pages and some could not
    be read as tables, a table rule that found nothing to check could not check them: it says so instead of
    "not applicable"."""
    report = run_rules(Context(package, audit_data(profile), profile), audit_rules())
    if package.table_pages and all(s.setup is None for s in package.sheets):
        tables = {m.__name__ for m in TABLE_MODULES}
        reason = f"附表中有 PDF 表格（{len(package.table_pages)} 页）无法按表格读取；请同时提供公开表 .xlsx"
        report.results = [
            (r, Outcome(not_checked=reason) if o.status is Status.NOT_APPLICABLE and r.run.__module__ in tables else o)
            for r, o in report.results
        ]
    return report


def audit_files(paths: Sequence[Path], profile: str = "hunan-county") -> Report:
    """Read the files and audit them together (raises PackageError for an unreadable file)."""
    return audit_package(read_package(list(paths)), profile)


def format_report(report: Report) -> list[str]:
    """The lines ``budgetgen audit`` prints: findings, rules it could not check, the summary."""
    lines = [f.line() for f in report.findings]
    lines += report.not_checked_lines()
    lines.append(report.summary())
    return lines
