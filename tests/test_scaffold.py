"""budgetgen init: a commented starter that passes check once its placeholders are filled."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from budgetgen import cli
from budgetgen.pipeline import check_file
from budgetgen.resources import schemas_dir
from budgetgen.scaffold import live_view
from budgetgen.source import SourceDoc, load_text, walk

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


def _schema_node(path: tuple[str | int, ...]) -> dict[str, Any]:
    node: dict[str, Any] = json.loads((schemas_dir() / "department.schema.json").read_text(encoding="utf-8"))
    for part in path:
        node = node["items"] if isinstance(part, int) else node["properties"][part]
    return node


def _marks(text: str) -> tuple[SourceDoc, dict[tuple[str | int, ...], str]]:
    """The scaffold (commented example items included) and each key's mark: 必填, 可选 or ''."""
    doc, _ = load_text("\n".join(live_view(text.split("\n"))), "scaffold")
    assert doc is not None
    lines = text.split("\n")
    marks = {}
    for path, loc in doc.key_locs.items():
        comment = lines[loc.line - 1].split("# ")[-1] if " # " in lines[loc.line - 1] else ""
        marks[path] = comment[:2] if comment[:2] in {"必填", "可选"} else ""
    return doc, marks


def test_required_marks_are_the_schemas_required_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "2021/csj"]) == 0
    text = (tmp_path / "2021" / "csj.yaml").read_text(encoding="utf-8")
    doc, marks = _marks(text)
    required = {path for path in marks if path[-1] in _schema_node(path[:-1]).get("required", [])}
    assert {path for path, mark in marks.items() if mark == "必填"} == required
    written_by_hand = [line for line in text.split("\n") if re.search(r"(?<!# )(必填|可选)：", line)]
    assert written_by_hand == [], "marks come from the schema, never from the template's own words"
    # every object the scaffold shows lists all of its required keys
    for path, value in walk(doc.data):
        if isinstance(value, dict):
            assert set(_schema_node(path).get("required", [])) <= set(value), path
    # a ~ placeholder in an optional key is marked 可选: fill it in or delete the line
    optional = {p for p, m in marks.items() if m == "可选"}
    assert ("部门", "简称") in optional and ("单位", 0, "单位规格") in optional
    assert all(p not in required for p in optional)
    assert ("项目", 0, "绩效目标", "管理办法") in required  # the commented example is marked too


def test_deleting_every_optional_placeholder_still_passes_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "2021/csj"]) == 0
    path = tmp_path / "2021" / "csj.yaml"
    text = path.read_text(encoding="utf-8")
    # the optional fields of 部门 and 单位 (简称, 代码, 地区, 单位规格); amounts below them are filled in
    optional = re.compile(r"^ {2,4}(?:- )?\S+: ~\s+# 可选：")
    kept = [line for line in text.split("\n") if not optional.match(line)]
    assert len(kept) == len(text.split("\n")) - 4
    path.write_text(fill("\n".join(kept)), encoding="utf-8")
    checked = check_file(path)
    assert [i.code for i in checked.issues if i.is_error] == []
    assert checked.budget is not None and checked.budget.department.short_name == "通道县测试局"


def test_init_says_when_it_creates_the_schema_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "2021/a"]) == 0
    assert "已把校验规则复制到文件夹 schemas" in capsys.readouterr().out
    assert cli.main(["init", "2021/b"]) == 0  # the copy is current: nothing to say
    assert "校验规则" not in capsys.readouterr().out
    (tmp_path / "schemas" / "department.schema.json").write_text("{}", encoding="utf-8")
    assert cli.main(["init", "2021/c"]) == 0  # a stale copy is refreshed, and that is said
    assert "已把校验规则复制到文件夹 schemas" in capsys.readouterr().out
