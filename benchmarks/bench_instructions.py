"""Benchmark: instructions per check and per render of the example, for versions side by side.

On a shared machine wall-clock and even CPU time move with the load (two runs of the
same version can differ by half). The number of instructions executed does not:
this runs each version under ``valgrind --tool=cachegrind --cache-sim=no`` three
times (warm-up only; warm-up + N checks; warm-up + N renders) and prints the
difference per check and per render. Each argument is a checkout (a folder with
``generator/`` and ``examples/``), e.g. ``git archive 962b788 | tar -x -C /tmp/base``::

    python benchmarks/bench_instructions.py /tmp/base . [--runs 10]

Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

WORKLOAD = """
import sys
from pathlib import Path
from budgetgen import pipeline
src, what, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
example, settings = src / "examples" / "tongdao-zwfwzx-2020.yaml", pipeline.Settings()
budget = pipeline.check_file(example, settings).budget
pipeline.render(budget, settings)
for _ in range(n):
    pipeline.check_file(example, settings) if what == "check" else pipeline.render(budget, settings)
"""


def instructions(src: Path, what: str, n: int, work: Path) -> int:
    """Instructions of one process: warm-up, then ``n`` checks or renders."""
    link = work / src.name.replace("/", "_") / "budgetgen"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to((src / "generator").resolve(), target_is_directory=True)
    script = work / "workload.py"
    script.write_text(WORKLOAD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(link.parent), "PYTHONHASHSEED": "0"}
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    run = subprocess.run(
        [*cmd, sys.executable, str(script), str(src), what, str(n)],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    assert found is not None, run.stderr[-2000:]
    return int(found[1].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for i, src in enumerate(args.sources):
            work = Path(tmp) / str(i)
            instructions(src, "check", 0, work)  # writes __pycache__: a fresh checkout compiles only in this run
            warm = instructions(src, "check", 0, work)
            check = (instructions(src, "check", args.runs, work) - warm) / args.runs / 1e6
            render = (instructions(src, "render", args.runs, work) - warm) / args.runs / 1e6
            print(f"{src}: check {check:.1f} M, render {render:.1f} M, full {check + render:.1f} M instructions")


if __name__ == "__main__":
    main()
