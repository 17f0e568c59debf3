"""What reading a published workbook yields: tables of cells, each cell with its place in the file.

This is the contract between the workbook reader (which finds each spec's sheet by its table code,
title or header texts, and tolerates what real files do) and the inversion that turns the tables
into a source. Values are keyed by the spec binding's text, as :mod:`budgetgen.tables.readback`
keys them, so our own built workbooks and anyone else's read into the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

Value = Decimal | int | str | None
"""An amount (Decimal, at most 2 decimals once read), a count, a text, or an empty cell."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One read value and where it stood: ``sheet`` and ``ref`` (``"B7"``) in the workbook."""

    value: Value
    sheet: str
    ref: str
    raw: object = None
    """The cell's stored value before tolerant reading (``"1,234.5600"`` → Decimal("1234.56"))."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its kind in the spec (``total``, ``unit``, ``func``, ``item``…) and its cells."""

    kind: str
    cells: Mapping[str, Cell]
    """By binding text (``figures[source=经费拨款]``); literal and unbound columns are left out."""
    line: int = 0
    """The row's 1-based number in the sheet."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the reader could not read or had to interpret; reported at ``sheet``!``ref``."""

    code: str
    sheet: str
    ref: str
    message: str
    """In Chinese, for the user."""


@dataclass(frozen=True, slots=True)
class ReadTable:
    """One spec's sheet as read: ``spec_id`` (``annex_05``), the sheet's name, its data rows.

    ``lines`` holds a 收支总表-style table (``rows: null`` in the spec) read by line instead of by
    row: the line's binding text → its cell.
    """

    spec_id: str
    sheet: str
    rows: tuple[Row, ...] = ()
    lines: Mapping[str, Cell] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReadWorkbook:
    """Every table found in a workbook, by spec id; what could not be found or read is in ``problems``."""

    path: str
    tables: Mapping[str, ReadTable]
    problems: tuple[Problem, ...] = ()
