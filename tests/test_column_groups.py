"""Column groups (``tables/_groups.yaml``) and ``expand``: generated exactly as the copy was, strict at file:line.

The shipped specs' generated columns are compared with the copies they replaced by
the goldens and layout tests (tests/golden, tests/test_xlsx_layout.py); here a small
group is expanded with every option and compared, node for node, with the spec a
person would have copied. Every mistake in a group or a use is ``E-TABLE-SPEC`` at
the line of the group file or of the spec, county overrides included.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_overrides import build, county

from budgetgen.ledger import realize
from budgetgen.model import Posting
from budgetgen.money import ZERO, total
from budgetgen.profile import Kind, Profile, default_profile, shipped_profile
from budgetgen.resources import templates_dir
from budgetgen.rowfigures import figures_at
from budgetgen.tables import coord
from budgetgen.tables.groups import GROUPS_FILE
from budgetgen.tables.spec import Column, SpecError, TableSpec, load_tables

HEAD = "id: t\nsheet: 表\ntitle: 表\nrows:\n  from: {rows}\ncolumns:\n"
GROUPS = """\
来源:
- head: 总计
  at: source=合计
- head: 一般公共预算拨款
  children:
  - head: 小计
    at: source=公共财政拨款
  - head: 经费拨款
    at: source=经费拨款
- head: 上级财政补助
  children:
  - head: 小计
    at: source=上级财政补助
  - head: 一般公共预算补助
    at: source=上级公共财政补助
嵌套:
- head: 单位代码
  value: unit.code
  style: code
- expand: 来源
  omit: [上级财政补助]
"""


def _load(tmp_path: Path, body: str, groups: str = GROUPS, rows: str = "view\n  view: 全部") -> TableSpec:
    (tmp_path / GROUPS_FILE).write_text(groups, encoding="utf-8")
    (tmp_path / "annex_99.yaml").write_text(HEAD.format(rows=rows) + body, encoding="utf-8")
    (spec,) = load_tables([tmp_path])
    return spec


def _unlined(cols: tuple[Column, ...]) -> tuple[Column, ...]:
    return tuple(dataclasses.replace(c, line=0, children=_unlined(c.children)) for c in cols)


COPY = """\
- head: 单位代码
  value: unit.code
  style: code
- head: 总计
  value: figures[kind=基本支出,source=合计]
- head: 一般公共预算拨款
  children:
  - head: 一般公共预算拨款小计
    value: figures[kind=基本支出,source=公共财政拨款]
  - head: 经费拨款
    value: figures[kind=基本支出,source=经费拨款]
"""


def test_an_expand_is_exactly_the_copy(tmp_path: Path) -> None:
    """with + rename + omit, on a group that expands another group: the spec a person would have copied."""
    copied = _load(tmp_path, COPY)
    generated = _load(tmp_path, "- expand: 嵌套\n  with: kind=基本支出\n  rename:\n    小计: 一般公共预算拨款小计\n")
    assert _unlined(generated.columns) == _unlined(copied.columns)
    assert {c.line for c in generated.leaves} == {8}  # every generated column sits at its expand


def test_read_a_keyed_mapping_and_nest_in_children(tmp_path: Path) -> None:
    spec = _load(
        tmp_path,
        "- head: 资金来源\n  children:\n  - expand: 来源\n    read: amounts\n    omit: [上级财政补助/小计]\n",
        rows="procurements",
    )
    copied = _load(
        tmp_path,
        "- head: 资金来源\n  children:\n  - head: 总计\n    value: amounts[合计]\n"
        "  - head: 一般公共预算拨款\n    children:\n    - head: 小计\n      value: amounts[公共财政拨款]\n"
        "    - head: 经费拨款\n      value: amounts[经费拨款]\n"
        "  - head: 上级财政补助\n    children:\n    - head: 一般公共预算补助\n      value: amounts[上级公共财政补助]\n",
        rows="procurements",
    )
    assert _unlined(spec.columns) == _unlined(copied.columns)


#: A repeated group: ``columns`` generated once per entry of ``each``, ``<key>`` replaced by the entry's text.
EACH = """\
甲:
  each:
  - {head: 总计, at: source=合计}
  - {head: 一般公共预算拨款, at: source=公共财政拨款}
  columns:
  - head: <head>
    children:
    - head: <head>（基本）
      at: <at>
    - head: 项目
      value: figures[kind=项目支出,<at>]
