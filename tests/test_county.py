"""Acceptance for a whole county: 40 departments, incremental, reproducible, fault-isolated."""

from __future__ import annotations

from pathlib import Path

import pytest
from _county import make_county, outputs, run_cli


@pytest.mark.slow
def test_forty_departments(tmp_path: Path) -> None:
    srcs = make_county(tmp_path, 40)
    first = run_cli(["build", "2020", "-o", "out", "-j", "2"], cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    built = outputs(tmp_path / "out")
    assert len(built) == 80
    stamps = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}

    second = run_cli(["build", "2020", "-o", "out", "-j", "2"], cwd=tmp_path)
    assert second.returncode == 0
    assert "已生成 0，未变化 40，失败 0" in second.stdout
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir() if p.suffix != ".json"} == {
        k: v for k, v in stamps.items() if not k.endswith(".json")
    }

    fresh = run_cli(["build", "2020", "-o", "fresh", "-j", "2", "--force"], cwd=tmp_path)
    assert fresh.returncode == 0
    assert outputs(tmp_path / "fresh") == built

    broken = srcs[16]
    broken.write_text(broken.read_text(encoding="utf-8").replace("  全称:", "  全称: [", 1), encoding="utf-8")
    third = run_cli(["build", "2020", "-o", "broken", "-j", "2"], cwd=tmp_path)
    assert third.returncode == 1
    assert len(outputs(tmp_path / "broken")) == 78
    assert "已生成 39，未变化 0，失败 1" in third.stdout
    assert f"失败：2020/{broken.name}  2020/{broken.name}:" in third.stdout
    assert "Traceback" not in third.stdout + third.stderr


ENVIRONMENTS = [
    {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"},
    {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "PYTHONHASHSEED": "2"},
    {"TZ": "America/New_York", "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "PYTHONHASHSEED": "3"},
]


def test_same_bytes_across_processes_jobs_timezones_and_locales(tmp_path: Path) -> None:
    make_county(tmp_path, 3)
    results = []
    for n, (env, jobs) in enumerate(zip(ENVIRONMENTS, ("1", "2", "2"), strict=True)):
        proc = run_cli(["build", "2020", "-o", f"out{n}", "-j", jobs], cwd=tmp_path, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        results.append(outputs(tmp_path / f"out{n}"))
    assert len(results[0]) == 6
    assert results[0] == results[1] == results[2]
