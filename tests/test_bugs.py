"""Regression tests for the bugs found in use (issue 8 §8), one test each."""

from __future__ import annotations

from pathlib import Path

import pytest
from issue_helpers import EXAMPLE_TEXT, check_text

from budgetgen import cli, pipeline
from budgetgen.checks_base import q
from budgetgen.issues import Loc, error, format_issue

GOOD = Path(__file__).resolve().parent / "good" / "minimal.yaml"
NO_GOALS = Path(__file__).resolve().parent / "edge" / "no-goals.yaml"
CONTRADICTION = EXAMPLE_TEXT.replace(
    "  支出: 2020年五险配套资金和住房公积金纳入预算，人员经费增加", "  支出: 增加的原因为减少了与收入相对应的支出", 1
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = cli.main(list(args))
    return code, capsys.readouterr().out.splitlines()


def test_a_reason_against_the_direction_blocks_the_narrative(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(CONTRADICTION, encoding="utf-8")
    built = pipeline.build_file(src, tmp_path / "out")
    assert "E-REASON-DIRECTION" in {i.code for i in built.checked.issues if i.is_error}
    assert built.written == ()  # no narrative that says 增加 and gives a reason for 减少


def test_two_missing_keys_give_two_messages(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace('  - 代码: "901001"\n    名称', "  - 名称", 1)
    text = text.replace('    功能分类: "2010301"\n', "", 1)
    issues = check_text(text, tmp_path)
    assert sorted(i.message for i in issues) == ["缺少必填项“代码”（单位代码）", "缺少必填项“功能分类”（功能分类科目）"]


def test_a_refused_value_is_reported_once_with_a_county_default(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "budgetgen.yaml").write_text("地区: 测试县\n预算年度: 2020\n", encoding="utf-8")
    text = GOOD.read_text(encoding="utf-8").replace("30101: 100000", "30101: abc", 1)
    text = text.replace('    功能分类: "2010301"\n', "", 1)
    issues = check_text(text, tmp_path)
    assert sorted(i.code for i in issues) == ["E-SCHEMA-REQUIRED", "E-SCHEMA-TYPE"]


def test_file_level_issues_print_the_file_alone() -> None:
    assert (
        format_issue(error("E-FILE-READ", Loc("a.yaml", 0, 0), "", "找不到该文件"))
        == "a.yaml: 错误 E-FILE-READ: 找不到该文件"
    )
    assert format_issue(error("E-X", Loc("a.yaml", 3, 5), "p", "m")) == "a.yaml:3:5: 错误 E-X p: m"


def test_file_errors_have_no_zero_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, "check", "nothere.yaml")
    assert code == 2 and out[0].startswith("nothere.yaml: 错误 E-FILE-READ")
    (tmp_path / "测试.yaml").write_text("x", encoding="utf-8")
    _, out = run(capsys, "init", "测试")
    assert out[0].startswith("测试.yaml: 错误 E-INIT-EXISTS")
    assert all(":0:0" not in line for line in out)


def test_a_passing_check_says_it_passed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(GOOD)) == (0, ["校验通过：没有发现问题"])
    code, out = run(capsys, "check", str(NO_GOALS))
    assert code == 0 and out[-1] == "校验通过：0 个错误，1 个警告（警告不阻止生成，请核对）"
    code, out = run(capsys, "check", "--strict", str(NO_GOALS))
    assert code == 1 and out[-1].startswith("校验未通过：")
    assert all("未生成任何文件" not in line for line in out)


def test_a_failed_strict_build_names_no_folder_it_never_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = tmp_path / "county"
    county.mkdir()
    (county / "a.yaml").write_text(NO_GOALS.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "never"
    code, lines = run(capsys, "build", "--strict", str(county), "-o", str(out), "-j", "1")
    assert code == 1 and not out.exists()
    assert not any(line.startswith(("输出目录", "生成的文件在")) for line in lines)


def test_a_skipped_department_still_shows_its_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county = tmp_path / "county"
    county.mkdir()
    (county / "a.yaml").write_text(NO_GOALS.read_text(encoding="utf-8"), encoding="utf-8")
    out = str(tmp_path / "out")
    _, first = run(capsys, "build", str(county), "-o", out, "-j", "1")
    _, second = run(capsys, "build", str(county), "-o", out, "-j", "1")
    assert any("已生成 0，未变化 1" in line for line in second)
    warned = [line for line in first if "W-GOALS-MISSING" in line]
    assert warned and [line for line in second if "W-GOALS-MISSING" in line] == warned


def test_a_name_with_its_own_quotes_is_not_quoted_twice(tmp_path: Path) -> None:
    assert q("政务大厅") == "“政务大厅”"
    assert q("“一件事一次办”“综合窗口”购买服务经费") == "「“一件事一次办”“综合窗口”购买服务经费」"
    text = EXAMPLE_TEXT.replace(
        "  - 名称: 电子政务外网到村网络费专项资金", "  - 名称: “一件事一次办”“综合窗口”购买服务经费", 1
    )
    messages = [i.message for i in check_text(text, tmp_path) if i.code == "E-PROJECT-NAME-DUP"]
    assert messages and all("““" not in m and "””" not in m for m in messages)
