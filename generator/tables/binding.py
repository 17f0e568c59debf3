"""Bindings: how a table cell names the model field it reads.

A binding is a field path such as ``income.by_source[经费拨款]`` or a ledger coordinate
such as ``figures[kind=基本支出,econ=301]`` (a :class:`Ref`; see :mod:`budgetgen.tables.coord`),
or text with ``{path}`` fields (a :class:`Template`), or plain literal text. There
is no operator: a binding only reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from budgetgen.tables.load import SpecError

#: Names a binding may start with; each row source documents which it provides.
ROOTS = frozenset(
    {
        "budget",
        "department",
        "view",
        "unit",
        "func",
        "figures",
        "income",
        "project",
        "purchase",
        "procurement",
        "plan",
        "asset",
        "staff",
        "facilities",
        "item",
        "amounts",
        "split",
        "stock",
        "econ",
    }
)
_REF = re.compile(r"^[a-z_]+(?:\.[a-z_]+|\[[^\[\]]+\])*$")
_STEP = re.compile(r"\.([a-z_]+)|\[([^\[\]]+)\]")
_FIELD = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class Ref:
    """A read of one model field: a root name, then attributes (``.x``) and keys (``[k]``)."""

    root: str
    steps: tuple[tuple[str, str], ...]
    """Each step is ``("attr", name)`` or ``("key", key)``."""

    def __str__(self) -> str:
        return self.root + "".join(f".{v}" if k == "attr" else f"[{v}]" for k, v in self.steps)


@dataclass(frozen=True, slots=True)
class Template:
    """Text with ``{path}`` fields, each filled with the field's value as text."""

    parts: tuple[str | Ref, ...]


Binding = Ref | Template
"""What a cell reads: one field, or text built from fields and literals."""


def parse_ref(text: str, where: str) -> Ref:
    """Parse ``root.attr[key]`` into a :class:`Ref`, or raise :class:`SpecError`."""
    if not _REF.match(text):
        raise SpecError(f"{where}: 无法识别的字段路径 “{text}”")
    root = re.split(r"[.\[]", text)[0]
    if root not in ROOTS:
        raise SpecError(f"{where}: 字段路径 “{text}” 的起点 “{root}” 不是已知的名称（{'、'.join(sorted(ROOTS))}）")
    rest = text[len(root) :]
    steps = tuple(("attr", m[1]) if m[1] else ("key", m[2]) for m in _STEP.finditer(rest))
    return Ref(root, steps)


def parse_binding(value: Any, where: str) -> Binding | None:
    """A binding from YAML: a field path, a ``{path}`` template, or literal text."""
    if value is None:
        return None
    if isinstance(value, Mapping | list):
        raise SpecError(f"{where}: 这里应为字段路径或文字，实际为 {value!r}")
    text = str(value)
    if _FIELD.search(text):
        parts: list[str | Ref] = []
        pos = 0
        for m in _FIELD.finditer(text):
            parts += [text[pos : m.start()], parse_ref(m[1].strip(), where)]
            pos = m.end()
        parts.append(text[pos:])
        return Template(tuple(p for p in parts if p != ""))
    if re.match(r"^[a-z_]+[.\[]", text):
        return parse_ref(text, where)
    return Template((text,))