"""

USE = "- expand: 甲\n"


def test_a_repeated_group_is_exactly_the_copy(tmp_path: Path) -> None:
    """Each entry's copy in order, placeholders in heads, ``at`` and value paths; ``with`` still applies."""
    copied = _load(
        tmp_path,
        "".join(
            f"- head: {h}\n  children:\n  - head: {h}（基本）\n    value: figures[kind=基本支出,source={s}]\n"
            f"  - head: 项目\n    value: figures[kind=项目支出,source={s}]\n"
            for h, s in (("总计", "合计"), ("一般公共预算拨款", "公共财政拨款"))
        ),
    )
    generated = _load(tmp_path, "- expand: 甲\n  with: kind=基本支出\n", EACH)
    assert _unlined(generated.columns) == _unlined(copied.columns)
    assert len(generated.leaves) == 4


@pytest.mark.parametrize(
    ("body", "groups", "where", "words"),
    [
        ("- expand: 来原\n", GROUPS, "annex_99.yaml:8", "未知的列组“来原”（可用：来源、嵌套）"),
        ("- expand: 来源\n  whith: kind=基本支出\n", GROUPS, "annex_99.yaml:9", "未知的键 “whith”"),
        ("- expand: 来源\n  with: source=经费拨款\n", GROUPS, "annex_99.yaml:9", "都指定了 source"),
        ("- expand: 来源\n  with: kind\n", GROUPS, "annex_99.yaml:9", "应写成 维度=值"),
        ("- expand: 来源\n  with: kind=基本支\n", GROUPS, "annex_99.yaml:8", "kind“基本支”不是已知的值"),
        ("- expand: 来源\n  omit: [小计]\n", GROUPS, "annex_99.yaml:9", "有 2 个这样的表头"),
        ("- expand: 来源\n  omit: [小结]\n", GROUPS, "annex_99.yaml:9", "列组“来源”没有这一表头"),
        ("- expand: 来源\n  omit: [小计, 经费拨款]\n", GROUPS, "annex_99.yaml:9", "有 2 个这样的表头"),
        ("- expand: 来源\n  omit: [一般公共预算拨款/小计, 经费拨款]\n", GROUPS, "annex_99.yaml:9", "没有下级表头了"),
        ("- expand: 来源\n  rename: {总记: 合计}\n", GROUPS, "annex_99.yaml:9", "没有这一表头"),
        ("- expand: 来源\n  rename: {一般公共预算拨款/小计: x}\n", GROUPS, "annex_99.yaml:9", "没有这一表头"),
        ("- expand: 来源\n  rename: {总计: []}\n", GROUPS, "annex_99.yaml:9", "应改为一段文字"),
        ("- expand: 来源\n  read: amounts\n  with: kind=基本支出\n", GROUPS, "annex_99.yaml:9", "应只有一个维度"),
        ("- expand: 来源\n  read: figures.totl\n", GROUPS, "annex_99.yaml:8", "Figures 没有 “totl”"),
        ("- expand: 甲\n", "甲:\n- head: a\n  expand: 乙\n乙:\n- expand: 甲\n", "_groups.yaml:2", "未知的键 “head”"),
        ("- expand: 甲\n", "甲:\n- expand: 乙\n乙:\n- expand: 甲\n", "_groups.yaml:4", "列组循环展开：甲→乙→甲"),
        ("- expand: 甲\n", "甲:\n- expand: 甲\n", "_groups.yaml:2", "列组循环展开：甲→甲"),
        ("- expand: 甲\n", "甲:\n- expand: 丙\n", "_groups.yaml:2", "未知的列组“丙”"),
        ("- expand: 甲\n", "甲:\n- expand: 来源\n  read: amounts\n来源: [总计]\n", "_groups.yaml:3", "不能写 read"),
        ("- expand: 甲\n", "甲:\n- head: a\n  at: source=合计\n  value: figures.total\n", "_groups.yaml:4", "value"),
        ("- expand: 甲\n", "甲:\n- head: a\n  at: sorce=合计\n", "_groups.yaml:3", "维度“sorce”不是已知的维度"),
        ("- expand: 甲\n", "甲:\n- head: a\n  at: source=合\n", "_groups.yaml:3", "source“合”不是已知的值"),
        ("- expand: 甲\n", "甲:\n- head: a\n  at: source=合计\n  style: fancy\n", "_groups.yaml:4", "未知的样式"),
        ("- expand: 甲\n", "甲:\n- head: a\n  vaule: figures.total\n", "_groups.yaml:3", "未知的键 “vaule”"),
        ("- expand: 甲\n", "甲: []\n", "_groups.yaml:1", "应为非空的表头列表"),
        ("- expand: 甲\n", "- 甲\n", "_groups.yaml:1", "列组文件应为映射"),
        ("- head: a\n  at: source=合计\n", GROUPS, "annex_99.yaml:9", "未知的键 “at”"),
        (USE, EACH.replace("  columns:", "  colums:"), "_groups.yaml:5", "未知的键 “colums”"),
        ("- expand: 甲\n", "甲:\n  each: [{k: a}]\n", "_groups.yaml:2", "要写 columns"),
        (
            USE,
            EACH.replace("  - {head: 一般公共预算拨款, at: source=公共财政拨款}\n", "").replace(
                "  each:\n  - {head: 总计, at: source=合计}\n", "  each: []\n"
            ),
            "_groups.yaml:2",
            "each 应为非空的列表",
        ),
        (USE, EACH.replace("{head: 总计, at: source=合计}", "{head: 总计}"), "_groups.yaml:3", "缺少“at”"),
        (USE, EACH.replace("at: source=合计}", "at: source=合计, x: y}"), "_groups.yaml:4", "缺少“x”"),
        (USE, EACH.replace("at: <at>", "at: <av>"), "_groups.yaml:9", "<av> 不是 each 中的键（可用：head、at"),
        (USE, EACH.replace("<at>", "source=合计"), "_groups.yaml:2", "“at”在 columns 中没有用到"),
        (USE, EACH.replace("{head: 总计, at: source=合计}", "总计"), "_groups.yaml:3", "应为 {键: 文字} 映射"),
        (USE, EACH.replace("{head: 总计,", "{head: [],"), "_groups.yaml:3", "应为一段文字"),
        (
            USE,
            EACH.replace("  columns:\n", "  columns: []\n").split("  -" + " head: <head>")[0],
            "_groups.yaml:5",
            "columns 应为非空的表头列表",
        ),
        (USE, EACH.replace("source=合计}", "source=合}"), "_groups.yaml:9", "source“合”不是已知的值"),
    ],
)
def test_a_mistake_is_an_error_at_its_line(tmp_path: Path, body: str, groups: str, where: str, words: str) -> None:
    with pytest.raises(SpecError) as info:
        _load(tmp_path, body, groups)
    assert str(info.value).startswith(f"{where}: "), info.value
    assert words in str(info.value), info.value


