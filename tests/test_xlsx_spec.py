"""Table specs are strict: every key, path, code, view and row source is checked when the spec is loaded.

A wrong key is an ``E-TABLE-SPEC`` error at the spec's ``file:line`` (county
overrides included), never a silent 0.00 and never ``E-INTERNAL``. The mutation
test changes each code and key of the shipped specs, one at a time, and expects
each change to be caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_overrides import build, county

from budgetgen.catalog import load_catalog
from budgetgen.profile import shipped_profile
from budgetgen.resources import templates_dir
from budgetgen.tables.check import check_codes, same_name
from budgetgen.tables.groups import GROUPS_FILE
from budgetgen.tables.spec import SpecError, load_tables

TABLES = templates_dir() / "hunan-county" / "tables"
PROFILES = ("hunan-county", "mof")
#: Every shipped spec of both profiles (the column groups ``_groups.yaml`` are mutated on their own).
SPEC_FILES = [p for name in PROFILES for p in sorted((templates_dir() / name / "tables").glob("[!_]*.yaml"))]


def _load_one(tmp_path: Path, name: str, text: str, tables: Path = TABLES) -> None:
    """Load one spec file (written to ``tmp_path``, beside its profile's column groups) and check its codes."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    groups = tmp_path / GROUPS_FILE
    if not groups.exists():
        groups.write_text((tables / GROUPS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    profile = shipped_profile(tables.parent.name)[0]
    check_codes(load_tables([tmp_path], profile), load_catalog(2020), profile)


def _spec(body: str) -> str:
    return "id: t\nsheet: 表\ntitle: 表\nrows:\n  from: view\n  view: 全部\ncolumns:\n" + body


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("- head: a\n  vaule: figures.total\n", 9, "未知的键 “vaule”"),
        ("- head: a\n  value: figures.totl\n", 8, "Figures 没有 “totl”"),
        ("- head: a\n  value: figures.by_source[经费拨]\n", 8, "没有 “经费拨” 这一项"),
        ("- head: a\n  value: figures.by_group[专项商品和服务]\n- head: b\n  value: plan.name\n", 10, "起点 “plan”"),
        ("- head: a\n  style: amount\n  width: wide\n", 10, "应为数字"),
        ("- head: a\n  value: {total: 合计, row: unit.name}\n", 9, "未知的行类型 “row”"),
        ("- head: a\n  value: figures.total\n  optional: 1\n", 10, "键 “optional” 的值应为true 或 false"),
        ("- head: 办公费\n  value: figures.by_econ[30298]\n", 8, "不在 2020 年的科目表中"),
        ("- head: 办公费\n  value: figures.by_econ[30202]\n", 8, "表头“办公费”与经济分类科目 30202“印刷费”不符"),
        ("- head: a\n  value: figures[kidn=基本支出]\n", 8, "维度“kidn”不是已知的维度"),
        ("- head: a\n  value: figures[kind=基本支]\n", 8, "kind“基本支”不是已知的值"),
        ("- head: a\n  value: figures[source=经费拨]\n", 8, "source“经费拨”不是已知的值"),
        ("- head: a\n  value: figures[group=专项商品]\n", 8, "group“专项商品”不是已知的值"),
        ("- head: a\n  value: figures[econ=309]\n", 8, "econ“309”不是已知的经济分类类"),
        ("- head: a\n  value: figures[econ=3010]\n", 8, "应为经济分类的类（3 位）或款（5 位）代码"),
        ("- head: a\n  value: figures[kind=基本支出,kind=项目支出]\n", 8, "出现了两次"),
        ("- head: a\n  value: figures[kind]\n", 8, "应写成 维度=值"),
        ("- head: 办公费\n  value: figures[econ=30298]\n", 8, "不在 2020 年的科目表中"),
        ("- head: 办公费\n  value: figures[kind=基本支出,econ=30202]\n", 8, "与经济分类科目 30202“印刷费”不符"),
        ("- head: a\n  value: figures.cells\n", 8, "Figures 没有 “cells”"),
    ],
)
def test_a_wrong_key_is_an_error_at_its_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    with pytest.raises(SpecError) as info:
        _load_one(tmp_path, "annex_99.yaml", _spec(body))
    assert str(info.value).startswith(f"annex_99.yaml:{line}: "), info.value
    assert words in str(info.value)


def test_unknown_view_row_source_and_top_key(tmp_path: Path) -> None:
    cases = [
        (_spec("- a\n").replace("view: 全部", "view: 全不"), 6, "未知的 view"),
        (_spec("- a\n").replace("from: view", "from: viewx"), 5, "未知的行来源"),
        (_spec("- a\n").replace("title: 表", "titel: 表"), 3, "未知的键 “titel”"),
        (_spec("- a\n") + "paper: B5\n", 9, "paper 应为 A4、A3"),
    ]
    for text, line, words in cases:
        with pytest.raises(SpecError, match=f"^annex_99.yaml:{line}: .*{words}"):
            _load_one(tmp_path, "annex_99.yaml", text)


def test_a_bad_view_in_a_county_override_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: a bad ``view:`` was E-INTERNAL at line 0 of the department file."""
    text = (TABLES / "annex_09.yaml").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.strip().startswith("view:"))
    src = county(tmp_path, spec=("annex_09.yaml", re.sub(r"view: \S+", "view: 公共财政", text, count=1)))
    code, out = build(src, capsys)
    assert code == 1
    assert "E-INTERNAL" not in out and "Traceback" not in out
    assert f"本县模板/tables/annex_09.yaml:{line}:0: 错误 E-TABLE-SPEC" in out, out
    assert "未知的 view “公共财政”" in out


def test_a_wrong_code_in_a_county_override_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (TABLES / "annex_07.yaml").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "30201" in s)
    src = county(tmp_path, spec=("annex_07.yaml", text.replace("econ=30201]", "econ=30210]")))
    code, out = build(src, capsys)
    assert code == 1
    head_line = max(i for i in range(1, line) if text.splitlines()[i - 1].lstrip().startswith("- head"))
    assert f"本县模板/tables/annex_07.yaml:{head_line}:0: 错误 E-TABLE-SPEC" in out, out
    assert "30210" in out


def test_same_name_accepts_the_seeds_abbreviations_only() -> None:
    assert same_name("医疗费", "医疗费补助") and same_name("因公出国(境)费", "因公出国（境）费用")
    assert same_name("生产补贴", "个人农业生产补贴")
    assert not same_name("维修(护)费", "公务用车运行维护费") and not same_name("办公费", "印刷费")


_KEY = re.compile(r"\[([^\[\]]+)\]")
_DIM = re.compile(r"([^,=]+)=([^,]+)")
_ATTR = re.compile(r"(?<=[a-z\]])\.([a-z_]+)")
_SCALAR = re.compile(r"^(\s*(?:-\s+)?(?:from|view|style|expand|paper|orientation):\s+)(\S+)\s*$")
#: A column group's coordinate (``at: source=经费拨款``) or a use's fixed coordinate (``with: kind=基本支出``).
_COORD = re.compile(r"^(\s*(?:-\s+)?(?:at|with):\s+)(\S+)\s*$")
#: A top-level key (a group's name in ``_groups.yaml``; ``columns:``, ``rows:`` … in a spec).
_TOP = re.compile(r"^([^\s#\-][^:]*):\s*$")
#: A repeated group's keys (``each:``, ``columns:`` indented under the group's name).
_EACH = re.compile(r"^(\s+)(each|columns):\s*$")
#: An entry of a repeated group's ``each``: its key and, when it is a field name, its value.
_ENTRY = re.compile(r"^\s*(?:-\s+)?([^\s:#]+):\s+(?:([a-z_]+)\s*$)?")
#: A placeholder of a repeated group's template (``figures.sangong.<item>``).
_PLACE = re.compile(r"<([^<>\s]+)>")


def _mutate(key: str) -> str:
    """A realistic slip: two digits of a code swapped (30212 → 30221), else the last character dropped."""
    if key.isdigit() and len(key) > 2 and key[-1] != key[-2]:
        return key[:-2] + key[-1] + key[-2]
    if key.isdigit():
        return key[:-1] + str((int(key[-1]) + 1) % 10)
    return key[:-1] if len(key) > 1 else key + "x"


def mutations(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, description, mutated text) for each code, key and field name of a spec, one at a time."""
    lines = text.splitlines(keepends=True)
    each_indent: int | None = None  # inside a repeated group's ``each`` list: the indent of ``each:``
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if each_indent is not None and (not line.strip() or (indent <= each_indent and line.lstrip()[:1] != "-")):
            each_indent = None
        spots_each: list[tuple[int, int]] = []
        if each_indent is not None and (m := _ENTRY.match(line)):
            spots_each += [(m.start(g), m.end(g)) for g in (1, 2) if m[g]]
        if m := _EACH.match(line):
            spots_each.append((m.start(2), m.end(2)))
            each_indent = len(m[1]) if m[2] == "each" else None
        spots_each += [(m.start(1), m.end(1)) for m in _PLACE.finditer(line)]
        keys = [m for m in _KEY.finditer(line) if not re.fullmatch(r"\d|.*[{}].*", m[1])]
        spots = [(m.start(1), m.end(1)) for m in keys if "=" not in m[1]]
        # a ledger coordinate (kind=基本支出,econ=301): each dimension's name and each value, one at a time
        spots += [
            (m.start(1) + p.start(g), m.start(1) + p.end(g)) for m in keys for p in _DIM.finditer(m[1]) for g in (1, 2)
        ]
        spots += [(m.start(1), m.end(1)) for m in _ATTR.finditer(line)]
        if m := _SCALAR.match(line):
            spots.append((m.start(2), m.end(2)))
        if m := _COORD.match(line):
            spots += [(m.start(2) + p.start(g), m.start(2) + p.end(g)) for p in _DIM.finditer(m[2]) for g in (1, 2)]
        if m := _TOP.match(line):
            spots.append((m.start(1), m.end(1)))
        spots += spots_each
        for a, b in spots:
            new = line[:a] + _mutate(line[a:b]) + line[b:]
            yield i + 1, f"{line[a:b]} → {_mutate(line[a:b])}", "".join([*lines[:i], new, *lines[i + 1 :]])


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_every_code_and_key_mutation_is_caught(tmp_path: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _load_one(tmp_path, path.name, text, path.parent)  # the shipped spec itself loads
    survivors, count = [], 0
    for line, what, mutated in mutations(text):
        count += 1
        try:
            _load_one(tmp_path, path.name, mutated, path.parent)
        except SpecError as exc:
            assert str(exc).startswith(f"{path.name}:"), exc
            continue
        survivors.append(f"{path.name}:{line}: {what}")
    assert count > 0
    assert not survivors, "\n".join(survivors)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_group_mutation_is_caught(tmp_path: Path, profile: str) -> None:
    """The column groups too: each code, key, coordinate and group name of ``_groups.yaml``, one at a time.

    A slip is caught where it is made (the group file's line) or, for a code whose header no longer
    names it, at the ``expand`` of each table that shows the group; never read as a silent 0.00.
    """
    tables = templates_dir() / profile / "tables"
    for path in tables.glob("[!_]*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (tables / GROUPS_FILE).read_text(encoding="utf-8")
    _load_one(tmp_path, GROUPS_FILE, text, tables)
    survivors, count = [], 0
    for line, what, mutated in mutations(text):
        count += 1
        try:
            _load_one(tmp_path, GROUPS_FILE, mutated, tables)
        except SpecError as exc:
            assert re.match(r"^(_groups|annex_\d\d|mof_\d\d)\.yaml:\d+: ", str(exc)), exc
            continue
        survivors.append(f"{GROUPS_FILE}:{line}: {what}")
    assert count > 30
    assert not survivors, "\n".join(survivors)
