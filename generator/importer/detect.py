"""Which shipped format a workbook is: its sheets' names and titles against each format's specs.

``budgetgen import`` reads a workbook through the format the user names (the county's by default).
A workbook of another format would read as a few stray tables; when another shipped format claims
clearly more of its sheets, the import stops and says which format to name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from budgetgen.importer.locate import find_sheets

#: How a sheet is found that counts as the format's own (not a header merely resembling one).
_OWN = frozenset({"code", "name", "old", "cut", "title"})


@dataclass(frozen=True)
class Claim:
    """A format and how many of the workbook's sheets its specs find by name or title."""

    profile: str
    title: str
    sheets: int
    specs: int


def claims(grids: Mapping[str, Sequence[Sequence[Any]]]) -> list[Claim]:
    """Every shipped format's claim on ``grids``, most sheets first (a format that fails to load is skipped)."""
    from budgetgen.profile import shipped_profile
    from budgetgen.resources import shipped_profiles, templates_dir
    from budgetgen.tables.load import SpecError
    from budgetgen.tables.spec import load_tables

    out = []
    for name in shipped_profiles():
        p, _ = shipped_profile(name)
        if p is None:
            continue
        try:
            specs = load_tables([templates_dir() / name / "tables"], p)
        except SpecError:
            continue
        found = find_sheets(specs, grids, p.current_wording)
        out.append(Claim(name, p.title, sum(how in _OWN for _, how in found.values()), len(specs)))
    return sorted(out, key=lambda c: (-c.sheets, c.profile))


def other_format(grids: Mapping[str, Sequence[Sequence[Any]]], chosen: str) -> Claim | None:
    """The format the workbook clearly is when that is not ``chosen``: it finds more sheets by name or
    title than ``chosen`` does, and at least half of its own tables."""
    found = claims(grids)
    mine = next((c.sheets for c in found if c.profile == chosen), 0)
    best = found[0] if found else None
    if best is None or best.profile == chosen or best.sheets <= mine or 2 * best.sheets < best.specs:
        return None
    return best
