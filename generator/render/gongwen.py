"""GB/T 9704 placement that depends on the text: title line breaks, 署名 over 日期, 附件 hanging indent.

Pure functions on widths measured in 字 (one 三号 Chinese character); a
character of East Asian width "W"/"F" is one 字, anything else half of one,
which is how the Latin font (Times New Roman) sets digits and letters beside
the Chinese ones.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction

#: Characters per body line (GB/T 9704: 22 lines × 28 characters).
LINE_CHARS = 28
#: 二号 title characters per line: 156 mm ÷ 22 pt.
TITLE_CHARS = Fraction(44220, 2200)
#: The 成文日期 stands four 字 from the right edge (GB/T 9704 7.3.5.2).
DATE_RIGHT = 4


def width(text: str) -> Fraction:
    """Width of ``text`` in 字."""
    return sum((Fraction(1) if unicodedata.east_asian_width(c) in "WF" else Fraction(1, 2) for c in text), Fraction(0))


def _breakable(text: str, i: int) -> bool:
    """A line may break before ``text[i]``: not inside a number or a Latin word, nothing alone on a line."""
    if i < 2 or i > len(text) - 2:
        return False
    return not (text[i - 1].isascii() and text[i].isascii() and text[i - 1].isalnum() and text[i].isalnum())


def title_lines(text: str, per_line: Fraction = TITLE_CHARS) -> list[str]:
    """Break a title into the fewest lines that fit, as even in width as possible.

    GB/T 9704 sets a long title on several lines; a short last line ("说明"
    alone) looks broken, so the break points are chosen to balance the lines.
    """
    total = width(text)
    if total <= per_line:
        return [text]
    count = int(-(-total // per_line))
    best: tuple[Fraction, list[str]] | None = None
    for lines in _splits(text, count):
        widest = max(width(line) for line in lines)
        if widest <= per_line and (best is None or widest < best[0]):
            best = (widest, lines)
    if best is None:
        return [text] if count > 4 else title_lines(text, per_line * Fraction(count + 1, count))
    return best[1]


def _splits(text: str, count: int) -> list[list[str]]:
    if count == 1:
        return [[text]]
    out = []
    for i in range(2, len(text) - 1):
        if _breakable(text, i):
            out += [[text[:i], *rest] for rest in _splits(text[i:], count - 1)]
    return out


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
