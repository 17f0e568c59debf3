"""Trust boundaries (issue 13): a department source is untrusted, the county config and templates are trusted.

One test (or a small group) per numbered item of the issue. Each drives the
command line in this process (``cli.main``) or in a child process and looks at
what users see and what lands on disk, so the same file also runs against an
older budgetgen and shows what it got wrong.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from issue_helpers import EXAMPLE_TEXT, cli_env

from budgetgen import cli

NAME_LINE = 8  # "  全称: 通道县政务服务中心" in the example
NAME = "  全称: 通道县政务服务中心"
POSIX = pytest.mark.skipif(os.name != "posix", reason="needs POSIX file kinds")


def build(*args: str | Path) -> int:
    return cli.main(["build", "-j", "1", *map(str, args)])


def check(*args: str | Path) -> int:
    return cli.main(["check", "-j", "1", *map(str, args)])


def every_file(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def narrative_text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/document.xml").decode("utf-8")


def run_child(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "budgetgen", *args],
        cwd=cwd,
        env={**cli_env(), **env},
        capture_output=True,
        timeout=300,
        check=False,
    )


# -- 1. path traversal through the department name ------------------------------------------------

HOSTILE_NAMES = {
    "parent": "../../ESC",
    "absolute": "{tmp}/escape",
    "newline": '"政务\\n中心"',
    "carriage return": '"政务\\r中心"',
    "tab": '"政务\\t中心"',
    "right-to-left": '"政务\\u202e中心"',
    "leading dot": ".政务中心",
    "windows character": '"政务:中心"',
    "backslash": '"..\\\\..\\\\政务中心"',
    "too long for a file name": "政" * 80,
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_a_hostile_department_name_writes_nothing_and_is_located(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "repo" / "a" / "b"
    work.mkdir(parents=True)
    src = work / "src.yaml"
    src.write_text(EXAMPLE_TEXT.replace(NAME, f"  全称: {name.format(tmp=tmp_path)}", 1), encoding="utf-8")
    before = every_file(tmp_path)
    out = work / "out"
    assert build(src, "-o", out) == 1
    printed = capsys.readouterr().out
    assert f"src.yaml:{NAME_LINE}:" in printed and "E-OUTPUT-NAME" in printed, printed
    assert "E-INTERNAL" not in printed
    assert every_file(tmp_path) - before == set(), "nothing may be written, least of all outside the folder"


def test_the_writer_refuses_a_name_that_leaves_the_folder(tmp_path: Path) -> None:
    from budgetgen.atomic import UnsafeTarget, write_atomic

    for name in ("../x.docx", "/tmp/x.docx", "a/b.docx", ".hidden.docx", "NUL.xlsx", "é" * 200 + ".docx"):
        with pytest.raises(UnsafeTarget):
            write_atomic(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "out").exists()


# -- 2. a source cannot choose the county's templates ----------------------------------------------

FORGED = "@title 伪造的说明\n@p 本年支出合计 9999.99 万元。\n"


def test_a_config_named_by_a_source_cannot_replace_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / "2020" / "evil" / "tables").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "2020" / "evil" / "narrative.txt.j2").write_text(FORGED, encoding="utf-8")
    (repo / "2020" / "own.yaml").write_text("模板覆盖: evil\n空表说明: 伪造\n地区: 通道侗族自治县\n", encoding="utf-8")
    src = repo / "2020" / "zwfwzx.yaml"
    src.write_text("配置: own.yaml\n" + EXAMPLE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    assert build(src, "-o", out) == 0
    printed = capsys.readouterr().out
    assert "W-CONFIG-IGNORED" in printed and "own.yaml:1:1" in printed, printed
    (docx,) = out.glob("*.docx")
    text = narrative_text(docx)
    assert "9999.99" not in text and "伪造" not in text


# -- 3. templates have limits ------------------------------------------------------------------------

LOOP = "@title x\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"
RECURSION = "@title x\n{% macro f(n) %}{{ f(n) }}{% endmacro %}\n{{ f(1) }}\n"


def _county(root: Path, narrative: str | None) -> Path:
    (root / "2020").mkdir(parents=True)
    (root / ".git").mkdir()
    if narrative is not None:
        (root / "tpl").mkdir()
        (root / "tpl" / "narrative.txt.j2").write_text(narrative, encoding="utf-8")
        (root / "budgetgen.yaml").write_text("模板覆盖: tpl\n", encoding="utf-8")
    src = root / "2020" / "zwfwzx.yaml"
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    return src


@pytest.mark.parametrize("template", [LOOP, RECURSION], ids=["loop", "recursion"])
def test_a_runaway_template_fails_at_its_line_and_the_others_still_build(
    tmp_path: Path, template: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from budgetgen.render import env

    monkeypatch.setattr(env, "TIME_BUDGET", 1.0)
    bad = _county(tmp_path / "bad", template)
    good = _county(tmp_path / "good", None)
    out = tmp_path / "out"
    assert build(bad, good, "-o", out) == 1
    printed = capsys.readouterr().out
    assert "narrative.txt.j2:2:0: 错误 E-TEMPLATE" in printed, printed
    assert "E-INTERNAL" not in printed
    assert "[1/2] 失败" in printed and "[2/2] 已生成" in printed, printed
    assert len(list(out.glob("*.docx"))) == 1


def test_progress_never_says_built_for_a_department_that_was_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(EXAMPLE_TEXT, encoding="utf-8")  # same 全称: the second clashes
    assert build(tmp_path / "a.yaml", tmp_path / "b.yaml", "-o", tmp_path / "out") == 1
    printed = capsys.readouterr().out
    assert "已生成 " + str(tmp_path / "b.yaml") not in printed and "失败" in printed, printed


# -- 4. the manifest is data ---------------------------------------------------------------------------


def test_paths_planted_in_the_manifest_are_never_deleted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "src.yaml", tmp_path / "out"
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    assert build(src, "-o", out) == 0
    victims = [tmp_path / "victim.txt", out / "notes.docx", out / "账本.xlsx"]
    for victim in victims:
        victim.write_text("keep me", encoding="utf-8")
    manifest = out / ".budgetgen-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    (entry,) = data["entries"].values()
    stamp = next(iter(entry["outputs"].values()))
    entry["outputs"].update({"../victim.txt": stamp, str(victims[0]): stamp, "notes.docx": stamp, "账本.xlsx": stamp})
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    src.write_text(EXAMPLE_TEXT.replace(NAME, "  全称: 通道县政务服务中心（新）", 1), encoding="utf-8")
    assert build(src, "-o", out) == 0  # renamed: its old outputs are stale now
    printed = capsys.readouterr().out
    assert all(v.read_text(encoding="utf-8") == "keep me" for v in victims)
    assert "W-MANIFEST-IGNORED" in printed
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "notes.docx",
        "通道县政务服务中心（新）2020年部门预算说明.docx",
    ]


@POSIX
def test_a_fifo_planted_as_the_manifest_or_journal_never_blocks(tmp_path: Path) -> None:
    src, out = tmp_path / "src.yaml", tmp_path / "out"
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    out.mkdir()
    os.mkfifo(out / ".budgetgen-manifest.json")
    os.mkfifo(out / ".budgetgen-journal")
    run = run_child(["build", str(src), "-o", str(out)], tmp_path)
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert len(list(out.glob("*.docx"))) == 1


def test_inputs_planted_in_the_manifest_are_not_hashed_without_end(tmp_path: Path) -> None:
    src, out = tmp_path / "src.yaml", tmp_path / "out"
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    assert build(src, "-o", out) == 0
    manifest = out / ".budgetgen-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    (entry,) = data["entries"].values()
    entry["deps"].update({"/": "0" * 64, "/usr": "0" * 64, "/dev/zero": "0" * 64})
    manifest.write_text(json.dumps(data), encoding="utf-8")
    run = run_child(["build", str(src), "-o", str(out)], tmp_path)  # timeout=300 would fail it
    assert run.returncode == 0, run.stderr.decode()


# -- 5. file names and file kinds ---------------------------------------------------------------------


@POSIX
def test_a_source_with_a_gbk_file_name_is_reported_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    gbk = os.fsdecode(os.path.join(os.fsencode(folder), "测试".encode("gbk") + b".yaml"))
    Path(gbk).write_text(EXAMPLE_TEXT.replace("30101: 307056", "30101: abc", 1), encoding="utf-8")
    (folder / "good.yaml").write_text(EXAMPLE_TEXT.replace(NAME, "  全称: 另一个部门", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert build(folder, "-o", out) == 1
    printed = capsys.readouterr().out
    assert "E-SCHEMA-TYPE" in printed and "\\udcb2" in printed, printed
    assert list(out.glob("*.tmp")) == [] and list(out.glob(".*.tmp")) == []
    assert len(list(out.glob("*.docx"))) == 1
    assert json.loads((out / ".budgetgen-manifest.json").read_text(encoding="ascii"))["entries"]


@POSIX
def test_fifos_devices_and_folders_are_never_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    os.mkfifo(folder / "fifo.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "dir.yaml").mkdir()
    (folder / "good.yaml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    # the odd ones are not sources, and this never hangs; the link out of the folder is named, not read
    assert build(folder, "-o", tmp_path / "out") == 1
    printed = capsys.readouterr().out
    assert "zero.yaml:1:1: 错误 E-PATH-OUTSIDE" in printed and "已生成 1" in printed, printed
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1
    assert check(folder / "zero.yaml") == 2
    assert check(folder / "fifo.yaml") == 2
    printed = capsys.readouterr().out
    assert printed.count("E-FILE-KIND") == 2, printed


def test_the_size_cap_holds_while_reading(tmp_path: Path) -> None:
    import tracemalloc

    from budgetgen.safefile import TooLargeFile, read_regular

    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    tracemalloc.start()
    with pytest.raises(TooLargeFile):
        read_regular(big, 5 * 1024 * 1024)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 12 * 1024 * 1024


@pytest.mark.parametrize(
    ("key", "line"),
    [("配置: /etc/passwd\n", 1), ("配置: ../../../../../../etc/hostname.yaml\n", 1)],
    ids=["config", "config-relative"],
)
def test_config_outside_the_repository_is_refused(
    tmp_path: Path, key: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(key + EXAMPLE_TEXT, encoding="utf-8")
    assert check(src) == 1
    printed = capsys.readouterr().out
    assert f"src.yaml:{line}:" in printed and "E-PATH-OUTSIDE" in printed, printed
    assert "root:" not in printed


def test_prior_year_file_outside_the_repository_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src.yaml"
    start = EXAMPLE_TEXT.index("上年:\n")
    text = EXAMPLE_TEXT[:start] + EXAMPLE_TEXT[EXAMPLE_TEXT.index("\n\n", start) + 2 :]
    src.write_text(text + "上年:\n  文件: /etc/passwd\n", encoding="utf-8")
    assert check(src) == 1
    printed = capsys.readouterr().out
    line = len(text.splitlines()) + 2
    assert f"src.yaml:{line}:" in printed and "E-PATH-OUTSIDE" in printed, printed
    assert "root:" not in printed


# -- 6. located errors everywhere ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ['"政务\\x07中心"', "政" * 250, "政" * 75, "政务/中心"], ids=["control", "250", "75", "slash"]
)
def test_names_python_docx_or_the_file_system_refuse_are_located(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(EXAMPLE_TEXT.replace(NAME, f"  全称: {name}", 1), encoding="utf-8")
    assert build(src, "-o", tmp_path / "out") == 1
    printed = capsys.readouterr().out
    assert f"src.yaml:{NAME_LINE}:" in printed and "E-OUTPUT-NAME" in printed, printed
    assert "E-INTERNAL" not in printed and "E-OUTPUT-WRITE" not in printed


def test_a_county_catalog_line_with_a_space_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _county(tmp_path / "repo", "@title x\n")
    (tmp_path / "repo" / "tpl" / "narrative.txt.j2").unlink()
    catalogs = tmp_path / "repo" / "tpl" / "catalogs" / "2020"
    catalogs.mkdir(parents=True)
    (catalogs / "functional.tsv").write_text("# 补充\n2050201\t学前教育\n2050202 小学教育\n", encoding="utf-8")
    assert check(src) == 1
    printed = capsys.readouterr().out
    assert "functional.tsv:3:1: 错误 E-CATALOG-FORMAT" in printed, printed
    assert "E-INTERNAL" not in printed


# -- 7. resources --------------------------------------------------------------------------------------


def test_aliases_cannot_multiply_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "很长的解释" * 2000  # 10,000 characters, written once
    entries = "".join(f"  - 词条: 词{i}\n    解释: *long\n" for i in range(2000))
    first = f"  - 词条: 词\n    解释: &long {long}\n"
    src = tmp_path / "src.yaml"
    src.write_text(f"{EXAMPLE_TEXT}\n名词解释:\n{first}{entries}", encoding="utf-8")
    assert src.stat().st_size < 200_000
    assert check(src) == 1
    printed = capsys.readouterr().out
    assert "E-YAML-ALIAS" in printed, printed[-2000:]


def test_building_the_model_is_linear_in_the_number_of_projects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count how often a posting's project is looked at: twice the projects may cost twice, not four times."""
    from budgetgen import compose, model

    seen = {"n": 0}
    real = model.Posting

    class Counted:
        def __init__(self, posting: model.Posting) -> None:
            object.__setattr__(self, "_p", posting)

        def __getattr__(self, name: str) -> object:
            if name == "project":
                seen["n"] += 1
            return getattr(object.__getattribute__(self, "_p"), name)

    real_postings = compose._postings
    monkeypatch.setattr(compose, "_postings", lambda *a: [Counted(p) for p in real_postings(*a)])
    assert real is model.Posting

    def looks(count: int) -> int:
        seen["n"] = 0
        from budgetgen.catalog import load_catalog
        from budgetgen.source import load_text

        doc, issues = load_text(_many_projects(count), "x.yaml")
        assert doc is not None, issues
        compose.build_budget(doc, load_catalog(2020))
        return seen["n"]

    small, large = looks(100), looks(400)
    assert large < 6 * small, (small, large)


