"""budgetgen init: a commented starter that passes check once its placeholders are filled."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from budgetgen import cli
from budgetgen.pipeline import check_file
from budgetgen.resources import schemas_dir

FILL = {
    "全称": "通道县测试局",
    "简称": "测试局",
    "代码": '"901"',
    "地区": "通道侗族自治县",
    "主要职能": "负责测试工作。",
    "名称": "测试局本级",
    "单位规格": "正科",
    "功能分类": '"2010301"',
    "经费拨款": "150000",
    "30101": "120000",
    "30201": "30000",
}


def fill(text: str) -> str:
    """Replace every ``~`` placeholder the way a user would."""
    text = re.sub(r"^(\s*)- ~", r"\1- 完成年度工作任务", text, flags=re.M)
    text = re.sub(
        r"^(\s*(?:- )?)代码: ~",
        lambda m: m[1] + ("代码: " + ('"901"' if m[1].strip() == "" else '"901001"')),
        text,
        flags=re.M,
    )
    for key, value in FILL.items():
        text = re.sub(rf"^(\s*(?:- )?){key}: ~", rf"\g<1>{key}: {value}", text, flags=re.M)
    return text


def test_init_then_fill_then_check_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "2021/csj"]) == 0
    path = tmp_path / "2021" / "csj.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/department.schema.json\n")
    assert json.loads((tmp_path / "schemas" / "department.schema.json").read_text(encoding="utf-8")) == json.loads(
        (schemas_dir() / "department.schema.json").read_text(encoding="utf-8")
    )
    body = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert all("#" in line for line in body), "every field carries a comment"

    unfilled = check_file(path)
    placeholders = text.count(": ~") + text.count("- ~")
    assert len([i for i in unfilled.issues if i.is_error]) == placeholders

    path.write_text(fill(text), encoding="utf-8")
    checked = check_file(path)
    assert [i for i in checked.issues if i.is_error] == []
    assert checked.budget is not None
    assert checked.budget.department.year == 2021


def test_init_uses_county_defaults_and_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetgen.yaml").write_text("地区: 通道侗族自治县\n说明日期: 2021-03-20\n", encoding="utf-8")
    (tmp_path / "2021").mkdir()
    monkeypatch.chdir(tmp_path / "2021")
    assert cli.main(["init", "gaj"]) == 0
    text = (tmp_path / "2021" / "gaj.yaml").read_text(encoding="utf-8")
    assert "# 地区: 通道侗族自治县" in text
    assert "# 说明日期: 2021-03-20" in text
    filled = fill(text)
    (tmp_path / "2021" / "gaj.yaml").write_text(filled, encoding="utf-8")
    checked = check_file(tmp_path / "2021" / "gaj.yaml")
    assert [i for i in checked.issues if i.is_error] == []
    assert checked.budget is not None and checked.budget.department.region == "通道侗族自治县"
    assert cli.main(["init", "gaj"]) == 1
