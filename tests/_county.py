"""Helpers for county-level tests: copies of the example and a way to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
EXAMPLE_NAME = "通道县政务服务中心"


def department(index: int, text: str | None = None) -> str:
    """The example with a distinct 全称 and 代码, so that its outputs get their own names."""
    text = text if text is not None else EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(f"全称: {EXAMPLE_NAME}", f"全称: {EXAMPLE_NAME}第{index}分中心", 1)
    text = text.replace('代码: "702"', f'代码: "{700 + index}"', 1)
    return text.replace('代码: "702701"', f'代码: "{700 + index}701"', 1)


def make_county(folder: Path, count: int, year_folder: str = "2020") -> list[Path]:
    """``count`` department sources in ``folder/year_folder``, each passing ``budgetgen check``."""
    from helpers import checked_budget

    target = folder / year_folder
    target.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(1, count + 1):
        path = target / f"dep{i:03d}.yaml"
        path.write_text(department(i, text), encoding="utf-8")
        checked_budget(path)
        paths.append(path)
    return paths


def _pythonpath(tmp: Path) -> str:
    """A folder in which ``import budgetgen`` finds this checkout's generator/."""
    try:
        import budgetgen

        if Path(budgetgen.__file__).resolve().parent == (ROOT / "generator").resolve():
            link_dir = tmp / "_pp"
            link_dir.mkdir(exist_ok=True)
            link = link_dir / "budgetgen"
            if not link.exists():
                link.symlink_to(ROOT / "generator", target_is_directory=True)
            return str(link_dir)
    except ImportError:  # pragma: no cover - the suite imports budgetgen anyway
        pass
    return os.environ.get("PYTHONPATH", "")


def run_cli(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m budgetgen ARGS`` in a fresh process (env entries are added to os.environ)."""
    full = {**os.environ, **(env or {})}
    pp = _pythonpath(tmp or cwd)
    if pp:
        full["PYTHONPATH"] = pp
    return subprocess.run(
        [sys.executable, "-m", "budgetgen", *args], cwd=cwd, env=full, capture_output=True, text=True, check=False
    )


def outputs(folder: Path) -> dict[str, bytes]:
    """Every .docx/.xlsx in ``folder`` by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in {".docx", ".xlsx"}}


def run_python(code: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` in a fresh process that imports this checkout's budgetgen."""
    full = {**os.environ, **(env or {})}
    pp = _pythonpath(cwd)
    if pp:
        full["PYTHONPATH"] = pp
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=full, capture_output=True, text=True, check=False)
