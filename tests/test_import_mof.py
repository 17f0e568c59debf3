"""``budgetgen import --profile mof``: a national-format workbook (department-level sums only) → a source.

Round trip: build(source) in mof → import (with the 说明) → build gives a byte-identical 预算公开表, the
figures equal the original's at every sum the tables print, and ``check`` accepts the imported
source. What the tables do not determine (basic lines by 经济科目 × 功能科目, which unit spends what,
leaf sources within a group, project 类别) is constructed and commented at its line (W-IMPORT-GUESS).
"""

from __future__ import annotations

import itertools
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetgen import pipeline
from budgetgen.cli import main
from budgetgen.importer.spread import assign, matched, northwest
from budgetgen.model import Budget
from budgetgen.money import ZERO, to_wan

ROOT = Path(__file__).resolve().parent.parent
JIANGBIN = ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed"
EDGE = sorted((ROOT / "tests" / "edge").glob("*.yaml"))
FAST = {"bureau-multi-unit", "every-source", "only-other", "basic-capital"}
MOF = "模板: mof\n"


def _mof_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "budgetgen.yaml").write_text(MOF, encoding="utf-8")
    return folder


def _source(path: Path, folder: Path) -> Path:
    """``path`` in a mof folder, with what mof requires added where the source lacks it (as test_mof does)."""
    import test_mof

    if "上年" in path.read_text(encoding="utf-8") and path == JIANGBIN:
        return Path(shutil.copy(path, folder / path.name))
    return test_mof._with_prior_lines(path, folder)


def _built(folder: Path, suffix: str) -> Path:
    return next(folder.glob(f"*{suffix}"))


def _budget(path: Path) -> Budget:
    checked = pipeline.check_file(path)
    errors = [str(i) for i in checked.issues if i.is_error]
    assert not errors and checked.budget is not None, errors
    return checked.budget


def _round_trip(source: Path, tmp_path: Path, docx: bool = True) -> tuple[Path, Path, Path]:
    """(original source, imported source, folder of the imported build); asserts every step succeeds."""
    src = _source(source, _mof_folder(tmp_path / "src"))
    assert main(["build", str(src), "-o", str(tmp_path / "a")]) == 0
    imported = tmp_path / "src" / "imported.yaml"
    args = ["import", str(_built(tmp_path / "a", ".xlsx")), "--profile", "mof", "-o", str(imported)]
    args += ["--docx", str(_built(tmp_path / "a", ".docx"))] if docx else []
    assert main(args) == 0
    return src, imported, tmp_path / "a"


def _assert_same_sums(before: Budget, after: Budget) -> None:
    """Every figure a mof table prints: per view the totals, kinds and classes by 功能科目, 三公, 机关运行经费."""
    shown = {g for g, k in before.profile.project_groups.items() if k.value == "other"}

    def sums(figures: Any, public: bool) -> tuple[Any, ...]:
        """As printed (万元): the 基本支出 econ groups only where a table prints them (the public view)."""
        groups = {g: to_wan(v) for g, v in figures.by_group.items() if g in shown}
        econ = {g: to_wan(v) for g, v in figures.by_econ_group.items()} if public else {}
        return (*(to_wan(v) for v in (figures.total, figures.basic, figures.project, figures.other)), econ, groups)

    for name, view in before.views.items():
        other, public = after.views[name], name == before.profile.public
        assert sums(other.figures, public) == sums(view.figures, public), name
        got = [(r.code, sums(r.figures, public)) for r in other.tree]
        assert got == [(r.code, sums(r.figures, public)) for r in view.tree], name
    assert after.figures.sangong_public == before.figures.sangong_public
    assert to_wan(after.running_cost) == to_wan(before.running_cost)
    printed = [of for _, of in before.profile.income_headings]  # the 收支总表's income lines
    assert [to_wan(after.income.by_source.get(k, ZERO)) for k in printed] == [
        to_wan(before.income.by_source.get(k, ZERO)) for k in printed
    ]
    assert sorted((p.name, to_wan(p.amount)) for p in after.projects if p.kind.value == "project") == sorted(
        (p.name, to_wan(p.amount)) for p in before.projects if p.kind.value == "project"
    )


ROUND_TRIP = [JIANGBIN, *[p if p.stem in FAST else pytest.param(p, marks=pytest.mark.slow, id=p.stem) for p in EDGE]]


@pytest.mark.parametrize("source", ROUND_TRIP, ids=lambda p: getattr(p, "stem", ""))
def test_import_of_a_mof_workbook_builds_the_same_workbook(source: Path, tmp_path: Path) -> None:
    src, imported, built = _round_trip(source, tmp_path)
    assert main(["check", str(imported)]) == 0
    assert main(["build", str(imported), "-o", str(tmp_path / "b")]) == 0
    assert _built(built, ".xlsx").read_bytes() == _built(tmp_path / "b", ".xlsx").read_bytes()
    _assert_same_sums(_budget(src), _budget(imported))
    if source == JIANGBIN:  # the example's 说明 too: its 存量资产, reasons and last year's figures are read back
        assert _built(built, ".docx").read_bytes() == _built(tmp_path / "b", ".docx").read_bytes()


