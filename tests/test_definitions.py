"""Declared definitions: the glossary printed describes exactly the rule applied; bad declarations are located."""

from __future__ import annotations

import shutil
from decimal import Decimal
from itertools import product
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetgen import config, definitions, pipeline
from budgetgen.definitions import UNIT_KINDS, RunningCostRule
from budgetgen.ledger import realize
from budgetgen.model import Posting
from budgetgen.profile import Kind, default_profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
FMT = default_profile()
CLASSES = tuple(FMT.basic_classes)
SOURCES = (FMT.public_sources[0], "政府性基金拨款")
#: One basic posting per 单位性质 × source × class, each a distinct power of two: a sum names its parts.
GRID = [
    Posting(nature, "2010301", f"{cls}01", source, Kind.BASIC, cls, Decimal(2**i))
    for i, (nature, source, cls) in enumerate(product(UNIT_KINDS, SOURCES, CLASSES))
]
NATURES = {k: k for k in UNIT_KINDS}  # unit code = its 单位性质, for the grid
LEDGER = realize(GRID, FMT.source_groups)


def parse_glossary(text: str) -> RunningCostRule:
    """Read a rule back from its printed 名词解释 alone (what a reader would understand)."""
    subject, _, rest = text.removeprefix("是指").removeprefix("部门").partition("使用")
    money, _, spending = rest.partition("安排的")
    if "不区分单位性质" in subject:
        kinds = tuple(UNIT_KINDS)
    else:
        names = subject.replace("和", "、").split("、")
        kinds = tuple(k for k, word in UNIT_KINDS.items() if word in names)
    spent = spending.split("，即")[0]
    classes = tuple(code for code, name in FMT.basic_classes.items() if name in spent)
    scope = "all" if money == "各项资金" else "public"
    assert money in ("各项资金", definitions.public_money(FMT))
    return RunningCostRule(kinds, scope, classes)


@given(
    kinds=st.sets(st.sampled_from(tuple(UNIT_KINDS)), min_size=1),
    scope=st.sampled_from(("public", "all")),
    classes=st.sets(st.sampled_from(CLASSES), min_size=1),
)
def test_the_printed_glossary_is_the_rule_applied(kinds: set[str], scope: str, classes: set[str]) -> None:
    rule = RunningCostRule(tuple(k for k in UNIT_KINDS if k in kinds), scope, tuple(c for c in CLASSES if c in classes))
    read_back = parse_glossary(rule.glossary(FMT))
    assert definitions.running_cost(LEDGER, NATURES, read_back, FMT) == definitions.running_cost(
        LEDGER, NATURES, rule, FMT
    )


def test_the_ministry_definition_is_the_default() -> None:
    shipped = definitions.shipped(FMT)
    assert shipped.running_cost == RunningCostRule(("行政", "参公"), "public", ("302", "310"))
    counted = definitions.running_cost(LEDGER, NATURES, shipped.running_cost, FMT)
    expected = sum(
        (
            p.amount
            for p in GRID
            if p.unit in ("行政", "参公") and p.source in FMT.public_sources and p.group in ("302", "310")
        ),
        Decimal(0),
    )
    assert counted == expected


def test_a_county_declares_its_own_definition(tmp_path: Path) -> None:
    (tmp_path / "budgetgen.yaml").write_text("口径:\n  机关运行经费:\n    单位性质: [事业]\n", encoding="utf-8")
    settings, issues = config.load_settings(tmp_path / "budgetgen.yaml")
    assert issues == [] and settings is not None and settings.definitions is not None
    assert settings.definitions.running_cost.unit_kinds == ("事业",)
    assert settings.definitions.running_cost.classes == ("302", "310")  # the rest stays the profile's


def test_a_wrong_declaration_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = '口径:\n  机关运行经费:\n    单位性质: [行攻]\n    经济分类: ["399"]\n  三公: {口径: 全部资金}\n'
    (tmp_path / "budgetgen.yaml").write_text(text, encoding="utf-8")
    settings, issues = config.load_settings(tmp_path / "budgetgen.yaml")
    assert settings is None
    found = sorted((i.code, i.loc.line) for i in issues)
    assert found == [("E-SCHEMA-ENUM", 3), ("E-SCHEMA-ENUM", 4), ("E-SCHEMA-UNKNOWN-KEY", 5)]


def test_a_wrong_profile_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "hunan-county"
    folder.mkdir()
    (folder / "definitions.yaml").write_text("机关运行经费:\n  资金来源: 政府性基金\n", encoding="utf-8")
    defs, issues = definitions.load([folder], FMT)
    assert defs is None
    assert [(i.code, i.loc.line) for i in issues] == [("E-DEFINITION", 2)]
    assert "一般公共预算拨款" in issues[0].message


