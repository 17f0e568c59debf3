"""The national format (``templates/mof``): golden outputs, sums at every level, one figure one print.

The example ``examples/jiangbin-wjj-2020.yaml`` is built with ``--profile mof``.
万元 figures are each rounded from their own 元 value (``money.to_wan``), so the
same figure prints identically wherever it appears; parts may differ from the
rounded total by a few 分 (the 尾差 policy, see README).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from conftest import EXAMPLE, EXAMPLES
from docx_dump import dump_docx
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsx_dump import Table, dump_workbook, load, read_table

from budgetgen import pipeline
from budgetgen.cli import main
from budgetgen.config import Settings
from budgetgen.ledger import realize
from budgetgen.model import Budget, Figures, FuncRow, Posting
from budgetgen.money import to_wan, total
from budgetgen.profile import Kind, shipped_profile
from budgetgen.rowfigures import figures_at
from budgetgen.tree import func_tree

MOF_EXAMPLE = EXAMPLES / "jiangbin" / "jiangbin-wjj-2020.yaml"
ROOT_TABLES = EXAMPLES.parent / "templates" / "mof" / "tables"
MOF = Settings(profile="mof")


@cache
def _built(path: Path = MOF_EXAMPLE) -> tuple[Budget, dict[str, bytes]]:
    checked, outputs = pipeline.build_outputs(path, MOF)
    assert outputs is not None, [str(i) for i in checked.issues]
    assert checked.budget is not None and not checked.issues, [str(i) for i in checked.issues]
    return checked.budget, outputs


def _output(suffix: str) -> bytes:
    return next(v for k, v in _built()[1].items() if k.endswith(suffix))


@cache
def _tables() -> dict[str, Table]:
    return {ws.title: read_table(ws) for ws in load(_output(".xlsx")).worksheets}


@cache
def _narrative() -> str:
    return dump_docx(_output(".docx"))


def _wan(value: Decimal) -> Decimal:
    return to_wan(value)


def _profile() -> object:
    found, issues = shipped_profile("mof")
    assert found is not None, issues
    return found


# --- golden outputs and reproducibility -----------------------------------------------------------


def test_golden_narrative(golden) -> None:  # type: ignore[no-untyped-def]
    golden("jiangbin-wjj-2020-mof/narrative.txt", _narrative())


def test_golden_workbook(golden) -> None:  # type: ignore[no-untyped-def]
    golden("jiangbin-wjj-2020-mof/workbook.txt", dump_workbook(_output(".xlsx")))


def test_same_input_same_bytes() -> None:
    _, again = pipeline.build_outputs(MOF_EXAMPLE, MOF)
    assert again == _built()[1]


def test_every_table_of_the_national_set_is_there() -> None:
    names = list(_tables())
    assert names == [
        "部门收支总表",
        "部门收入总表",
        "部门支出总表",
        "财政拨款收支总表",
        "一般公共预算支出表",
        "一般公共预算基本支出表",
        "三公经费支出表",
        "政府性基金预算支出表",
        "国有资本经营预算支出表",
        "项目支出表",
        "政府采购预算表",
        "项目支出绩效目标表",
        "部门整体支出绩效目标表",
        "机关运行经费表",
    ]


def test_empty_funds_tables_are_published_with_the_note() -> None:
    wb = load(_output(".xlsx"))
    for name in ("政府性基金预算支出表", "国有资本经营预算支出表"):
        texts = [c.value for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
        assert _built()[0].profile.empty_note in texts, (name, texts)
    assert "政府性基金预算支出表为空表" in _narrative()


# --- sums at every level (model, in 元) ------------------------------------------------------------

_FIELDS = ("total", "basic", "project", "other")


def _parts(tree: tuple[FuncRow, ...], row: FuncRow) -> list[FuncRow]:
    child = {"lei": "kuan", "kuan": "xiang"}[row.level]
    return [r for r in tree if r.level == child and r.code.startswith(row.code)]


def _assert_tree_adds_up(tree: tuple[FuncRow, ...], whole: Figures) -> None:
    for f in _FIELDS:
        assert getattr(whole, f) == total(getattr(r.figures, f) for r in tree if r.level == "lei"), f
    for row in tree:
        if row.level == "xiang":
            continue
        parts = _parts(tree, row)
        assert parts, row.code
        for f in _FIELDS:
            assert getattr(row.figures, f) == total(getattr(p.figures, f) for p in parts), (row.code, f)
        for key, value in row.figures.by_source.items():
            assert value == total(p.figures.by_source[key] for p in parts), (row.code, key)


def test_every_view_tree_adds_up_at_every_level() -> None:
    budget = _built()[0]
    for view in budget.views.values():
        _assert_tree_adds_up(view.tree, view.figures)
    xiang = [r.code for r in budget.views["全部"].tree if r.level == "xiang"]
    assert len(xiang) >= 10 and len({c[:3] for c in xiang}) >= 3


def test_economic_rows_add_up_and_split_into_the_two_groups() -> None:
    budget = _built()[0]
    view = budget.views["一般公共预算拨款"]
    lei = [r for r in view.econ_tree if r.level == "lei"]
    assert view.figures.basic == total(r.amount for r in lei)
    for r in lei:
        assert r.amount == total(k.amount for k in view.econ_tree if k.level == "kuan" and k.code[:3] == r.code)
    groups = view.figures.by_econ_group
    assert groups["人员经费"] == total(r.amount for r in lei if r.code in ("301", "303"))
    assert groups["公用经费"] == total(r.amount for r in lei if r.code in ("302", "310"))
    assert groups["人员经费"] + groups["公用经费"] == view.figures.basic


_CODES = ["2010301", "2010302", "2010350", "2080501", "2080505", "2101101", "2210201"]


@st.composite
def _postings(draw: st.DrawFn) -> list[Posting]:
    n = draw(st.integers(0, 12))
    out = []
    for _ in range(n):
        cents = draw(st.integers(0, 10**11))
        kind = draw(st.sampled_from(list(Kind)))
        source = draw(st.sampled_from(["经费拨款", "事业收入", "政府性基金拨款", "上年结转"]))
        econ = draw(st.sampled_from(["30101", "30201", "30302", "31002"]))
        group = econ[:3] if kind is Kind.BASIC else "专项商品和服务"
        func = draw(st.sampled_from(_CODES))
        out.append(Posting("001", func, econ, source, kind, group, Decimal(cents) / 100))
    return out


@settings(max_examples=60, deadline=None)
@given(_postings())
def test_any_postings_make_a_tree_that_adds_up(postings: list[Posting]) -> None:
    prof = _profile()
    ledger = realize(postings, prof.source_groups)
    codes = ledger.func_codes()[0]
    tree = func_tree(codes, lambda c: figures_at(ledger.split(func=c), prof), lambda c: c)
    _assert_tree_adds_up(tree, figures_at(ledger.split(), prof))
    assert [r.code for r in tree] == sorted(r.code for r in tree)


# --- one figure, one print: the tables agree with each other and with the narrative ---------------


def _cell(sheet: str, label: str, *head: str) -> Decimal:
    return _tables()[sheet].get(label, *head)


def _statement(sheet: str, label: str) -> Decimal:
    """The amount beside ``label`` in a two-sided 收支总表."""
    row = _tables()[sheet].row(label)
    return Decimal(str(row[row.index(label) + 1])).quantize(Decimal("0.01"))


def _agree(name: str, model: Decimal, printed: Iterable[Decimal]) -> None:
    shown = list(printed)
    assert shown and all(p == _wan(model) for p in shown), (name, _wan(model), shown)


def test_tables_that_show_the_same_figure_agree() -> None:
    """Each equality once: the figure, its 元 value in the model, every place it is printed."""
    b = _built()[0]
    pub = b.views["一般公共预算拨款"].figures
    fin = b.views["财政拨款"].figures
    every = b.figures
    sg = b.figures.sangong_public
    _agree(
        "支出总计",
        every.total,
        [
            _statement("部门收支总表", "支出总计"),
            _cell("部门支出总表", "合计", "合计"),
            _cell("部门收入总表", "合计", "合计"),
        ],
    )
    _agree(
        "一般公共预算拨款",
        pub.total,
        [
            _statement("部门收支总表", "一、一般公共预算拨款收入"),
            _statement("财政拨款收支总表", "一、一般公共预算拨款"),
            _cell("一般公共预算支出表", "合计", "合计"),
            _cell("部门收入总表", "合计", "一般公共预算拨款收入"),
        ],
    )
    _agree("财政拨款支出", fin.total, [_statement("财政拨款收支总表", "支出总计")])
    _agree(
        "一般公共预算基本支出",
        pub.basic,
        [
            _cell("一般公共预算支出表", "合计", "基本支出", "小计"),
            _cell("一般公共预算基本支出表", "合计", "合计"),
        ],
    )
    _agree(
        "人员经费",
        pub.by_econ_group["人员经费"],
        [
            _cell("一般公共预算支出表", "合计", "人员经费"),
            _cell("一般公共预算基本支出表", "合计", "人员经费"),
        ],
    )
    _agree(
        "公用经费",
        pub.by_econ_group["公用经费"],
        [
            _cell("一般公共预算支出表", "合计", "公用经费"),
            _cell("一般公共预算基本支出表", "合计", "公用经费"),
        ],
    )
    _agree("机关运行经费", b.running_cost, [_money0("机关运行经费表")])
    _agree("三公经费", sg.total, [_money_at("三公经费支出表", 0)])
    _agree("项目支出", every.project, [_cell("项目支出表", "合计", "合计"), _cell("部门支出总表", "合计", "项目支出")])
    _agree("政府采购", b.procurement_total["合计"], [_cell("政府采购预算表", "合计", "合计")])


def _money_at(sheet: str, col: int) -> Decimal:
    return Decimal(str(_tables()[sheet].rows[0][col])).quantize(Decimal("0.01"))


def _money0(sheet: str) -> Decimal:
    return _money_at(sheet, 0)


def test_every_wan_figure_of_the_item_lines_is_the_table_figure() -> None:
    """Each 项 sentence's amount and change equal the 一般公共预算支出表 row and the model's 较上年."""
    b = _built()[0]
    lines = re.findall(
        r"（类）(.+?)（款）(.+?)（项）([\d.]+)万元(?:，比上年预算(增加|减少)([\d.]+)万元)?", _narrative()
    )
    items = [r for r in b.views["一般公共预算拨款"].tree if r.level == "xiang"]
    assert len(lines) == len(items) >= 10
    table = _tables()["一般公共预算支出表"]
    code_col, total_col = table.col("科目编码"), table.col("合计")
    printed = {row[code_col]: Decimal(str(row[total_col])).quantize(Decimal("0.01")) for row in table.rows}
    for (kuan, xiang, amount, direction, change), row in zip(lines, items, strict=True):
        assert (kuan, xiang) == row.path_names[1:]
        assert Decimal(amount) == printed[row.code] == _wan(row.figures.total)
        assert row.change is not None
        if row.change.diff == 0:
            assert direction == ""
        else:
            assert direction == row.change.direction and Decimal(change) == _wan(row.change.magnitude)
            assert f"主要原因是{row.change.reason}" in _narrative()


def test_narrative_totals_are_the_table_figures() -> None:
    text = _narrative()
    b = _built()[0]
    pub = b.views["一般公共预算拨款"].figures
    sg = b.figures.sangong_public
    for phrase, value in [
        ("收入总计", b.income.total),
        ("一般公共预算拨款支出", pub.total),
        ("一般公共预算基本支出", pub.basic),
        ("人员经费", pub.by_econ_group["人员经费"]),
        ("公用经费", pub.by_econ_group["公用经费"]),
        ("“三公”经费支出", sg.total),
        ("公务用车购置费", sg.car_purchase),
        ("机关运行经费", b.running_cost),
        ("政府采购预算总额", b.procurement_total["合计"]),
        ("政府采购货物预算", b.procurement_by_kind["货物"]),
        ("政府采购工程预算", b.procurement_by_kind["工程"]),
        ("政府采购服务预算", b.procurement_by_kind["服务"]),
    ]:
        assert f"{phrase}{_wan(value):.2f}万元" in text, phrase


def test_sangong_table_shows_this_year_beside_last_year() -> None:
    b = _built()[0]
    assert b.sangong_prior is not None
    row = _tables()["三公经费支出表"].rows[0]
    this = [b.figures.sangong_public.total, b.figures.sangong_public.abroad, b.figures.sangong_public.car_total]
    prior = [b.sangong_prior.total, b.sangong_prior.abroad, b.sangong_prior.car_total]
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in row[:3]] == [_wan(v) for v in this]
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in row[6:9]] == [_wan(v) for v in prior]
    assert b.figures.sangong_public.car_purchase > 0


def test_wan_parts_are_rounded_on_their_own_not_forced_to_the_total() -> None:
    """The 尾差 policy: 3 × 0.005 万元 parts round up each; their total rounds once from its 元 value."""
    parts = [Decimal("50.00")] * 3  # 0.005 万元 each
    assert [to_wan(p) for p in parts] == [Decimal("0.01")] * 3
    assert to_wan(total(parts)) == Decimal("0.02")  # the 合计 prints 0.02, not the 0.03 its printed parts add to


# --- switching format: the seed source, the CLI ------------------------------------------------------


def test_seed_example_in_mof_lists_what_it_lacks() -> None:
    checked = pipeline.check_file(EXAMPLE, MOF)
    needs = [i for i in checked.issues if i.code == "E-PROFILE-NEEDS"]
    assert {re.search(r"\d{7}", i.message)[0] for i in needs} == {"2010301", "2010302"}  # type: ignore[index]
    assert all("上年.功能分类" in i.message for i in needs)
    assert [i for i in checked.issues if i.is_error] == needs


def test_seed_example_builds_in_mof_once_it_gives_the_prior_lines(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    extra = '  功能分类:\n    "2010301": 2093664\n    "2010302": 531600\n'
    text = text.replace("上年:\n", "上年:\n" + extra, 1)
    text = text.replace("变动原因:\n", '变动原因:\n  功能分类:\n    "2010301": 退休人员经费减少\n', 1)
    src = tmp_path / "seed.yaml"
    src.write_text(text, encoding="utf-8")
    checked, outputs = pipeline.build_outputs(src, MOF)
    assert outputs is not None, [str(i) for i in checked.issues]
    text = dump_docx(next(v for k, v in outputs.items() if k.endswith(".docx")))
    assert "（项）53.16万元，与上年预算持平。" in text and "主要原因是退休人员经费减少" in text


def test_example_also_builds_in_the_hunan_format() -> None:
    checked, outputs = pipeline.build_outputs(MOF_EXAMPLE, Settings())
    assert outputs is not None and not checked.issues, [str(i) for i in checked.issues]


def test_cli_profile_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--profile", "mof", str(EXAMPLE)]) == 1
    assert "E-PROFILE-NEEDS" in capsys.readouterr().out
    assert main(["build", str(MOF_EXAMPLE), "-o", str(tmp_path / "a")]) == 0  # the district's config says mof
    assert any(p.name.endswith("（全国格式）.xlsx") for p in (tmp_path / "a").iterdir())
    assert main(["build", "--profile", "hunan-county", str(MOF_EXAMPLE), "-o", str(tmp_path / "b")]) == 0
    assert not any(p.name.endswith("（全国格式）.xlsx") for p in (tmp_path / "b").iterdir())
    county = pipeline.check_file(MOF_EXAMPLE).settings
    assert county.profile == "mof" and county.config_path == MOF_EXAMPLE.parent / "budgetgen.yaml"
    with pytest.raises(SystemExit) as exc:
        main(["check", "--profile", "guangdong", str(EXAMPLE)])
    assert exc.value.code == 2
    assert "无效的选项" in capsys.readouterr().err


def test_profiles_share_the_source_vocabulary() -> None:
    """One source format: the names a source writes are the same in both profiles."""
    mof, hunan = _profile(), shipped_profile("hunan-county")[0]
    assert hunan is not None
    for attr in ("sources", "project_groups", "nontax_categories", "cost_items", "asset_categories"):
        assert getattr(mof, attr) == getattr(hunan, attr), attr
    assert [i.name for i in mof.sangong] == [i.name for i in hunan.sangong]  # type: ignore[attr-defined]


# --- local names: a county renames tables, titles and columns and picks the unit -------------------

_SHANGHAI = """\
模板: mof
文档标题: "{部门}{年度}年部门预算"
表格:
  部门收支总表:
    表名: 部门财务收支预算总表
    标题: "{年度}年部门财务收支预算总表"
    单位: 元
  一般公共预算支出表:
    列名: {科目编码: 功能分类科目编码, 科目名称: 功能分类科目名称}
