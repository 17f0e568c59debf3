"""Property tests of the derivation: every total equals its parts, for random sources."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgen import compose
from budgetgen import prior as last_year
from budgetgen.catalog import load_catalog
from budgetgen.model import Budget, Figures
from budgetgen.money import ZERO, as_amount, as_cell_number, to_wan, total
from budgetgen.profile import Kind, default_profile
from budgetgen.source import SourceDoc

PROFILE = default_profile()
PROJECT_GROUPS, SOURCE_GROUPS, SOURCES, VIEWS = (
    PROFILE.project_groups,
    PROFILE.source_groups,
    PROFILE.sources,
    PROFILE.views,
)

CATALOG = load_catalog(2020)
BASIC_CODES = sorted(c for c in CATALOG.economic if len(c) == 5 and c[:3] in ("301", "302", "303"))
PROJECT_CODES = sorted(c for c in CATALOG.economic if len(c) == 5)
FUNC_CODES = sorted(c for c in CATALOG.functional if len(c) == 7)

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
codes = st.sampled_from(FUNC_CODES)
sources = st.sampled_from(SOURCES)


@st.composite
def basic_value(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["plain", "detail", "list"]))
    if kind == "plain":
        return draw(amounts)
    item = st.fixed_dictionaries({"金额": amounts}, optional={"功能分类": codes, "资金来源": sources})
    return draw(item) if kind == "detail" else draw(st.lists(item, min_size=1, max_size=3))


@st.composite
def project(draw: st.DrawFn, unit_codes: list[str], index: int) -> dict[str, Any]:
    amount = draw(amounts)
    p: dict[str, Any] = {
        "名称": f"项目{index}",
        "单位": draw(st.sampled_from(unit_codes)),
        "金额": amount,
        "性质": "延续",
        "类别": draw(st.sampled_from(sorted(PROJECT_GROUPS))),
        "功能分类": draw(codes),
        "资金来源": draw(sources),
    }
    if draw(st.booleans()):
        part = draw(st.decimals(min_value=0, max_value=amount, places=2))
        p["经济分类"] = {draw(st.sampled_from(PROJECT_CODES)): part}
    return p


@st.composite
def source(draw: st.DrawFn) -> dict[str, Any]:
    n_units = draw(st.integers(1, 3))
    unit_codes = [f"9000{i}" for i in range(n_units)]
    units = [
        {
            "代码": c,
            "名称": f"单位{c}",
            "单位性质": "行政",
            "功能分类": draw(codes),
            "资金来源": draw(sources),
            "收入": draw(st.dictionaries(sources, amounts, max_size=4)),
            "基本支出": draw(st.dictionaries(st.sampled_from(BASIC_CODES), basic_value(), max_size=8)),
        }
        for c in unit_codes
    ]
    projects = [draw(project(unit_codes, i)) for i in range(draw(st.integers(0, 6)))]
    prior = {"收入合计": draw(amounts), "支出合计": draw(amounts), "三公经费": {"公务接待费": draw(amounts)}}
    return {
        "部门": {"全称": "测试部门", "预算年度": 2020, "说明日期": "2020-03-18", "主要职能": "职能"},
        "单位": units,
        "项目": projects,
        "上年": prior,
    }


def budget_of(data: dict[str, Any]) -> Budget:
    doc = SourceDoc("gen.yaml", data)
    return compose.build_budget(doc, CATALOG, last_year.prior_from_source(data))


def assert_figures_add_up(f: Figures) -> None:
    assert f.total == f.basic + f.project + f.other
    assert f.project_and_other == f.project + f.other
    assert f.basic == total(f.by_class.values()) == total(f.by_econ.values())
    assert f.project + f.other == total(f.by_group.values())
    assert f.by_source["合计"] == f.total == total(f.by_source[s] for s in SOURCES)
    for group, members in SOURCE_GROUPS.items():
        assert f.by_source[group] == total(f.by_source[m] for m in members)
    for sg in (f.sangong, f.sangong_public):
        assert sg.car_total == sg.car_purchase + sg.car_running
        assert sg.total == sg.abroad + sg.car_total + sg.reception
    assert f.sangong_public.total <= f.sangong.total


@settings(max_examples=150, deadline=None)
@given(source())
def test_every_total_equals_its_parts(data: dict[str, Any]) -> None:
    b = budget_of(data)
    assert_figures_add_up(b.figures)
    declared = total(as_amount(p["金额"]) for p in data["项目"])
    assert b.figures.project + b.figures.other == declared
    for view in b.views.values():
        assert_figures_add_up(view.figures)
        assert view.figures.total == total(u.figures.total for u in view.units)
        if view.name in SOURCE_GROUPS:
            assert view.figures.total == b.figures.by_source[view.name]
        for u in view.units:
            assert_figures_add_up(u.figures)
            assert u.figures.total == total(r.figures.total for r in u.functions)
    assert total(b.views[v].figures.total for v in ("经费拨款",)) == b.figures.by_source["经费拨款"]
    assert b.income.total == total(b.income.by_source[s] for s in SOURCES)
    for p in b.projects:
        assert p.figures.total == p.amount
        assert p.kind is PROJECT_GROUPS[p.group]
    assert len(b.special_projects) + len(b.other_projects) == len(b.projects)
    assert all(p.kind is Kind.PROJECT for p in b.special_projects)


@settings(max_examples=150, deadline=None)
@given(source())
def test_direction_words_agree_with_the_sign(data: dict[str, Any]) -> None:
    b = budget_of(data)
    for c in (b.income_change, b.spending_change, b.sangong_change):
        assert c is not None
        assert c.diff == c.current - c.prior and c.magnitude == abs(c.diff)
        expected = "增加" if c.diff > 0 else "减少" if c.diff < 0 else "持平"
        assert c.direction == expected
        if c.pct is not None:
            assert (c.pct > 0) == (c.diff > 0) or c.pct == 0


@given(st.decimals(min_value=0, max_value=10**12, places=2))
def test_wan_is_half_up_rounding_of_yuan(yuan: Decimal) -> None:
    wan = to_wan(yuan)
    assert wan == wan.quantize(Decimal("0.01"))
    assert abs(wan * 10000 - yuan) <= 50
    if abs(wan * 10000 - yuan) == 50:
        assert wan * 10000 > yuan  # a tie rounds up


def test_wan_rounds_half_up_not_to_even() -> None:
    assert to_wan(Decimal("50")) == Decimal("0.01")
    assert to_wan(Decimal("150")) == Decimal("0.02")
    assert to_wan(Decimal("49.99")) == ZERO


def test_views_filter_by_source() -> None:
    data = {
        "部门": {"全称": "测试", "预算年度": 2020, "说明日期": "2020-03-18", "主要职能": "职能"},
        "单位": [
            {
                "代码": "900",
                "名称": "单位",
                "单位性质": "行政",
                "功能分类": "2010301",
                "基本支出": {
                    "30101": {"金额": Decimal("100.00"), "资金来源": "政府性基金拨款"},
                    "30201": Decimal("7.00"),
                },
            }
        ],
    }
    b = budget_of(data)
    assert b.views["政府性基金拨款"].figures.total == Decimal("100.00")
    assert b.views["经费拨款"].figures.total == Decimal("7.00")
    assert set(VIEWS) == set(b.views)


@given(st.decimals(min_value=0, max_value=10**12, places=2))
def test_amounts_survive_the_xlsx_number_boundary_exactly(yuan: Decimal) -> None:
    assert Decimal(repr(as_cell_number(yuan))) == yuan
