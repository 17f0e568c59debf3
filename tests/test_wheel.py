"""The built wheel carries templates and schemas, and builds the example from a fresh venv."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_builds_the_example(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], check=True, cwd=tmp_path
    )
    wheel = next(dist.glob("budgetgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "budgetgen/schemas/department.schema.json" in names
    assert "budgetgen/templates/hunan-county/narrative.txt.j2" in names
    assert "budgetgen/schemas/catalogs/2020/functional.tsv" in names

    # The venv must see only the wheel: drop any PYTHONPATH that points at the checkout.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=tmp_path, env=env)
    out = tmp_path / "out"
    example = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
    run = subprocess.run(
        [str(env_dir / "bin" / "budgetgen"), "build", str(example), "-o", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / "通道县政务服务中心2020年部门预算说明.docx").stat().st_size > 0
    assert (out / "通道县政务服务中心2020年部门预算公开表.xlsx").stat().st_size > 0
    module = subprocess.run(
        [str(py), "-c", "import budgetgen, sys; print(budgetgen.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in module.stdout, "the build must run from the installed wheel, not the checkout"
