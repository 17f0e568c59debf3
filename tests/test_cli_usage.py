"""Command-line mistakes get Chinese messages and the documented exit codes, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetgen import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"


def test_output_path_that_is_a_file_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "afile"
    target.write_bytes(b"keep")
    code = cli.main(["build", str(EXAMPLE), "-o", str(target)])
    out = capsys.readouterr().out
    assert code == cli.EXIT_PROBLEMS
    assert "E-OUTPUT-WRITE" in out and "Traceback" not in out
    assert target.read_bytes() == b"keep"


def test_a_folder_without_sources_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code = cli.main(["check", str(tmp_path / "empty")])
    assert code == cli.EXIT_PROBLEMS
    assert "E-NO-SOURCES" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "x.yaml", "-j", "abc"],
        ["build", "x.yaml", "-j", "0"],
        ["build"],
        ["frob"],
        ["check", "x.yaml", "--format", "xml"],
    ],
)
def test_usage_errors_exit_2_in_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("用法：") and "用法错误：" in err
    assert "invalid" not in err and "required" not in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "选项" in out and "显示本帮助并退出" in out and "显示版本号并退出" in out
    assert "show this help" not in out and "options:" not in out
