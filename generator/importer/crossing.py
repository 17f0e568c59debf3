"""Per 功能科目: which source column pays for basic spending, for each project and for each 其他支出 group.

The 收入总表 gives each 功能科目's amount by source column, the 支出总表 its amount by kind, each
view table (一般公共预算支出表 …) the kinds within one source column, the 项目支出表 each project's
columns. :func:`cross` finds amounts for every (source column, use) that give all of these sums:
projects take whole columns (a source project has one 资金来源; a bounded search), the rest is a
north-west fill. What it had to choose is returned as guesses, never silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from budgetgen.importer.margins import Margins, ProjectRow
from budgetgen.importer.sources import members
from budgetgen.importer.spread import assign, northwest
from budgetgen.profile import Kind, Profile

BASIC = "basic"
"""The use of a piece that is basic spending (``("other", group)`` and ``("project", index)`` are the others)."""
Use = tuple[str, str | int]


@dataclass
class Crossed:
    """Pieces of one 功能科目: (source column, use, amount); a view's basic part is kept as its own use."""

    pieces: list[tuple[str, Use, Decimal]] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    """What the tables did not tell (Chinese, for the header)."""
    split_projects: list[int] = field(default_factory=list)
    """Projects the tables show with more than one source column (the source gives each one source)."""


def view_atoms(m: Margins, p: Profile) -> dict[str, str]:
    """View name → the 收入总表 column holding exactly that view's sources."""
    out = {}
    for view in m.views:
        leaves = set(p.views.get(view, ()))
        hit = next((a for a in m.atoms if set(members(a, p)) == leaves), None)
        if hit is not None:
            out[view] = hit
    return out


def _demands(item: ProjectRow, atoms: Sequence[str], p: Profile) -> list[tuple[Decimal, list[str]]]:
    """Each nonzero project column as (amount, candidate 收入总表 columns); the unshown rest likewise."""
    out: list[tuple[Decimal, list[str]]] = []
    shown = Decimal(0)
    covered: set[str] = set()
    for key, value in item.columns.items():
        inside = [a for a in atoms if members(a, p) and members(a, p) <= members(key, p)]
        covered.update(inside)
        shown += value
        if value:
            out.append((value, inside))
    if item.total - shown > 0:
        out.append((item.total - shown, [a for a in atoms if a not in covered]))
    return out


CENT = Decimal("0.01")


def reconcile(func: str, m: Margins, p: Profile, projects: Mapping[int, ProjectRow]) -> list[int]:
    """Projects of ``func`` moved by less than half a printed unit so that they add up to the 支出总表's figure.

    A 万元 table rounds each project and the 功能科目's total separately; the projects' printed amounts
    may not add up to it (150 projects of 1,010 元 …). Each gets an equal share of the gap, in cents,
    still printing as before. Returns the indices changed (empty if the gap is too large to spread).
    """
    if m.scale == 1 or not projects:
        return []
    target = m.spending.get(func, {}).get(f"kind:{p.kind_names[Kind.PROJECT]}")
    if target is None:
        return []
    gap = target - sum((x.total for x in projects.values()), Decimal(0))
    half = m.scale / 2 - CENT
    cents, count = int(gap / CENT), len(projects)
    share, extra = divmod(abs(cents), count)
    if not gap or (share + (1 if extra else 0)) * CENT > half:
        return []
    sign = 1 if cents > 0 else -1
    changed = []
    for k, (index, item) in enumerate(projects.items()):
        delta = sign * (share + (1 if k < extra else 0)) * CENT
        if not delta:
            continue
        item.total += delta
        column = max(item.columns, key=lambda c: abs(item.columns[c]), default=None)
        if column is not None and item.columns[column]:
            item.columns[column] += delta
        changed.append(index)
    return changed


def cross(
    func: str, m: Margins, p: Profile, projects: Mapping[int, ProjectRow], atoms_of: Mapping[str, str]
) -> Crossed:
    """The pieces of ``func`` (leaf 功能科目) whose sums are every table's figures."""
    out = Crossed()
    basic, project, other = (p.kind_names[k] for k in (Kind.BASIC, Kind.PROJECT, Kind.OTHER))
    income = {a: m.income.get(func, {}).get(f"source:{a}", Decimal(0)) for a in m.atoms}
    spent = m.spending.get(func, {})
    room = dict(income)
    exact: set[str] = set()
    view_other: dict[str, Decimal] = {}
    view_basic = Decimal(0)
    for view, atom in atoms_of.items():
        sums = m.views[view].get(func, {})
        b, pr = sums.get(f"kind:{basic}", Decimal(0)), sums.get(f"kind:{project}", Decimal(0))
        if b:
            out.pieces.append((atom, ("view", view), b))
        view_basic += b
        view_other[atom] = sums.get(f"kind:{other}", income[atom] - b - pr)
        room[atom] = pr
        exact.add(atom)
    demands: list[tuple[Decimal, list[str]]] = []
    owners: list[int] = []
    for index, item in projects.items():
        parts = _demands(item, m.atoms, p)
        if len(parts) > 1:
            out.split_projects.append(index)
        demands += parts
        owners += [index] * len(parts)
    chosen = assign(demands, room, exact)
    if chosen is None:  # no whole-column choice: fill in order (the sums still come out where they can)
        out.guesses.append(f"功能科目 {func} 的项目资金来源无法按整列分配，已按顺序拆分，请核对")
        chosen = []
        for want, options in demands:
            pick = max(options, key=lambda a: room.get(a, Decimal(0)), default=m.atoms[0])
            room[pick] = room.get(pick, Decimal(0)) - want
            chosen.append(pick)
    for (want, _), atom, index in zip(demands, chosen, owners, strict=True):
        out.pieces.append((atom, ("project", index), want))
    groups = [g for g, k in p.project_groups.items() if k is Kind.OTHER]
    rows = [(a, view_other[a]) for a in atoms_of.values()]
    rows += [(a, room[a]) for a in m.atoms if a not in exact]
    cols: list[tuple[Use, Decimal]] = [(("other", g), spent.get(f"group:{g}", Decimal(0))) for g in groups]
    cols.append(((BASIC, ""), spent.get(f"kind:{basic}", Decimal(0)) - view_basic))
    for atom, use, value in northwest(rows, cols):
        out.pieces.append((atom, use, value))
    placed = sum((v for _, _, v in out.pieces), Decimal(0))
    if placed != sum(income.values()):
        out.guesses.append(
            f"功能科目 {func}：收入总表与支出总表、各分表的数不一致，差 {sum(income.values()) - placed} 元"
        )
    return out