def test_every_constructed_split_is_commented_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, imported, _ = _round_trip(JIANGBIN, tmp_path)
    printed = capsys.readouterr().out
    text = imported.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "W-IMPORT-GUESS" in printed and "各单位的基本支出是推定的" in printed
    lines = text.splitlines()
    for i, unit in enumerate(data["单位"]):
        for code in unit.get("基本支出", {}):
            line = next(x for x in lines if x.strip().startswith(f'"{code}":') and "#" in x)
            assert "推定" in line or "经济分类" in line, line
        assert unit["单位性质"] in ("行政", "事业"), i
    assert text.count("附表不列项目类别") == len(data["项目"])
    assert "# 需要核对：附表不按单位列基本支出" in text


def test_last_year_and_the_reasons_come_from_the_tables_and_the_narrative(tmp_path: Path) -> None:
    _, imported, _ = _round_trip(JIANGBIN, tmp_path)
    original = yaml.safe_load(JIANGBIN.read_text(encoding="utf-8"))
    data = yaml.safe_load(imported.read_text(encoding="utf-8"))
    assert {str(k): v for k, v in data["上年"]["功能分类"].items()} == original["上年"]["功能分类"]
    assert data["上年"]["三公经费"] == original["上年"]["三公经费"]
    assert data["上年"]["机关运行经费"] == original["上年"]["机关运行经费"]
    assert data["变动原因"] == original["变动原因"]


def test_without_the_narrative_last_year_is_this_year_and_says_so(tmp_path: Path) -> None:
    _, imported, _ = _round_trip(JIANGBIN, tmp_path, docx=False)
    text = imported.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    public = {r.code: r.figures.total for r in _tree(tmp_path)}
    assert {str(k): Decimal(str(v)) for k, v in data["上年"]["功能分类"].items()} == public
    assert text.count("暂按本年数（持平）填写") == len(public)
    assert "未提供说明（--docx）" in text
    assert "变动原因" not in data  # the reasons are only in the narrative; check asks for them


def _tree(tmp_path: Path) -> list:  # type: ignore[type-arg]
    budget = _budget(tmp_path / "src" / JIANGBIN.name)
    return [r for r in budget.views[budget.profile.public].tree if r.level == "xiang"]


