"""Benchmark: the full in-process build of the example (check → model → docx + xlsx bytes).

Run from the repository root with the package importable as ``budgetgen``::

    PYTHONPATH=/tmp/dev python benchmarks/bench_build.py [--runs 20]

Nothing is written to disk; the atomic write is a rename and not what we measure.
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from budgetgen import pipeline
from budgetgen.render import xlsx
from budgetgen.resources import templates_dir
from budgetgen.tables.spec import load_tables

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def full_build() -> dict[str, bytes]:
    """Everything ``budgetgen build`` does in memory for one source."""
    settings = pipeline.Settings()
    checked = pipeline.check_file(EXAMPLE, settings)
    assert checked.budget is not None
    return pipeline.render(checked.budget, settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    settings = pipeline.Settings()
    budget = pipeline.check_file(EXAMPLE, settings).budget
    assert budget is not None
    specs = load_tables([templates_dir() / "hunan-county" / "tables"])
    steps: dict[str, Callable[[], object]] = {
        "full build (check + docx + xlsx)": full_build,
        "check only (load, schema, model, rules)": lambda: pipeline.check_file(EXAMPLE, settings),
        "render only (docx + xlsx)": lambda: pipeline.render(budget, settings),
        "xlsx only (specs + layout + write)": lambda: xlsx.render_xlsx(
            budget, load_tables([templates_dir() / "hunan-county" / "tables"])
        ),
        "xlsx write from loaded specs": lambda: xlsx.render_xlsx(budget, specs),
    }
    print(f"median of {args.runs} runs")
    for name, fn in steps.items():
        print(f"  {name:42s} {median_ms(fn, args.runs):8.1f} ms")


if __name__ == "__main__":
    main()
