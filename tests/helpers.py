"""Builders shared by tests: the example's model and narrative, without touching disk."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from budgetgen import pipeline
from budgetgen.model import Budget
from budgetgen.render import docx, narrative
from budgetgen.render.env import make_env

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"
TABLE_COUNT = 22


@cache
def example_budget() -> Budget:
    """The derived model of the seed example (checked, no issues expected)."""
    checked = pipeline.check_file(EXAMPLE)
    assert checked.budget is not None, checked.issues
    return checked.budget


def narrative_blocks(budget: Budget) -> tuple[narrative.Block, ...]:
    """The narrative blocks of ``budget`` with the shipped profile."""
    env = make_env(pipeline.Settings().template_dirs())
    return narrative.render_blocks(env, budget, table_count=TABLE_COUNT)


def narrative_docx(budget: Budget) -> bytes:
    """The narrative .docx bytes of ``budget``."""
    dep = budget.department
    return docx.render_docx(
        narrative_blocks(budget), title=f"{dep.name}{dep.year}年部门预算说明", author=dep.name, when=dep.date
    )
