"""``budgetgen import --docx``: every text of the 说明 that the source can hold comes through.

A source with every such text (主要职能, 机构设置 beyond the staff sentence, 简称, 岗位说明 and the
people beyond the payroll, each change's reason, a 名词解释 of its own) is built; importing the
workbook with its 说明 gives those texts back, and the rebuilt 说明 differs from the first only where
the 说明 cannot say a figure exactly (last year's totals, known to it only in 万元). The seed's 说明
is read the same way: docs/import-reading.md lists what it says that is not imported, and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EXAMPLE

from budgetgen.audit.package import read_package
from budgetgen.cli import main
from budgetgen.importer.narrative import read_texts

SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
SETUP = "  机构设置: 内设综合股、政务服务股和电子政务股。\n"
GLOSSARY = """
名词解释:
  - {词条: 政府购买服务, 解释: 是指把属于政府职责范围、适合通过市场方式提供的服务事项，交由符合条件的社会力量承担。}
"""
REASONS = "  三公经费: 公务接待次数减少\n  机关运行经费: 办公设备更新\n"


def _paragraphs(folder: Path) -> list[str]:
    return [p.text for p in read_package([next(folder.glob("*.docx"))]).paragraphs]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any], Path]:
    """(source data, imported data, folder) for the example with every text above, built and imported."""
    folder = tmp_path_factory.mktemp("narrative")
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("  整体绩效目标:\n", SETUP + "  整体绩效目标:\n", 1)
    text = text.replace("  三公经费:\n    公务接待费: 59400\n", "  三公经费:\n    公务接待费: 60000\n", 1)
    text = text.replace("\n变动原因:\n", "\n变动原因:\n" + REASONS, 1) + GLOSSARY
    source = folder / "src" / "dept.yaml"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    assert main(["build", str(source), "-o", str(folder / "a")]) == 0
    out = folder / "imported.yaml"
    a = folder / "a"
    assert main(["import", str(next(a.glob("*.xlsx"))), "--docx", str(next(a.glob("*.docx"))), "-o", str(out)]) == 0
    assert main(["build", str(out), "-o", str(folder / "b")]) == 0
    load = yaml.safe_load
    return load(source.read_text(encoding="utf-8")), load(out.read_text(encoding="utf-8")), folder


def test_the_department_texts_come_back(round_trip: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    source, imported, _ = round_trip
    for key in ("全称", "简称", "主要职能", "职能职责概述", "机构设置", "整体绩效目标"):
        assert imported["部门"][key] == source["部门"][key], key
    assert imported["名词解释"] == source["名词解释"]


def test_the_staff_sentence_gives_what_the_tables_do_not(
    round_trip: tuple[dict[str, Any], dict[str, Any], Path],
) -> None:
    source, imported, _ = round_trip
    for key in ("岗位说明", "公益性岗位", "临时工", "勤杂工"):
        assert imported["单位"][0]["人员"][key] == source["单位"][0]["人员"][key], key
    assert "2020年政务中心" not in imported["部门"]["机构设置"]  # the sentence itself is generated, not copied


def test_each_change_keeps_its_own_reason(round_trip: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    source, imported, _ = round_trip
    said = {k: v for k, v in source["变动原因"].items() if k != "机关运行经费"}  # 上年 has none: not printed
    assert imported["变动原因"] == said


def test_the_rebuilt_narrative_differs_only_where_last_year_is_said(
    round_trip: tuple[dict[str, Any], dict[str, Any], Path],
) -> None:
    _, _, folder = round_trip
    before, after = _paragraphs(folder / "a"), _paragraphs(folder / "b")
    assert len(before) == len(after)
    changed = [(x, y) for x, y in zip(before, after, strict=True) if x != y]
    for x, y in changed:
        # last year's figures (only 万元 in the 说明), or the same names in another order (其他支出)
        assert "较2019年" in x or sorted(x) == sorted(y), (x, y)
    assert len(changed) <= 5


def test_the_seeds_narrative(tmp_path: Path) -> None:
    texts = read_texts(next(SEED.glob("*.docx")))
    assert texts.name == "通道县政务服务中心" and texts.short_name == "政务中心"
    assert texts.staff_note == "理岗位9人"  # the seed's typo, as printed
    assert texts.staff_extra == {"公益性岗位": 1, "临时工": 2, "勤杂工": 2}
    assert texts.setup == ""  # the seed's 机构设置 is only the staff sentence
    assert texts.duties.startswith("政务服务中心负责拟定") and texts.duties.endswith("热线平台的建设和维护。")
    assert set(texts.reasons) == {"收入", "支出", "机关运行经费"}
    assert texts.reasons["支出"] == "减少了与收入相对应的支出"  # contradicts 增加: check reports it
    assert texts.changes == {"收入": ("增加", "10.9"), "支出": ("增加", "10.9"), "机关运行经费": ("增加", "10.9")}
    assert texts.glossary == []  # its two terms are the defined ones, generated from the 口径
    assert texts.procurement == {"货物": 0, "工程": 0, "服务": 0}
    assert texts.date == "2020-03-18"


def test_the_seed_imports_the_county_in_its_name(tmp_path: Path) -> None:
    """The goal table writes 政务服务中心; the 说明's title and the sheets' 单位名称 keep the county."""
    out = tmp_path / "seed.yaml"
    xlsx, docx = next(SEED.glob("*.xlsx")), next(SEED.glob("*.docx"))
    assert main(["import", str(xlsx), "--docx", str(docx), "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["部门"]["全称"] == "通道县政务服务中心" and data["部门"]["简称"] == "政务中心"
    assert "部门整体支出绩效目标申报表写作“政务服务中心”" in out.read_text(encoding="utf-8")