"""


def _county(tmp_path: Path, text: str) -> Settings:
    from budgetgen.config import load_settings

    (tmp_path / "budgetgen.yaml").write_text(text, encoding="utf-8")
    found, issues = load_settings(tmp_path / "budgetgen.yaml")
    assert found is not None, issues
    return found


def test_county_renames_tables_columns_title_and_unit(tmp_path: Path) -> None:
    checked, outputs = pipeline.build_outputs(MOF_EXAMPLE, _county(tmp_path, _SHANGHAI))
    assert outputs is not None, [str(i) for i in checked.issues]
    wb = load(next(v for k, v in outputs.items() if k.endswith(".xlsx")))
    assert wb.sheetnames[0] == "部门财务收支预算总表" and "部门收支总表" not in wb.sheetnames
    first = wb["部门财务收支预算总表"]
    assert first["A1"].value == "2020年部门财务收支预算总表"
    assert "单位：元" in [c.value for c in first[2]]
    pub = _built()[0].views["一般公共预算拨款"].figures.total
    assert first["B5"].value == float(pub)  # in 元 now, still from the same model figure
    heads = read_table(wb["一般公共预算支出表"]).heads
    assert ("功能分类科目编码",) in heads and ("功能分类科目名称",) in heads
    assert wb["一般公共预算支出表"]["A1"].value == "2020年一般公共预算支出表"  # the others keep the profile's names
    text = dump_docx(next(v for k, v in outputs.items() if k.endswith(".docx")))
    assert text.startswith("Title | 江滨区卫生健康局2020年部门预算\n")


def test_a_local_name_that_fits_nothing_is_located(tmp_path: Path) -> None:
    bad = _SHANGHAI + "  三公表:\n    表名: 三公\n  部门支出总表:\n    列名: {科目代码: 编码}\n"
    checked, outputs = pipeline.build_outputs(MOF_EXAMPLE, _county(tmp_path, bad))
    assert outputs is None
    found = [(i.code, i.loc.line) for i in checked.issues]
    assert found == [("E-CONFIG-TABLE", 11), ("E-CONFIG-TABLE", 13)], checked.issues
    assert "没有名为“三公表”的表" in checked.issues[0].message
    assert "没有名为“科目代码”的列" in checked.issues[1].message


def test_init_with_the_mof_profile_scaffolds_its_required_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--profile", "mof", "2021/wjj"]) == 0
    assert main(["init", "2021/plain"]) == 0
    mof, plain = ((tmp_path / "2021" / f"{n}.yaml").read_text(encoding="utf-8") for n in ("wjj", "plain"))
    assert "上年:   # 必填" in mof and '    "2010301": ~                # 必填' in mof
    assert "  功能分类:                     # 每个较上年有增减" in mof
    assert "上年:   #" not in plain and plain.count("功能分类:") == 1
    checked = pipeline.check_file(tmp_path / "2021" / "wjj.yaml", MOF)
    assert any(i.path == "上年.功能分类.2010301" for i in checked.issues), [i.path for i in checked.issues]


def test_prior_lines_come_from_last_years_source_when_it_is_named(tmp_path: Path) -> None:
    text = MOF_EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "2019").mkdir()
    (tmp_path / "2020").mkdir()
    (tmp_path / "2019" / "wjj.yaml").write_text(text.replace("预算年度: 2020", "预算年度: 2019"), encoding="utf-8")
    head, rest = text.split("\n上年:\n", 1)
    current = head + "\n上年:\n  文件: ../2019/wjj.yaml\n\n变动原因:\n" + rest.split("\n变动原因:\n", 1)[1]
    (tmp_path / "2020" / "wjj.yaml").write_text(current, encoding="utf-8")
    checked = pipeline.check_file(tmp_path / "2020" / "wjj.yaml", MOF)
    assert checked.budget is not None and not [i for i in checked.issues if i.is_error], checked.issues
    items = [r for r in checked.budget.views["一般公共预算拨款"].tree if r.level == "xiang"]
    assert items and all(r.change is not None and r.change.direction == "持平" for r in items)


def test_a_statement_line_of_the_wrong_width_is_an_error_at_its_line(tmp_path: Path) -> None:
    from budgetgen.tables.spec import SpecError, load_tables

    spec = (ROOT_TABLES / "mof_04.yaml").read_text(encoding="utf-8")
    bad = spec.replace(
        "      - budget.views[国有资本经营预算拨款].figures.total\n  - - - 收入总计", "  - - - 收入总计", 1
    )
    (tmp_path / "mof_04.yaml").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index("    - - 本年支出合计") + 1
    with pytest.raises(SpecError, match=rf"mof_04.yaml:{line}: 这一栏每行应为 5 项"):
        load_tables([tmp_path], _profile())  # type: ignore[arg-type]
    narrow = spec.replace("  - head: 国有资本经营预算\n    width: 13\n", "", 1)
    (tmp_path / "mof_04.yaml").write_text(narrow, encoding="utf-8")
    with pytest.raises(SpecError, match="各栏共 7 列（项目和金额），表头却有 6 列"):
        load_tables([tmp_path], _profile())  # type: ignore[arg-type]


# --- every source of the test corpus also builds in mof, once it gives what mof needs ---------------

EDGE = sorted((EXAMPLES.parent / "tests" / "edge").glob("*.yaml"))
CORPUS = [EXAMPLE, MOF_EXAMPLE, EXAMPLES.parent / "tests" / "good" / "minimal.yaml", *EDGE]


def _with_prior_lines(path: Path, tmp_path: Path) -> Path:
    """``path`` plus what mof requires: every 一般公共预算 项 with last year at 0 and a reason."""
    import yaml

    checked = pipeline.check_file(path, MOF)
    assert checked.budget is not None, [str(i) for i in checked.issues]
    assert {i.code for i in checked.issues if i.is_error} <= {"E-PROFILE-NEEDS"}, [str(i) for i in checked.issues]
    codes = [r.code for r in checked.budget.views["一般公共预算拨款"].tree if r.level == "xiang"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    prior = {k: v for k, v in (data.get("上年") or {}).items() if k != "文件"}
    data["上年"] = {**prior, "功能分类": dict.fromkeys(codes, 0)}
    data["变动原因"] = {**(data.get("变动原因") or {}), "功能分类": dict.fromkeys(codes, "新增安排")}
    out = tmp_path / path.name
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_source_builds_in_mof(path: Path, tmp_path: Path) -> None:
    checked, outputs = pipeline.build_outputs(_with_prior_lines(path, tmp_path), MOF)
    assert outputs is not None and checked.budget is not None, [str(i) for i in checked.issues if i.is_error]
    for view in checked.budget.views.values():
        _assert_tree_adds_up(view.tree, view.figures)
    items = [r for r in checked.budget.views["一般公共预算拨款"].tree if r.level == "xiang"]
    text = dump_docx(next(v for k, v in outputs.items() if k.endswith(".docx")))
    section = text.split("三、一般公共预算支出预算情况", 1)[1].split("四、一般公共预算基本支出情况", 1)[0]
    assert section.count("（项）") == len(items)
    assert section.count("主要原因是新增安排") == sum(1 for r in items if r.figures.total)


def test_core_names_no_mof_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core scan of test_profile, with mof's names (its title fragment 部门预算 is a plain word)."""
    import test_profile

    monkeypatch.setattr(test_profile, "default_profile", _profile)
    assert [h for h in test_profile.core_hits() if h[3] != ["部门预算"]] == []


