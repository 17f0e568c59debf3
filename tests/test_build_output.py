"""Where build writes: ``./输出/`` by default (never pip's ``build/``), and the last line says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from _county import EXAMPLE, make_county

from budgetgen import cli

NAMES = {"通道县政务服务中心2020年部门预算说明.docx", "通道县政务服务中心2020年部门预算公开表.xlsx"}


def last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.rstrip("\n").splitlines()[-1]


def test_default_output_folder_and_last_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", str(EXAMPLE)]) == 0
    assert {p.name for p in (tmp_path / "输出").iterdir() if not p.name.startswith(".")} == NAMES
    assert not (tmp_path / "build").exists()
    assert last_line(capsys) == "生成的文件在：输出"
    assert cli.main(["build", str(EXAMPLE)]) == 0  # unchanged: the files are still there
    assert last_line(capsys) == "生成的文件在：输出"


@pytest.mark.parametrize("typed", ["成果/2020", "ABSOLUTE"])
def test_last_line_names_the_folder_as_typed(
    typed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    make_county(tmp_path, 2)
    out = str(tmp_path / "abs") if typed == "ABSOLUTE" else typed
    assert cli.main(["build", "2020", "-o", out, "-j", "1"]) == 0
    assert last_line(capsys) == f"生成的文件在：{out}"
    assert len(list(Path(out).glob("*.docx"))) == 2


def test_no_folder_line_when_nothing_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("性质: 延续", "性质: 持续", 1), encoding="utf-8")
    assert cli.main(["build", str(bad)]) == 1
    assert last_line(capsys).endswith("未生成任何文件")
    assert not (tmp_path / "输出").exists()
