"""What one department's build or check came to: its status, its rendered files, its line in the summary.

Shared by :mod:`budgetgen.batch` (which runs jobs) and :mod:`budgetgen.writer`
(which writes their results), so neither imports the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from budgetgen.issues import Issue


class Status(str, Enum):
    """What happened to one department."""

    BUILT = "built"
    UNCHANGED = "unchanged"
    CHECKED = "checked"
    FAILED = "failed"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {"built": "已生成", "unchanged": "未变化", "checked": "已校验", "failed": "失败"}[self.value]


@dataclass(frozen=True)
class Result:
    """What a job sends back: issues, and the rendered files when nothing blocked them."""

    source: Path
    issues: list[Issue]
    outputs: dict[str, bytes] | None = None
    deps: tuple[Path, ...] = ()
    pinned: bool = False
    config: Path | None = None


@dataclass
class Outcome:
    """One department's line in the summary."""

    source: Path
    status: Status
    issues: list[Issue] = field(default_factory=list)
    written: tuple[Path, ...] = ()
    #: Why it failed, for the summary: its first error, or the config's when the config is broken.
    blocked_by: Issue | None = None

    def __post_init__(self) -> None:
        if self.blocked_by is None and self.status is Status.FAILED:
            from budgetgen.issues import sort_issues

            blocking = sort_issues(i for i in self.issues if i.is_error) or sort_issues(self.issues)
            self.blocked_by = blocking[0] if blocking else None


@dataclass
class Report:
    """Everything a batch did, in source order, plus problems not tied to one department."""

    outcomes: list[Outcome] = field(default_factory=list)
    general: list[Issue] = field(default_factory=list)

    def with_status(self, status: Status) -> list[Outcome]:
        """The outcomes with ``status``."""
        return [o for o in self.outcomes if o.status is status]

    @property
    def issues(self) -> list[Issue]:
        """Every issue, general ones first."""
        return [*self.general, *(i for o in self.outcomes for i in o.issues)]
