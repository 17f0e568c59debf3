"""GB/T 9704 placement that depends on the text: title lines, 署名 over 日期, 附件 hanging indent."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from budgetgen.render.gongwen import (
    DATE_RIGHT,
    LINE_CHARS,
    TITLE_CHARS,
    attachment_hang,
    signature_box,
    title_lines,
    width,
)

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_NAME = st.text(_CJK, min_size=2, max_size=40)


def test_width_counts_chinese_as_one_and_digits_as_half() -> None:
    assert width("2020年3月18日") == Fraction(13, 2)
    assert width("“三公”") == 4


def test_a_title_that_fits_stays_on_one_line() -> None:
    assert title_lines("通道县政务服务中心2020年部门预算说明") == ["通道县政务服务中心2020年部门预算说明"]


def test_a_long_title_breaks_between_words_rather_than_exactly_in_the_middle() -> None:
    title = "中国共产党通道侗族自治县委员会机构编制委员会办公室2020年部门预算说明"
    assert title_lines(title) == ["中国共产党通道侗族自治县委员会", "机构编制委员会办公室2020年部门预算说明"]


def test_without_word_ends_the_lines_are_balanced() -> None:
    title = "通道侗族自治县人民政府驻长沙联络处和驻怀化联络处2020年部门预算说明"
    lines = title_lines(title)
    assert len(lines) == 2 and "".join(lines) == title
    assert abs(width(lines[0]) - width(lines[1])) <= 3


def test_a_number_is_never_split_across_lines() -> None:
    title = "通道侗族自治县人民政府办公室机关事务服务中心和县政务服务中心2020年部门预算说明"
    assert all(not line.startswith(("020", "20", "0")) for line in title_lines(title))


@given(_NAME.map(lambda name: f"{name}2021年部门预算说明"))
def test_title_lines_fit_keep_the_text_and_never_leave_one_character_alone(title: str) -> None:
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(len(line) >= 2 for line in lines)
    if len(lines) > 1:
        assert all(width(line) <= TITLE_CHARS for line in lines)
        assert len(lines) == -(-width(title) // TITLE_CHARS)  # the fewest lines that fit


@given(_NAME)
def test_the_signature_is_centred_over_the_date_for_any_name_length(name: str) -> None:
    date = "2020年3月18日"
    left, right = signature_box(name, date)
    box = LINE_CHARS - left - right
    assert left >= 0 and right >= 0
    assert box >= min(width(name), LINE_CHARS)  # the name wraps only when it is longer than a line
    date_centre = DATE_RIGHT + width(date) / 2
    if right > 0:  # not pushed against the right edge
        assert right + box / 2 == date_centre


def test_a_short_name_is_centred_exactly_over_the_date() -> None:
    left, right = signature_box("财政局", "2020年3月18日")
    assert right + (LINE_CHARS - left - right) / 2 == DATE_RIGHT + Fraction(13, 4)


def test_the_attachment_line_hangs_under_the_first_character_of_its_name() -> None:
    assert attachment_hang("附件：通道县政务服务中心2020年部门预算公开表") == 3
    assert attachment_hang("附件：1.通道县政务服务中心2020年部门预算公开表") == 3 + Fraction(1)
    assert attachment_hang("附件") == 0


@given(st.text(_CJK, min_size=90, max_size=400))  # more than four lines
def test_a_title_too_long_to_balance_is_filled_line_by_line(name: str) -> None:
    title = f"{name}2021年部门预算说明"
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(width(line) <= TITLE_CHARS for line in lines)
    assert all(width(line) > TITLE_CHARS - 1 for line in lines[:-1])  # full lines, only the last is short
