"""Code catalogs: year-versioned, shipped as data, and completable by a county without a release."""

from __future__ import annotations

from pathlib import Path

from budgetgen import pipeline
from budgetgen.catalog import available_years, load_catalog

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"
NEW_CODE = "2050201"  # 学前教育: not in the shipped 2020 list


def test_a_later_year_falls_back_to_the_latest_shipped_catalog() -> None:
    assert 2020 in available_years()
    later = load_catalog(2031)
    assert later.year == max(available_years()) and later.requested_year == 2031
    assert later.func_label("2010301") == "行政运行（政府办公厅（室）及相关机构事务）"


def _county(tmp_path: Path, extra_codes: bool) -> Path:
    (tmp_path / "budgetgen.yaml").write_text("模板覆盖: 本县模板\n", encoding="utf-8")
    folder = tmp_path / "本县模板" / "catalogs" / "2020"
    folder.mkdir(parents=True)
    if extra_codes:
        lines = ["# 本县按财政部《2020年政府收支分类科目》补充", "20502\t普通教育", f"{NEW_CODE}\t学前教育"]
        (folder / "functional.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = tmp_path / "dept.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace('功能分类: "2010302"', f'功能分类: "{NEW_CODE}"', 1)
    src.write_text(text, encoding="utf-8")
    return src


def test_an_unknown_function_code_is_an_error_without_the_county_list(tmp_path: Path) -> None:
    checked = pipeline.check_file(_county(tmp_path, extra_codes=False))
    assert "E-CODE-FUNC-UNKNOWN" in {i.code for i in checked.issues}


def test_a_county_catalog_adds_codes(tmp_path: Path) -> None:
    checked = pipeline.check_file(_county(tmp_path, extra_codes=True))
    assert [i.code for i in checked.issues] == []
    assert checked.budget is not None
    labels = {r.label for u in checked.budget.views["全部"].units for r in u.functions}
    assert "学前教育（普通教育）" in labels
