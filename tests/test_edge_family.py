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
ROOT_DIR = EDGE.parent.parent
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


@pytest.mark.parametrize(
    "name",
    ["bureau-multi-unit", "sangong-two-sources", "every-source", "prior-zero", "education-2026", "township-2021"],
)
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


# --- issue 8 re-verified on two departments unlike the others: a 2026 教育局 and a 2021 乡镇 -----------------


def test_education_running_cost_counts_only_public_basic_money_of_administrative_and_cangong_units() -> None:
    """局机关 (行政) 302 40,000 + 310 6,000; 督导中心 (参公) 302 22,000 of 一般公共预算 — its 3,000 上年结转 on
    30211 is out, and so are both schools' office costs (事业) and every project's 302 (not basic)."""
    b, blocks = built("education-2026")
    assert b.running.amount == 68000
    assert b.running.excluded == ("第一中学", "实验小学")
    from budgetgen.profile import Kind

    carried = b.ledger.total(unit="701002", source="上年结转", econ="302", kind=Kind.BASIC)
    assert carried == 3000  # basic office money of a 参公 unit that the definition leaves out (not 一般公共预算)
    text = section(blocks, "机关运行经费")
    assert text == (
        "2026年本部门行政单位和参照公务员法管理的事业单位使用一般公共预算拨款安排的机关运行经费预算为6.80万元"
        "（第一中学和实验小学不属于上述单位，不计入）。较2025年减少0.20万元，下降2.86%，主要原因是压减一般性支出。"
    )


def test_education_sangong_names_its_scope_and_compares_in_the_prior_years_scope() -> None:
    """三公 in basic (all four units) and in projects, paid by 一般公共预算 (3.00) and 财政专户 (1.00); last year's
    5.00 was declared over every source, so the comparison is of 4.00 with 5.00, said so."""
    b, blocks = built("education-2026")
    assert (b.sangong.public.total, b.sangong.table_total.total) == (30000, 40000)
    assert b.sangong.others == (("纳入专户管理的非税收入拨款", 10000),)
    text = section(blocks, "三公")
    assert text.startswith("2026年一般公共预算拨款安排的“三公”经费预算数为3.00万元，")
    assert "此外，纳入专户管理的非税收入拨款安排1.00万元，各项资金合计4.00万元，即三公经费表的合计数。" in text
    assert "按各项资金口径计算，“三公”经费4.00万元，较2025年减少1.00万元，下降20.00%" in text


def test_township_without_administrative_units_makes_no_running_cost_comparison() -> None:
    """No 行政 or 参公 unit: no 机关运行经费 by definition, and no remark that last year's figure is missing."""
    b, blocks = built("township-2021")
    assert b.running.units == () and b.running.amount == 0
    assert section(blocks, "机关运行经费") == (
        "本部门没有行政单位和参照公务员法管理的事业单位，按本说明名词解释所列口径，2021年没有机关运行经费。"
    )
    assert "不作比较" not in section(built("bureau-multi-unit")[1], "机关运行经费")  # it has a prior figure


