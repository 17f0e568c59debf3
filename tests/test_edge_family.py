"""The edge-case family: every member passes ``check``, its narrative is a golden text, no sentence is broken.

The members live in ``tests/edge/`` (written by ``tests/edge/make_family.py``);
their narratives are in ``tests/golden/edge/<name>.txt``, one paragraph a line,
for a reviewer to read. ``pytest --update-golden`` rewrites them and prints the diff.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from helpers import narrative_blocks

from budgetgen import pipeline
from budgetgen.model import Budget
from budgetgen.money import fmt_wan
from budgetgen.render.narrative import Block

EDGE = Path(__file__).resolve().parent / "edge"
MEMBERS = sorted(p.stem for p in EDGE.glob("*.yaml"))
#: Warnings a member is built to show (it still passes ``check``).
EXPECTED_WARNINGS = {"no-goals": ["W-GOALS-MISSING"]}


@cache
def built(name: str) -> tuple[Budget, tuple[Block, ...]]:
    """A member's model and narrative (checked: no errors, only its expected warnings)."""
    checked = pipeline.check_file(EDGE / f"{name}.yaml")
    assert checked.budget is not None, checked.issues
    assert [i.code for i in checked.issues] == EXPECTED_WARNINGS.get(name, []), checked.issues
    return checked.budget, narrative_blocks(checked.budget)


def text_of(blocks: tuple[Block, ...]) -> str:
    """One block a line: ``[h1] 一、……`` for headings, the paragraph text alone for body text."""
    return "".join(f"{b.text}\n" if b.kind.value == "p" else f"[{b.kind.value}] {b.text}\n" for b in blocks)


def section(blocks: tuple[Block, ...], heading: str) -> str:
    """The body text under the first heading that contains ``heading``, up to the next heading."""
    out: list[str] = []
    inside = False
    for b in blocks:
        if b.kind.value in ("h1", "h2"):
            if inside:
                break
            inside = heading in b.text
        elif inside:
            out.append(b.text)
    return "".join(out)


def test_the_family_is_complete() -> None:
    assert len(MEMBERS) >= 15


@pytest.mark.parametrize("name", MEMBERS)
def test_member_narrative_golden(name: str, golden: Callable[[str, str], None]) -> None:
    golden(f"edge/{name}.txt", text_of(built(name)[1]))


#: Phrases no narrative may contain: a zero count, coverage of nothing, an empty clause.
BROKEN = [
    re.compile(p)
    for p in (
        r"等0个",
        r"(?<![0-9.])0个项目",
        r"0\.00万元[^。]*全覆盖",
        r"[，。；：、]{2}",  # a doubled or empty clause: “，，” “：。” “；。”
        r"（[，；、]|[，；、]）|（）",
        r"(包括|用于)：?[，。；）]|其中：[，。；）]",
        r"和[。，；]",
        r"None|\{\{|\}\}|—万元",
    )
]


@pytest.mark.parametrize("name", MEMBERS)
def test_no_broken_sentence(name: str) -> None:
    text = text_of(built(name)[1])
    found = [(p.pattern, m.group(0)) for p in BROKEN for m in p.finditer(text)]
    assert found == []


def test_the_broken_sentence_detector_catches() -> None:
    samples = ["也包括等0个项目的经费", "0个项目支出绩效目标", "0.00万元，实现全覆盖", "其中：。", "甲，，乙", "（）"]
    for sample in samples:
        assert any(p.search(sample) for p in BROKEN), sample


@pytest.mark.parametrize("name", MEMBERS)
def test_figures_agree_with_the_tables(name: str) -> None:
    """Each headline figure is the one the tables print (they read the same model fields)."""
    b, blocks = built(name)
    income = section(blocks, "收入预算")
    spending = section(blocks, "支出预算")
    assert (f"年初预算数{fmt_wan(b.income.total)}万元" in income) == bool(b.income.total)
    assert (f"年初预算数{fmt_wan(b.figures.total)}万元" in spending) == bool(b.figures.total)
    sangong = section(blocks, "三公")
    table = b.sangong.table_total.total
    if table:
        assert f"{fmt_wan(table)}万元" in sangong  # the 三公经费表's 合计 row
        assert f"{fmt_wan(b.sangong.public.total)}万元" in sangong  # its 一般公共预算拨款 column
    running = section(blocks, "机关运行经费")
    if b.running.amount:
        assert f"{fmt_wan(b.running.amount)}万元" in running
    for fund in b.funds:  # every fund source with money is named with its amounts
        if len([f for f in b.funds if f.income]) > 1 and fund.income:
            assert f"{fund.name}{fmt_wan(fund.income)}万元" in income
        if len([f for f in b.funds if f.spending]) > 1 and fund.spending:
            assert f"{fund.name}安排{fmt_wan(fund.spending)}万元" in spending
        else:
            assert fund.name in spending


def test_running_cost_follows_the_ministry_definition() -> None:
    """行政 + 参公 units only, 一般公共预算拨款, basic 302 + 310: the 事业 units' office costs are out."""
    b, blocks = built("bureau-multi-unit")
    # 局机关: 30201 15,000 + 30211 5,000 + 30217 6,000 + 30231 9,000 + 31002 8,000
    assert b.running.amount == 43000
    assert b.running.excluded == ("城市规划设计中心", "市政维护队")
    text = section(blocks, "机关运行经费")
    assert "行政单位和参照公务员法管理的事业单位使用一般公共预算拨款安排的机关运行经费预算为4.30万元" in text
    assert built("only-shiye")[0].running.amount == 0
    assert "没有机关运行经费" in section(built("only-shiye")[1], "机关运行经费")
    assert built("cangong")[0].running.amount == 20000


def test_sangong_names_both_scopes_when_other_money_pays() -> None:
    b, blocks = built("sangong-two-sources")
    text = section(blocks, "三公")
    assert b.sangong.public.total == 20000 and b.sangong.table_total.total == 50000
    assert "一般公共预算拨款安排的“三公”经费预算数为2.00万元" in text
    assert "纳入专户管理的非税收入拨款安排3.00万元，各项资金合计5.00万元，即三公经费表的合计数" in text


def test_prior_zero_says_the_rate_is_undefined() -> None:
    text = text_of(built("prior-zero")[1])
    assert "（上年数为0，无法计算增长率）" in text
    assert "%" not in text


@pytest.mark.parametrize("name", ["bureau-multi-unit", "sangong-two-sources", "every-source", "prior-zero"])
def test_narrative_figures_are_the_workbook_figures(name: str) -> None:
    """The rendered workbook (not only the model) shows the figures the narrative states."""
    from xlsx_dump import load, read_table

    b, blocks = built(name)
    outputs = pipeline.render(b, pipeline.check_file(EDGE / f"{name}.yaml").settings)
    wb = load(next(v for k, v in outputs.items() if k.endswith(".xlsx")))
    sangong = read_table(wb["三公经费表"])
    if b.sangong.table_total.total:
        assert f"{fmt_wan(sangong.get('合计', '合计'))}万元" in section(blocks, "三公")
    spent = read_table(wb["支出总表"]).get("合计", "总计")
    assert f"年初预算数{fmt_wan(spent)}万元" in section(blocks, "支出预算")
    for fund in b.funds:  # 支出总表 has a column per fund source group; the narrative names each amount
        if fund.name == "一般公共预算拨款":
            assert f"{fmt_wan(read_table(wb['支出总表']).get('合计', '一般公共预算拨款小计'))}万元" in text_of(blocks)
