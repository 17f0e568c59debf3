"""Audit findings and honest coverage: every rule ends pass, fail, not applicable or not checked.

A rule is a function that takes the :class:`Context` and returns an
:class:`Outcome`: its findings (a failed rule has at least one), or the reason
it could not run. The registry keeps the rules in order; ``docs/checks.md``
lists them in the same order (a test keeps the two in step).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from budgetgen.issues import Severity

if TYPE_CHECKING:
    from budgetgen.audit.context import Context


class Status(str, Enum):
    """How a rule ended on one package."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    NOT_CHECKED = "not_checked"

    @property
    def label(self) -> str:
        return {"pass": "通过", "fail": "未通过", "not_applicable": "不适用", "not_checked": "无法检查"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a published package, at ``file:sheet!cell`` or ``file:第N段``."""

    code: str
    severity: Severity
    file: str
    where: str
    message: str

    def line(self) -> str:
        return f"{self.file}:{self.where}: {self.severity.label} {self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": 0,
            "column": 0,
            "path": self.where,
            "message": self.message,
        }


@dataclass
class Outcome:
    """What one rule found: findings, or why it did not apply or could not run."""

    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    """How many things the rule looked at (0 means it had nothing to check)."""
    not_checked: str = ""
    """Non-empty: the data the rule needs is missing or unreadable (said in Chinese)."""

    @property
    def status(self) -> Status:
        if self.findings:
            return Status.FAIL
        if self.not_checked:
            return Status.NOT_CHECKED
        return Status.PASS if self.checked else Status.NOT_APPLICABLE


@dataclass(frozen=True, slots=True)
class Rule:
    """One audit rule: its stable code, severity, Chinese title and check function."""

    code: str
    severity: Severity
    title: str
    run: Callable[[Context], Outcome]

    def finding(self, file: str, where: str, message: str) -> Finding:
        return Finding(self.code, self.severity, file, where, message)


RULES: list[Rule] = []


def rule(code: str, title: str, *, warn: bool = False) -> Callable[[Callable[[Context], Outcome]], Rule]:
    """Register a rule (in module order); ``warn`` makes its findings warnings."""

    def add(fn: Callable[[Context], Outcome]) -> Rule:
        r = Rule(code, Severity.WARNING if warn else Severity.ERROR, title, fn)
        RULES.append(r)
        return r

    return add


@dataclass
class Report:
    """Every rule's outcome on one package."""

    results: list[tuple[Rule, Outcome]]

    @property
    def findings(self) -> list[Finding]:
        return [f for _, o in self.results for f in o.findings]

    def count(self, status: Status) -> int:
        return sum(1 for _, o in self.results if o.status is status)

    def summary(self) -> str:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        warnings = len(self.findings) - errors
        counts = "，".join(f"{s.label} {self.count(s)}" for s in Status)
        return f"{errors} 个错误，{warnings} 个警告；审核规则 {len(self.results)} 条：{counts}"

    def not_checked_lines(self) -> list[str]:
        return [f"无法检查 {r.code} {r.title}：{o.not_checked}" for r, o in self.results if o.not_checked]

    def to_json(self) -> str:
        return json.dumps(
            {
                "findings": [f.as_dict() for f in self.findings],
                "rules": [
                    {"code": r.code, "title": r.title, "status": o.status.value, "reason": o.not_checked}
                    for r, o in self.results
                ],
                "summary": {s.value: self.count(s) for s in Status},
            },
            ensure_ascii=False,
            indent=2,
        )


def run_rules(ctx: Context, rules: Sequence[Rule] | None = None) -> Report:
    """Run every rule; a rule that crashes is reported as not checked, never as a pass."""
    results = []
    for r in rules if rules is not None else RULES:
        try:
            outcome = r.run(ctx)
        except Exception as exc:
            outcome = Outcome(not_checked=f"读取数据时出错（{type(exc).__name__}）")
        results.append((r, outcome))
    return Report(results)
