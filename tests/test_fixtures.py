"""Tests render only documents the product would write: the shared guard refuses what check refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLE, checked_budget

from budgetgen.rollover import code_part

SECOND_UNIT = """
  - 代码: "702702"
    名称: 政务中心二级
    单位性质: 事业
    功能分类: "2010301"
"""


def test_guard_refuses_a_source_that_check_rejects(tmp_path: Path) -> None:
    # A second unit without 单位 on every project: the CLI refuses it, so must the tests' guard.
    text = EXAMPLE.read_text(encoding="utf-8").replace("\n立项依据:", SECOND_UNIT + "\n立项依据:", 1)
    path = tmp_path / "two-units.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssertionError, match="E-PROJECT-UNIT-MISSING"):
        checked_budget(path)


def test_guard_accepts_the_example() -> None:
    assert checked_budget(EXAMPLE).department.year == 2020


@pytest.mark.parametrize("path", sorted(EXAMPLE.parent.glob("*.yaml")), ids=lambda p: p.name)
def test_example_comments_never_repeat(path: Path) -> None:
    """Read as an accountant reads it: every comment in an example says something new."""
    seen: dict[str, int] = {}
    repeated = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        comment = line[len(code_part(line)) :].lstrip("# ").strip()
        if comment and comment in seen:
            repeated.append(f"{path.name}:{n} 与第 {seen[comment]} 行相同：{comment}")
        seen.setdefault(comment, n)
    assert repeated == []
