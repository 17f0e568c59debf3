"""The narrative .docx: golden text, seed figures, GB/T 9704 layout, East Asian fonts, reproducible bytes."""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx_dump import docx_text, dump_docx, part
from helpers import example_budget, narrative_docx
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgen.render.docx import render_docx
from budgetgen.render.gongwen import title_lines
from budgetgen.render.narrative import Block, BlockKind

# Figures of the seed document (shared/seed, 通道县政务服务中心 2020) that are consistent with the rest.
SEED_WAN = ("260.27", "75.87", "0.04", "7.20", "83.11", "10.90")
SEED_PROJECT_WAN = (
    "32.00",
    "3.00",
    "8.00",
    "15.00",
    "6.00",
    "8.00",
    "4.00",
    "8.00",
    "2.00",
    "4.00",
    "8.00",
    "20.00",
    "30.00",
    "29.16",
)


def test_golden_dump(golden) -> None:  # type: ignore[no-untyped-def]
    golden("tongdao-zwfwzx-2020/narrative.txt", dump_docx(narrative_docx(example_budget())))


def test_carries_the_seeds_consistent_figures() -> None:
    text = docx_text(narrative_docx(example_budget()))
    for figure in SEED_WAN:
        assert f"{figure}万元" in text, figure
    project_part = text[text.index("主要项目是") :]
    amounts = re.findall(r"(\d+\.\d{2})万元", project_part)
    for figure in SEED_PROJECT_WAN:
        assert figure in amounts, figure
    assert "编制人数10名" in text and "实有人数9人" in text
    assert "2020年3月18日" in text


def test_carries_none_of_the_seeds_defects() -> None:
    text = docx_text(narrative_docx(example_budget()))
    assert "增加（减少）" not in text
    assert ".." not in text
    running = next(line for line in text.splitlines() if "机关运行经费预算为" in line)
    assert "260.27" not in running


def test_every_wan_figure_has_two_decimals() -> None:
    text = docx_text(narrative_docx(example_budget()))
    for number in re.findall(r"([\d.]+)万元", text):
        assert re.fullmatch(r"\d+\.\d{2}", number), number


def test_styles_set_east_asian_fonts_without_theme_fonts() -> None:
    data = narrative_docx(example_budget())
    styles = part(data, "word/styles.xml")
    assert 'w:eastAsia="仿宋_GB2312"' in styles
    assert 'w:eastAsia="黑体"' in styles and 'w:eastAsia="楷体_GB2312"' in styles
    assert 'w:eastAsia="方正小标宋简体"' in styles
    for xml in (styles, part(data, "word/document.xml")):
        assert "Theme" not in xml, "theme font attributes override w:eastAsia in Word"


def test_page_is_gbt9704_a4_with_page_number_field() -> None:
    dump = dump_docx(narrative_docx(example_budget()))
    assert "'page_width': 210, 'page_height': 297, 'top_margin': 37, 'bottom_margin': 35" in dump
    assert "'left_margin': 28, 'right_margin': 26" in dump
    footer = part(narrative_docx(example_budget()), "word/footer1.xml")
    assert "PAGE" in footer and "— " in footer and " —" in footer


def test_two_builds_are_byte_identical() -> None:
    assert narrative_docx(example_budget()) == narrative_docx(example_budget())


def test_font_table_gives_word_a_fallback_for_gb2312_fonts() -> None:
    fonts = part(narrative_docx(example_budget()), "word/fontTable.xml")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in fonts


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_department_text_renders_to_a_valid_docx(text: str) -> None:
    budget = example_budget()
    budget = dataclasses.replace(budget, department=dataclasses.replace(budget.department, duties=text))
    dumped = docx_text(narrative_docx(budget))
    kept = "".join(
        ch for ch in text if unicodedata.category(ch) != "Cc" and not ch.isspace() and ch not in "\ufffe\uffff"
    )
    assert kept in "".join(dumped.split())


def test_document_grid_is_22_lines_of_28_characters() -> None:
    data = narrative_docx(example_budget())
    document, styles = part(data, "word/document.xml"), part(data, "word/styles.xml")
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in document
    # 28 × (16 pt − 0.25 pt) = 441 pt fits the 442.2 pt (156 mm) line; 29 would not, as long as nothing
    # squeezes the punctuation (Word's compressPunctuation would fit a 29th character beside two commas).
    assert '<w:spacing w:val="-5"/>' in styles
    assert '<w:characterSpacingControl w:val="doNotCompress"/>' in part(data, "word/settings.xml")
    assert 'w:line="579" w:lineRule="exact"' in styles


def test_word_opens_it_without_compatibility_mode() -> None:
    settings_xml = part(narrative_docx(example_budget()), "word/settings.xml")
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings_xml


def test_runs_carry_the_east_asian_hint_and_quotes_use_the_chinese_font() -> None:
    document = part(narrative_docx(example_budget()), "word/document.xml")
    runs = re.findall(r"<w:r>(.*?)</w:r>", document)
    assert runs and all('w:hint="eastAsia"' in r for r in runs if "<w:t" in r)
    quote = '<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/>'
    assert f'{quote}</w:rPr><w:t xml:space="preserve">“</w:t>' in document


def test_page_numbers_are_not_clipped_and_the_title_is_off_the_character_grid() -> None:
    styles = part(narrative_docx(example_budget()), "word/styles.xml")
    footer = styles[styles.index('w:styleId="Footer"') :]
    assert 'w:lineRule="auto"' in footer.split("</w:style>")[0]
    title = styles[styles.index('w:styleId="Title"') :].split("</w:style>")[0]
    assert '<w:snapToGrid w:val="0"/>' in title


def test_a_long_department_name_breaks_the_title_into_balanced_lines() -> None:
    budget = example_budget()
    name = "中国共产党通道侗族自治县委员会机构编制委员会办公室"
    budget = dataclasses.replace(budget, department=dataclasses.replace(budget.department, name=name))
    title = docx.Document(io.BytesIO(narrative_docx(budget))).paragraphs[0]
    assert title.style.name == "Title"
    lines = title.text.split("\n")
    assert lines == ["中国共产党通道侗族自治县委员会", "机构编制委员会办公室2020年部门预算说明"]


def test_dashes_and_ellipses_in_department_text_are_full_width_too() -> None:
    budget = example_budget()
    duties = "负责政务服务——包括审批、公开……等工作"
    budget = dataclasses.replace(budget, department=dataclasses.replace(budget.department, duties=duties))
    document = part(narrative_docx(budget), "word/document.xml")
    font = '<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/>'
    assert f'{font}</w:rPr><w:t xml:space="preserve">——</w:t>' in document
    assert f'{font}</w:rPr><w:t xml:space="preserve">……</w:t>' in document


@pytest.mark.parametrize("kind", list(BlockKind))
def test_markup_characters_in_text_read_back_unchanged(kind: BlockKind) -> None:
    """Paragraphs are written as XML text: markup, entities and a carriage return must come back as typed."""
    text = "A&B <c> \"d\" 'e' ]]> &amp; &#13; “引号”——1\r2\t3"
    blocks = [Block(kind, text), Block(BlockKind.RIGHT, "2020年1月1日")]
    data = render_docx(blocks, title="t", author="a", when=date(2020, 1, 1))
    first = docx.Document(io.BytesIO(data)).element.body.findall(qn("w:p"))[0]
    expected = "".join(title_lines(text)) if kind is BlockKind.TITLE else text
    assert "".join(t.text or "" for t in first.iter(qn("w:t"))) == expected
