"""Builders shared by tests: the example's model and narrative, without touching disk."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from budgetgen import pipeline
from budgetgen.issues import format_issue
from budgetgen.model import Budget
from budgetgen.render import docx, narrative
from budgetgen.render.env import make_env

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"
TABLE_COUNT = 22


def checked_budget(path: Path) -> Budget:
    """The model of ``path``, asserting that ``budgetgen check`` passes on it.

    Every source a test renders goes through here, so no test exercises a
    document that the product itself would refuse to write.
    """
    checked = pipeline.check_file(path)
    errors = [format_issue(i) for i in checked.issues if i.is_error]
    assert not errors, "budgetgen check 拒绝了这个测试源文件：\n" + "\n".join(errors)
    assert checked.budget is not None
    return checked.budget


@cache
def example_budget() -> Budget:
    """The derived model of the seed example (it passes check)."""
    return checked_budget(EXAMPLE)


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
