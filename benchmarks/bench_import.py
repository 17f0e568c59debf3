"""Benchmark: ``budgetgen import`` of the seed workbook and of the example's built workbook.

Run from the repository root with the package importable as ``budgetgen``::

    python benchmarks/bench_import.py [--runs 10]

For each workbook: reading the sheets within limits (importer.grids), the strict reader (our own
layout), the tolerant reader (anyone's layout), and the whole import (read, compare, invert, YAML)
as ``budgetgen import`` runs it, with the 说明 where there is one. The seed is read tolerantly by
the import (its layout differs from the specs'), the built workbook strictly. Each step is the
median of ``--runs`` runs after one warm-up, as wall time and as the process's CPU time (the machine
is shared; CPU time is the steadier figure). Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from budgetgen import pipeline
from budgetgen.audit.context import profile_wording
from budgetgen.importer import grids
from budgetgen.importer.read import read_grids
from budgetgen.importer.run import import_workbook
from budgetgen.importer.strict import read_strict
from budgetgen.profile import shipped_profile
from budgetgen.resources import templates_dir
from budgetgen.tables.spec import load_tables

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed"
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
PROFILE = "hunan-county"


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(wall, CPU) medians in ms."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def built(folder: Path) -> tuple[Path, Path]:
    """The example's 预算公开表 and 说明, built in memory and written to ``folder``."""
    settings = pipeline.Settings()
    checked = pipeline.check_file(EXAMPLE, settings)
    assert checked.budget is not None
    out = {}
    for name, data in pipeline.render(checked.budget, settings).items():
        (folder / name).write_bytes(data)
        out[Path(name).suffix] = folder / name
    return out[".xlsx"], out[".docx"]


def steps(xlsx: Path, docx: Path) -> dict[str, Callable[[], object]]:
    specs = load_tables([templates_dir() / PROFILE / "tables"])
    profile, _ = shipped_profile(PROFILE)
    assert profile is not None
    note, wording = profile.empty_note, profile_wording(PROFILE)
    data = xlsx.read_bytes()
    sheets = grids.load(data, xlsx.name).grids
    return {
        "read sheets (grids.load)": lambda: grids.load(data, xlsx.name),
        "strict reader": lambda: read_strict(xlsx, sheets, specs, note),
        "tolerant reader": lambda: read_grids(str(xlsx), sheets, specs, empty_note=note, wording=wording),
        "whole import (xlsx)": lambda: import_workbook(xlsx, None, PROFILE),
        "whole import (xlsx + 说明)": lambda: import_workbook(xlsx, docx, PROFILE),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        books = {
            "seed (tests/fixtures/seed)": (next(SEED.glob("*.xlsx")), next(SEED.glob("*.docx"))),
            "example, built": built(Path(tmp)),
        }
        print(f"median of {args.runs} runs: wall ms / CPU ms")
        for book, (xlsx, docx) in books.items():
            print(book)
            for name, fn in steps(xlsx, docx).items():
                wall, cpu = median_ms(fn, args.runs)
                print(f"  {name:30s} {wall:8.1f} {cpu:8.1f}")


if __name__ == "__main__":
    main()
