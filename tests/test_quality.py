"""ruff and mypy (strict on the package) stay clean, and every example checks cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from budgetgen import pipeline

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return found


def test_ruff_is_clean() -> None:
    run = subprocess.run(
        [_tool("ruff"), "check", "generator", "tests", "tools", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean(tmp_path: Path) -> None:
    # generator/ is imported as budgetgen: give mypy a folder where that name points at the source.
    (tmp_path / "budgetgen").symlink_to(ROOT / "generator", target_is_directory=True)
    env = {**os.environ, "MYPYPATH": str(tmp_path)}
    run = subprocess.run(
        [_tool("mypy"), "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    "path", [p for p in sorted((ROOT / "examples").glob("*.yaml")) if p.name != "budgetgen.yaml"], ids=lambda p: p.name
)
def test_every_example_checks_cleanly(path: Path) -> None:
    checked = pipeline.check_file(path)
    assert checked.budget is not None
    assert [(i.code, i.loc.line) for i in checked.issues] == []
