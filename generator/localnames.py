"""A county's local names for a profile's tables (``表格`` in budgetgen.yaml), as read from the config.

They are applied to the table specs by :mod:`budgetgen.tables.rename`; each keeps
the location of its config line so a name that fits nothing is reported there.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetgen.issues import Loc
from budgetgen.source import SourceDoc


@dataclass(frozen=True, slots=True)
class TableName:
    """One local name: of a table's ``表名``, ``标题``, ``单位`` or one ``列名``, where the config writes it."""

    sheet: str
    key: str
    value: str
    loc: Loc
    old: str = ""
    """For ``列名``: the profile's column head it renames."""


def table_names(doc: SourceDoc) -> tuple[TableName, ...]:
    """Every local name the config declares, in the order written."""
    out: list[TableName] = []
    for sheet, names in (doc.data.get("表格") or {}).items():
        for key, value in names.items():
            if key == "列名":
                out += [
                    TableName(sheet, key, str(v), doc.loc(("表格", sheet, key, k)), str(k)) for k, v in value.items()
                ]
            else:
                out.append(TableName(sheet, key, str(value), doc.loc(("表格", sheet, key))))
    return tuple(out)
