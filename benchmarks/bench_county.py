"""Benchmark a whole county: per-department time, batch throughput, no-op rebuild, cold start, memory.

Run by hand from the repository root with the package importable as ``budgetgen``::

    PYTHONPATH=/tmp/dev python benchmarks/bench_county.py [--runs 5] [--synthetic 100]

It writes two counties into a temporary folder: the seed county (40 copies of
the example, names varied: "seed-sized" departments) and a synthetic county from
make_county.py (1–8 units, 5–60 projects each). Every figure is a median, and
the baseline (baseline_plain.py: the same two files written directly with
python-docx and openpyxl, no validation) and a bare ``python -c pass`` are
measured in the same run, so ratios stay meaningful on a noisy machine.
Results are recorded in docs/performance.md (section 全县批量生成).
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
sys.path.insert(0, str(HERE))

import baseline_plain  # noqa: E402
import make_county  # noqa: E402


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def seed_county(folder: Path, count: int = 40) -> list[Path]:
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / "2020").mkdir(parents=True)
    paths = []
    for i in range(1, count + 1):
        varied = text.replace("全称: 通道县政务服务中心", f"全称: 通道县政务服务中心第{i}分中心", 1)
        varied = varied.replace('代码: "702"', f'代码: "{700 + i}"', 1).replace('"702701"', f'"{700 + i}701"', 1)
        path = folder / "2020" / f"dep{i:03d}.yaml"
        path.write_text(varied, encoding="utf-8")
        paths.append(path)
    return paths


def cli(args: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Wall time (ms) and peak RSS (KB) of one ``python -m budgetgen`` process and its workers."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter();"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); w = time.perf_counter() - t;"
        "print(w * 1000, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    wall, rss = out.stdout.split()
    return float(wall), int(rss)


def cli_median(args: Sequence[str], cwd: Path, runs: int, before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        times.append(cli(args, cwd)[0])
    return statistics.median(times)


def in_process(paths: Sequence[Path], runs: int) -> tuple[float, float]:
    """Median in-process build (check + render, in memory) and check-only time per department."""
    from budgetgen import pipeline
    from budgetgen.config import settings_for

    settings, _ = settings_for(paths[0])
    pipeline.build_outputs(paths[0], settings)  # imports, template compile, spec parse
    builds, checks = [], []
    for path in paths:
        builds.append(median_ms(lambda p=path: pipeline.build_outputs(p, settings), runs))
        checks.append(median_ms(lambda p=path: pipeline.check_file(p, settings), runs))
    return statistics.median(builds), statistics.median(checks)


def baseline(work: Path, runs: int, copies: int) -> tuple[float, float]:
    """Per-department write time in-process, and batch wall time with 2 processes."""
    content = baseline_plain.prepare(EXAMPLE)
    data = work / "content.pickle"
    data.write_bytes(pickle.dumps(content))
    out = work / "baseline-out"
    out.mkdir()
    baseline_plain.write_department(content, out, 0)
    per = median_ms(lambda: baseline_plain.write_department(content, out, 0), runs)
    walls = []
    for n in range(max(1, runs // 2)):
        target = work / f"baseline-batch{n}"
        args = [str(HERE / "baseline_plain.py"), str(data), str(target), "--copies", str(copies), "--jobs", "2"]
        walls.append(_wall([sys.executable, *args], work))
    return per, statistics.median(walls)


def _wall(cmd: Sequence[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def machine_speedup(tasks: int = 16, size: int = 1_500_000) -> float:
    """How much faster 2 processes run pure-Python work than 1, on this machine, right now."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(tasks):
        _spin(size)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_spin, [1, 1]))
        start = time.perf_counter()
        list(pool.map(_spin, [size] * tasks))
        parallel = time.perf_counter() - start
    return serial / parallel


