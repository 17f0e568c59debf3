"""``budgetgen diff``: exactly the changed figures and sentences, from files or Git revisions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgen import cli
from budgetgen.compare import diff, gitrev
from budgetgen.render.narrative import Block, BlockKind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "tongdao-zwfwzx-2020.yaml"
TEXT = EXAMPLE.read_text(encoding="utf-8")

#: 网站监测经费: 8.00 → 9.00 万元, 基本建设 → 专项商品和服务, 2010302 → 2010301; income follows.
ONE_PROJECT = (
    ("  - 名称: 网站监测经费\n    金额: 80000\n    性质: 延续\n    类别: 基本建设\n    功能分类: \"2010302\"\n",
     "  - 名称: 网站监测经费\n    金额: 90000\n    性质: 延续\n    类别: 专项商品和服务\n    功能分类: \"2010301\"\n"),
    ("      经费拨款: 2602664\n", "      经费拨款: 2612664\n"),
)  # fmt: skip
REASON = "  支出: 2020年五险配套资金和住房公积金纳入预算，人员经费增加\n"
#: 电子监察系统运行维护费 (2.00 万元) removed, 政务大厅无障碍改造经费 (3.00 万元) added; income follows.
SWAP_PROJECT = (
    ("  - 名称: 电子监察系统运行维护费", "  - 名称: 政务大厅无障碍改造经费"),
    ("    金额: 20000\n", "    金额: 30000\n"),
    ("      经费拨款: 2602664\n", "      经费拨款: 2612664\n"),
)


def edited(*edits: tuple[str, str], text: str = TEXT) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def county(folder: Path, **sources: str) -> Path:
    """A folder with the example's county config (if any) and the given sources."""
    folder.mkdir(parents=True, exist_ok=True)
    for config in EXAMPLES.glob("budgetgen.y*ml"):
        shutil.copy(config, folder / config.name)
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(["diff", *argv])
    return code, capsys.readouterr().out


def test_one_project_changed_prints_exactly_its_figures_and_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], golden
) -> None:
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT, "new.yaml": edited(*ONE_PROJECT)}))
    code, out = run(capsys, "old.yaml", "new.yaml")
    assert code == cli.EXIT_PROBLEMS
    golden("diff/one-project.txt", out)


def test_json_has_stable_keys_and_amounts_as_strings_in_yuan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT, "new.yaml": edited(*ONE_PROJECT)}))
    code, out = run(capsys, "old.yaml", "new.yaml", "--format", "json")
    data = json.loads(out)
    assert code == cli.EXIT_PROBLEMS
    keys = ["old", "new", "status", "departments", "issues", "figures", "projects", "text", "other"]
    assert list(data) == keys
    assert data["status"] == "different" and data["issues"] == [] and data["other"] == []
    total = next(f for f in data["figures"] if f["key"] == "支出合计")
    assert total == {
        "section": "合计",
        "key": "支出合计",
        "label": "支出合计",
        "unit": "元",
        "old": "2602664.00",
        "new": "2612664.00",
        "change": "10000.00",
    }
    functions = {f["key"]: f["change"] for f in data["figures"] if f["section"] == "功能分类（项）"}
    assert functions == {"2010301": "90000.00", "2010302": "-80000.00"}
    [project] = data["projects"]
    assert project["change"] == "changed"
    assert project["old"]["amount"] == "80000.00" and project["new"]["amount"] == "90000.00"
    assert (project["old"]["group"], project["new"]["group"]) == ("基本建设", "专项商品和服务")
    assert project["new"]["function"].startswith("2010301 ")
    removed = [s for t in data["text"] for s in t["removed"]]
    assert "网站监测经费8.00万元；" in removed


def test_reversed_sides_give_the_opposite_changes(tmp_path: Path) -> None:
    folder = county(tmp_path, **{"old.yaml": TEXT, "new.yaml": edited(*ONE_PROJECT)})
    forward = diff.compare(str(folder / "old.yaml"), str(folder / "new.yaml"))
    backward = diff.compare(str(folder / "new.yaml"), str(folder / "old.yaml"))
    assert [(c.fact.key, c.new - c.old) for c in forward.figures] == [
        (c.fact.key, c.old - c.new) for c in backward.figures
    ]
    assert [(t.removed, t.added) for t in forward.text] == [(t.added, t.removed) for t in backward.text]


