"""The machinery of semantic rules: a context to read, findings to yield, rules to run.

A rule is a small function ``(Context) -> Iterable[Finding]`` wrapped by
:func:`rule`, which gives it a stable code, a Chinese title and a severity
(``E-`` codes are errors, ``W-`` codes warnings). A rule only says *where* and
*what*; the wrapper turns each finding into an :class:`~budgetgen.issues.Issue`
with the rule's own code, so a rule can never emit someone else's code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from budgetgen.catalog import Catalog
from budgetgen.codes import title_of
from budgetgen.issues import Issue, Severity, error, warning
from budgetgen.model import Budget, UnitView
from budgetgen.money import as_amount, fmt_yuan
from budgetgen.source import PathT, SourceDoc, format_path


@dataclass(frozen=True)
class Context:
    """What every rule may read: the model, the source (for locations) and the catalog."""

    budget: Budget
    doc: SourceDoc
    catalog: Catalog

    def err(self, code: str, path: PathT, message: str, *, key: bool = False) -> Issue:
        """An error located at ``path`` (at its key when ``key``)."""
        return error(code, self._loc(path, key), format_path(path), message)

    def warn(self, code: str, path: PathT, message: str, *, key: bool = False) -> Issue:
        """A warning located at ``path`` (at its key when ``key``)."""
        return warning(code, self._loc(path, key), format_path(path), message)

    def _loc(self, path: PathT, key: bool) -> Any:
        return self.doc.key_loc(path) if key else self.doc.loc(path)

    def data(self, *path: str | int) -> Any:
        """The source value at ``path``, or None when any step is missing."""
        node: Any = self.doc.data
        for part in path:
            if isinstance(node, dict) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
        return node

    @property
    def unit_views(self) -> tuple[UnitView, ...]:
        """Every unit with its figures over all sources (the profile's all-sources view)."""
        return self.budget.views[self.budget.profile.all_view].units

    def units_src(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(index, mapping)`` of every unit as written in the source."""
        yield from enumerate(self.data("单位") or [])

    def projects_src(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(index, mapping)`` of every project as written in the source."""
        yield from enumerate(self.data("项目") or [])

    def code_at(self, path: PathT) -> str:
        """A code exactly as typed (an unquoted 0123 keeps its zero)."""
        text = self.doc.text(path)
        return (text if text is not None else str(self.data(*path))).strip()


@dataclass(frozen=True)
class Finding:
    """One place a rule objects to: a source path, a Chinese message, key or value."""

    path: PathT
    message: str
    key: bool = False


Finder = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A semantic rule with a stable code, a Chinese title and a severity."""

    code: str
    title: str
    find: Finder

    @property
    def severity(self) -> Severity:
        """``W-`` codes warn; every other code blocks the build."""
        return Severity.WARNING if self.code.startswith("W-") else Severity.ERROR

    def __call__(self, ctx: Context) -> list[Issue]:
        """Every issue this rule finds in ``ctx``."""
        make = ctx.warn if self.severity is Severity.WARNING else ctx.err
        return [make(self.code, f.path, requote(f.message, ctx), key=f.key) for f in self.find(ctx)]


def requote(message: str, ctx: Context) -> str:
    """“名称” → 「名称」 for every project or unit name that has its own “” (never ““…”” in a message)."""
    if "““" not in message and "””" not in message:
        return message
    names = [p.name for p in ctx.budget.projects] + [u.name for u in ctx.budget.units]
    for name in sorted({n for n in names if "“" in n or "”" in n}, key=len, reverse=True):
        message = message.replace(f"“{name}”", q(name))
    return message


def rule(code: str, title: str | None = None) -> Callable[[Finder], Rule]:
    """Decorator: ``@rule(E_BALANCE_UNIT)`` over a finder function; the title is the registry's.

    A ``title`` given here must equal the registered one (tests/test_codes.py checks it).
    """

    def wrap(find: Finder) -> Rule:
        return Rule(code, title or title_of(code), find)

    return wrap


def q(text: Any) -> str:
    """A name in quotes for a message: “名称”, or 「名称」 when the name has its own “” (no ““…””)."""
    shown = str(text)
    return f"「{shown}」" if "“" in shown or "”" in shown else f"“{shown}”"


def yuan(value: Any) -> str:
    """An amount for messages: ``2,602,664.00 元``."""
    return f"{fmt_yuan(as_amount(value))} 元"
