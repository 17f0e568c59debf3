"""The seed document's 22 annex sheets, parsed from its tab-separated text (tests compare layouts with it).

In ``../shared/seed/000_*.txt`` each sheet starts with its sheet name in the first
column, then its title, header rows, the ``** / 1 / 2 …`` column-number row and
data rows. A logical column occupies two tab positions (the text, then the empty
cell of the copy-paste), so text at tab index ``i`` belongs to column ``(i - 2) // 2``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

_SEED_NAME = "seed/000_9902a30b8655e055.txt"


def _seed_path() -> Path:
    """The seed text: $BUDGETGEN_SEED, else ``shared/`` beside the checkout (as CI lays it), else /work/shared."""
    if "BUDGETGEN_SEED" in os.environ:
        return Path(os.environ["BUDGETGEN_SEED"])
    beside = Path(__file__).resolve().parents[2] / "shared" / _SEED_NAME
    return beside if beside.is_file() else Path("/work/shared") / _SEED_NAME


SEED = _seed_path()


@dataclass
class SeedSheet:
    """One sheet of the seed: its title, header cells (row offset, column, text) and column numbers."""

    name: str
    title: str = ""
    lines: list[list[tuple[int, str]]] = field(default_factory=list)
    numbers: list[tuple[int, str]] = field(default_factory=list)
    header: list[tuple[int, int, str]] = field(default_factory=list)


def _cells(line: str) -> list[tuple[int, str]]:
    return [(i, t.strip()) for i, t in enumerate(line.split("\t")) if t.strip()]


#: Sheets without a column-number row: header rows after the title (收支总表 has two, the 绩效目标申报表 four).
_PLAIN_HEADER_ROWS = {"收支总表": 2, "部门整体支出绩效目标申报表": 4}


def seed_sheets(names: list[str], path: Path = SEED) -> dict[str, SeedSheet]:
    """The seed's sheets by sheet name, in order; a line holding only a name of ``names`` starts a sheet."""
    text = path.read_text(encoding="utf-8")
    sheets: dict[str, SeedSheet] = {}
    current: SeedSheet | None = None
    for line in text.split("\n"):
        cells = _cells(line)
        if len(cells) == 1 and cells[0][0] == 0 and cells[0][1] in names and cells[0][1] not in sheets:
            current = SeedSheet(cells[0][1])
            sheets[current.name] = current
        elif cells and current is not None:
            current.lines.append(cells)
    for sheet in sheets.values():
        _split(sheet)
    return sheets


def _split(sheet: SeedSheet) -> None:
    """Title, header cells and the column-number row of one sheet's lines."""
    rows = [c for c in sheet.lines if not (len(c) == 1 and re.fullmatch(r"\d+表", c[0][1]))]
    rows = [c for c in rows if not any(t.startswith(("单位名称:", "单位名称：", "单位：")) for _, t in c)]
    sheet.title = rows[0][0][1]
    header_rows: list[list[tuple[int, str]]] = []
    for cells in rows[1:]:
        if cells[0][1] == "**":
            sheet.numbers = [((i - 2) // 2, t) for i, t in cells]
            break
        header_rows.append(cells)
        if len(header_rows) == _PLAIN_HEADER_ROWS.get(sheet.name):
            break
    sheet.header = [(r, (i - 2) // 2, t) for r, cells in enumerate(header_rows) for i, t in cells]
