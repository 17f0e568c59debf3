"""Every sheet's title, header tree, column numbers and row labels are the seed's own.

The seed document (``../shared/seed``) holds the 22 annex tables as tab-separated
text; each header text sits at its row and column there. The built example must
show exactly those texts at exactly those places, except the corrections of seed
defects listed below, each of which ``examples/README.md`` explains, and the one
correction of terms the seed's every table shares: the old 公共财政(预算) words
are written as the current 一般公共预算 ones (TERMS).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from seed_layout import SEED, seed_sheets
from test_xlsx import SEED_SHEETS, example_wb

ROOT = Path(__file__).resolve().parent.parent
#: Seed term → ours wherever it stands (sheet names, titles, headers, row labels): the 2015 Budget Law's
#: 一般公共预算 for the seed's 公共财政(预算), one term per concept in every table and the narrative. The profile's
#: ``old_terms`` must say the same (the audit reads published packages through it).
TERMS = {
    "公共财政预算拨款": "一般公共预算拨款",
    "公共财政拨款": "一般公共预算拨款",
    "公共财政补助": "一般公共预算补助",
    "纳入公共财政预算管理": "纳入公共预算管理",
}
_SPEND = {"事业经营服务支出单位": "事业单位经营服务支出", "其他支出@项目支出": "其他项目支出"}
#: Sheet → {seed text: our text}: the corrections of seed defects (examples/README.md says why).
CORRECTIONS: dict[str, dict[str, str]] = {
    "收支总表": {"本年支出合计@收入": "本年收入合计", "支出总计@收入": "收入总计"},
    "非税征收表": {"2019年征收计划": "2020年征收计划", "2018年决算": "2019年决算"},
    "支出分类表": _SPEND,
    "一般公共预算拨款预算表": _SPEND,
    "政府性基金支出预算表": _SPEND,
    "纳入专户管理的非税收入预算表": _SPEND,
    "经费拨款支出预算表": _SPEND,
    "商品和服务支出": {"专业燃料费": "专用燃料费"},
    "政府采购表": {"中央财政补助": "上级财政补助"},
    "政府购买服务支出预算表": {"政府购买服务支录入表": "政府购买服务支出预算表", "上级财政补贴": "上级财政补助"},
    "新增资产配置表": {"单项20万元以上的其他资产（党政机关）": "单项20万元及以上的其他资产（党政机关）"},
    "部门整体支出绩效目标申报表": {"指标产值": "指标值", "项目支出@按支出性质分": "项目支出及其他支出"},
}
#: Column-number corrections: sheet → {column: our number} (the seed's 商品和服务支出 numbers 10, 1, 12).
NUMBER_CORRECTIONS = {"商品和服务支出": {15: "11"}}
_WIDE = str.maketrans({"(": "（", ")": "）"})


def _norm(text: Any) -> str:
    """Half-width brackets as full-width (the seed mixes both; the tables print full-width)."""
    return str(text).replace("\n", "").translate(_WIDE).strip().strip("\u3000")


def _current(text: str) -> str:
    """A seed text in current terms (TERMS, longest first)."""
    for old, new in sorted(TERMS.items(), key=lambda t: -len(t[0])):
        text = text.replace(old, new)
    return text


def _seed(sheet: str) -> Any:
    """The seed's sheet that is our ``sheet`` (its name in the seed's old terms)."""
    found = {_current(name): s for name, s in seed_sheets(SEED_NAMES).items()}
    return found[sheet]


#: The seed's own sheet names, in order (ours are these in current terms).
SEED_NAMES = [s.replace("一般公共预算拨款预算表", "公共财政拨款预算表") for s in SEED_SHEETS]


def _grid(sheet: str) -> dict[tuple[int, int], str]:
    """Texts by (row, column), 0-based; a header group split where a page across begins counts once."""
    ws = example_wb()[sheet]
    grid = {(c.row - 1, c.column - 1): _norm(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    ranges = {(r.min_row - 1, r.min_col - 1): r for r in ws.merged_cells.ranges}
    for (row, col), rng in ranges.items():
        left = [
            r for r in ws.merged_cells.ranges if r.max_col == col and r.min_row - 1 == row and r.max_row == rng.max_row
        ]
        if left and grid.get((row, left[0].min_col - 1)) == grid.get((row, col)):
            del grid[(row, col)]
    return grid


def _header_rows(sheet: str) -> tuple[int, int]:
    """First header row and the first row below the header (0-based) of a built sheet."""
    ws = example_wb()[sheet]
    numbers = [c.row for c in ws["A"] if c.value == "**"]
    if numbers:
        return 2, numbers[0] - 1
    return 2, 2 + {"收支总表": 2, "部门整体支出绩效目标申报表": 4}[sheet]


def _seed_header(sheet: str) -> set[tuple[int, int, str]]:
    seed = _seed(sheet)
    fixes = CORRECTIONS.get(sheet, {})
    parents: dict[tuple[int, int], str] = {}
    out = set()
    for r, c, text in sorted(seed.header):
        above = [t for (rr, cc), t in parents.items() if rr < r and cc <= c]
        key = next((f"{text}@{p}" for p in reversed(above) if f"{text}@{p}" in fixes), text)
        out.add((r, c, _norm(fixes.get(key, _current(text)))))
        parents[(r, c)] = text
    return out


@pytest.fixture(scope="module", autouse=True)
def _seed_present() -> None:
    if not SEED.is_file():
        pytest.skip(f"没有原件 {SEED}")


@pytest.mark.parametrize("sheet", SEED_SHEETS)
def test_title_is_the_seeds(sheet: str) -> None:
    seed = _seed(sheet)
    want = CORRECTIONS.get(sheet, {}).get(seed.title, _current(seed.title))
    assert _norm(example_wb()[sheet]["A1"].value) == _norm(want)


@pytest.mark.parametrize("sheet", SEED_SHEETS)
def test_header_texts_sit_where_the_seed_has_them(sheet: str) -> None:
    top, below = _header_rows(sheet)
    grid = _grid(sheet)
    ours = {(r - top, c, t) for (r, c), t in grid.items() if top <= r < below and t != "**" and not t.isdigit()}
    theirs = _seed_header(sheet)
    assert sorted(ours - theirs) == [] and sorted(theirs - ours) == [], (sheet, sorted(ours ^ theirs))


@pytest.mark.parametrize("sheet", SEED_SHEETS)
def test_column_numbers_are_the_seeds(sheet: str) -> None:
    seed = _seed(sheet)
    if not seed.numbers:  # the seed's 收支总表 and 部门整体支出绩效目标申报表 have no column-number row
        assert "**" not in [c.value for c in example_wb()[sheet]["A"]], sheet
        return
    want = dict(seed.numbers) | NUMBER_CORRECTIONS.get(sheet, {})
    _, below = _header_rows(sheet)
    grid = _grid(sheet)
    ours = {c: t for (r, c), t in grid.items() if r == below}
    assert ours == want


def test_statement_row_labels_are_the_seeds() -> None:
    """收支总表: the income and the spending-by-kind labels; the 功能分类 block follows the year's catalog."""
    seed = _seed("收支总表")
    fixes = {"本年支出合计": "本年收入合计", "支出总计": "收入总计"}
    rows = [dict(cells) for cells in seed.lines[4:]]
    income = [_norm(fixes.get(r[2], _current(r[2]))) for r in rows if 2 in r]
    by_kind = [_norm(r[10]) for r in rows if 10 in r]
    ws = example_wb()["收支总表"]
    ours_income = [_norm(r[0]) for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    ours_kind = [_norm(r[4]) for r in ws.iter_rows(min_row=5, values_only=True) if r[4]]
    assert ours_income == income
    # The seed lists 其他支出 (791,600) once more under 项目支出, above an empty 三、其他支出 line.
    assert ours_kind == [k for k in by_kind if k != "其他支出"]


def test_the_term_corrections_are_the_profiles_old_terms() -> None:
    """The audit reads a published package's old terms through the profile: the same list, declared once there."""
    from budgetgen.profile import default_profile

    assert dict(default_profile().old_terms) == TERMS


def test_every_correction_is_explained_in_the_examples_readme() -> None:
    readme = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    for fixes in (*CORRECTIONS.values(), TERMS):
        for seed_text, ours in fixes.items():
            assert seed_text.split("@")[0] in readme and ours in readme, (seed_text, ours)


def test_counts_are_integers_with_their_own_unit_line() -> None:
    wb = example_wb()
    assert "单位：人" in [c.value for c in wb["单位人员情况表"][2]]
    for sheet in ("单位人员情况表", "单位基本情况信息表"):
        for row in wb[sheet].iter_rows(min_row=6):
            for c in row:
                if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                    assert c.number_format == "0" and float(c.value).is_integer(), (sheet, c.coordinate, c.value)
