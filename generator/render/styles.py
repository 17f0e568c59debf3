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
#: Character spacing of the body text, in twips: 28 × (16 pt − 0.25 pt) = 441 pt fits the 442.2 pt line, 29 would not.
#: This, with a *line* grid (22 lines), is how the 28 characters come about. Word's line-and-character grid
#: would narrow the pitch by itself, but LibreOffice gives a 16 pt character two 15.79 pt grid cells and
#: sets 14 characters a line, so a county opening the .docx in LibreOffice (or converting it) would see that.
GRID_KERN = -5
#: One 字 as set: a 三号 character (16 pt) plus the spacing, 15.75 pt.
CHAR_TWIPS = SIZE_3HAO * 10 + GRID_KERN
INDENT_2_CHARS = 2 * CHAR_TWIPS
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
    #: "exact" for the 28.95 pt body grid; "auto" where a fixed height would clip (page numbers).
    line_rule: str = "exact"
    #: Characters sit on the document grid (28 a line); the 二号 title and the footer do not.
    on_grid: bool = True


BODY = ParaStyle("Normal", "Normal", "仿宋_GB2312", SIZE_3HAO, first_line=INDENT_2_CHARS)
PARA_STYLES: tuple[ParaStyle, ...] = (
    BODY,
    ParaStyle(
        "Title",
        "Title",
        "方正小标宋简体",
        SIZE_2HAO,
        align="center",
        line=700,
        space_after=579,
        keep_next=True,
        on_grid=False,
    ),
    ParaStyle("Heading1", "heading 1", "黑体", SIZE_3HAO, first_line=INDENT_2_CHARS, outline=0, keep_next=True),
    ParaStyle("Heading2", "heading 2", "楷体_GB2312", SIZE_3HAO, first_line=INDENT_2_CHARS, outline=1, keep_next=True),
    # 成文日期右空四字, the 署名 centred over it, two blank lines below the text (GB/T 9704 7.3.5.2).
    ParaStyle("Signature", "Signature", "仿宋_GB2312", SIZE_3HAO, align="right", right_indent=INDENT_2_CHARS * 2),
    ParaStyle(
        "SignatureName",
        "Signature Name",
        "仿宋_GB2312",
        SIZE_3HAO,
        align="center",  # centred over the date: each paragraph gets its indents from render.gongwen
        space_before=LINE_EXACT * 2,
    ),
    ParaStyle("Attachment", "Attachment", "仿宋_GB2312", SIZE_3HAO, first_line=INDENT_2_CHARS, space_before=LINE_EXACT),
    ParaStyle("Footer", "footer", "宋体", SIZE_4HAO, line=240, line_rule="auto", on_grid=False),
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