def _many_projects(count: int) -> str:
    head = EXAMPLE_TEXT.split("\n项目:\n")[0]
    projects = "".join(
        f"  - {{名称: 项目{i}, 金额: 100, 性质: 延续, 类别: 专项商品和服务, 经济分类: {{30201: 100}}}}\n"
        for i in range(count)
    )
    return f"{head}\n项目:\n{projects}"


# -- 8. terminal and encodings -------------------------------------------------------------------------


def test_a_value_cannot_write_terminal_codes(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    forged = "\\e[2K\\r\\e[32m校验通过：没有发现问题\\e[0m"
    src.write_text(
        EXAMPLE_TEXT.replace("  简称: 政务中心\n", f'  简称: 政务中心\n  "{forged}": 1\n', 1), encoding="utf-8"
    )
    run = run_child(["check", str(src)], tmp_path)
    assert run.returncode == 1
    assert b"\x1b" not in run.stdout and b"\r" not in run.stdout
    assert b"\\u001b[2K\\u000d" in run.stdout


@POSIX
def test_a_file_name_cannot_add_a_line_to_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    forged = folder / "x\n共 1 个部门：已生成 1，未变化 0，失败 0\n.yaml"
    forged.write_text(EXAMPLE_TEXT.replace("30101: 307056", "30101: abc", 1), encoding="utf-8")
    run = run_child(["check", str(folder)], tmp_path)
    lines = run.stdout.decode("utf-8").splitlines()
    assert run.returncode == 1
    assert not any(line.startswith("共 1 个部门：已生成") for line in lines), lines
    assert any("\\u000a共 1 个部门" in line and "E-SCHEMA-TYPE" in line for line in lines), lines


def test_a_console_that_cannot_show_a_character_gets_an_escape(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(EXAMPLE_TEXT.replace("  简称: 政务中心\n", "  简称: 政务中心\n  笑😀: 1\n", 1), encoding="utf-8")
    run = run_child(["check", str(src)], tmp_path, PYTHONIOENCODING="gbk")
    assert run.returncode == 1, run.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in run.stderr
    assert b"E-SCHEMA-UNKNOWN-KEY" in run.stdout and "笑".encode("gbk") in run.stdout


# -- 9. smaller ones -----------------------------------------------------------------------------------


def test_text_longer_than_a_cell_is_refused_at_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(EXAMPLE_TEXT.replace("  简称: 政务中心\n", f"  简称: {'长' * 32768}\n"), encoding="utf-8")
    assert check(src) == 1
    printed = capsys.readouterr().out
    assert "src.yaml:9:" in printed and "E-TEXT-TOO-LONG" in printed, printed


def test_amounts_a_spreadsheet_cannot_hold_to_the_cent_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src.yaml"
    text = (
        _many_projects(100)
        .replace("金额: 100,", "金额: 999999999999.99,")
        .replace("30201: 100}", "30201: 999999999999.99}")
    )
    src.write_text(text, encoding="utf-8")  # each amount is allowed; their total is not
    assert check(src) == 1
    printed = capsys.readouterr().out
    assert "E-AMOUNT-TOO-LARGE" in printed, printed


def _issues(tmp_path: Path, text: str) -> list[tuple[str, int]]:
    from budgetgen.pipeline import check_file

    src = tmp_path / "src.yaml"
    src.write_text(text, encoding="utf-8")
    return sorted({(i.code, i.loc.line) for i in check_file(src).issues})


def test_both_yaml_parsers_read_a_tab_alike(tmp_path: Path) -> None:
    tabbed = EXAMPLE_TEXT.replace("  简称: 政务中心", "  简称: 政务\t中心", 1)
    deep_comment = "# " + "[" * 600 + "\n"  # makes budgetgen use the pure-Python parser
    fast, slow = _issues(tmp_path, tabbed), _issues(tmp_path, tabbed + deep_comment)
    assert fast == slow and fast, (fast, slow)


@pytest.mark.parametrize(
    "extra",
    [" " * 600 + "\n", "# " + "[" * 600 + "\n", "备注: '" + "[" * 500 + "'\n"],
    ids=["spaces", "comment", "quoted"],
)
def test_blank_lines_comments_and_quoted_brackets_are_not_nesting(tmp_path: Path, extra: str) -> None:
    text = (
        EXAMPLE_TEXT.replace("部门:\n", extra + "部门:\n", 1) if extra.startswith(("#", " ")) else EXAMPLE_TEXT + extra
    )
    assert "E-YAML-DEPTH" not in {code for code, _ in _issues(tmp_path, text)}


def test_exponent_notation_is_refused_whatever_yaml_makes_of_it(tmp_path: Path) -> None:
    for value in ("1e2", "1.0e2", "1E+2", "1.5e-2", "1.0e+2"):
        found = _issues(tmp_path, EXAMPLE_TEXT.replace("30101: 307056", f"30101: {value}", 1))
        assert [c for c, _ in found if c.startswith("E-YAML") or c.startswith("E-SCHEMA")] == ["E-SCHEMA-TYPE"], (
            value,
            found,
        )


def test_same_output_name_in_separate_runs_is_a_clash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, out = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "out"
    a.write_text(EXAMPLE_TEXT, encoding="utf-8")
    b.write_text(EXAMPLE_TEXT.replace("  简称: 政务中心", "  简称: 另一个", 1), encoding="utf-8")
    assert build(a, "-o", out) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    assert build(b, "-o", out) == 1
    assert "E-OUTPUT-CLASH" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == before


def test_stale_manifest_temps_are_swept(tmp_path: Path) -> None:
    src, out = tmp_path / "src.yaml", tmp_path / "out"
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    out.mkdir()
    stale = [out / "..budgetgen-manifest.json.4242.tmp", out / ".budgetgen-manifest-4242.tmp"]
    for path in stale:
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (1, 1))
    assert build(src, "-o", out) == 0
    assert [p for p in stale if p.exists()] == []


def test_compiled_templates_are_never_loaded_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("BUDGETGEN_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    src = _county(tmp_path / "repo", "@title 本县模板\n@p {{ d.name }}\n")
    assert build(src, "-o", tmp_path / "out") == 0
    assert list(cache.rglob("*")) == []


# -- 10. a kill leaves a pair that is detected and rebuilt --------------------------------------------


class Killed(BaseException):
    """Stands in for SIGKILL between the two renames."""


def test_an_interrupted_pair_is_recorded_and_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out, ref = tmp_path / "src.yaml", tmp_path / "out", tmp_path / "ref"
    changed = EXAMPLE_TEXT.replace("30101: 307056", "30101: 307057", 1).replace(
        "经费拨款: 2602664", "经费拨款: 2602665", 1
    )
    src.write_text(changed, encoding="utf-8")
    assert build(src, "-o", ref) == 0
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    assert build(src, "-o", out) == 0
    src.write_text(changed, encoding="utf-8")
    real = os.replace
    renamed: list[str] = []

    def replace_then_die(a: object, b: object) -> None:
        real(a, b)  # type: ignore[arg-type]
        if str(b).endswith((".docx", ".xlsx")):
            renamed.append(str(b))
            raise Killed

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(Killed):
        build(src, "-o", out)
    monkeypatch.setattr(os, "replace", real)
    assert len(renamed) == 1, "killed between the two renames"
    assert build(src, "-o", out) == 0  # without --force: the half pair is noticed
    mine = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".docx", ".xlsx")}
    assert mine == {p.name: p.read_bytes() for p in ref.iterdir() if p.suffix in (".docx", ".xlsx")}
    entry = next(iter(json.loads((out / ".budgetgen-manifest.json").read_text(encoding="ascii"))["entries"].values()))
    builds = {o["build"] for o in entry["outputs"].values()}
    assert len(entry["outputs"]) == 2 and len(builds) == 1