def test_a_running_cost_without_a_prior_figure_still_says_it_is_not_compared(tmp_path: Path) -> None:
    """Near miss: units in the definition and a prior income, but no prior 机关运行经费 — the remark stays."""
    import yaml

    data = yaml.safe_load((EDGE / "prior-zero.yaml").read_text(encoding="utf-8"))
    del data["上年"]["机关运行经费"], data["变动原因"]["机关运行经费"]
    (tmp_path / "dep.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = pipeline.check_file(tmp_path / "dep.yaml")
    assert checked.budget is not None and checked.budget.running.units, checked.issues
    text = section(narrative_blocks(checked.budget), "机关运行经费")
    assert text.endswith("上年没有按同一口径填报机关运行经费，不作比较。")


#: Members also built in the national format (their sources give 上年.功能分类 and its 变动原因).
MOF_MEMBERS = ("education-2026", "township-2021")


@cache
def built_mof(name: str) -> tuple[Budget, str, dict[str, bytes]]:
    """A member in the national format: model, narrative text (one paragraph a line) and outputs."""
    import io

    import docx

    checked, outputs = pipeline.build_outputs(EDGE / f"{name}.yaml", pipeline.Settings(profile="mof"), strict=True)
    assert outputs is not None and checked.budget is not None, checked.issues
    data = next(v for k, v in outputs.items() if k.endswith(".docx"))
    text = "".join(f"{p.text}\n" for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip())
    return checked.budget, text, outputs


@pytest.mark.parametrize("name", MOF_MEMBERS)
def test_member_mof_narrative_golden(name: str, golden: Callable[[str, str], None]) -> None:
    text = built_mof(name)[1]
    assert [(p.pattern, m.group(0)) for p in BROKEN for m in p.finditer(text)] == []
    golden(f"edge/mof/{name}.txt", text)


def test_mof_sangong_compares_last_years_all_source_figure_with_this_years_all_source_figure() -> None:
    """The national 说明 states the 一般公共预算 三公 (3.00); last year's 5.00 covered every source, so the change is
    stated of the all-source 4.00, and the table's 一般公共预算 prior-year columns stay empty (not 5.00)."""
    from xlsx_dump import load

    _, text, outputs = built_mof("education-2026")
    assert "公务接待费1.30万元。按各项资金口径计算，“三公”经费合计4.00万元，比上年预算减少1.00万元" in text
    ws = load(next(v for k, v in outputs.items() if k.endswith(".xlsx")))["三公经费支出表"]
    values = [c.value for c in ws[6]]
    assert values[:6] == [3, 0, 1.7, 0, 1.7, 1.3] and values[6:] == [None] * 6


def test_mof_states_stock_assets_only_when_the_source_gives_them() -> None:
    """The 教育局 gives 基本情况 (小汽车 1) but no 存量资产: the national 说明 must not say it has 0 vehicles."""
    _, text, _ = built_mof("education-2026")
    assert "车辆0辆" not in text and "截至2025年底" not in text
    assert "2026年部门预算未安排新增资产配置。" in text
    mof_example = (ROOT_DIR / "tests" / "golden" / "jiangbin-wjj-2020-mof" / "narrative.txt").read_text(
        encoding="utf-8"
    )
    assert "截至2019年底，本部门占有使用房屋及建筑物" in mof_example  # near miss: a source that gives them


def test_mof_sangong_in_the_same_scope_compares_directly() -> None:
    """Near miss: a prior figure in the 一般公共预算 scope (township: 0.50) is compared with the stated 0.30."""
    _, text, outputs = built_mof("township-2021")
    assert "公务接待费0.30万元。比上年预算减少0.20万元，主要原因是严控公务接待。" in text
    from xlsx_dump import load

    ws = load(next(v for k, v in outputs.items() if k.endswith(".xlsx")))["三公经费支出表"]
    assert [c.value for c in ws[6]][6] == 0.5


def test_a_function_lines_reason_against_its_direction_is_an_error(tmp_path: Path) -> None:
    """变动原因.功能分类 is printed beside the computed change (mof: “比上年预算减少8.00万元，主要原因是…”): a reason
    naming only the opposite direction is E-REASON-DIRECTION at its line; the member's own reason is the near miss."""
    text = (EDGE / "education-2026.yaml").read_text(encoding="utf-8")
    assert "'2050202': 学校合并后人员减少" in text
    (tmp_path / "dep.yaml").write_text(text.replace("学校合并后人员减少", "学校扩招人员增加"), encoding="utf-8")
    checked = pipeline.check_file(tmp_path / "dep.yaml")
    found = [(i.code, i.path) for i in checked.issues]
    assert found == [("E-REASON-DIRECTION", "变动原因.功能分类.2050202")]
    line = text[: text.index("'2050202': 学校合并后人员减少")].count("\n") + 1
    assert checked.issues[0].loc.line == line
    assert (
        "功能分类 2050202（小学教育（普通教育））较上年实际为减少（300,000.00 → 220,000.00 元）"
        in checked.issues[0].message
    )
