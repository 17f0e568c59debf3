"""Benchmark: what ``budgetgen publish`` adds to ``build`` for one department.

Run from the repository root with the package importable as ``budgetgen`` (and
LibreOffice and the fonts of docs/publish.md installed)::

    python benchmarks/bench_publish.py [--runs 5]

Per run: render the example in memory (as ``build``), convert its .docx and its
.xlsx to PDF with a fresh throw-away LibreOffice profile (as a ``publish``
worker does), and build the county site from the one department. Reports the
median wall time and the CPU time of LibreOffice (child processes) per step.
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from budgetgen import pipeline
from budgetgen.publish.convert import make_pdfs, prepare
from budgetgen.site import build_site
from budgetgen.site import prepare as site_prepare

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median child CPU time, in seconds."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    setup, issues = prepare()
    if setup is None:
        raise SystemExit(issues[0].message)
    checked, outputs = pipeline.build_outputs(EXAMPLE)
    assert checked.budget is not None and outputs is not None
    budget, when = checked.budget, checked.budget.department.date
    docx = {n: b for n, b in outputs.items() if n.endswith(".docx")}
    xlsx = {n: b for n, b in outputs.items() if n.endswith(".xlsx")}
    steps: dict[str, Callable[[], object]] = {
        "check + render (build)": lambda: pipeline.build_outputs(EXAMPLE),
        "说明 .docx → PDF": lambda: make_pdfs(docx, setup, when=when, shown="x"),
        "公开表 .xlsx → PDF": lambda: make_pdfs(xlsx, setup, when=when, shown="x"),
        "site (1 department)": lambda: build_site([site_prepare(budget, checked.settings, sorted(outputs))]),
    }
    print(f"load average {os.getloadavg()[0]:.1f}; median of {runs} runs")
    for name, fn in steps.items():
        wall, cpu = measure(fn, runs)
        print(f"{name:24} wall {wall * 1000:8.0f} ms   LibreOffice CPU {cpu * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