# --- a source never chooses its format or the county's names ------------------------------------------


def test_a_source_cannot_choose_the_profile_or_local_names(tmp_path: Path) -> None:
    from budgetgen.config import settings_for

    repo = tmp_path / "repo"
    (repo / "2020").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "2020" / "own.yaml").write_text(
        "模板: mof\n文档标题: 伪造的标题\n表格:\n  收支总表: {表名: 伪造}\n", encoding="utf-8"
    )
    text = EXAMPLE.read_text(encoding="utf-8")
    src = repo / "2020" / "zwfwzx.yaml"
    src.write_text("配置: own.yaml\n" + text, encoding="utf-8")
    county, _ = settings_for(src)
    checked, outputs = pipeline.build_outputs(src, county)
    assert outputs is not None, [str(i) for i in checked.issues if i.is_error]
    ignored = sorted(i.path for i in checked.issues if i.code == "W-CONFIG-IGNORED")
    assert ignored == ["文档标题", "模板", "表格"]
    assert checked.budget is not None and checked.budget.profile.name == "hunan-county"
    assert not any("伪造" in dump_workbook(v) for k, v in outputs.items() if k.endswith(".xlsx"))
    typed = repo / "2020" / "typed.yaml"
    typed.write_text("模板: mof\n" + text, encoding="utf-8")
    assert [i.code for i in pipeline.check_file(typed).issues if i.is_error] == ["E-SCHEMA-UNKNOWN-KEY"]
