"""Tests render only documents the product would write: the shared guard refuses what check refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLE, checked_budget

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