@settings(max_examples=8, deadline=None)
@given(cents=st.integers(min_value=-2_000_000, max_value=2_000_000).filter(lambda c: c != 0))
def test_any_project_amount_change_is_reported_to_the_cent(cents: int) -> None:
    step = Decimal(cents) / 100
    text = edited(
        ("    金额: 320000\n", f"    金额: {Decimal(320000) + step}\n"),
        ("      30213: 265600 ", f"      30213: {Decimal(265600) + step} "),
        ("      经费拨款: 2602664\n", f"      经费拨款: {Decimal(2602664) + step}\n"),
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = county(Path(tmp), **{"old.yaml": TEXT, "new.yaml": text})
        result = diff.compare(str(folder / "old.yaml"), str(folder / "new.yaml"))
    changes = {c.fact.key: c.new - c.old for c in result.figures}
    assert result.status == "different"
    assert changes["支出合计"] == changes["项目支出"] == changes["收入合计"] == step
    [project] = result.projects
    assert project.name == "机房及政务大厅运行经费"
    assert project.old is not None and project.new is not None
    assert project.new.amount - project.old.amount == step


def test_same_figures_and_text_exit_0_even_if_comments_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commented = edited(("  简称: 政务中心\n", "  简称: 政务中心      # 说明正文用简称\n"))
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT, "new.yaml": commented}))
    code, out = run(capsys, "old.yaml", "new.yaml")
    assert code == cli.EXIT_OK
    assert out.splitlines()[-1] == "没有差别：两个版本的数字和说明文字完全相同"


def test_a_change_no_reader_sees_in_the_narrative_is_listed_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = "      年度目标: 保证政务大厅、机房设备2020年度的正常运转\n"
    changed = edited((target, "      年度目标: 保证政务大厅、机房设备全年正常运转\n"))
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT, "new.yaml": changed}))
    code, out = run(capsys, "old.yaml", "new.yaml")
    assert code == cli.EXIT_PROBLEMS
    assert "  项目[0].绩效目标.年度目标" in out.splitlines()
    assert out.splitlines()[-1] == "共 1 处源文件内容有变动"


def test_a_side_with_errors_is_reported_at_its_lines_not_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = edited(("      30101: 307056 ", "      30101: abc "))
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT, "new.yaml": broken}))
    code, out = run(capsys, "old.yaml", "new.yaml")
    line = TEXT.splitlines().index(next(x for x in TEXT.splitlines() if x.startswith("      30101:"))) + 1
    assert code == cli.EXIT_PROBLEMS
    assert out.splitlines()[0].startswith(f"new.yaml:{line}:")
    assert "E-SCHEMA-TYPE" in out and "无法比较" in out and "【" not in out
    code, out = run(capsys, "old.yaml", "new.yaml", "--format", "json")
    data = json.loads(out)
    assert data["status"] == "invalid" and data["issues"][0]["line"] == line and data["figures"] == []


def test_a_missing_file_is_unreadable_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT}))
    code, out = run(capsys, "old.yaml", "gone.yaml")
    assert code == cli.EXIT_USAGE
    assert out.startswith("gone.yaml:") and "错误 E-FILE-READ" in out.splitlines()[0]


# ---- Git -----------------------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    who = ["-c", "user.name=测试", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *who, *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A county repository: the example committed, then a commit that swaps one project for another."""
    root = tmp_path / "county"
    county(root / "2020", **{"zwfwzx.yaml": TEXT})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "2020 年初稿")
    (root / "2020" / "zwfwzx.yaml").write_text(edited(*SWAP_PROJECT), encoding="utf-8")
    git(root, "commit", "-q", "-am", "换一个项目")
    return root


