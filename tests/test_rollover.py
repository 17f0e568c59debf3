"""budgetgen new-year: figures carried, prior linked, reasons emptied, comments kept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from _county import EXAMPLE

from budgetgen import cli
from budgetgen.pipeline import check_file


@pytest.fixture
def rolled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "zwfwzx.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["new-year", str(tmp_path / "2020"), "--to", "2021"]) == 0
    capsys.readouterr()
    return tmp_path / "2021" / "zwfwzx.yaml"


def test_rolled_source_links_prior_keeps_comments_and_empties_reasons(rolled: Path) -> None:
    text = rolled.read_text(encoding="utf-8")
    assert "预算年度: 2021" in text
    assert "说明日期: 2021-03-18" in text
    assert "  文件: ../2020/zwfwzx.yaml" in text
    assert "30101: 307056             # 基本工资" in text  # figures and their comments survive
    assert "# 名称以说明中的写法为准" in text
    assert "  收入: ''" in text
    assert "人员经费增加" not in text
    assert "收入合计: 2493664" not in text


def test_check_asks_exactly_for_the_reasons_of_changed_figures(
    rolled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unchanged = check_file(rolled)
    assert not [i for i in unchanged.issues if i.is_error]  # 持平 needs no reason
    text = rolled.read_text(encoding="utf-8")
    text = text.replace("30101: 307056", "30101: 317056").replace("经费拨款: 2602664", "经费拨款: 2612664")
    rolled.write_text(text, encoding="utf-8")
    assert cli.main(["check", str(rolled)]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if ": 错误 " in line]
    assert len(errors) == 2, out
    assert all("E-REASON-MISSING" in line for line in errors)
    assert {line.split()[3].rstrip(":") for line in errors} == {"变动原因.收入", "变动原因.支出"}
    assert all(line.startswith(f"{rolled}:") for line in errors)

    rolled.write_text(
        text.replace("  收入: ''", "  收入: 人员经费增加").replace("  支出: ''", "  支出: 人员经费增加"), "utf-8"
    )
    checked = check_file(rolled)
    assert not [i for i in checked.issues if i.is_error]
    assert checked.budget is not None
    change = checked.budget.income_change
    assert change is not None
    assert change.prior == Decimal("2602664")  # computed from the 2020 source, not retyped
    assert change.diff == Decimal("10000")
    assert cli.main(["build", str(rolled), "-o", str(tmp_path / "out")]) == 0


def test_rollover_never_overwrites(rolled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = rolled.read_bytes()
    assert cli.main(["new-year", str(rolled.parent.parent / "2020"), "--to", "2021"]) == 1
    assert "E-ROLL-EXISTS" in capsys.readouterr().out
    assert rolled.read_bytes() == before


def test_inherited_year_becomes_explicit_and_config_is_rolled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "2020"
    src.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8").replace("  预算年度: 2020\n", "")
    (src / "a.yaml").write_text(text, encoding="utf-8")
    (src / "budgetgen.yaml").write_text("预算年度: 2020\n说明日期: 2020年3月18日  # 落款\n", encoding="utf-8")
    assert check_file(src / "a.yaml").budget is not None
    assert cli.main(["new-year", str(src), "--to", "2021", "-o", str(tmp_path / "next")]) == 0
    assert "预算年度: 2021" in (tmp_path / "next" / "a.yaml").read_text(encoding="utf-8")
    config = (tmp_path / "next" / "budgetgen.yaml").read_text(encoding="utf-8")
    assert config == "预算年度: 2021\n说明日期: 2021年3月18日  # 落款\n"
    assert "文件: ../2020/a.yaml" in (tmp_path / "next" / "a.yaml").read_text(encoding="utf-8")


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new-year", str(tmp_path / "nope"), "--to", "2021"]) == 2
    assert "找不到" in capsys.readouterr().out


def test_new_year_lists_each_line_still_saying_the_old_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "2020"
    src.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8").replace("  简称: 政务中心", "  简称: 政务中心   # 2020年起使用", 1)
    (src / "zw.yaml").write_text(text, encoding="utf-8")
    assert cli.main(["new-year", str(src), "--to", "2021"]) == 0
    out = capsys.readouterr().out
    rolled = (tmp_path / "2021" / "zw.yaml").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in out.splitlines():
        if "W-ROLL-OLD-YEAR" in line:
            file, number, _ = line.split(":", 2)
            assert file == str(tmp_path / "2021" / "zw.yaml")
            listed[int(number)] = line
    # independently: lines carried over unchanged that say 2020 outside a comment
    carried = set(text.splitlines())
    expected = {
        n
        for n, line in enumerate(rolled, 1)
        if not line.lstrip().startswith("#") and "2020" in line.split(" #")[0] and line in carried
    }
    assert set(listed) == expected
    assert len(expected) > 30
    for n, shown in listed.items():
        assert shown.endswith("：" + rolled[n - 1].split(" #")[0].strip())
    by_text = {rolled[n - 1].strip(): n for n in listed}
    assert "实施进度: 2020年1-12月" in by_text
    assert not any("简称" in t or "文件:" in t or "说明日期" in t for t in by_text)  # comment / new-year's own


def test_comment_is_cut_outside_quotes_only() -> None:
    from budgetgen.rollover import code_part

    assert code_part("  a: 1   # 2020") == "  a: 1   "
    assert code_part("# 2020 whole line") == ""
    assert code_part("  a: '2020 # not a comment'  # but this is") == "  a: '2020 # not a comment'  "
    assert code_part('  a: "x#2020"') == '  a: "x#2020"'
    assert code_part("  a: C#2020") == "  a: C#2020"


def test_old_year_lines_are_found_in_lists_ruamel_reindents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "2020"
    src.mkdir()
    # lists written flush with their key ("项目:\n- 名称: …"): new-year re-indents them, they stay the user's lines
    text = EXAMPLE.read_text(encoding="utf-8")
    head, projects = text.split("\n项目:\n", 1)
    body, tail = projects.split("\n\n", 1)
    flush = "\n".join(line[2:] if line.startswith("  ") else line for line in body.splitlines())
    (src / "zw.yaml").write_text(f"{head}\n项目:\n{flush}\n\n{tail}", encoding="utf-8")
    assert check_file(src / "zw.yaml").budget is not None
    assert cli.main(["new-year", str(src), "--to", "2021"]) == 0
    out = capsys.readouterr().out
    assert out.count("项目[3].绩效目标.实施进度: 仍写着“2020”") == 1
    assert out.count("W-ROLL-OLD-YEAR 项目[") > 20
