"""The county website's files: what the public API returns, reproducibly, for built departments."""

from __future__ import annotations

import dataclasses
import html
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import county_departments, site, with_budget

from budgetgen import pipeline
from budgetgen.money import fmt_wan, total
from budgetgen.render.narrative import Block, BlockKind
from budgetgen.site import SiteDepartment, build_site
from budgetgen.site.county import county_years
from budgetgen.site.pages import PIE_MAX, Chart, download_label, entries, slugs
from budgetgen.site.vocab import sangong_headline


@pytest.fixture(scope="module")
def deps(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteDepartment, ...]:
    return county_departments(tmp_path_factory.mktemp("county"))


@pytest.fixture(scope="module")
def files(deps: tuple[SiteDepartment, ...]) -> dict[str, bytes]:
    return site(deps)


def test_paths_are_relative_posix_and_complete(files: dict[str, bytes]) -> None:
    assert "index.html" in files and "assets/echarts.min.js" in files and "assets/ECHARTS-LICENSE.txt" in files
    assert {"702-2020.html", "711-2020.html", "712-2020.html", "713-2020.html"} <= set(files)
    for rel in files:
        assert not rel.startswith("/") and "\\" not in rel and ".." not in rel.split("/")
    for slug in ("702-2020", "county-2020"):
        names = {"datapackage.json", "income.csv", "spending-function.csv", "spending-economic.csv", "projects.csv"}
        assert {f"data/{slug}/{n}" for n in names | {"sangong.csv"}} <= set(files)


def test_identical_input_gives_identical_bytes_in_any_order(deps: tuple[SiteDepartment, ...]) -> None:
    first = build_site(deps)
    again = build_site(tuple(reversed(deps)))
    assert list(first) == list(again)
    assert first == again


def test_no_network_at_view_time(files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        if rel.endswith((".html", ".css", ".js")) and "echarts" not in rel:
            text = data.decode("utf-8")
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), rel
            assert "@import" not in text and "url(http" not in text, rel


def test_index_lists_every_department_with_its_totals(
    files: dict[str, bytes], deps: tuple[SiteDepartment, ...]
) -> None:
    index = files["index.html"].decode("utf-8")
    for dep in deps:
        b = dep.budget
        row = re.search(rf'<tr data-name="{re.escape(b.department.name)}".*?</tr>', index, re.S)
        assert row is not None
        assert f'data-field="spending">{fmt_wan(b.figures.total)}<' in row.group(0)
        assert f'data-field="income">{fmt_wan(b.income.total)}<' in row.group(0)


def test_department_text_is_escaped(deps: tuple[SiteDepartment, ...]) -> None:
    hostile = with_budget(deps[0], name='<script>alert("x")</script>{{ 7 * 7 }}', code="../../etc")
    files = build_site((hostile,))
    page = next(rel for rel in files if rel.endswith(".html") and rel != "index.html")
    assert "/" not in page and page.startswith("bm001-")
    html = files[page].decode("utf-8") + files["index.html"].decode("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "{{ 7 * 7 }}" in html and ">49<" not in html


def test_download_links_point_next_to_the_site(files: dict[str, bytes], deps: tuple[SiteDepartment, ...]) -> None:
    page = files["702-2020.html"].decode("utf-8")
    for name in deps[0].files:
        assert f'href="../{Path(name).name}"' not in page  # Chinese names are percent-encoded
    assert page.count('href="../%E9%80%9A') == 3


class _Tags(HTMLParser):
    """The sequence of start tags with their attributes other than text-bearing ones."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def tags(html: bytes) -> list[str]:
    parser = _Tags()
    parser.feed(html.decode("utf-8"))
    return parser.tags


def with_text(dep: SiteDepartment, text: str) -> SiteDepartment:
    """``text`` as the department's name and as a paragraph of its narrative."""
    dep = with_budget(dep, name=text)
    return dataclasses.replace(dep, blocks=(*dep.blocks, Block(BlockKind.BODY, text)))


@pytest.fixture(scope="module")
def baseline(deps: tuple[SiteDepartment, ...]) -> dict[str, list[str]]:
    files = build_site((with_text(deps[0], "某部门"),))
    return {rel: tags(data) for rel, data in files.items() if rel.endswith(".html")}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=80))
def test_any_department_text_keeps_the_page_structure(
    deps: tuple[SiteDepartment, ...], baseline: dict[str, list[str]], text: str
) -> None:
    hostile = build_site((with_text(deps[0], text),))
    assert {rel: tags(data) for rel, data in hostile.items() if rel.endswith(".html")} == baseline