def _job_rss(job: object) -> int:
    from budgetgen.batch import run_job

    run_job(job)  # type: ignore[arg-type]
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker_rss(paths: Sequence[Path]) -> int:
    """Peak RSS (KB) of the largest of two budgetgen workers building ``paths``."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from budgetgen.batch import Job, _context
    from budgetgen.config import settings_for

    settings, _ = settings_for(paths[0])
    jobs = [Job(p, settings) for p in paths]
    with ProcessPoolExecutor(2, mp_context=_context(multiprocessing)) as pool:
        return max(pool.map(_job_rss, jobs))


def batch(county: Path, runs: int, jobs: int, label: str) -> tuple[float, int]:
    """Median wall time of a forced build into a fresh folder, and the largest peak RSS seen."""
    walls, rss = [], 0
    for n in range(runs):
        out = county / f"out-{label}-j{jobs}-{n}"
        wall, peak = cli(["-m", "budgetgen", "build", "2020", "-o", str(out), "-j", str(jobs), "--force"], county)
        walls.append(wall)
        rss = max(rss, peak)
    return statistics.median(walls), rss


def main() -> None:
    """Measure everything and print one Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=100)
    args = parser.parse_args()
    runs = args.runs
    work = Path(tempfile.mkdtemp(prefix="bench-county-"))
    try:
        seed = work / "seed"
        seed_paths = seed_county(seed)
        synth = work / "synthetic"
        synth_paths = make_county.write_county(synth, args.synthetic)
        rows: list[tuple[str, str]] = []

        python_ms = cli_median(["-c", "pass"], work, runs)
        speedup = statistics.median(machine_speedup() for _ in range(3))
        rows.append(("裸 Python 启动（python -c pass，参照）", f"{python_ms:.0f} ms"))
        rows.append(("本机 2 进程并行加速比（纯 Python 计算，参照）", f"{speedup:.2f}×"))
        build_seed, check_seed = in_process(seed_paths[:3], runs)
        build_syn, check_syn = in_process(synth_paths[:: max(1, len(synth_paths) // 20)], max(1, runs // 2))
        base_per, base_wall = baseline(work, runs, len(seed_paths))
        rows += [
            ("进程内每部门：校验 + 生成两份文件（示例规模）", f"{build_seed:.0f} ms"),
            ("进程内每部门：只校验（示例规模）", f"{check_seed:.1f} ms"),
            ("进程内每部门：校验 + 生成（合成县，抽 20 个）", f"{build_syn:.0f} ms"),
            ("进程内每部门：只校验（合成县）", f"{check_syn:.1f} ms"),
            ("基准脚本每部门：python-docx + openpyxl 直接写（示例规模）", f"{base_per:.0f} ms"),
            ("进程内每部门 ÷ 基准脚本", f"{build_seed / base_per:.2f}×"),
        ]

        one = seed_paths[0]
        fresh = work / "cold"
        cold_build = cli_median(
            ["-m", "budgetgen", "build", str(one), "-o", str(fresh)], work, runs, lambda: shutil.rmtree(fresh, True)
        )
        cold_check = cli_median(["-m", "budgetgen", "check", str(one)], work, runs)
        rows += [
            ("冷启动：budgetgen build 一个部门", f"{cold_build:.0f} ms（扣除裸启动 {cold_build - python_ms:.0f} ms）"),
            ("冷启动：budgetgen check 一个文件", f"{cold_check:.0f} ms（扣除裸启动 {cold_check - python_ms:.0f} ms）"),
        ]

        n_seed = len(seed_paths)
        for jobs in (1, 2):
            wall, _ = batch(seed, max(1, runs // 2), jobs, "seed")
            rows.append(
                (f"示例规模 {n_seed} 个部门 -j {jobs}", f"{wall / 1000:.2f} s，{n_seed / wall * 1000:.1f} 个/秒")
            )
        rows.append(
            (f"基准脚本 {n_seed} 个部门，2 个进程", f"{base_wall / 1000:.2f} s，{n_seed / base_wall * 1000:.1f} 个/秒")
        )
        n_syn = len(synth_paths)
        rss_by_jobs = {}
        for jobs in (1, 2):
            wall, rss_by_jobs[jobs] = batch(synth, 1, jobs, "syn")
            rows.append((f"合成县 {n_syn} 个部门 -j {jobs}", f"{wall / 1000:.1f} s，{n_syn / wall * 1000:.1f} 个/秒"))
        noop_args = ["-m", "budgetgen", "build", "2020", "-o", str(synth / "out-syn-j2-0"), "-j", "2"]
        noop = cli_median(noop_args, synth, runs)
        rows += [
            (f"无变化重建 {n_syn} 个部门", f"{noop:.0f} ms（扣除裸启动 {noop - python_ms:.0f} ms）"),
            ("峰值内存：-j 1 进程（即一个 worker 的上限）", f"{rss_by_jobs[1] / 1024:.0f} MB"),
            ("峰值内存：-j 2 时每个 worker（合成县全部部门）", f"{worker_rss(synth_paths) / 1024:.0f} MB"),
        ]
        load = os.getloadavg()
        print(f"\n测量时 load average：{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
        print("| 项目 | 中位数 |\n|---|---:|")
        for name, value in rows:
            print(f"| {name} | {value} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
