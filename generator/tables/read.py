"""Reading bindings: the only way a table cell gets a value from the model.

Every read is a lookup (attribute, mapping key or tuple index). A missing
mapping key reads as 0.00 (an economic code nobody spent on); a root the row
does not provide (``func`` on the 合计 row) reads as a blank cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from budgetgen.model import Budget, Figures
from budgetgen.money import ZERO, to_wan
from budgetgen.tables import coord
from budgetgen.tables.binding import Binding, Ref, Template, parse_ref
from budgetgen.tables.load import SpecError

Value = str | Decimal | int | None
"""A typed cell value as the writer receives it."""
NUMERIC_STYLES = frozenset({"amount", "count", "decimal"})
MISSING = object()


class Reader:
    """Reads bindings against a row's names; every read is a lookup, never a computation."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.base = {"budget": budget, "department": budget.department}
        self.profile = budget.profile

    def ref(self, names: Mapping[str, Any], ref: Ref) -> Any:
        """The value at ``ref``; ``MISSING`` when the row lacks the root (e.g. ``func`` on 合计)."""
        obj = names.get(ref.root, self.base.get(ref.root, MISSING))
        for kind, key in ref.steps:
            if obj is MISSING or obj is None:
                return MISSING
            if kind == "key" and isinstance(obj, Figures):
                obj = coord.read(obj, key, self.profile)
                continue
            obj = self._step(obj, kind, key, ref)
        return obj

    @staticmethod
    def _step(obj: Any, kind: str, key: str, ref: Ref) -> Any:
        if kind == "attr":
            if not hasattr(obj, key):
                raise SpecError(f"字段路径 “{ref}”：{type(obj).__name__} 没有属性 “{key}”")
            return getattr(obj, key)
        if isinstance(obj, Mapping):
            return obj.get(key, ZERO)
        if isinstance(obj, tuple):
            index = int(key)
            return obj[index] if index < len(obj) else MISSING
        raise SpecError(f"字段路径 “{ref}”：{type(obj).__name__} 不能用 [{key}] 取值")

    def path(self, names: Any, text: str) -> Any:
        """Read a path written as text (row filters in specs)."""
        value = self.ref(names, parse_ref(text, "rows"))
        return None if value is MISSING else value

    def binding(self, names: Mapping[str, Any], binding: Binding | None) -> Any:
        """A cell's raw value: a field's value, or a template's text."""
        if binding is None:
            return MISSING
        if isinstance(binding, Ref):
            return self.ref(names, binding)
        return "".join(p if isinstance(p, str) else as_text(self.ref(names, p)) for p in binding.parts)

    def text(self, template: Template, names: Mapping[str, Any] | None = None) -> str:
        """A header or title with its fields filled."""
        return str(self.binding(names or {}, template))


def as_text(value: Any) -> str:
    """A value inside a text template."""
    return "" if value is MISSING or value is None else str(value)


def cell_value(value: Any, style: str, *, wan: bool = False) -> Value:
    """The typed value written for a raw value under a column style; ``wan``: an amount in 万元 (:func:`to_wan`)."""
    if wan and style == "amount" and isinstance(value, Decimal):
        value = to_wan(value)
    if value is MISSING or value is None or value == "":
        return None
    if style == "yesno":
        return "是" if value else "否"
    if style in NUMERIC_STYLES and isinstance(value, int | Decimal) and not isinstance(value, bool):
        if style == "count" and Decimal(value) == Decimal(value).to_integral_value():
            return int(value)
        if style == "count":
            return Decimal(value).normalize()
        return Decimal(value)
    return str(value)
