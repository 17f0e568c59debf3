"""Importing through the tolerant reader (anyone else's workbook), and the 政府采购 类型.

A built workbook whose sheets are all renamed is no longer laid out as the specs write it, so the
strict reader refuses it and the tolerant one reads it (sheets found by title). A department with a
新增资产 of every category, in both columns of the category the 单位性质 splits, must import with
each asset's 类别 and build the same workbook again. The 政府采购 类型 is read from a catalogue code
in the 品目, or from the 说明's totals by 类型; only otherwise is it a guess, said at the line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from helpers import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgen.cli import main
from budgetgen.importer.procurement import by_totals, code_kind, column_kind, guess
from budgetgen.importer.tables import Cell, Row
from budgetgen.money import to_wan

#: A second unit (行政, so its 限额以上 assets stand in the 党政机关 column) with one asset per category.
SECOND_UNIT = """
  - 代码: "702702"
    名称: 政务中心二级
    单位性质: 行政
    管理方式: 全额
    单位规格: 股级
    功能分类: "2010301"
    资金来源: 政府性基金拨款
    收入:
      政府性基金拨款: 100000
    新增资产:
      - {类别: 房屋及建筑物, 名称: 档案用房, 数量: 120.5, 金额: 240000}
      - {类别: 土地, 名称: 停车场用地, 数量: 300, 金额: 90000}
      - {类别: 车辆, 名称: 执法车, 数量: 1, 金额: 150000, 备注: 更新}
      - {类别: 通用设备, 名称: 台式计算机, 数量: 5, 金额: 25000}
      - {类别: 办公家具, 名称: 档案柜, 数量: 10, 金额: 12000}
      - {类别: 限额以上其他资产, 名称: 大型服务器, 数量: 1, 金额: 260000}
      - {类别: 限额以下其他资产, 名称: 投影仪, 数量: 2, 金额: 8000}
    存量资产: {房屋及建筑物: 350.5, 车辆: 2, 通用设备: 12, 限额以上其他资产: 1}
"""
#: The first unit is 事业: its 限额以上 asset stands in the 事业单位 column.
FIRST_UNIT_ASSETS = """    新增资产:
      - {类别: 限额以上其他资产, 名称: 政务服务一体机, 数量: 1, 金额: 2100000}
"""
PROJECT = """
  - 名称: 基金项目
    单位: "702702"
    金额: 100000
    性质: 新增
    类别: 专项商品和服务
    绩效目标:
      管理办法: 政府性基金管理办法
      立项依据: 通财预指〔2020〕1号
      长期目标: 更新二级单位办公设备
      年度目标: 年内完成购置和维修
      实施进度: 2020年1-6月
      保障措施: 专款专用
    政府采购:
      - {品目: 台式计算机, 类型: 货物, 数量: 5, 计量单位: 台, 金额: 25000, 是否面向中小企业: true}
      - {品目: 档案室维修工程, 类型: 工程, 金额: 30000}
      - {品目: 档案数字化服务, 类型: 服务, 金额: 20000}
"""


def _source(folder: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"^(  - 名称: .*\n)", r'\1    单位: "702701"\n', text, flags=re.M)
    text = text.replace("    单位性质: 事业\n", "    单位性质: 事业\n" + FIRST_UNIT_ASSETS, 1)
    text = text.replace("\n立项依据:", SECOND_UNIT + "\n立项依据:", 1)
    text = text.replace("\n  # 以下 3 项", PROJECT + "\n  # 以下 3 项", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "assets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(source, workbook, 说明) of the department above, built."""
    folder = tmp_path_factory.mktemp("assets")
    source = _source(folder / "src")
    assert main(["build", str(source), "-o", str(folder / "out")]) == 0
    return source, next((folder / "out").glob("*.xlsx")), next((folder / "out").glob("*.docx"))