def test_head_1_against_the_working_file_through_git(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], golden
) -> None:
    monkeypatch.chdir(repo)
    code, out = run(capsys, "HEAD~1:2020/zwfwzx.yaml", "2020/zwfwzx.yaml")
    assert code == cli.EXIT_PROBLEMS
    golden("diff/git-swap-project.txt", out)
    # The same two versions, both read from Git, from inside the folder (paths as typed there).
    monkeypatch.chdir(repo / "2020")
    code, again = run(capsys, "HEAD~1:zwfwzx.yaml", "HEAD:zwfwzx.yaml")
    assert code == cli.EXIT_PROBLEMS
    assert again.splitlines()[1:] == out.splitlines()[1:]
    assert again.splitlines()[0] == "比较：HEAD~1:zwfwzx.yaml → HEAD:zwfwzx.yaml"


def test_the_staged_version_and_an_unchanged_revision(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    code, out = run(capsys, ":2020/zwfwzx.yaml", "HEAD:2020/zwfwzx.yaml")
    assert (code, out.splitlines()[-1]) == (cli.EXIT_OK, "没有差别：两个版本的数字和说明文字完全相同")


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("HEAD~9:2020/zwfwzx.yaml", "Git 中没有版本“HEAD~9”"),
        ("HEAD:2020/other.yaml", "版本“HEAD”中没有文件“2020/other.yaml”"),
        ("HEAD:2020", "“2020”在该版本中不是文件"),
        ("-p:2020/zwfwzx.yaml", "应写作“版本:路径”"),
    ],
)
def test_git_mistakes_are_e_git_read_exit_2(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], arg: str, message: str
) -> None:
    monkeypatch.chdir(repo)
    code, out = run(capsys, "2020/zwfwzx.yaml", "--", arg)
    assert code == cli.EXIT_USAGE
    assert out.startswith(f"{arg}:") and f"错误 E-GIT-READ: {message}" in out.splitlines()[0]


def test_outside_a_repository_and_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(county(tmp_path / "plain", **{"a.yaml": TEXT}))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out = run(capsys, "HEAD:a.yaml", "a.yaml")
    assert code == cli.EXIT_USAGE and "不在 Git 仓库中" in out
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    code, out = run(capsys, "HEAD:a.yaml", "a.yaml")
    assert code == cli.EXIT_USAGE and "找不到 git 命令" in out


def test_revision_syntax() -> None:
    assert gitrev.parse("HEAD~1:2021/jyj.yaml") == gitrev.RevPath("HEAD~1", "2021/jyj.yaml", "HEAD~1:2021/jyj.yaml")
    assert gitrev.parse("main@{2 days ago}:a.yaml") == gitrev.RevPath(
        "main@{2 days ago}", "a.yaml", "main@{2 days ago}:a.yaml"
    )
    assert gitrev.parse(":a.yaml") == gitrev.RevPath("", "a.yaml", ":a.yaml")
    assert gitrev.parse("2021/jyj.yaml") is None
    assert gitrev.parse("C:\\县\\a.yaml") is None
    assert gitrev.parse(str(EXAMPLE)) is None


def test_sentences_split_at_full_stops_and_semicolons_under_their_heading() -> None:
    blocks = (
        Block(BlockKind.TITLE, "标题"),
        Block(BlockKind.H1, "一、概况"),
        Block(BlockKind.BODY, "甲1.00万元；乙2.00万元。另有说明"),
        Block(BlockKind.H2, "（一）收入"),
        Block(BlockKind.BODY, "收入3.00万元。"),
    )
    assert list(diff.sentences(blocks)) == [
        ("标题", "标题"),
        ("一、概况", "一、概况"),
        ("一、概况", "甲1.00万元；"),
        ("一、概况", "乙2.00万元。"),
        ("一、概况", "另有说明"),
        ("一、概况 （一）收入", "（一）收入"),
        ("一、概况 （一）收入", "收入3.00万元。"),
    ]