# -- the whole bad-input corpus, built: E-INTERNAL is only for real bugs ----------------------------


def test_no_bad_input_produces_an_internal_error(tmp_path: Path) -> None:
    from budgetgen.batch import Batch

    corpus = sorted((Path(__file__).parent / "bad").glob("*.yaml"))
    assert len(corpus) >= 30
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    for n, name in enumerate(['"a\\x07b"', "政" * 250, "../../x", '"\\u202e"', ".x", "a/b"]):
        (hostile / f"name{n}.yaml").write_text(EXAMPLE_TEXT.replace(NAME, f"  全称: {name}", 1), encoding="utf-8")
    (hostile / "tab.yaml").write_text(EXAMPLE_TEXT.replace("  简称: 政务中心", "  简称: 政务\t中心"), encoding="utf-8")
    (hostile / "exp.yaml").write_text(EXAMPLE_TEXT.replace("30101: 307056", "30101: 1.0e+2"), encoding="utf-8")
    report = Batch([*corpus, *sorted(hostile.iterdir())], out_dir=tmp_path / "out").run()
    internal = [i for i in report.issues if i.code in ("E-INTERNAL", "E-CHECK-FAILED")]
    assert internal == []
    assert len(report.outcomes) == len(corpus) + 8
    assert all(o.status.value == "failed" for o in report.outcomes)