def _renamed(xlsx: Path, to: Path, cells: dict[tuple[str, str], str] | None = None) -> Path:
    """Every sheet renamed (the strict reader finds none), and ``cells`` (sheet, ref) → value changed."""
    wb = openpyxl.load_workbook(xlsx)
    for (sheet, at), v in (cells or {}).items():
        wb[sheet][at] = v
    for ws in wb.worksheets:
        ws.title = f"表{wb.worksheets.index(ws) + 1}"
    wb.save(to)
    return to


def _units(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["单位"])


def _procurements(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(line["品目"], line["类型"]) for p in data["项目"] for line in p.get("政府采购", [])]


def test_every_asset_category_imports_through_the_tolerant_reader(
    built: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, xlsx, _ = built
    perturbed = _renamed(xlsx, tmp_path / "renamed.xlsx")
    out = tmp_path / "imported.yaml"
    assert main(["import", str(perturbed), "-o", str(out)]) == 0
    assert "W-IMPORT-SHEET-NAME 表18!A1" in capsys.readouterr().out  # the tolerant reader found it by title
    before = {u["代码"]: u.get("新增资产") for u in _units(source)}
    after = {u["代码"]: u.get("新增资产") for u in _units(out)}
    assert after == before
    assert {a["类别"] for assets in after.values() for a in assets or ()} == {
        "房屋及建筑物", "土地", "车辆", "通用设备", "办公家具", "限额以上其他资产", "限额以下其他资产"
    }  # fmt: skip
    assert main(["build", str(out), "-o", str(tmp_path / "b")]) == 0
    assert next((tmp_path / "b").glob("*.xlsx")).read_bytes() == xlsx.read_bytes()


def test_an_asset_in_no_category_column_is_not_given_one(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Near miss: an asset row whose amount stands in no category's column (only in 合计) keeps no 类别
    rather than a wrong one; check then reports it at its line."""
    _, xlsx, _ = built
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["新增资产配置表"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "档案柜")
    for c in range(4, 20):  # every category's 数量 and 金额 (D:S), not 合计 (C)
        ws.cell(row, c).value = None
    wb.save(tmp_path / "x.xlsx")
    out = tmp_path / "imported.yaml"
    assert main(["import", str(_renamed(tmp_path / "x.xlsx", tmp_path / "y.xlsx")), "-o", str(out)]) == 0
    cabinet = next(a for u in _units(out) for a in u.get("新增资产", []) if a["名称"] == "档案柜")
    assert cabinet["类别"] == ""


def test_procurement_types_come_from_the_narratives_totals(
    built: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, xlsx, docx = built
    out = tmp_path / "imported.yaml"
    assert main(["import", str(xlsx), "--docx", str(docx), "-o", str(out)]) == 0
    assert "采购类型" not in capsys.readouterr().out
    assert _procurements(out) == _procurements(source)
    assert "采购类型" not in out.read_text(encoding="utf-8")


def test_without_the_narrative_a_type_is_a_guess_that_says_what_to_check(
    built: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, xlsx, _ = built
    out = tmp_path / "imported.yaml"
    assert main(["import", str(xlsx), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    guesses = [x for x in said.splitlines() if x.startswith("警告 W-IMPORT-GUESS") and "采购类型" in x]
    assert len(guesses) == 3 and all("品目代码以 A 开头为货物、B 开头为工程、C 开头为服务" in g for g in guesses)
    assert "政府采购表 第 10 行采购品目“档案室维修工程”的采购类型表中没有写明，推定为工程" in said
    assert [k for _, k in _procurements(out)] == ["货物", "工程", "服务"]  # the names' endings, still guesses
    assert out.read_text(encoding="utf-8").count("表中没有写明，已写作") == 3


def test_a_catalogue_code_in_the_item_is_its_type(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Through the tolerant reader, with the 说明 saying nothing: the codes decide, no guess is left."""
    _, xlsx, _ = built
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["政府采购表"]
    items = {ws.cell(r, 7).value: r for r in range(1, ws.max_row + 1)}
    codes = {
        "台式计算机": "C1601 台式计算机",
        "档案室维修工程": "（A05010000）档案室维修工程",
        "档案数字化服务": "B0608数字化",
    }
    cells = {("政府采购表", f"G{items[k]}"): v for k, v in codes.items()}
    perturbed = _renamed(xlsx, tmp_path / "coded.xlsx", cells)
    out = tmp_path / "imported.yaml"
    assert main(["import", str(perturbed), "-o", str(out)]) == 0
    assert [k for _, k in _procurements(out)] == ["服务", "货物", "工程"]  # the codes, not the names
    assert "采购类型" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("A02010105台式计算机", "货物"),
        ("[A0501]家具", "货物"),
        ("办公楼维修（B0608）", "工程"),
        ("C21040000 物业管理服务", "服务"),
        ("c16 信息技术服务", "服务"),
        ("A4纸", None),  # one digit: a paper size, no code
        ("B超检查设备", None),
        ("台式计算机A02010105", None),  # a code glued to the end is not where the catalogue puts it
        ("A020101051", None),  # nine digits: no code of the catalogue
        ("D0101 其他", None),
        ("", None),
    ],
)
def test_the_catalogue_code_of_an_item(item: str, kind: str | None) -> None:
    assert code_kind(item) == kind


