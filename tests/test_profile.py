"""The profile is data: it loads strictly, with located errors, and the core never spells its vocabulary."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from budgetgen.profile import Kind, default_profile, load_profile, vocabulary

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "templates" / "hunan-county"
PROFILE_TEXT = (SHIPPED / "profile.yaml").read_text(encoding="utf-8")

#: Strings in generator/ that contain a profile name and are still allowed, each with its reason.
#: Keyed by (file relative to generator/, the whole string constant).
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("definitions.py", "全部资金"): "the word 全部 (all), not the view: a 口径 naming every source",
    ("checks_codes.py", "基本支出只能使用"): "基本支出 here is the source key 单位.基本支出 the rule points at",
    ("codes.py", "基本支出只能使用 301、302、303、310 类经济科目"): "rule title; docs/checks.md lists it verbatim",
    ("codes.py", "有工资福利支出却没有实有人员"): "rule title; docs/checks.md lists it verbatim",
    ("codes.py", "有公务用车运行维护费却没有车辆"): "rule title; docs/checks.md lists it verbatim",
    ("codes.py", "收支平衡：全部门收入合计等于支出合计"): "the word 全部 (all), not the view",
    ("checks_money.py", "全部门收入合计 "): "the word 全部 (all), not the view",
    ("cli.py", "全部重新生成，不管有没有变化"): "the word 全部 (all), not the view",
    ("checks_text.py", "须全部编报绩效目标"): "the word 全部 (all), not the view",
    ("checks_money.py", "”执收成本与上缴政府统筹合计 "): "source field 非税收入计划.上缴政府统筹",
}


def _source_keys() -> set[str]:
    """Property names of the department source schema that are the input format, shared by all profiles.

    Keys that make_schema takes from the profile (收入 per fund source, 三公经费 per item) are not exempt.
    """
    schema = json.loads((ROOT / "schemas" / "department.schema.json").read_text(encoding="utf-8"))
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    fmt = default_profile()
    return keys - set(fmt.sources) - {item.name for item in fmt.sangong}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of string constants that stand alone as statements: docstrings and attribute docstrings."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }


def core_hits() -> list[tuple[str, int, str, list[str]]]:
    """(file, line, string, names) for every string constant of generator/ that contains a profile name.

    Docstrings and comments may explain the Hunan format with examples; code may not name it.
    A string that is exactly a source-format key (a property of department.schema.json, also
    after a ``/`` as in ``类别/上缴政府统筹``) is the input format, not the profile.
    """
    names = vocabulary(default_profile())
    keys = _source_keys()
    hits = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        rel = path.relative_to(ROOT / "generator").as_posix()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
                continue
            text = node.value
            found = sorted(n for n in names if n in text)
            if found and text.strip("/") not in keys and (rel, text) not in EXCEPTIONS:
                hits.append((rel, node.lineno, text, found))
    return hits


def test_core_names_no_profile_vocabulary() -> None:
    assert core_hits() == []


def test_every_exception_is_still_needed() -> None:
    names = vocabulary(default_profile())
    for (rel, text), reason in EXCEPTIONS.items():
        assert reason
        assert any(n in text for n in names), (rel, text)
        source = (ROOT / "generator" / rel).read_text(encoding="utf-8")
        assert text in source, f"{rel}: exception no longer used: {text}"


def test_the_scan_finds_a_planted_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", fake)
    (fake / "planted.py").write_text('VIEW = "纳入专户管理的非税收入拨款"\n', encoding="utf-8")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert [(h[0], h[1]) for h in core_hits()] == [("planted.py", 1)]


def test_vocabulary_covers_every_section() -> None:
    names = vocabulary(default_profile())
    for expected in ("经费拨款", "公共财政拨款", "全部", "项目支出", "上缴上级", "工资福利支出", "公务接待费"):
        assert expected in names
    assert {"出国", "纳入公共预算管理", "上级补助收入", "部门预算说明", "部门预算公开表"} <= names


def test_shipped_profile_reads_as_declared() -> None:
    fmt = default_profile()
    assert fmt.views[fmt.all_view] == fmt.sources
    assert fmt.public_sources == fmt.views[fmt.public]
    assert fmt.sources[0] == fmt.default_source
    assert set(fmt.project_groups.values()) == {Kind.PROJECT, Kind.OTHER}
    assert [i.field for i in fmt.sangong] == ["abroad", "car_purchase", "car_running", "reception"]
    assert fmt.output_name("workbook", "某局", 2021) == "某局2021年部门预算公开表.xlsx"


def _load_edited(tmp_path: Path, old: str, new: str) -> list[tuple[str, int, str]]:
    assert old in PROFILE_TEXT
    folder = tmp_path / "p"
    folder.mkdir()
    text = PROFILE_TEXT.replace(old, new, 1)
    (folder / "profile.yaml").write_text(text, encoding="utf-8")
    found, issues = load_profile(folder)
    assert found is None
    return [(i.code, i.loc.line, i.path) for i in issues]


def _line(text: str) -> int:
    return PROFILE_TEXT[: PROFILE_TEXT.index(text)].count("\n") + 1


#: (text in the shipped profile.yaml, its wrong replacement, the issue's path); the issue is on the text's line.
WRONG = [
    ("title: 湖南", "titel: 湖南", "titel"),
    ("  上缴上级: other", "  上缴上级: others", "project_groups.上缴上级"),
    ("  公务接待费: {field: reception,", "  公务接待费: {field: receipt,", "sangong.公务接待费.field"),
    ("  经费拨款: [经费拨款]", "  经费拨款: [经费拨付]", "views.经费拨款[0]"),
    ("  上级财政补助: [上级公共财政补助,", "  上级财政补助: [上级公共补助,", "source_groups.上级财政补助[0]"),
    ("  public: 公共财政拨款", "  public: 经费拨款", "roles.public"),
    ("{name: 上级补助收入, of: 上级财政补助}", "{name: 上级补助收入, of: 上级补助}", "income_headings.items[3].of"),
    # an old term inside a current one would rewrite the current name too (一般公共预算补助 → 一般一般公共…)
    ("  公共财政补助: 一般公共预算补助", "  公共预算补助: 一般公共预算补助", "old_terms.公共预算补助"),
    ("  公共财政补助: 一般公共预算补助", "  一般公共预算补助: 一般公共预算补助", "old_terms.一般公共预算补助"),
    ("  公共财政补助: 一般公共预算补助", "  公共财政补助: 补", "old_terms.公共财政补助"),
]


@pytest.mark.parametrize(("old", "new", "path"), WRONG)
def test_a_wrong_profile_is_an_error_at_its_line(tmp_path: Path, old: str, new: str, path: str) -> None:
    issues = _load_edited(tmp_path, old, new)
    if path == "titel":  # the misspelt key, and the required one now missing
        assert issues[1] == ("E-PROFILE", _line(old), "")
        issues = issues[:1]
    assert issues == [("E-PROFILE", _line(old), path)]


def test_a_missing_or_broken_profile_file_is_an_issue(tmp_path: Path) -> None:
    found, issues = load_profile(tmp_path)
    assert found is None
    assert [i.code for i in issues] == ["E-PROFILE"]
    (tmp_path / "profile.yaml").write_text("title: [\n", encoding="utf-8")
    found, issues = load_profile(tmp_path)
    assert found is None
    assert [(i.code, i.loc.line > 0) for i in issues] == [("E-PROFILE", True)]
