"""Code catalogs: one per year 2020–2026, shipped as data, completable by a county and by a source.

Every 功能分类 code must hang under a 类 and a 款 of the year's catalog, so the
收支总表's 类 rows always add up to the total: a property test asserts it for
any catalog a county could assemble.
"""

from __future__ import annotations

import runpy
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from issue_helpers import EXAMPLE_TEXT, run_cli

from budgetgen import checks, compose, pipeline
from budgetgen.catalog import FILES, Catalog, available_years, load_catalog
from budgetgen.issues import has_errors
from budgetgen.resources import schemas_dir
from budgetgen.source import load_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
SOURCES = ROOT / "tests" / "catalog_sources"
NEW_CODE = "2050298"  # under 20502 普通教育, in no shipped list
YEARS = list(range(2020, 2027))


# --- the shipped lists -------------------------------------------------------------------------


def test_every_year_from_2020_to_2026_ships_all_three_lists() -> None:
    assert [y for y in available_years() if 2020 <= y <= 2026] == YEARS
    for year in YEARS:
        for name in FILES.values():
            assert (schemas_dir() / "catalogs" / str(year) / name).is_file(), (year, name)


def test_shipped_lists_are_what_the_master_list_writes() -> None:
    tool = runpy.run_path(str(ROOT / "tools" / "make_catalogs.py"))
    for year in YEARS:
        for kind, name in FILES.items():
            shipped = (schemas_dir() / "catalogs" / str(year) / name).read_text(encoding="utf-8")
            assert shipped == tool["render"](kind, year), f"run python tools/make_catalogs.py ({year}/{name})"


@pytest.mark.parametrize("year", YEARS)
def test_every_row_hangs_under_its_parent_and_carries_a_mark_and_source(year: int) -> None:
    catalog = load_catalog(year)
    assert catalog.covered and catalog.year == year and not catalog.problems
    assert [c for c in catalog.functional if catalog.missing_parent(c)] == []
    for lists in (catalog.economic, catalog.government):
        assert [c for c in lists if len(c) == 5 and c[:3] not in lists] == []
    for name in FILES.values():
        lines = (schemas_dir() / "catalogs" / str(year) / name).read_text(encoding="utf-8").splitlines()
        rows = [line.split("\t") for line in lines if not line.startswith("#")]
        assert all(len(r) == 4 and r[2] in ("✅✅", "✅", "⚠️") and r[3] for r in rows), name


@pytest.mark.parametrize("year", YEARS)
def test_every_year_lists_the_classes_and_the_common_education_items(year: int) -> None:
    catalog = load_catalog(year)
    for code in ("201", "205", "206", "207", "208", "210", "212", "213", "214", "220", "221", "224", "229"):
        assert code in catalog.functional
    assert catalog.func_label("2050201") == "学前教育（普通教育）"
    assert catalog.func_label("2050203") == "初中教育（普通教育）"
    assert catalog.func_label("2050803") == "培训支出（进修及培训）"
    assert {"301", "302", "303", "310", "30113", "31013"} <= set(catalog.economic)
    assert {"501", "502", "50101", "50201", "599"} <= set(catalog.government)


@pytest.mark.parametrize("year", [2020, 2024])
def test_docs_state_the_counts_the_lists_have(year: int) -> None:
    doc = (ROOT / "docs" / "catalogs.md").read_text(encoding="utf-8")
    rows = load_catalog(year).functional
    counts = [len([c for c in rows if len(c) == n]) for n in (3, 5, 7)]
    assert f"| {year}" in doc and " / ".join(map(str, counts)) in doc


def test_the_years_differ_where_the_books_changed() -> None:
    names = {y: load_catalog(y).functional for y in YEARS}
    assert names[2020]["215"] == "资源勘探信息等支出"
    assert names[2021]["215"] == "资源勘探工业信息等支出"
    assert [names[y]["21305"] for y in (2020, 2021, 2024)] == [
        "扶贫",
        "巩固脱贫衔接乡村振兴",
        "巩固脱贫攻坚成果衔接乡村振兴",
    ]
    assert all("234" not in names[y] for y in YEARS)  # 抗疫特别国债: a mid-2020 增补, never in a budget-time book
    assert "20140" not in names[2023] and "20140" in names[2024]


def test_a_later_year_falls_back_to_the_latest_shipped_catalog() -> None:
    later = load_catalog(2031)
    assert later.year == max(available_years()) and later.requested_year == 2031
    assert not later.covered and later.describe() == "2026 年内置科目表"
    assert later.func_label("2010301") == "行政运行（政府办公厅（室）及相关机构事务）"


# --- acceptance: correct 2021 and 2026 sources with 205 教育 codes pass --strict ----------------