def test_the_example_keeps_the_seed_figure_by_its_declared_definition(tmp_path: Path) -> None:
    declared = pipeline.check_file(EXAMPLE)
    assert declared.budget is not None and declared.budget.running_cost == Decimal("72000")
    copied = tmp_path / EXAMPLE.name  # without examples/budgetgen.yaml: the Ministry's definition
    shutil.copy(EXAMPLE, copied)
    (tmp_path / ".git").mkdir()
    ministry = pipeline.check_file(copied)
    assert ministry.budget is not None and ministry.budget.running_cost == 0
    assert ministry.budget.running.units == ()
    glossary = dict(ministry.budget.glossary)["机关运行经费"]
    assert glossary.startswith(
        "是指行政单位和参照公务员法管理的事业单位使用一般公共预算拨款安排的基本支出中的日常公用经费"
    )


def test_a_hand_written_glossary_entry_cannot_replace_a_definition() -> None:
    checked = pipeline.check_file(EXAMPLE)
    assert checked.budget is not None
    terms = [t for t, _ in checked.budget.glossary]
    assert terms[:2] == ["机关运行经费", "“三公”经费"]
    assert terms.count("机关运行经费") == 1


def test_review_data_is_checked_against_the_profile(tmp_path: Path) -> None:
    from budgetgen.review import load_review, review_for

    assert review_for(FMT).capital_groups  # the shipped file loads
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "review.yaml").write_text("资本性项目类别: [基本建设, 资本类]\n车辆: [车]\n", encoding="utf-8")
    found, issues = load_review(folder, FMT)
    assert found is None
    assert [(i.code, i.loc.line, i.path) for i in issues] == [
        ("E-DEFINITION", 1, "资本性项目类别[1]"),
        ("E-DEFINITION", 2, "车辆"),
    ]


def test_the_shipped_declarations_load_without_issues() -> None:
    from budgetgen.resources import templates_dir

    defs, issues = definitions.load([templates_dir() / FMT.name], FMT)
    assert issues == [] and defs is not None
    assert (templates_dir() / FMT.name / definitions.FILE_NAME).is_file()
    assert defs.sangong.note  # the item explanations are the profile's text, printed after the generated scope


@pytest.mark.parametrize("scope", ["public", "all"])
def test_the_printed_sangong_glossary_names_the_scope_the_narrative_states(scope: str, tmp_path: Path) -> None:
    from budgetgen.definitions import SanGongRule

    rule = SanGongRule(scope)
    money = rule.glossary(FMT).removeprefix("是指用").split("安排的")[0]
    assert money == definitions.money_words(scope, FMT)
    assert all(item.name in rule.glossary(FMT) for item in FMT.sangong)
    # and the narrative of a department whose 三公 two sources pay states its headline in that scope
    (tmp_path / ".git").mkdir()
    words = "全部资金" if scope == "all" else "一般公共预算拨款"
    (tmp_path / "budgetgen.yaml").write_text(f"口径:\n  三公经费: {{口径: {words}}}\n", encoding="utf-8")
    source = tmp_path / "dep.yaml"
    source.write_text(
        (ROOT / "tests" / "edge" / "sangong-two-sources.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    checked = pipeline.check_file(source)
    assert checked.budget is not None
    sg = checked.budget.sangong
    assert sg.scope == money and sg.headline.total == (sg.table_total.total if scope == "all" else sg.public.total)
    assert dict(checked.budget.glossary)["“三公”经费"].startswith(f"是指用{money}安排的")


def test_the_definitions_are_read_once_and_again_when_the_file_changes(tmp_path: Path) -> None:
    """Without a county config (whose loading reads them itself) each check asked for the profile's definitions."""
    file = tmp_path / "definitions.yaml"
    file.write_text("机关运行经费:\n  单位性质: [事业]\n", encoding="utf-8")
    settings = config.Settings(override_dirs=(tmp_path,))
    first, _ = pipeline._definitions(settings, FMT)
    assert first is not None and first.running_cost.unit_kinds == ("事业",)
    assert pipeline._definitions(settings, FMT)[0] is first  # unchanged: not parsed again
    file.write_text("机关运行经费:\n  单位性质: [行政, 事业]\n", encoding="utf-8")
    second, _ = pipeline._definitions(settings, FMT)
    assert second is not None and second.running_cost.unit_kinds == ("行政", "事业")
    file.write_text("机关运行经费:\n  单位性质: [行攻]\n", encoding="utf-8")
    assert pipeline._definitions(settings, FMT)[0] is None
