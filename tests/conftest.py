"""Shared test helpers: the golden-file switch and source builders.

Run ``pytest --update-golden`` to rewrite golden files; the diff is printed so
that the change can be reviewed before it is committed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = EXAMPLES / "tongdao-zwfwzx-2020.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files and print their diff")


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``golden(name, text)`` compares ``text`` with ``tests/golden/<name>``."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old == text:
            return
        diff = "".join(difflib.unified_diff(old.splitlines(True), text.splitlines(True), f"a/{name}", f"b/{name}"))
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"\n更新了 golden 文件 {name}:\n{diff}")
            return
        pytest.fail(f"{name} 与 golden 文件不一致（用 pytest --update-golden 更新）：\n{diff[:6000]}")

    return check