@pytest.mark.parametrize("name", ["education-2021.yaml", "education-2026.yaml"])
def test_a_correct_source_with_education_codes_passes_strict(name: str) -> None:
    run = run_cli("check", "--strict", str(SOURCES / name))
    assert run.returncode == 0, run.stdout + run.stderr
    checked = pipeline.check_file(SOURCES / name)
    assert checked.issues == [] and checked.budget is not None
    labels = {r.label for u in checked.budget.views["全部"].units for r in u.functions}
    assert {"学前教育（普通教育）", "初中教育（普通教育）", "培训支出（进修及培训）"} <= labels
    assert checked.budget.func_class_totals["教育支出"] > 0


@pytest.mark.parametrize("year", YEARS)
def test_a_correct_source_passes_for_every_shipped_year(year: int, tmp_path: Path) -> None:
    text = (SOURCES / "education-2021.yaml").read_text(encoding="utf-8").replace("2021", str(year))
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    assert [(i.code, i.message) for i in pipeline.check_file(tmp_path / "d.yaml").issues] == []


def test_the_same_source_for_an_unshipped_year_fails_strict(tmp_path: Path) -> None:
    text = (SOURCES / "education-2026.yaml").read_text(encoding="utf-8").replace("2026", "2027")
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    run = run_cli("check", "--strict", str(tmp_path / "d.yaml"))
    assert run.returncode == 1 and "W-CATALOG-FALLBACK" in run.stdout
    assert "暂按 2026 年内置科目表校验" in run.stdout


# --- a source names the 项 the list lacks --------------------------------------------------------


def _example(tmp_path: Path, code: str, supplement: str = "", year: int = 2020) -> Path:
    text = EXAMPLE_TEXT.replace('功能分类: "2010302"', f'功能分类: "{code}"', 1)
    if supplement:
        text = text.replace("\n立项依据:", f"\n补充科目:\n  {supplement}\n立项依据:", 1)
    if year != 2020:
        text = text.replace("预算年度: 2020", f"预算年度: {year}", 1)
    src = tmp_path / "dept.yaml"
    src.write_text(text, encoding="utf-8")
    return src


def _labels(checked: pipeline.Checked) -> set[str]:
    assert checked.budget is not None
    return {r.label for u in checked.budget.views["全部"].units for r in u.functions}


def test_an_unknown_item_warns_and_its_name_in_the_source_silences_it(tmp_path: Path) -> None:
    bare = pipeline.check_file(_example(tmp_path, NEW_CODE))
    assert [i.code for i in bare.issues] == ["W-CODE-FUNC-ITEM"]
    named = pipeline.check_file(_example(tmp_path, NEW_CODE, f'"{NEW_CODE}": 测试普通教育项'))
    assert named.issues == []
    assert "测试普通教育项（普通教育）" in _labels(named)


def test_an_unknown_class_or_kuan_stays_an_error_even_when_named(tmp_path: Path) -> None:
    for code in ("2090101", "2015501"):
        checked = pipeline.check_file(_example(tmp_path, code, f'"{code}": 随便写的名称'))
        assert "E-CODE-FUNC-UNKNOWN" in {i.code for i in checked.issues}
        assert has_errors(checked.issues)


# --- a county completes the lists ----------------------------------------------------------------


def _county(tmp_path: Path, year: int, files: dict[str, str]) -> Path:
    (tmp_path / "budgetgen.yaml").write_text("模板覆盖: 本县模板\n", encoding="utf-8")
    folder = tmp_path / "本县模板" / "catalogs" / str(year)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_county_catalog_adds_codes(tmp_path: Path) -> None:
    _county(tmp_path, 2020, {"functional.tsv": f"# 本县按财政部科目书补充\n{NEW_CODE}\t县补充的普通教育项\n"})
    checked = pipeline.check_file(_example(tmp_path, NEW_CODE))
    assert checked.issues == []
    assert "县补充的普通教育项（普通教育）" in _labels(checked)


def test_a_county_row_without_its_class_is_an_error_at_its_line(tmp_path: Path) -> None:
    _county(tmp_path, 2020, {"functional.tsv": "# 只补了项，没有补类和款\n2990101\t县里的新项\n"})
    checked = pipeline.check_file(_example(tmp_path, "2990101"))
    found = {(i.code, Path(i.loc.file).name, i.loc.line) for i in checked.issues}
    assert ("E-CATALOG-PARENT", "functional.tsv", 2) in found
    assert "E-CODE-FUNC-UNKNOWN" in {i.code for i in checked.issues}


def test_a_county_row_with_a_space_instead_of_a_tab_is_located(tmp_path: Path) -> None:
    _county(tmp_path, 2020, {"functional.tsv": f"{NEW_CODE} 县补充的普通教育项\n"})
    checked = pipeline.check_file(_example(tmp_path, "2010302"))
    assert [(i.code, Path(i.loc.file).name, i.loc.line) for i in checked.issues] == [
        ("E-CATALOG-FORMAT", "functional.tsv", 1)
    ]