def test_a_hunan_workbook_given_mof_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dept.yaml"
    workbook = next(SEED.glob("*.xlsx"))
    assert main(["import", str(workbook), "--profile", "mof", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "E-IMPORT-READ" in err and "--profile hunan-county" in err
    assert not out.exists()


def test_a_mof_workbook_without_its_profile_names_it_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = Path(shutil.copy(JIANGBIN, _mof_folder(tmp_path / "src") / JIANGBIN.name))
    assert main(["build", str(src), "-o", str(tmp_path / "a")]) == 0
    out = tmp_path / "dept.yaml"
    capsys.readouterr()
    assert main(["import", str(_built(tmp_path / "a", ".xlsx")), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "E-IMPORT-READ" in err and "--profile mof" in err and "全国通用" in err
    assert not out.exists()
    # near miss: named, it imports
    assert main(["import", str(_built(tmp_path / "a", ".xlsx")), "--profile", "mof", "-o", str(out)]) == 0


# --- the fills ----------------------------------------------------------------------------------------

cents = st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c) / 100)


def _split(total: Decimal, cuts: list[int]) -> list[Decimal]:
    """``total`` cut at the given cent positions (sorted, within the total): parts that add up exactly."""
    points = sorted({min(c, int(total * 100)) for c in cuts})
    edges = [0, *points, int(total * 100)]
    return [Decimal(b - a) / 100 for a, b in itertools.pairwise(edges)]


@settings(max_examples=200, deadline=None)
@given(cents, st.lists(st.integers(0, 10**11), max_size=6), st.lists(st.integers(0, 10**11), max_size=6))
def test_northwest_gives_every_row_and_column_its_total(total: Decimal, a: list[int], b: list[int]) -> None:
    rows = list(enumerate(_split(total, a)))
    cols = list(enumerate(_split(total, b)))
    for fill in (northwest, matched):
        cells = fill(rows, cols)
        assert all(v > 0 and v == v.quantize(Decimal("0.01")) for _, _, v in cells)
        for i, want in rows:
            assert sum((v for r, _, v in cells if r == i), Decimal(0)) == want
        for j, want in cols:
            assert sum((v for _, c, v in cells if c == j), Decimal(0)) == want


def test_matched_pairs_equal_amounts_where_northwest_would_not() -> None:
    rows = [("30101", Decimal(5)), ("30108", Decimal(3))]
    cols = [("2080505", Decimal(3)), ("2100101", Decimal(5))]
    assert ("30108", "2080505", Decimal(3)) in matched(rows, cols)
    assert ("30108", "2080505", Decimal(3)) not in northwest(rows, cols)


def test_assign_puts_whole_amounts_and_uses_up_the_exact_bins() -> None:
    room = {"a": Decimal(5), "b": Decimal(10)}
    got = assign([(Decimal(3), ["a", "b"]), (Decimal(5), ["a", "b"])], room, {"a"})
    assert got == ["b", "a"]
    assert assign([(Decimal(3), ["a"])], {"a": Decimal(5)}, {"a"}) is None  # near miss: a left over


def test_another_tools_mof_workbook_reads_through_the_tolerant_reader(tmp_path: Path) -> None:
    """Sheets renamed (found by title) and amounts typed as text with thousands separators: the same source figures."""
    import openpyxl

    src = Path(shutil.copy(JIANGBIN, _mof_folder(tmp_path / "src") / JIANGBIN.name))
    assert main(["build", str(src), "-o", str(tmp_path / "a")]) == 0
    workbook = openpyxl.load_workbook(_built(tmp_path / "a", ".xlsx"))
    for i, sheet in enumerate(workbook.worksheets):
        sheet.title = f"Sheet{i + 1}"
        for row in sheet.iter_rows(min_row=5):
            for cell in row:
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    cell.value = f"{cell.value:,.2f}"
    other = tmp_path / "other.xlsx"
    workbook.save(other)
    imported = tmp_path / "src" / "imported.yaml"
    docx = _built(tmp_path / "a", ".docx")
    assert main(["import", str(other), "--profile", "mof", "--docx", str(docx), "-o", str(imported)]) == 0
    assert main(["build", str(imported), "-o", str(tmp_path / "b")]) == 0
    assert _built(tmp_path / "a", ".xlsx").read_bytes() == _built(tmp_path / "b", ".xlsx").read_bytes()


def test_projects_a_wan_table_rounds_one_by_one_are_moved_under_50_yuan_to_add_up() -> None:
    from budgetgen.importer.crossing import reconcile
    from budgetgen.importer.margins import Margins, ProjectRow
    from budgetgen.money import to_wan
    from budgetgen.profile import shipped_profile

    p, _ = shipped_profile("mof")
    assert p is not None
    true = [Decimal(1010 + 10 * i) for i in range(150)]  # as tests/edge/many-projects.yaml
    shown = [to_wan(v) * 10000 for v in true]
    project = p.kind_names[next(k for k in p.kind_names if k.value == "project")]
    m = Margins(scale=Decimal(10000), spending={"2120101": {f"kind:{project}": to_wan(sum(true)) * 10000}})
    rows = {i: ProjectRow("1", f"p{i}", "延续", "2120101", v, {"x": v}) for i, v in enumerate(shown)}
    changed = reconcile("2120101", m, p, rows)
    assert changed and sum(r.total for r in rows.values()) == to_wan(sum(true)) * 10000
    for row, printed in zip(rows.values(), shown, strict=True):
        assert to_wan(row.total) * 10000 == printed and abs(row.total - printed) < 50
    # near miss: when the shown amounts already add up, nothing moves
    again = {i: ProjectRow("1", f"p{i}", "延续", "2120101", v, {"x": v}) for i, v in enumerate(shown[:2])}
    m.spending["2120101"][f"kind:{project}"] = sum(shown[:2])
    assert reconcile("2120101", m, p, again) == []


def test_a_missing_table_leaves_its_detail_to_fill_never_a_traceback(tmp_path: Path) -> None:
    """Without the 基本支出表, each econ group's basic spending goes under its first class's 其他 code, commented."""
    import openpyxl

    src = Path(shutil.copy(JIANGBIN, _mof_folder(tmp_path / "src") / JIANGBIN.name))
    assert main(["build", str(src), "-o", str(tmp_path / "a")]) == 0
    workbook = openpyxl.load_workbook(_built(tmp_path / "a", ".xlsx"))
    del workbook["一般公共预算基本支出表"]
    other = tmp_path / "other.xlsx"
    workbook.save(other)
    imported = tmp_path / "src" / "imported.yaml"
    docx = _built(tmp_path / "a", ".docx")
    assert main(["import", str(other), "--profile", "mof", "--docx", str(docx), "-o", str(imported)]) == 0
    basic = yaml.safe_load(imported.read_text(encoding="utf-8"))["单位"][0]["基本支出"]
    assert set(basic) == {"30199", "30299"}
    before, after = _budget(src), _budget(imported)
    public = before.profile.public
    assert after.views[public].figures.by_econ_group == before.views[public].figures.by_econ_group
    assert after.running_cost == before.running_cost


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1024))
def test_any_bytes_under_mof_are_an_error_never_a_traceback(data: bytes, tmp_path: Path) -> None:
    bad = tmp_path / "random.xlsx"
    bad.write_bytes(b"PK\x03\x04" + data)
    out = tmp_path / "random.yaml"
    out.unlink(missing_ok=True)
    assert main(["import", str(bad), "--profile", "mof", "-o", str(out)]) == 2
    assert not out.exists()
