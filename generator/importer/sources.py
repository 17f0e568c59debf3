"""Funding-source columns → the source's leaf 资金来源, and splitting an amount over sources.

A table prints some sources one by one and others only in a group (Hunan's 其他收入（含事业收入）
holds 事业收入, 其他收入 …). The finest printed column of a group stands for one leaf source, the
member the group is named after (其他收入（含事业收入） → 其他收入), so a rebuilt table prints the
same figure in the same column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from budgetgen.importer.draft import amount
from budgetgen.importer.fields import source_key
from budgetgen.importer.tables import Cell, Row
from budgetgen.profile import Profile


def members(key: str, p: Profile) -> frozenset[str]:
    """The leaf sources a source or group column sums."""
    if key in p.sources:
        return frozenset({key})
    return frozenset(p.source_groups.get(key, ()))


def representative(key: str, p: Profile) -> str:
    """The leaf a finest group column stands for: the member the group is named after, else its first."""
    if key in p.sources:
        return key
    group = p.source_groups[key]
    return next((m for m in group if key.startswith(m)), group[0])


def finest(keys: Iterable[str], p: Profile) -> list[str]:
    """The printed source columns that no other printed column refines, in column order."""
    known = [k for k in dict.fromkeys(keys) if k in p.sources or k in p.source_groups]
    return [k for k in known if not any(o != k and members(o, p) < members(k, p) for o in known)]


def by_leaf(row: Row, p: Profile) -> dict[str, Decimal]:
    """The row's amounts by leaf source (nonzero only), read from its finest source columns."""
    keys = {source_key(b): b for b in row.cells if source_key(b) is not None}
    out: dict[str, Decimal] = {}
    for key in finest([k for k in keys if k is not None], p):
        value = amount(row, keys[key])
        if value:
            leaf = representative(key, p)
            out[leaf] = out.get(leaf, Decimal(0)) + value
    return out


def leaf_cells(row: Row, p: Profile) -> dict[str, Cell]:
    """The cell each leaf source of :func:`by_leaf` was read from (its finest column)."""
    keys = {source_key(b): b for b in row.cells if source_key(b) is not None}
    return {representative(k, p): row.cells[keys[k]] for k in finest([k for k in keys if k is not None], p)}


def split(amounts: list[Decimal], pools: Mapping[str, Decimal]) -> list[list[tuple[str, Decimal]]]:
    """Each amount cut into (source, part) pieces, filling the pools in order (north-west corner)."""
    names = [s for s, v in pools.items() if v > 0]
    left = [pools[s] for s in names]
    out: list[list[tuple[str, Decimal]]] = []
    i = 0
    for asked in amounts:
        want = asked
        pieces: list[tuple[str, Decimal]] = []
        while want > 0 and i < len(left):
            take = min(want, left[i])
            pieces.append((names[i], take))
            left[i] -= take
            want -= take
            if left[i] <= 0:
                i += 1
        if want > 0:  # the pools ran dry: the rest stays with the last source seen
            pieces.append((names[-1] if names else "", want))
        out.append(pieces)
    return out
