"""Exact fills: amounts whose row sums and column sums are given, in exact Decimal cents.

A marginal table says how much each 经济科目 spends and how much each 功能科目 spends, never the
cross. :func:`northwest` gives one cross whose every row and column adds up (the transportation
problem's north-west corner rule): deterministic, no float, each cell a whole number of cents.
:func:`assign` puts whole amounts into bins with room (a project has one source), by a bounded search.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import TypeVar

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

SEARCH_STEPS = 200_000


def northwest(rows: Sequence[tuple[R, Decimal]], cols: Sequence[tuple[C, Decimal]]) -> list[tuple[R, C, Decimal]]:
    """Cells (row, column, amount > 0) whose sums are the given totals as far as both sides reach.

    When the two sides' totals differ, the longer side's tail is left out (the caller reports it).
    """
    out: list[tuple[R, C, Decimal]] = []
    left_r = [(k, v) for k, v in rows if v > 0]
    left_c = [(k, v) for k, v in cols if v > 0]
    i = j = 0
    have = left_r[0][1] if left_r else Decimal(0)
    need = left_c[0][1] if left_c else Decimal(0)
    while i < len(left_r) and j < len(left_c):
        take = min(have, need)
        out.append((left_r[i][0], left_c[j][0], take))
        have -= take
        need -= take
        if have == 0:
            i += 1
            have = left_r[i][1] if i < len(left_r) else Decimal(0)
        if need == 0:
            j += 1
            need = left_c[j][1] if j < len(left_c) else Decimal(0)
    return out


def matched(rows: Sequence[tuple[R, Decimal]], cols: Sequence[tuple[C, Decimal]]) -> list[tuple[R, C, Decimal]]:
    """:func:`northwest`, after pairing each row with the first column of exactly its amount.

    Where the true cross is a code per 功能科目 (养老保险缴费 → 养老支出), this finds it; the rest is
    filled north-west.
    """
    left_c = list(cols)
    out: list[tuple[R, C, Decimal]] = []
    rest_r: list[tuple[R, Decimal]] = []
    for key, value in rows:
        hit = next((j for j, (_, v) in enumerate(left_c) if v == value and v > 0), None)
        if hit is None:
            rest_r.append((key, value))
            continue
        out.append((key, left_c[hit][0], value))
        left_c[hit] = (left_c[hit][0], Decimal(0))
    return out + northwest(rest_r, left_c)


def assign(demands: Sequence[tuple[Decimal, Sequence[R]]], room: dict[R, Decimal], exact: set[R]) -> list[R] | None:
    """A bin for each (amount, candidate bins) with room for it, the ``exact`` bins used up; None if none found.

    Largest amounts first; at most :data:`SEARCH_STEPS` tries (a department's projects per 功能科目
    are few; a failure is reported, never a wrong sum).
    """
    order = sorted(range(len(demands)), key=lambda k: -demands[k][0])
    chosen: list[R | None] = [None] * len(demands)
    steps = 0

    def go(k: int) -> bool:
        nonlocal steps
        if k == len(order):
            return all(room[b] == 0 for b in exact if b in room)
        i = order[k]
        want, options = demands[i]
        for b in options:
            steps += 1
            if steps > SEARCH_STEPS:
                return False
            if room.get(b, Decimal(0)) >= want:
                room[b] -= want
                chosen[i] = b
                if go(k + 1):
                    return True
                room[b] += want
        return False

    if not go(0):
        return None
    return [c for c in chosen if c is not None]
