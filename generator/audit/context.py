"""What every audit rule reads: the package's tables and paragraphs, and the profile's audit data.

The profile's ``audit.yaml`` says which tables show the same figure and which
table figure a narrative word names. A figure reference is ``表名!行名`` (a
statement-style table: the amount right of the label) or ``表名!行名|列/列``
(the row whose text cell is the label, the column whose header path ends so);
a list of references is their sum. ``表名!|列`` (no row name) reads every data
row (a table of one row without a 合计 label); ``{年}`` and ``{上年}`` stand for
the budget year and the year before. References are written in the profile's
current terms; a published package's old terms (``old_terms`` in profile.yaml,
公共财政拨款 → 一般公共预算拨款) are read as the current ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from budgetgen.audit.package import Package, Paragraph
from budgetgen.audit.table import Table, amount, norm, parse
from budgetgen.profile import shipped_profile
from budgetgen.resources import templates_dir

AUDIT_FILE = "audit.yaml"
_KEYS = {
    "equalities",
    "labels",
    "row_labels",
    "staff",
    "empty_claims",
    "projects",
    "units",
    "functions",
    "running_cost",
    "sums",
    "prior",
    "unit_natures",
    "codes",
    "staff_breakdown",
}
_PARENS = str.maketrans("（）", "()")


class AuditDataError(Exception):
    """The profile's audit.yaml is malformed (message in Chinese, with the file)."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure read from a table, with where it stands."""

    value: Decimal
    table: Table
    row: int
    col: int

    @property
    def where(self) -> str:
        return self.table.ref(self.row, self.col)

    @property
    def cell(self) -> str:
        """``表名B5``: where the figure stands, without the file."""
        return f"{self.table.name}{self.where.split('!')[-1]}"

    def shown(self) -> str:
        """The figure as the table shows it, with its unit (``59,400.00 元``, ``32.20 万元``)."""
        if self.table.scale == 1:
            return f"{self.value:,.2f} 元"
        return f"{(self.value / self.table.scale).quantize(Decimal('0.01')):,.2f} 万元"


@cache
def audit_data(profile: str = "hunan-county") -> Mapping[str, Any]:
    """The profile's audit data, checked for unknown sections."""
    path = templates_dir() / profile / AUDIT_FILE
    return load_audit_data(path)


def load_audit_data(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AuditDataError(f"{path}：无法读取审核数据（{type(exc).__name__}）") from None
    if not isinstance(data, dict):
        raise AuditDataError(f"{path}：审核数据应为映射")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise AuditDataError(f"{path}：未知的节“{unknown[0]}”，可用：{'、'.join(sorted(_KEYS))}")
    _check_equalities(path, data.get("equalities"))
    return data


def _is_ref(entry: Any) -> bool:
    return isinstance(entry, str) and "!" in entry


def _check_equalities(path: Path, groups: Any) -> None:
    """Each group: a list of at least two figure references (or lists of them), the first the authoritative one."""
    if groups is None:
        return
    if not isinstance(groups, dict):
        raise AuditDataError(f"{path}：equalities 应为“数的名称: [表名!……, …]”的映射")
    for name, entries in groups.items():
        if not isinstance(entries, list) or len(entries) < 2:
            raise AuditDataError(f"{path}：equalities 中“{name}”应为至少两项的列表（第一项是权威的数）")
        for entry in entries:
            if not (_is_ref(entry) or (isinstance(entry, list) and entry and all(_is_ref(e) for e in entry))):
                raise AuditDataError(f"{path}：equalities 中“{name}”的一项“{entry}”应写成“表名!行名”或“表名!行名|列”")


def _key(text: str, wording: Callable[[str], str] = str) -> str:
    return wording(norm(text)).translate(_PARENS)


def profile_wording(profile: str) -> Callable[[str], str]:
    """How the profile reads a published text: its old terms replaced by the current ones (identity if none)."""
    found, _ = shipped_profile(profile)
    return str if found is None else found.current_wording


@dataclass
class Context:
    """A package read and parsed, with the profile's audit data."""

    package: Package
    data: Mapping[str, Any]
    profile: str = "hunan-county"
    tables: dict[str, Table] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    """Analyses shared by several rules (the narrative's figures), computed once."""
    wording: Callable[[str], str] = str
    """A published text in the profile's current terms (set from the profile's ``old_terms``)."""

    def __post_init__(self) -> None:
        self.wording = profile_wording(self.profile)
        for sheet in self.package.sheets:
            self.tables.setdefault(sheet.name, parse(sheet))

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.package.paragraphs

    def table(self, name: str) -> Table | None:
        found = self.package.sheet(name, self.wording)
        return None if found is None else self.tables[found.name]

    def year(self) -> int | None:
        """The budget year: from the file names, else the narrative's first paragraph, else a title."""
        texts = [*self.package.names, *(p.text for p in self.paragraphs[:1]), *(t.title for t in self.tables.values())]
        for text in texts:
            m = re.search(r"(20\d\d)年", text)
            if m:
                return int(m[1])
        return None

    def figures(self, ref: Any) -> list[Figure] | None:
        """Every figure a reference names; None if the table is missing or does not show it."""
        if isinstance(ref, list):
            parts = [self.figures(r) for r in ref]
            found = [p for p in parts if p]
            if not found:
                return None
            total = sum((p[0].value for p in found), Decimal("0"))
            first = found[0][0]
            return [Figure(total, first.table, first.row, first.col)]
        year = self.year()
        text = str(ref)
        if year is not None:
            text = text.replace("{上年}", str(year - 1)).replace("{年}", str(year))
        sheet, _, rest = text.partition("!")
        table = self.table(sheet)
        if table is None:
            return None
        label, _, path = rest.partition("|")
        if not table.data_rows or (table.total_row() is None and not _has_amounts(table)):
            return [Figure(Decimal("0"), table, table.header_rows[1], 0)]
        if not path:
            return _statement(table, label, self.wording) or None
        w = self.wording
        want = tuple(_key(p, w) for p in path.split("/"))
        cols = [c for c, h in sorted(table.heads.items()) if tuple(_key(x, w) for x in h)[-len(want) :] == want]
        rows = [
            r
            for r in table.data_rows
            if not label or any(_key(str(table.sheet.value(r, c)), w) == _key(label, w) for c in table.text_cols(r))
        ]
        out = []
        for r in rows:
            for c in cols:
                v = table.yuan(r, c)
                if v is not None:
                    out.append(Figure(v, table, r, c))
        return out or None


def _has_amounts(table: Table) -> bool:
    return any(amount(table.sheet.value(r, c)) is not None for r in table.data_rows for c in table.numeric)


def _statement(table: Table, label: str, wording: Callable[[str], str]) -> list[Figure]:
    """Amounts right of every cell whose text (indentation removed, in current terms) is ``label``."""
    out = []
    for (r, c), cell in sorted(table.sheet.cells.items()):
        if r in table.data_rows and isinstance(cell.value, str) and _key(cell.value, wording) == _key(label, wording):
            v = table.yuan(r, c + 1)
            if v is not None:
                out.append(Figure(v, table, r, c + 1))
    return out