def test_a_group_a_county_overrides_is_used_and_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A county's ``_groups.yaml`` replaces the profile's group of the same name, in every table that shows it."""
    shipped = (templates_dir() / "hunan-county" / "tables" / GROUPS_FILE).read_text(encoding="utf-8")
    mine = shipped.replace(
        "  - head: 经费拨款\n    at: source=经费拨款\n", "  - head: 经费拨款\n    at: source=经费拨\n"
    )
    assert mine != shipped
    src = county(tmp_path, spec=(GROUPS_FILE, mine))
    code, out = build(src, capsys)
    line = mine.splitlines().index("    at: source=经费拨") + 1
    assert code == 1
    assert f"本县模板/tables/{GROUPS_FILE}:{line}:0: 错误 E-TABLE-SPEC" in out, out
    assert "source“经费拨”不是已知的值" in out and "Traceback" not in out
    dirs = [tmp_path / "本县模板" / "tables", templates_dir() / "hunan-county" / "tables"]
    start = shipped.index("资金来源:")
    mine = shipped[start : shipped.index("\n\n", start)].replace("- head: 上年结转\n", "- head: 上年结转资金\n")
    (dirs[0] / GROUPS_FILE).write_text(mine + "\n", encoding="utf-8")
    specs = {s.id: s for s in load_tables(dirs)}
    for table in ("annex_02", "annex_04", "annex_13", "annex_15"):
        assert specs[table].leaves[-1].head.parts == ("上年结转资金",)
    assert len(specs["annex_05"].leaves) > 20  # the groups the county does not redeclare are the profile's


def test_a_use_in_a_county_spec_override_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (templates_dir() / "hunan-county" / "tables" / "annex_04.yaml").read_text(encoding="utf-8")
    src = county(tmp_path, spec=("annex_04.yaml", text.replace("- expand: 资金来源\n", "- expand: 资金\n")))
    code, out = build(src, capsys)
    line = text.splitlines().index("- expand: 资金来源") + 1
    assert code == 1
    assert f"本县模板/tables/annex_04.yaml:{line}:0: 错误 E-TABLE-SPEC" in out, out
    assert "未知的列组“资金”" in out


def test_groups_file_is_not_a_table() -> None:
    for name in ("hunan-county", "mof"):
        p = shipped_profile(name)[0]
        specs = load_tables([templates_dir() / name / "tables"], p)
        assert all(s.file != GROUPS_FILE for s in specs)


# --- econ_group: the profile's groups of economic 类 as a ledger coordinate -----------------------


def _mof() -> Profile:
    p = shipped_profile("mof")[0]
    assert p is not None and p.econ_groups
    return p


@st.composite
def _postings(draw: st.DrawFn) -> list[Posting]:
    out = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(list(Kind)))
        econ = draw(st.sampled_from(["30101", "30201", "30302", "31002", "30901"]))
        group = econ[:3] if kind is Kind.BASIC else "专项商品和服务"
        source = draw(st.sampled_from(["经费拨款", "事业收入", "政府性基金拨款"]))
        cents = draw(st.integers(0, 10**10))
        out.append(Posting("001", "2010301", econ, source, kind, group, Decimal(cents) / 100))
    return out


@settings(max_examples=60, deadline=None)
@given(_postings())
def test_econ_group_reads_what_its_classes_hold(postings: list[Posting]) -> None:
    p = _mof()
    f = figures_at(realize(postings, p.source_groups).split(), p)
    public = set(p.source_groups["一般公共预算拨款"])
    for group, classes in p.econ_groups.items():
        assert coord.read(f, f"kind=基本支出,econ_group={group}", p) == f.by_econ_group[group]

        def brute(keep: set[str] | None, kind: Kind | None, cls: tuple[str, ...] = classes) -> Decimal:
            return total(
                x.amount
                for x in postings
                if (x.econ or "")[:3] in cls and (kind is None or x.kind is kind) and (keep is None or x.source in keep)
            )

        assert coord.read(f, f"econ_group={group}", p) == brute(None, None)
        assert coord.read(f, f"kind=项目支出,econ_group={group}", p) == brute(None, Kind.PROJECT)
        assert coord.read(f, f"source=一般公共预算拨款,kind=基本支出,econ_group={group}", p) == brute(
            public, Kind.BASIC
        )
        assert coord.read(f, f"kind=基本支出,econ=301,econ_group={group}", p) == (
            brute(None, Kind.BASIC, ("301",)) if "301" in classes else ZERO
        )


def test_econ_group_is_checked_against_the_profile(tmp_path: Path) -> None:
    mof = _mof()
    (tmp_path / "annex_99.yaml").write_text(
        HEAD.format(rows="view\n  view: 全部") + "- head: a\n  value: figures[econ_group=人员]\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as info:
        load_tables([tmp_path], mof)
    assert str(info.value).startswith("annex_99.yaml:8: ")
    assert "econ_group“人员”不是已知的值（可用：人员经费、公用经费）" in str(info.value)
    (tmp_path / "annex_99.yaml").write_text(
        HEAD.format(rows="view\n  view: 全部") + "- head: a\n  value: figures[econ_group=人员经费]\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as info:
        load_tables([tmp_path], default_profile())
    assert "econ_group“人员经费”不是已知的值（可用：无：本方案的 profile.yaml 没有声明）" in str(info.value)
