"""Templates only read the model, and department text can never become structure or code."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2
import pytest
from helpers import example_budget, narrative_blocks
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import nodes

from budgetgen.render.env import make_env
from budgetgen.render.narrative import BlockKind

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg, nodes.Pos)
FORBIDDEN_FILTERS = {"sum", "round", "abs", "int", "float"}


def arithmetic_in(source: str) -> list[str]:
    """Arithmetic operators and number-crunching filters used anywhere in a template."""
    tree = make_env([TEMPLATES]).parse(source)
    found = [type(n).__name__ for n in tree.find_all(ARITHMETIC)]
    found += [f"|{n.name}" for n in tree.find_all(nodes.Filter) if n.name in FORBIDDEN_FILTERS]
    return found


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.j2")), ids=lambda p: p.name)
def test_templates_do_no_arithmetic(path: Path) -> None:
    assert arithmetic_in(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "{{ a + b }}",
        "{{ a - 1 }}",
        "{{ x * 2 }}",
        "{{ x / 2 }}",
        "{{ -x }}",
        "{{ items | sum }}",
        "{% set t = a + b %}",
        "{{ x | round }}",
    ],
)
def test_the_arithmetic_detector_catches(snippet: str) -> None:
    assert arithmetic_in(snippet)


def test_template_errors_are_strict() -> None:
    env = make_env([TEMPLATES])
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing.figure }}").render()


def _with_duties(text: str) -> tuple[BlockKind, ...]:
    budget = example_budget()
    dep = dataclasses.replace(budget.department, duties=text)
    return tuple(b.kind for b in narrative_blocks(dataclasses.replace(budget, department=dep)))


def _structure(kinds: tuple[BlockKind, ...]) -> tuple[BlockKind, ...]:
    return tuple(k for k in kinds if k is not BlockKind.BODY)


HOSTILE = [
    "{{ 7 * 7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "# 一、假标题",
    "@h1 假标题",
    "*加粗* _斜体_",
    "@title 假标题\n@h1 又一个",
    "=SUM(A1:A9)",
    "<w:p>xml</w:p>",
    "\x00\x07控制字符\x1b",
    "行一\u2028行二",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_department_text_is_data(text: str) -> None:
    baseline = _structure(_with_duties("正常文字"))
    assert _structure(_with_duties(text)) == baseline
    budget = example_budget()
    dep = dataclasses.replace(budget.department, duties=text)
    blocks = narrative_blocks(dataclasses.replace(budget, department=dep))
    rendered = "".join(b.text for b in blocks)
    if "{{" in text:
        assert "{{ 7 * 7 }}" in rendered and "49" not in rendered.replace("2049", "")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_keeps_the_structure(text: str) -> None:
    assert _structure(_with_duties(text)) == _structure(_with_duties("正常文字"))