def _row(kind: object) -> Row:
    return Row("item", {"procurement.kind": Cell(kind, "政府采购预算表", "D7")})  # type: ignore[arg-type]


@pytest.mark.parametrize(("shown", "kind"), [("工程", "工程"), ("服务类", "服务"), ("其他", None), (None, None)])
def test_a_column_that_prints_the_type_is_read(shown: str | None, kind: str | None) -> None:
    assert column_kind(_row(shown)) == kind


@pytest.mark.parametrize(
    ("item", "kind"), [("办公楼维修工程", "工程"), ("物业管理服务（一年）", "服务"), ("工程车", "货物"), ("", "货物")]
)
def test_a_guess_follows_the_ending_of_the_name(item: str, kind: str) -> None:
    assert guess(item) == kind


def test_totals_by_type_decide_only_when_one_assignment_fits() -> None:
    y = Decimal
    assert by_totals([y(25000), y(30000), y(20000)], {"货物": y("2.50"), "工程": y("3.00"), "服务": y("2.00")}) == [
        "货物",
        "工程",
        "服务",
    ]
    assert by_totals([y(100), y(100)], {"货物": y("0.01"), "服务": y("0.01")}) is None  # either way round
    assert by_totals([y(100)], {"货物": y("0.02")}) is None  # nothing fits
    assert by_totals([y(100)], {"货物": y("0.01")}, {"货物": y(50)}) is None  # the known 50 元 overshoot
    assert by_totals([y(-1)], {"货物": y(0)}) is None
    assert by_totals([], {}) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=5_000_000), st.sampled_from(["货物", "工程", "服务"])),
        max_size=8,
    )
)
def test_an_assignment_found_reproduces_every_total(lines: list[tuple[int, str]]) -> None:
    amounts = [Decimal(a) / 100 for a, _ in lines]
    totals = {k: to_wan(sum((a for a, (_, x) in zip(amounts, lines, strict=True) if x == k), Decimal(0))) for k in
              ("货物", "工程", "服务")}  # fmt: skip
    found = by_totals(amounts, totals)
    if found is not None:
        for k, total in totals.items():
            assert to_wan(sum((a for a, x in zip(amounts, found, strict=True) if x == k), Decimal(0))) == total
    if len(lines) == 1:  # one line fits only its own 类型, unless it rounds to 0.00 万元 in every one
        assert found == [lines[0][1]] or amounts[0] < Decimal(50)


def test_the_seed_says_no_procurement_and_imports_none(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parent / "fixtures" / "seed"
    out = tmp_path / "seed.yaml"
    xlsx, docx = next(seed.glob("*.xlsx")), next(seed.glob("*.docx"))
    assert main(["import", str(xlsx), "--docx", str(docx), "-o", str(out)]) == 0
    assert _procurements(out) == []
