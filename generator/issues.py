"""Issues are data: a code, a severity, a location and a Chinese message.

Every stage returns issues instead of raising, so one run reports every
problem. This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    """How much an issue matters: errors block the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Chinese word printed for this severity."""
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in a source file; line and column start at 1 (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a source, ready to print or serialise."""

    code: str
    severity: Severity
    loc: Loc
    path: str
    message: str

    @property
    def is_error(self) -> bool:
        """True for issues that block the build."""
        return self.severity is Severity.ERROR


def error(code: str, loc: Loc, path: str, message: str) -> Issue:
    """Build an error issue."""
    return Issue(code, Severity.ERROR, loc, path, message)


def warning(code: str, loc: Loc, path: str, message: str) -> Issue:
    """Build a warning issue."""
    return Issue(code, Severity.WARNING, loc, path, message)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Sort by file, line and column, then by code, for stable reports."""
    return sorted(issues, key=lambda i: (i.loc.file, i.loc.line, i.loc.column, i.code, i.path))


def has_errors(issues: Iterable[Issue], *, strict: bool = False) -> bool:
    """True when any issue blocks the build (warnings too under ``strict``)."""
    return any(i.is_error or strict for i in issues)


def format_issue(issue: Issue) -> str:
    """One line: ``file:line:col: 错误 CODE path: message``."""
    loc = issue.loc
    where = loc.file if loc.line == 0 else f"{loc.file}:{loc.line}:{loc.column}"
    path = f" {issue.path}" if issue.path else ""
    return f"{where}: {issue.severity.label} {issue.code}{path}: {issue.message}"


def check_line(issues: Sequence[Issue], *, strict: bool = False) -> str:
    """The closing line of ``check``: whether the check passed, then the counts."""
    if not issues:
        return "校验通过：没有发现问题"
    errors = sum(1 for i in issues if i.is_error)
    counts = f"{errors} 个错误，{len(issues) - errors} 个警告"
    if has_errors(issues, strict=strict):
        return f"校验未通过：{counts}" + ("（--strict：警告也视为错误）" if strict and not errors else "")
    return f"校验通过：{counts}（警告不阻止生成，请核对）"


def issue_from_dict(data: dict[str, object]) -> Issue:
    """An issue back from :func:`issue_to_dict` (a build manifest keeps a skipped source's warnings)."""
    loc = Loc(str(data["file"]), int(str(data["line"])), int(str(data["column"])))
    return Issue(str(data["code"]), Severity(str(data["severity"])), loc, str(data["path"]), str(data["message"]))


def summary_line(issues: Sequence[Issue], *, wrote: bool) -> str:
    """The closing line, e.g. ``2 个错误，1 个警告；未生成任何文件``."""
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    tail = "已生成文件" if wrote else "未生成任何文件"
    return f"{errors} 个错误，{warnings} 个警告；{tail}"


def issue_to_dict(issue: Issue) -> dict[str, object]:
    """The JSON form of an issue: code, severity, file, line, column, path, message."""
    loc = asdict(issue.loc)
    return {
        "code": issue.code,
        "severity": issue.severity.value,
        "file": loc["file"],
        "line": loc["line"],
        "column": loc["column"],
        "path": issue.path,
        "message": issue.message,
    }


def issues_to_json(issues: Iterable[Issue]) -> str:
    """Serialise issues as a JSON array (UTF-8 text, Chinese kept readable)."""
    return json.dumps([issue_to_dict(i) for i in issues], ensure_ascii=False, indent=2)
