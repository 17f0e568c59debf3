"""How ``check`` time grows with the number of projects in one department (issue 13: it was quadratic).

    python benchmarks/bench_projects.py 1000 3000 10000 30000

Writes one synthetic department per count (one unit; every project distinct)
and times load → schema → derive → checks once, in this process. The result
goes into ``docs/performance.md`` by hand.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_county import CONFIG, _project, _unit

from budgetgen import pipeline


def source(count: int) -> str:
    """One department with ``count`` projects under one unit."""
    rng = random.Random(count)
    projects, total = [], 0
    for i in range(count):
        text, amount = _project(rng, f"第{i}号专项工作经费", None, "2010301")
        projects.append(text)
        total += amount
    unit, _ = _unit(rng, "100001", "测试局本级", ("2010101", "2010301"), total)
    head = ["部门:", "  全称: 测试局", '  代码: "100"', "  主要职能: 测试。", "单位:"]
    return "\n".join([*head, unit, "项目:", *projects, ""])


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [1000, 3000, 10000]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "budgetgen.yaml").write_text(CONFIG, encoding="utf-8")
        for count in counts:
            path = Path(folder) / f"d{count}.yaml"
            path.write_text(source(count), encoding="utf-8")
            started = time.perf_counter()
            checked = pipeline.check_file(path)
            took = time.perf_counter() - started
            errors = sorted({i.code for i in checked.issues if i.is_error})
            print(f"{count:>7} 个项目  {path.stat().st_size / 1e6:6.1f} MB  check {took:7.2f} s  {errors or 'ok'}")


if __name__ == "__main__":
    main()
