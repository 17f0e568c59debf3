"""A source being written: its data, the comment at each line, and the warnings for the user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetgen.importer.tables import Cell, ReadTable, ReadWorkbook, Row

Path = tuple[str | int, ...]


@dataclass
class Draft:
    """The source the inversion builds: plain data (dicts in key order), comments by path, warnings."""

    data: dict[str, Any] = field(default_factory=dict)
    comments: dict[Path, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    origins: dict[tuple[str, str], Path] = field(default_factory=dict)
    """(sheet, cell ref) → the source path whose value was read there (for comments on disagreements)."""

    def note(self, path: Path, text: str) -> None:
        """A comment written at the line of ``path`` (several are joined)."""
        notes = self.comments.setdefault(path, [])
        if text not in notes:
            notes.append(text)

    def came(self, path: Path, cell: Cell | None) -> None:
        """Record that the value at ``path`` was read from ``cell`` (the first reading wins)."""
        if cell is not None and cell.ref:
            self.origins.setdefault((cell.sheet, cell.ref), path)

    def warn(self, text: str) -> None:
        """A warning printed to the user when the source is written."""
        if text not in self.warnings:
            self.warnings.append(text)


def where(cell: Cell | None) -> str:
    """``支出分类表!F8`` for a comment; empty when the value has no cell."""
    return f"{cell.sheet}!{cell.ref}" if cell is not None and cell.ref else (cell.sheet if cell else "")


def rows(book: ReadWorkbook, spec_ids: tuple[str, ...], kind: str | None = None) -> Iterator[tuple[ReadTable, Row]]:
    """Every row (of ``kind``) of the tables read for the given spec ids."""
    for spec_id in spec_ids:
        table = book.tables.get(spec_id)
        if table is None:
            continue
        for row in table.rows:
            if kind is None or row.kind == kind:
                yield table, row


def value(row: Row, binding: str) -> Any:
    """The row's value under ``binding`` (None when the row has no such cell)."""
    cell = row.cells.get(binding)
    return None if cell is None else cell.value


def amount(row: Row, binding: str) -> Decimal:
    """An amount cell as Decimal (blank → 0)."""
    v = value(row, binding)
    if isinstance(v, Decimal | int) and not isinstance(v, bool):
        return Decimal(v)
    return Decimal(0)


def text(row: Row, binding: str) -> str:
    """A text cell, stripped (blank → empty)."""
    v = value(row, binding)
    return "" if v is None else str(v).strip()


def number(v: Decimal | int) -> Decimal | int:
    """An amount as the source writes it: integral amounts without decimals."""
    d = Decimal(v)
    return int(d) if d == d.to_integral_value() else d.normalize()
