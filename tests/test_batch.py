"""Batch builds: folders, incremental rebuilds, broken departments, name clashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from _county import EXAMPLE_NAME, department, make_county, outputs, run_cli, run_python

from budgetgen import cli
from budgetgen.manifest import MANIFEST_NAME


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["build", *args])
    return code, capsys.readouterr().out


def stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.suffix in {".docx", ".xlsx"}}


def test_folder_build_then_noop_then_one_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srcs = make_county(tmp_path, 3)
    out = tmp_path / "out"
    code, text = build(capsys, str(tmp_path / "2020"), "-o", str(out), "-j", "1")
    assert code == 0, text
    assert len(outputs(out)) == 6
    assert "已生成 3，未变化 0，失败 0" in text
    before = stamps(out)

    code, text = build(capsys, str(tmp_path / "2020"), "-o", str(out), "-j", "1")
    assert code == 0
    assert "已生成 0，未变化 3，失败 0" in text
    assert stamps(out) == before

    srcs[1].write_text(srcs[1].read_text(encoding="utf-8").replace("320000", "320000.00"), encoding="utf-8")
    code, text = build(capsys, str(tmp_path / "2020"), "-o", str(out), "-j", "1")
    assert "已生成 1，未变化 2，失败 0" in text
    changed = {n for n, t in stamps(out).items() if before[n] != t}
    assert changed == {n for n in before if "第2分中心" in n}


def test_force_deleted_output_and_config_change_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_county(tmp_path, 2)
    out = tmp_path / "out"
    assert build(capsys, str(tmp_path), "-o", str(out))[0] == 0
    assert "已生成 2，未变化 0" in build(capsys, str(tmp_path), "-o", str(out), "--force")[1]
    next(out.glob("*第1分中心*.docx")).unlink()
    assert "已生成 1，未变化 1" in build(capsys, str(tmp_path), "-o", str(out))[1]
    (tmp_path / "budgetgen.yaml").write_text("空表说明: 无\n", encoding="utf-8")
    assert "已生成 2，未变化 0" in build(capsys, str(tmp_path), "-o", str(out))[1]
    assert "已生成 0，未变化 2" in build(capsys, str(tmp_path), "-o", str(out))[1]


def test_prior_file_change_rebuilds_the_department_that_links_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (old,) = make_county(tmp_path, 1, "2019")
    (new,) = make_county(tmp_path, 1, "2020")
    text = new.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n上年:")
    reasons = text[text.index("\n变动原因:") :]
    new.write_text(f"{head}\n上年:\n  文件: ../2019/{old.name}\n{reasons}", encoding="utf-8")
    out = tmp_path / "out"
    assert build(capsys, str(new), "-o", str(out))[0] == 0
    assert "没有变化" in build(capsys, str(new), "-o", str(out))[1]
    old.write_text(old.read_text(encoding="utf-8").replace("经费拨款: 2602664", "经费拨款: 2602664.00"), "utf-8")
    assert "没有变化" not in build(capsys, str(new), "-o", str(out))[1]


def test_broken_department_is_named_and_others_are_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srcs = make_county(tmp_path, 3)
    srcs[1].write_text(srcs[1].read_text(encoding="utf-8").replace("30101: 307056", "30101: 307056.001"), "utf-8")
    out = tmp_path / "out"
    code, text = build(capsys, str(tmp_path / "2020"), "-o", str(out), "-j", "1")
    assert code == 1
    assert len(outputs(out)) == 4
    assert "已生成 2，未变化 0，失败 1" in text
    failed_line = next(line for line in text.splitlines() if line.startswith("  失败："))
    assert "dep002.yaml" in failed_line
    assert "dep002.yaml:" in failed_line.split("  ", 2)[2]  # the first error, with file:line
    assert "Traceback" not in text


def test_two_sources_with_the_same_name_clash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = make_county(tmp_path, 2)
    b.write_text(a.read_text(encoding="utf-8"), encoding="utf-8")
    code, text = build(capsys, str(tmp_path / "2020"), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "E-OUTPUT-CLASH" in text
    assert "dep002.yaml" in text


def test_renamed_department_removes_its_old_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (src,) = make_county(tmp_path, 1)
    out = tmp_path / "out"
    build(capsys, str(src), "-o", str(out))
    src.write_text(src.read_text(encoding="utf-8").replace("第1分中心", "新名称"), encoding="utf-8")
    build(capsys, str(src), "-o", str(out))
    assert sorted(outputs(out)) == [f"{EXAMPLE_NAME}新名称2020年部门预算{k}" for k in ("公开表.xlsx", "说明.docx")]


def test_discovery_skips_non_sources_hidden_folders_and_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_county(tmp_path, 1)
    (tmp_path / "2020" / "tables.yaml").write_text("sheet: 表一\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text(department(9), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "copy.yaml").write_text(department(8), encoding="utf-8")
    code, text = build(capsys, str(tmp_path), "-o", str(out))
    assert code == 0, text
    assert "共 1 个部门" in text
    assert (out / MANIFEST_NAME).is_file()


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_county(tmp_path, 1)
    code, text = build(capsys, str(tmp_path / "2020"), str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert code == 2
    assert "nope" in text
    assert "已生成 1" in text


def test_check_folder_reports_every_department(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srcs = make_county(tmp_path, 3)
    srcs[2].write_text(srcs[2].read_text(encoding="utf-8").replace("性质: 延续", "性质: 持续", 1), "utf-8")
    code = cli.main(["check", str(tmp_path), "-j", "1"])
    text = capsys.readouterr().out
    assert code == 1
    assert "共 3 个部门：通过 2，失败 1" in text
    assert "dep003.yaml" in text
    assert not (tmp_path / "输出").exists()


def test_parallel_build_in_worker_processes(tmp_path: Path) -> None:
    make_county(tmp_path, 3)
    proc = run_cli(["build", "2020", "-o", "out", "-j", "2"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(outputs(tmp_path / "out")) == 6
    assert "[3/3]" in proc.stdout
    assert proc.stderr == ""


def test_noop_rebuild_imports_no_renderer(tmp_path: Path) -> None:
    make_county(tmp_path, 2)
    assert run_cli(["build", "2020", "-o", "out"], cwd=tmp_path).returncode == 0
    probe = (
        "import sys; from budgetgen import cli; code = cli.main(['build', '2020', '-o', 'out']);"
        "heavy = sorted(m for m in ('yaml', 'jinja2', 'docx', 'openpyxl', 'jsonschema', 'budgetgen.pipeline')"
        " if m in sys.modules); print('HEAVY', heavy); sys.exit(code)"
    )
    proc = run_python(probe, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stdout
