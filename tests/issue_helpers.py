"""Helpers for validation tests: edit the example's text, check it, run the CLI.

Tests state the edit inline (old text → new text) and find the expected line
from a marker in the edited text, so expectations never drift from the input.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetgen import pipeline
from budgetgen.issues import Issue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")

Edit = tuple[str, str]


@dataclass(frozen=True)
class Marker:
    """The ``nth`` (1-based) line of the edited text that contains ``text``."""

    text: str
    nth: int = 1

    def line_in(self, source: str) -> int:
        """1-based line number of the marker; fails loudly if it is not there."""
        hits = [n for n, line in enumerate(source.splitlines(), 1) if self.text in line]
        assert len(hits) >= self.nth, f"marker {self.text!r} (#{self.nth}) not found"
        return hits[self.nth - 1]


def edit(edits: Sequence[Edit], base: str = EXAMPLE_TEXT) -> str:
    """Apply ``(old, new)`` replacements (first occurrence each); each ``old`` must exist."""
    text = base
    for old, new in edits:
        assert old in text, f"edit target {old!r} not in source"
        text = text.replace(old, new, 1)
    return text


def check_text(text: str, folder: Path, name: str = "src.yaml") -> list[Issue]:
    """Write ``text`` to ``folder/name`` and check it through the real pipeline."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return pipeline.check_file(path).issues


def codes_lines(issues: Sequence[Issue]) -> set[tuple[str, int]]:
    """The ``(code, line)`` pairs of ``issues``."""
    return {(i.code, i.loc.line) for i in issues}


@cache
def _pythonpath() -> str | None:
    """PYTHONPATH for a child ``python -m budgetgen``; None when it is importable as is."""
    probe = subprocess.run(
        [sys.executable, "-c", "import budgetgen"], capture_output=True, env=os.environ.copy(), check=False
    )
    if probe.returncode == 0:
        return None
    shim = Path(tempfile.mkdtemp(prefix="budgetgen-shim-"))
    (shim / "budgetgen").symlink_to(ROOT / "generator", target_is_directory=True)
    return str(shim)


def cli_env() -> dict[str, str]:
    """Environment in which ``python -m budgetgen`` imports this checkout's package."""
    env = os.environ.copy()
    extra = _pythonpath()
    if extra is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (extra, env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m budgetgen ARGS`` in a child process and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "budgetgen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(),
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
