"""Atomic writes: all or nothing, and no litter from an earlier killed build."""

from __future__ import annotations

import os
import time
from pathlib import Path

from budgetgen.atomic import STALE_TEMP_SECONDS, sweep_stale_temps, write_atomic


def test_write_atomic_replaces_files_and_leaves_no_temp(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"old")
    written = write_atomic(tmp_path, {"a.docx": b"new", "b.xlsx": b"xx"})
    assert [p.name for p in written] == ["a.docx", "b.xlsx"]
    assert (tmp_path / "a.docx").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.xlsx"]


def test_stale_temps_from_a_killed_build_are_swept_but_fresh_ones_kept(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".budgetgen-dead.tmp", tmp_path / ".budgetgen-live.tmp"
    other = tmp_path / "notes.tmp"
    for f in (stale, fresh, other):
        f.write_bytes(b"x")
    old = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert sweep_stale_temps(tmp_path) == [stale]
    assert not stale.exists() and fresh.exists() and other.exists()
