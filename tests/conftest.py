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


def _stale_files(pkg: Path) -> list[str]:
    """Files of this checkout that differ in the imported ``budgetgen`` (an install older than the code)."""
    pairs = [(ROOT / "generator", pkg), (ROOT / "templates", pkg / "templates"), (ROOT / "schemas", pkg / "schemas")]
    stale = []
    for here, there in pairs:
        for src in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            copy = there / src.relative_to(here)
            if not copy.is_file() or copy.read_bytes() != src.read_bytes():
                stale.append(src.relative_to(ROOT).as_posix())
    return stale


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test an installed copy that differs from the checkout: edits must be what is tested."""
    import budgetgen

    pkg = Path(budgetgen.__file__).resolve().parent
    if pkg == ROOT / "generator":
        return
    stale = _stale_files(pkg)
    if stale:
        raise pytest.UsageError(
            f"测试导入的 budgetgen（{pkg}）不是这份检出的代码：{len(stale)} 个文件不同（如 {stale[0]}）。"
            '开发时请用可编辑安装 pip install -e ".[test]"，改动后无需重装'
        )


def pytest_report_header(config: pytest.Config) -> str:
    import budgetgen

    return f"budgetgen: {Path(budgetgen.__file__).resolve().parent}"


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
