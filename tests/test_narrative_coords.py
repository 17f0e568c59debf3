"""``fig("…")`` in a narrative template: reads the ledger at a spec coordinate; a bad coordinate is an error
at the template's file and line before anything renders, never a silent zero (also in a branch not taken)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from _county import EXAMPLE
from test_overrides import build, county

from budgetgen import pipeline
from budgetgen.catalog import load_catalog
from budgetgen.model import Budget
from budgetgen.money import fmt_wan
from budgetgen.profile import Kind
from budgetgen.render.env import new_env
from budgetgen.render.narrative import render_blocks

PUBLIC = "公共财政拨款"


@pytest.fixture(scope="module")
def budget() -> Budget:
    b = pipeline.check_file(EXAMPLE).budget
    assert b is not None
    return b


def _render(tmp_path: Path, budget: Budget, body: str, **more: str) -> str:
    for name, text in {"narrative.txt.j2": body, **more}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = new_env([tmp_path], autoescape=False)
    blocks = render_blocks(env, budget, table_count=1, title="t", catalog=load_catalog(budget.department.year))
    return "\n".join(b.text for b in blocks)


def test_a_coordinate_reads_the_figure_the_view_holds(tmp_path: Path, budget: Budget) -> None:
    body = (
        f'@p {{{{ fig("source={PUBLIC},kind=基本支出") | wan }}}}\n'
        '@p {{ fig("kind=基本支出,econ=302") | wan }}\n'
        '@p {{ fig("source=合计") | wan }}\n'
        '@p {{ fig("kind=基本支出,econ=30211") | wan }}\n'
    )
    lines = _render(tmp_path, budget, body).split("\n")
    public = budget.views[PUBLIC].figures
    assert public.basic > 0 and budget.figures.by_class["302"] > 0
    expected = [public.basic, budget.figures.by_class["302"], budget.figures.total]
    expected.append(budget.figures.by_econ.get("30211", Decimal(0)))
    assert lines == [fmt_wan(v) for v in expected]
    assert budget.ledger.total(source=PUBLIC, kind=Kind.BASIC) == public.basic


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('@title x\n@p\n@p {{ fig("kind=基本支") | wan }}\n', 3, "“基本支”不是已知的值"),
        ('@title x\n@p {{ fig("kind=基本支出,fund=经费拨款") }}\n', 2, "维度“fund”不是已知的维度"),
        ('@title x\n{% if false %}\n@p {{ fig("source=没有的来源") }}\n{% endif %}\n', 3, "“没有的来源”不是已知的值"),
        ('@title x\n{% set k = "kind=基本支出" %}\n@p {{ fig(k) }}\n', 3, "须直接写成一个字符串"),
        ('@title x\n@p {{ fig("kind=基本支出,econ=30188") }}\n', 2, "不在 2020 年的科目表中"),
        ('@title x\n@p {{ fig("kind=基本支出,econ=3021") }}\n', 2, "应为经济分类的类"),
        ('@title x\n@p {{ fig("kind=基本支出,kind=项目支出") }}\n', 2, "出现了两次"),
    ],
)
def test_a_bad_coordinate_is_an_error_at_its_line(
    tmp_path: Path, budget: Budget, body: str, line: int, words: str
) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        _render(tmp_path, budget, body)
    assert caught.value.lineno == line
    assert caught.value.filename == str(tmp_path / "narrative.txt.j2")
    assert words in caught.value.message, caught.value.message


def test_a_bad_coordinate_in_an_included_template_names_that_file(tmp_path: Path, budget: Budget) -> None:
    part = '{#- 一句话 -#}\n\n{{ fig("group=没有的类别") }}'
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        _render(tmp_path, budget, '@title x\n@p {% include "part.txt.j2" %}\n', **{"part.txt.j2": part})
    assert (caught.value.filename, caught.value.lineno) == (str(tmp_path / "part.txt.j2"), 3)


def test_a_county_override_with_a_bad_coordinate_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = county(tmp_path, narrative='@title {{ d.name }}\n\n@p {{ fig("kind=基本支出,source=经费") | wan }}\n')
    code, out = build(src, capsys)
    assert code == 1
    assert "narrative.txt.j2:3:0: 错误 E-TEMPLATE" in out, out
    assert "“经费”不是已知的值" in out
    assert "Traceback" not in out
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