def test_several_years_get_their_own_sections_and_county_packages(deps: tuple[SiteDepartment, ...]) -> None:
    later = with_budget(deps[0], year=2021, prior_year=2020)
    files = build_site((deps[0], deps[1], later))
    assert {"702-2021.html", "702-2020.html", "data/county-2021/datapackage.json"} <= set(files)
    index = files["index.html"].decode("utf-8")
    assert index.index('id="year-2021"') < index.index('id="year-2020"')
    assert 'href="#year-2020"' in index
    county = files["data/county-2021/income.csv"].decode("utf-8").splitlines()
    assert len(county) == 2 and ",2021," in county[1]


def test_narrative_is_the_docx_wording(deps: tuple[SiteDepartment, ...]) -> None:
    """The page's 说明 paragraphs are the paragraphs of the .docx that ``build`` writes, in order."""
    import io

    import docx

    dep = deps[0]
    checked = pipeline.check_file(EXAMPLE)
    assert checked.budget is not None
    outputs = pipeline.render(checked.budget, checked.settings)
    document = docx.Document(io.BytesIO(outputs[pipeline.output_names(checked.budget)[0]]))
    in_docx = [re.sub(r"\s+", "", p.text) for p in document.paragraphs if p.text.strip()]
    assert in_docx == [re.sub(r"\s+", "", b.text) for b in dep.blocks]
    page = build_site((dep,))["702-2020.html"].decode("utf-8")
    for block in dep.blocks:
        assert html.escape(block.text, quote=False) in page


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("通道县政务服务中心2020年部门预算说明.docx", "部门预算说明（Word）"),
        ("通道县政务服务中心2020年部门预算公开表.xlsx", "部门预算公开表（Excel）"),
        ("2020/通道县政务服务中心2020年部门预算说明.pdf", "部门预算说明（PDF）"),
        ("其他文件.zip", "其他文件（ZIP）"),
    ],
)
def test_download_labels(deps: tuple[SiteDepartment, ...], name: str, label: str) -> None:
    assert download_label(deps[0].budget, name) == label


def test_slugs_use_safe_unique_codes(deps: tuple[SiteDepartment, ...]) -> None:
    a, b = deps[0], deps[1]
    same = with_budget(b, code=a.budget.department.code)
    odd = with_budget(b, code="办公室/01")
    assert slugs([a, b]) == ["702-2020", "711-2020"]
    assert slugs([a, same]) == ["bm001-2020", "bm002-2020"]
    assert slugs([a, odd]) == ["702-2020", "bm002-2020"]


def test_rings_hold_few_slices() -> None:
    rows = tuple((f"来源{i}", (Decimal(i * 10000),)) for i in range(1, 8))
    assert Chart("c", "收入", "pie", ("2020年",), rows[:PIE_MAX]).data()["kind"] == "pie"
    data = Chart("c", "收入", "pie", ("2020年",), rows).data()
    assert data["kind"] == "bar"
    assert data["series"] == [[fmt_wan(v[0]) for _, v in rows]]


def test_county_totals_are_sums_of_the_departments(deps: tuple[SiteDepartment, ...]) -> None:
    (cy,) = county_years(entries(deps))
    budgets = [d.budget for d in deps]
    assert cy.spending == total(b.figures.total for b in budgets)
    assert cy.income == total(b.income.total for b in budgets)
    assert cy.basic + cy.project + cy.other == cy.spending
    assert cy.sangong == total(sangong_headline(b)[0].total for b in budgets)
    assert dict(cy.by_class) == {"一般公共服务支出": cy.spending}
    assert cy.spending_change is not None
    assert cy.spending_change.prior == total(b.spending_change.prior for b in budgets if b.spending_change)
    no_prior = with_budget(deps[1])
    no_prior = dataclasses.replace(no_prior, budget=dataclasses.replace(no_prior.budget, spending_change=None))
    (partial,) = county_years(entries((deps[0], no_prior)))
    assert partial.spending_change is None  # a county change only when every department has last year's figure


def test_the_site_templates_get_the_render_budget_and_strict_undefined() -> None:
    """One environment factory: the site's HTML environment has the narrative's budget, but escapes."""
    import jinja2

    from budgetgen.render.env import SIZE_BUDGET, BudgetExceeded
    from budgetgen.site.env import site_env

    env = site_env()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ no_such_value }}").render()
    too_much = "{% for i in range(100000) %}{{ text }}{% endfor %}"
    with pytest.raises(BudgetExceeded):
        env.from_string(too_much).render(text="x" * (SIZE_BUDGET // 50_000))
    assert env.from_string(too_much).render(text="x") == "x" * 100000  # near miss: within the budget
    assert env.from_string("{{ t }}").render(t="<b>甲\n乙</b>") == "&lt;b&gt;甲\n乙&lt;/b&gt;"  # escaped, not @p