def test_a_county_list_that_is_not_utf8_is_an_error_not_a_crash(tmp_path: Path) -> None:
    folder = _county(tmp_path, 2020, {})
    (folder / "functional.tsv").write_bytes("2050298\t县补充项\n".encode("gbk"))
    checked = pipeline.check_file(_example(tmp_path, "2010302"))
    assert [(i.code, Path(i.loc.file).name) for i in checked.issues] == [("E-CATALOG-FORMAT", "functional.tsv")]


def test_the_fallback_warning_names_the_base_year_and_the_county_files(tmp_path: Path) -> None:
    _county(tmp_path, 2031, {"functional.tsv": "201\t一般公共服务支出（本县 2031 年名称）\n"})
    checked = pipeline.check_file(_example(tmp_path, "2010302", year=2031))
    fallback = [i.message for i in checked.issues if i.code == "W-CATALOG-FALLBACK"]
    assert len(fallback) == 1
    assert "暂按 2026 年内置科目表及本县补充（" in fallback[0] and "catalogs/2031/functional.tsv" in fallback[0]
    assert checked.budget is not None
    assert "一般公共服务支出（本县 2031 年名称）" in checked.budget.func_class_totals


def test_a_county_that_supplies_both_lists_for_the_year_gets_no_fallback(tmp_path: Path) -> None:
    _county(tmp_path, 2031, {"functional.tsv": "201\t一般公共服务支出\n", "economic.tsv": "301\t工资福利支出\n"})
    checked = pipeline.check_file(_example(tmp_path, "2010302", year=2031))
    assert "W-CATALOG-FALLBACK" not in {i.code for i in checked.issues}


def test_a_county_list_for_an_older_book_does_not_override_a_newer_shipped_list(tmp_path: Path) -> None:
    _county(tmp_path, 2020, {"functional.tsv": "215\t资源勘探信息等支出（旧）\n"})
    older = load_catalog(2020, (tmp_path / "本县模板",))
    newer = load_catalog(2021, (tmp_path / "本县模板",))
    assert older.functional["215"] == "资源勘探信息等支出（旧）" and older.supplements
    assert newer.functional["215"] == "资源勘探工业信息等支出" and not newer.supplements


def test_a_county_list_for_a_year_before_the_first_shipped_one_still_applies(tmp_path: Path) -> None:
    _county(tmp_path, 2019, {"functional.tsv": "201\t一般公共服务支出\n", "economic.tsv": "301\t工资福利支出\n"})
    early = load_catalog(2019, (tmp_path / "本县模板",))
    assert early.year == 2020 and early.covered and len(early.supplements) == 2


# --- property: the 类 rows add up to the total for any catalog -----------------------------------

_BASE = load_catalog(2026)
_CLASSES = sorted(c for c in _BASE.functional if len(c) == 3)
_DOC, _ = load_text(EXAMPLE_TEXT, "example.yaml")


def _catalog(classes: list[str], extra: dict[str, str]) -> Catalog:
    functional = {c: n for c, n in _BASE.functional.items() if c[:3] in classes}
    functional.update(extra)
    return Catalog(2020, 2020, _BASE.economic, functional)


_EXTRA = st.dictionaries(
    st.from_regex(r"2[0-9]{2}([0-9]{2}){0,2}", fullmatch=True),
    st.sampled_from(["县补充", "一般公共服务支出"]),
    max_size=4,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    classes=st.lists(st.sampled_from(_CLASSES), min_size=1, max_size=6, unique=True),
    extra=_EXTRA,
    pick=st.integers(min_value=0),
)
def test_class_rows_add_up_to_the_total_for_any_catalog(classes: list[str], extra: dict[str, str], pick: int) -> None:
    catalog = _catalog(["201", *classes], extra)
    items = sorted(c for c in catalog.functional if len(c) == 7) + sorted(c + "01" for c in extra if len(c) == 5)
    code = items[pick % len(items)]
    assert _DOC is not None
    doc, _ = load_text(EXAMPLE_TEXT.replace('功能分类: "2010302"', f'功能分类: "{code}"', 1), "example.yaml")
    assert doc is not None
    budget = compose.build_budget(doc, catalog)
    issues = checks.run(budget, doc, catalog)
    if catalog.missing_parent(code) is not None:
        assert "E-CODE-FUNC-UNKNOWN" in {i.code for i in issues}
    if not has_errors(issues):
        assert sum(budget.func_class_totals.values(), Decimal(0)) == budget.figures.total
        assert len(budget.func_class_totals) == len([c for c in catalog.functional if len(c) == 3])
