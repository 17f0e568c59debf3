"""The built wheel carries templates and schemas, and builds the example from a fresh venv.

Where possible nothing is fetched from a package index: the wheel is built
without build isolation when this environment already has setuptools>=77 (the
backend pyproject.toml asks for), and it is installed with ``--no-index
--no-deps`` into a fresh venv that borrows the dependencies of this
environment. The project is copied first, so pip's ``build/`` and
``*.egg-info`` never land in the checkout (nor stale files from them in the wheel).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What the wheel is built from (see [tool.setuptools] in pyproject.toml).
PACKAGED = ("pyproject.toml", "README.md", "generator", "templates", "schemas")


def _has_build_backend() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    major = setuptools.__version__.split(".")[0]
    return major.isdigit() and int(major) >= 77


def _copy_project(target: Path) -> Path:
    target.mkdir()
    for name in PACKAGED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, target / name)
    return target


def _borrow_dependencies(env_dir: Path, py: Path) -> None:
    """Let the fresh venv import this environment's packages, after its own site-packages."""
    own = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]
    (Path(own) / "_outer_env.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_builds_the_example(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    had_build_dir = (ROOT / "build").exists()
    project = _copy_project(tmp_path / "project")
    dist = tmp_path / "dist"
    offline = ["--no-build-isolation", "--no-index"] if _has_build_backend() else []
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *offline, "-w", str(dist), str(project)],
        check=True,
        cwd=tmp_path,
        env=env,
    )
    assert (ROOT / "build").exists() == had_build_dir, "pip must not build inside the checkout"
    wheel = next(dist.glob("budgetgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "budgetgen/schemas/department.schema.json" in names
    assert "budgetgen/templates/hunan-county/narrative.txt.j2" in names
    assert "budgetgen/templates/scaffold/department.yaml" in names
    assert "budgetgen/schemas/catalogs/2020/functional.tsv" in names
    assert "budgetgen/compare/diff.py" in names  # every subpackage is listed in pyproject's packages
    assert "budgetgen/audit/run.py" in names and "budgetgen/templates/hunan-county/audit.yaml" in names

    # The venv must see only the wheel: drop any PYTHONPATH that points at the checkout.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bin_dir / "python"
    install = [str(py), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)]
    subprocess.run(install, check=True, cwd=tmp_path, env=env)
    # Only now: had pip seen this environment's packages, it could take an installed budgetgen for the wheel's.
    _borrow_dependencies(env_dir, py)
    assert (bin_dir / "budgetgen").exists()
    out = tmp_path / "out"
    example = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
    run = subprocess.run(
        [str(bin_dir / "budgetgen"), "build", str(example), "-o", str(out)],
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
