"""GB/T 9704 placement that depends on the text: title line breaks, 署名 over 日期, 附件 hanging indent.

Pure functions on widths measured in 字 (one 三号 Chinese character); a
character of East Asian width "W"/"F" is one 字, anything else half of one,
which is how the Latin font (Times New Roman) sets digits and letters beside
the Chinese ones. Chinese quotation marks count as full width (see
:mod:`budgetgen.render.docx`).
"""

from __future__ import annotations

import itertools
import unicodedata
from fractions import Fraction

#: Characters per body line (GB/T 9704: 22 lines × 28 characters).
LINE_CHARS = 28
#: 二号 title characters per line: 156 mm ÷ 22 pt.
TITLE_CHARS = Fraction(44220, 2200)
#: The 成文日期 stands four 字 from the right edge (GB/T 9704 7.3.5.2).
DATE_RIGHT = 4


#: Ambiguous-width marks that the .docx sets full width, in the Chinese font (quotes, ——, ……).
FULL_WIDTH_MARKS = "“”‘’—…"


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF" or c in FULL_WIDTH_MARKS


def width(text: str) -> Fraction:
    """Width of ``text`` in 字."""
    return sum((Fraction(1) if _wide(c) else Fraction(1, 2) for c in text), Fraction(0))


def _breakable(text: str, i: int) -> bool:
    """A line may break before ``text[i]``: not inside a number or a Latin word, nothing alone on a line."""
    if i < 2 or i > len(text) - 2:
        return False
    return not (text[i - 1].isascii() and text[i].isascii() and text[i - 1].isalnum() and text[i].isalnum())


#: A title line may well end after these (the end of an organ's name) or before a year.
_WORD_ENDS = (
    "委员会",
    "办公室",
    "中心",
    "政府",
    "县",
    "市",
    "区",
    "局",
    "委",
    "院",
    "所",
    "站",
    "会",
    "馆",
    "队",
    "室",
    "部",
    "处",
    "办",
    "校",
    "社",
    "场",
)
#: What breaking inside a word costs, in 字 of imbalance: GB/T 9704 asks for lines "词意完整，排列对称".
_MID_WORD = 3


def _mid_word(text: str, i: int) -> int:
    """1 when a break before ``text[i]`` cuts a word (it is not after an organ's name or before a year)."""
    return 0 if text[:i].endswith(_WORD_ENDS) or text[i].isdigit() else 1


def _fewest_cuts(text: str, points: list[int], at: list[Fraction], count: int, widest: Fraction) -> list[int] | None:
    """Break points for ``count`` lines none wider than ``widest``, cutting as few words as possible.

    ``points`` are the allowed line starts (first 0, last ``len(text)``), ``at`` the width of the text
    before each of them.
    """
    last = len(points) - 1
    # best[k][j]: (words cut, index of the previous point) for k lines ending at points[j]
    best: list[dict[int, tuple[int, int]]] = [{0: (0, -1)}] + [{} for _ in range(count)]
    for k in range(1, count + 1):
        for j in range(1, last + 1):
            cut = _mid_word(text, points[j]) if j < last else 0
            for i, (cuts, _) in best[k - 1].items():
                if i < j and at[j] - at[i] <= widest and (j not in best[k] or cuts + cut < best[k][j][0]):
                    best[k][j] = (cuts + cut, i)
    if last not in best[count]:
        return None
    chosen, j = [], last
    for k in range(count, 1, -1):
        j = best[k][j][1]
        chosen.append(points[j])
    return chosen[::-1]


#: More lines than this and the title is filled line by line instead of balanced.
MAX_TITLE_LINES = 4


def _filled(text: str, per_line: Fraction) -> list[str]:
    lines, start = [], 0
    for i in range(1, len(text) + 1):
        if width(text[start:i]) > per_line:
            lines.append(text[start : i - 1])
            start = i - 1
    return [*lines, text[start:]]


def title_lines(text: str, per_line: Fraction = TITLE_CHARS) -> list[str]:
    """Break a title into the fewest lines that fit, balanced, preferring breaks between words.

    GB/T 9704 sets a long title on several lines "词意完整，排列对称": a short
    last line ("说明" alone) or a word cut in two looks broken. Each width from
    the even share up to a full line is tried (in half-字 steps) with the split
    that cuts fewest words; the best trades imbalance against cut words at
    :data:`_MID_WORD` 字 per cut.
    """
    total = width(text)
    if total <= per_line:
        return [text]
    count = int(-(-total // per_line))
    if count > MAX_TITLE_LINES:  # not a title any more: fill the lines
        return _filled(text, per_line)
    points = [0, *(i for i in range(len(text)) if _breakable(text, i)), len(text)]
    at = [width(text[:i]) for i in points]
    best: tuple[Fraction, list[int]] | None = None
    widest = Fraction(int(total / count * 2), 2)
    while widest <= per_line:
        cuts = _fewest_cuts(text, points, at, count, widest)
        if cuts is not None:
            lines = [text[a:b] for a, b in itertools.pairwise([0, *cuts, len(text)])]
            cost = max(width(line) for line in lines) + _MID_WORD * sum(_mid_word(text, c) for c in cuts)
            if best is None or cost < best[0]:
                best = (cost, cuts)
        widest += Fraction(1, 2)
    if best is None:
        return [text]
    return [text[a:b] for a, b in itertools.pairwise([0, *best[1], len(text)])]


def signature_box(name: str, date: str) -> tuple[Fraction, Fraction]:
    """Left and right indent (in 字) of a centred 署名 paragraph so that it is centred over the 日期.

    The date is set right-aligned four 字 from the right edge; the name is
    centred on the date's centre, for any length. A name too long for that
    keeps the same centre until it reaches the right edge, then grows left.
    """
    w_date, w_name = width(date), width(name) + Fraction(1, 2)  # half a 字 of slack against rounding
    centre = DATE_RIGHT + w_date / 2  # distance of the date's centre from the right edge
    half = max(w_date, w_name) / 2
    right = max(Fraction(0), centre - half)
    left = max(Fraction(0), LINE_CHARS - right - 2 * half)
    return left, right


def attachment_hang(text: str) -> Fraction:
    """How far the wrapped lines of a 附件 line hang: the width up to the first character of the name.

    GB/T 9704 7.3.4: a long attachment name wraps under its own first character,
    i.e. after "附件：" and after a sequence number such as "1." when there is one.
    """
    head, colon, rest = text.partition("：")
    if not colon:
        return Fraction(0)
    number = 0
    while number < len(rest) and (rest[number].isdigit() or rest[number] in ".．"):
        number += 1
    return width(head + colon + rest[:number])
