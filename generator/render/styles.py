"""Document styles, defined once: GB/T 9704-2012 layout with East Asian fonts.

Pure data; :mod:`budgetgen.render.docx` turns it into ``styles.xml``. Sizes are
in half-points (Word's ``w:sz``), lengths in twentieths of a point (twips).
Font names are house style (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体); the
standard itself names only 小标宋体/仿宋体/楷体/黑体.
"""

from __future__ import annotations

from dataclasses import dataclass

SIZE_2HAO = 44  # 二号 22 pt
SIZE_3HAO = 32  # 三号 16 pt
SIZE_4HAO = 28  # 四号 14 pt
LINE_EXACT = 579  # 28.95 pt: 225 mm text block / 22 lines
INDENT_2_CHARS = 640  # two 三号 characters
LATIN_FONT = "Times New Roman"


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """One paragraph style."""

    style_id: str
    name: str
    east_asia: str
    size: int
    align: str = "both"
    first_line: int = 0
    right_indent: int = 0
    line: int = LINE_EXACT
    bold: bool = False
    outline: int | None = None
    space_after: int = 0
    space_before: int = 0
    keep_next: bool = False


BODY = ParaStyle("Normal", "Normal", "仿宋_GB2312", SIZE_3HAO, first_line=INDENT_2_CHARS)
STYLES: tuple[ParaStyle, ...] = (
    BODY,
    ParaStyle("Title", "Title", "方正小标宋简体", SIZE_2HAO, align="center", line=700, space_after=579, keep_next=True),
    ParaStyle("Heading1", "heading 1", "黑体", SIZE_3HAO, first_line=INDENT_2_CHARS, outline=0, keep_next=True),
    ParaStyle("Heading2", "heading 2", "楷体_GB2312", SIZE_3HAO, first_line=INDENT_2_CHARS, outline=1, keep_next=True),
    # 成文日期右空四字; the 署名 above it starts two blank lines below the text (GB/T 9704 7.3.5).
    ParaStyle("Signature", "Signature", "仿宋_GB2312", SIZE_3HAO, align="right", right_indent=INDENT_2_CHARS * 2),
    ParaStyle(
        "SignatureName",
        "Signature Name",
        "仿宋_GB2312",
        SIZE_3HAO,
        align="right",
        right_indent=INDENT_2_CHARS * 2,
        space_before=LINE_EXACT * 2,
    ),
    ParaStyle("Attachment", "Attachment", "仿宋_GB2312", SIZE_3HAO, first_line=INDENT_2_CHARS, space_before=LINE_EXACT),
    ParaStyle("Footer", "footer", "宋体", SIZE_4HAO, line=240),
)

#: Block kind (see :mod:`budgetgen.render.narrative`) → paragraph style name.
BLOCK_STYLES = {
    "title": "Title",
    "h1": "heading 1",
    "h2": "heading 2",
    "p": "Normal",
    "right": "Signature",
    "sign": "Signature Name",
    "attach": "Attachment",
}

#: Page setup in millimetres: A4, margins 上37 下35 左28 右26.
PAGE_MM = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26, "footer": 25}

#: Fonts declared in ``fontTable.xml``: name → (alternative name, family, pitch). Word falls back to
#: the alternative (e.g. 仿宋 for 仿宋_GB2312, which recent Windows no longer ships) when a font is missing.
FONTS: dict[str, tuple[str, str]] = {
    "仿宋_GB2312": ("仿宋", "modern"),
    "楷体_GB2312": ("楷体", "modern"),
    "黑体": ("SimHei", "modern"),
    "方正小标宋简体": ("宋体", "roman"),
    "宋体": ("SimSun", "roman"),
    LATIN_FONT: ("Times New Roman", "roman"),
}
