"""``budgetgen import``: a built workbook imports into a source that builds the same workbook again.

Round trip: build(source) → import → build gives a byte-identical 预算公开表 (the imported source
may differ from the original where the tables do not say, e.g. which project holds a 三公 line,
but never in a figure the workbook prints). Bad input is a Chinese error, exit 2, nothing written.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import checked_budget
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed"
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
EDGE = sorted((ROOT / "tests" / "edge").glob("*.yaml"))
FAST = {"bureau-multi-unit", "every-source", "many-projects", "only-other", "basic-capital"}
#: The example, then every edge department (multi-unit, every fund source, 150 projects… fast;
#: the rest under -m slow).
ROUND_TRIP = [
    EXAMPLE,
    *[p if p.stem in FAST else pytest.param(p, marks=pytest.mark.slow, id=p.stem) for p in EDGE],
]


def _workbook(folder: Path) -> Path:
    return next(folder.glob("*.xlsx"))


@pytest.mark.parametrize("source", ROUND_TRIP, ids=lambda p: getattr(p, "stem", ""))
def test_import_of_a_built_workbook_builds_the_same_workbook(source: Path, tmp_path: Path) -> None:
    copy = tmp_path / "src" / source.name
    copy.parent.mkdir()
    shutil.copy(source, copy)
    assert main(["build", str(copy), "-o", str(tmp_path / "a")]) == 0
    imported = tmp_path / "imported.yaml"
    assert main(["import", str(_workbook(tmp_path / "a")), "-o", str(imported)]) == 0
    assert main(["build", str(imported), "-o", str(tmp_path / "b")]) == 0
    assert _workbook(tmp_path / "a").read_bytes() == _workbook(tmp_path / "b").read_bytes()
    before, after = checked_budget(copy), checked_budget(imported)
    for figures in ("total", "basic", "project", "other", "by_class", "by_group", "sangong", "sangong_public"):
        assert getattr(after.figures, figures) == getattr(before.figures, figures), figures
    assert [u.code for u in after.units] == [u.code for u in before.units]
    assert sorted(p.amount for p in after.projects) == sorted(p.amount for p in before.projects)


def test_a_department_filling_every_table_round_trips(tmp_path: Path) -> None:
    """Non-tax plans, assets, procurement, two units: every table of the workbook has rows."""
    import test_xlsx_filled

    filled_source(tmp_path / "src", test_xlsx_filled)
    assert main(["build", str(tmp_path / "src" / "filled.yaml"), "-o", str(tmp_path / "a")]) == 0
    imported = tmp_path / "imported.yaml"
    assert main(["import", str(_workbook(tmp_path / "a")), "-o", str(imported)]) == 0
    text = imported.read_text(encoding="utf-8")
    assert "非税收入计划:" in text and "新增资产:" in text and "政府采购:" in text
    assert main(["build", str(imported), "-o", str(tmp_path / "b")]) == 0
    assert _workbook(tmp_path / "a").read_bytes() == _workbook(tmp_path / "b").read_bytes()


def filled_source(folder: Path, module: Any) -> None:
    """The source tests/test_xlsx_filled.py builds (every table filled), written to ``folder``."""
    folder.mkdir()
    module.filled(folder)


def test_a_system_id_and_another_spelling_are_commented_at_their_line(tmp_path: Path) -> None:
    """The seed's defects, planted in a workbook the strict reader reads: a 专项性质 that is a
    system id, and a project the 说明 spells differently (same amount)."""
    copy = tmp_path / "tongdao.yaml"
    shutil.copy(EXAMPLE, copy)
    assert main(["build", str(copy), "-o", str(tmp_path / "a")]) == 0
    xlsx = _workbook(tmp_path / "a")
    wb = openpyxl.load_workbook(xlsx)
    wb["专项资金预算汇总表"]["C9"] = "9F94F9D59A334D0CB5D7398C9D93E4CB"
    wb["专项资金预算汇总表"]["B14"] = "电子政务网络租金"  # the table's spelling; the 说明 keeps the long one
    wb["专项资金绩效目标表"]["B12"] = "电子政务网络租金"
    wb.save(xlsx)
    out = tmp_path / "x.yaml"
    docx = next((tmp_path / "a").glob("*.docx"))
    assert main(["import", str(xlsx), "--docx", str(docx), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "专项资金预算汇总表!C9 为“9F94F9D59A334D0CB5D7398C9D93E4CB”，不是项目性质" in text
    line = next(x for x in text.splitlines() if x.startswith("  - 名称: 电子政务网络租金"))
    assert "说明中写作“电子政务网络线路租金”" in line
    assert main(["check", str(out)]) == 1  # the system id is still a problem for check, at its line


def test_the_narrative_names_what_the_tables_leave_unnamed(tmp_path: Path) -> None:
    copy = tmp_path / "tongdao.yaml"
    shutil.copy(EXAMPLE, copy)
    assert main(["build", str(copy), "-o", str(tmp_path / "a")]) == 0
    docx = next((tmp_path / "a").glob("*.docx"))
    out = tmp_path / "x.yaml"
    assert main(["import", str(_workbook(tmp_path / "a")), "--docx", str(docx), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "  - 名称: 上缴市“12345”热线员经费" in text  # 其他支出: the tables give only its category total
    assert '说明日期: "2020-03-18"' in text and "主要职能: 政务服务中心负责拟定" in text
    assert "变动原因:" in text and "五险配套资金" in text
    assert main(["build", str(out), "-o", str(tmp_path / "b")]) == 0
    assert _workbook(tmp_path / "a").read_bytes() == _workbook(tmp_path / "b").read_bytes()


def test_the_example_imports_its_inferred_figures_with_comments(tmp_path: Path) -> None:
    copy = tmp_path / "tongdao.yaml"
    shutil.copy(EXAMPLE, copy)
    assert main(["build", str(copy), "-o", str(tmp_path / "a")]) == 0
    out = tmp_path / "x.yaml"
    assert main(["import", str(_workbook(tmp_path / "a")), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "名称: 网站监测经费" in text and '功能分类: "2010302"' in text
    assert "由三公经费表减去" in text  # the 54,400 of 公务接待费 outside the basic lines
    assert "上缴上级支出" in text and "附表不列项目名称" in text


def test_the_seed_workbook_imports_and_check_reports_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "seed.yaml"
    xlsx, docx = _workbook(SEED), next(SEED.glob("*.docx"))
    assert main(["import", str(xlsx), "--docx", str(docx), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "W-IMPORT-DISAGREE" in said and "收支总表!F24" in said  # the seed's 支出合计 counted twice
    assert "W-IMPORT-HEADER-RENAMED" in said and "专业燃料费" in said
    text = out.read_text(encoding="utf-8")
    assert '说明日期: "2020-03-18"' in text  # the 说明's 落款
    assert "读表问题：" in text  # what the reader interpreted, at the top of the source
    # read by the tolerant reader: the seed's spellings and system ids, each at its line
    line = next(x for x in text.splitlines() if x.startswith("  - 名称: 电子政务网络租金"))
    assert "说明中写作“电子政务网络线路租金”" in line
    assert "为“9F94F9D59A334D0CB5D7398C9D93E4CB”，不是项目性质" in text
    assert main(["check", str(out)]) == 1  # the seed's defects are problems, not a traceback
    found = capsys.readouterr().out
    assert "错误 E-" in found and "E-INTERNAL" not in found and "Traceback" not in found


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "not.xlsx"
    text.write_text("这不是工作簿", encoding="utf-8")
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet9"
    wb.active["A1"] = "完全不同的表"
    wb.save(other)
    return {"text": text, "empty": empty, "other": other, "missing": tmp_path / "missing.xlsx"}


@pytest.mark.parametrize("kind", ["text", "empty", "other", "missing"])
def test_bad_input_is_a_chinese_error_and_writes_nothing(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_inputs(tmp_path)[kind]
    out = tmp_path / "out.yaml"
    assert main(["import", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "E-IMPORT-READ" in err and "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob(".budgetgen-*"))


def test_the_first_line_points_at_the_schemas_copied_beside_it_as_init_does(tmp_path: Path) -> None:
    (tmp_path / "budgetgen.yaml").write_text("模板: hunan-county\n", encoding="utf-8")
    out = tmp_path / "2020" / "zwfwzx"
    assert main(["import", str(_workbook(SEED)), "-o", str(out)]) == 0
    written = tmp_path / "2020" / "zwfwzx.yaml"
    assert written.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schemas/department.schema.json"
    )
    assert (tmp_path / "schemas" / "department.schema.json").is_file()


def test_an_existing_source_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "dept.yaml"
    out.write_text("# 原有内容\n", encoding="utf-8")
    xlsx = _workbook(SEED)
    assert main(["import", str(xlsx), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "# 原有内容\n"
    assert main(["import", str(xlsx), "-o", str(out), "--force"]) == 0
    assert "部门:" in out.read_text(encoding="utf-8")


def test_a_disagreement_is_commented_at_the_line_its_figure_went_to(tmp_path: Path) -> None:
    from budgetgen.importer.conflicts import Conflict, Seen
    from budgetgen.importer.run import import_workbook

    copy = tmp_path / "tongdao.yaml"
    shutil.copy(EXAMPLE, copy)
    assert main(["build", str(copy), "-o", str(tmp_path / "a")]) == 0
    xlsx = _workbook(tmp_path / "a")
    salary = Conflict(
        "基本工资", Seen(Decimal("307056"), "工资福利支出", "H8"), (Seen(Decimal("307000"), "某表", "C9"),)
    )
    totals = Conflict("支出合计", Seen(Decimal("2602664"), "收支总表", "B33"), (Seen(Decimal("1"), "支出总表", "C7"),))
    staff = Conflict("事业编制", Seen(Decimal("11"), "收支总表", "Z1"), (Seen(Decimal("10"), "单位人员情况表", "H8"),))
    same = Conflict("收入合计", Seen(Decimal("5"), "收入总表", "C7"), (Seen(Decimal("5"), "收支总表", "B33"),))
    result = import_workbook(xlsx, None, "hunan-county", [salary, totals, staff, same])
    line = next(x for x in result.text.splitlines() if x.strip().startswith('"30101"'))
    assert "工资福利支出!H8 为 307056（以此为准）" in line and "某表!C9 为 307000" in line
    assert any("收支总表!B33" in x and "支出总表!C7 为 1" in x for x in result.text.splitlines()[:30])  # header
    assert "收入合计" not in result.text
    # the line was read from a table that is not the authority: it takes the authority's figure, and says so
    line = next(x for x in result.text.splitlines() if x.strip().startswith("事业: 11"))
    assert (
        "取 收支总表!Z1 为 11（格式以此为准），另有 单位人员情况表!H8 为 10" in line
    )  # equal figures are no disagreement


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048))
def test_any_bytes_are_an_error_or_a_source_never_a_traceback(data: bytes, tmp_path: Path) -> None:
    bad = tmp_path / "random.xlsx"
    bad.write_bytes(b"PK\x03\x04" + data)  # looks like a zip to a quick glance
    out = tmp_path / "random.yaml"
    out.unlink(missing_ok=True)
    assert main(["import", str(bad), "-o", str(out)]) == 2
    assert not out.exists()


def test_an_unknown_format_is_a_chinese_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """(mof is supported now: tests/test_import_mof.py.)"""
    out = tmp_path / "x.yaml"
    assert main(["import", str(_workbook(SEED)), "--profile", "nosuch", "-o", str(out)]) == 2
    assert "暂不支持 nosuch" in capsys.readouterr().err and not out.exists()
