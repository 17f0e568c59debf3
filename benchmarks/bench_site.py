"""Benchmark: the county website in memory (budgetgen.site.build_site) for N departments.

Run from the repository root with the package importable as ``budgetgen``::

    PYTHONPATH=/tmp/dev python benchmarks/bench_site.py [--copies 40] [--runs 3]

The departments are copies of the example with distinct names and codes, prepared
once (not timed). Nothing is written to disk. Results are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from budgetgen import pipeline
from budgetgen.site import SiteDepartment, build_site, prepare

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"


def departments(copies: int) -> tuple[SiteDepartment, ...]:
    """``copies`` departments: the example under distinct names and codes."""
    checked = pipeline.check_file(EXAMPLE)
    assert checked.budget is not None
    base = prepare(checked.budget, checked.settings, pipeline.output_names(checked.budget))
    out = []
    for i in range(copies):
        d = dataclasses.replace(base.budget.department, name=f"示例部门{i:03d}", code=f"{900 + i}")
        out.append(dataclasses.replace(base, budget=dataclasses.replace(base.budget, department=d)))
    return tuple(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    deps = departments(args.copies)
    build_site(deps[:1])  # compile the templates once, as a publish run does
    times, files = [], {}
    for _ in range(args.runs):
        start = time.perf_counter()
        files = build_site(deps)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    size = sum(len(b) for b in files.values()) / 1e6
    each = median / args.copies * 1000
    print(f"{args.copies} 个部门：{median:.2f} s（每部门 {each:.0f} ms），{len(files)} 个文件，{size:.1f} MB")


if __name__ == "__main__":
    main()