def test_a_broken_county_template_is_reported_as_build_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = county(tmp_path, **{"old.yaml": TEXT, "new.yaml": TEXT})
    config = folder / "budgetgen.yaml"
    before = config.read_text(encoding="utf-8") if config.exists() else ""
    config.write_text(before + "模板覆盖: 本县模板\n", encoding="utf-8")
    (folder / "本县模板").mkdir()
    (folder / "本县模板" / "narrative.txt.j2").write_text("@p {{ b.没有这个字段 }}\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    code, out = run(capsys, "old.yaml", "new.yaml")
    assert code == cli.EXIT_PROBLEMS
    assert out.splitlines()[0].startswith("本县模板/narrative.txt.j2:") and "E-TEMPLATE" in out


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=300) | st.sampled_from([TEXT[:n] for n in range(0, len(TEXT), 997)]))
def test_any_text_as_a_side_is_compared_or_reported_never_raised(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = county(Path(tmp), **{"old.yaml": TEXT, "new.yaml": text})
        result = diff.compare(str(folder / "old.yaml"), str(folder / "new.yaml"))
    assert result.status in {"same", "different", "invalid"}
    assert "E-INTERNAL" not in {i.code for i in result.issues}
    assert (result.status == "invalid") == bool(result.issues)


def test_a_reworded_sentence_names_its_changed_numbers_and_phrases() -> None:
    from budgetgen.compare.report import spots

    old, new = "项目支出98.00万元，增长4.37%。", "项目支出99.00万元，增长4.77%。"
    assert spots(old, new) == ["98.00 → 99.00", "4.37% → 4.77%"]
    assert spots("包括甲经费、乙经费。", "包括甲经费、丙经费。") == ["乙经费 → 丙经费"]
    assert spots("包括甲经费。", "包括甲经费、丙经费。") == ["（无） → 、丙经费"]
    assert spots("1、2、3、4、5。", "6、7、8、9、0。") == []  # too many to be helpful: the two sentences say it


def test_sangong_running_cost_and_staff_changes_are_each_named(tmp_path: Path) -> None:
    text = edited(
        ("      30217: 5000 ", "      30217: 6000 "),
        ("      经费拨款: 2602664\n", "      经费拨款: 2603664\n"),
        ("      编制: {行政及参公: 0, 事业: 10, 工勤: 0}\n", "      编制: {行政及参公: 0, 事业: 11, 工勤: 0}\n"),
        (REASON, f"{REASON}  三公经费: 接待任务增加\n"),
    )
    folder = county(tmp_path, **{"old.yaml": TEXT, "new.yaml": text})
    result = diff.compare(str(folder / "old.yaml"), str(folder / "new.yaml"))
    assert result.status == "different", result.issues
    changes = [(c.fact.section, c.fact.label, c.new - c.old) for c in result.figures]
    thousand = Decimal(1000)
    assert changes == [
        ("合计", "收入合计", thousand),
        ("合计", "支出合计", thousand),
        ("合计", "基本支出", thousand),
        ("资金来源", "经费拨款", thousand),
        ("功能分类（项）", "2010301 行政运行（政府办公厅（室）及相关机构事务）", thousand),
        ("“三公”经费", "“三公”经费合计（一般公共预算拨款）", thousand),
        ("“三公”经费", "公务接待费", thousand),
        ("机关运行经费", "机关运行经费", thousand),
        ("人员", "编制事业", 1),
        ("人员", "编制合计", 1),
    ]
    assert result.projects == ()


def test_a_name_cannot_forge_or_hide_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = edited(
        ("  - 名称: 网站监测经费\n", '  - 名称: "网站监测经费\\n【合计】\\n  没有变动\\u001b[2J"\n'),
    )
    monkeypatch.chdir(county(tmp_path, **{"old.yaml": TEXT, "new.yaml": hostile}))
    code, out = run(capsys, "old.yaml", "new.yaml")
    assert code == cli.EXIT_PROBLEMS
    assert "\x1b" not in out
    assert "【合计】" not in out.splitlines()  # no forged section: the name's line breaks are escaped
    assert "  新增 网站监测经费\\u000a【合计】\\u000a  没有变动\\u001b[2J：" in out


def test_a_revision_larger_than_a_source_may_be_is_refused_before_it_is_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setattr(diff, "MAX_BYTES", len(TEXT.encode()) - 1)
    code, out = run(capsys, "HEAD~1:2020/zwfwzx.yaml", "HEAD:2020/zwfwzx.yaml")
    assert code == cli.EXIT_USAGE
    lines = out.splitlines()
    assert [line.split(": ")[:2] for line in lines[:2]] == [
        ["HEAD:2020/zwfwzx.yaml:1:1", "错误 E-FILE-TOO-LARGE"],
        ["HEAD~1:2020/zwfwzx.yaml:1:1", "错误 E-FILE-TOO-LARGE"],
    ]
