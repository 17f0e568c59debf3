"""The only module that touches python-docx: blocks → a reproducible .docx.

The document starts from a tiny package assembled here (no 788 KB default
template), with our own ``styles.xml`` built from :mod:`budgetgen.render.styles`,
so every style is ours and carries explicit ``w:eastAsia`` fonts and no theme
font attributes. Zip entries get fixed timestamps and the core properties come
from the source's date, so the same source gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, timezone
from functools import cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from budgetgen.render import gongwen
from budgetgen.render.narrative import Block, BlockKind
from budgetgen.render.styles import (
    BLOCK_STYLES,
    CHAR_TWIPS,
    FONTS,
    GRID_KERN,
    LATIN_FONT,
    LINE_EXACT,
    PAGE_MM,
    PARA_STYLES,
    ParaStyle,
)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _fonts(east_asia: str) -> str:
    latin = quoteattr(LATIN_FONT)
    return f"<w:rFonts w:ascii={latin} w:hAnsi={latin} w:cs={latin} w:eastAsia={quoteattr(east_asia)}/>"


def _style_xml(s: ParaStyle) -> str:
    ppr = [
        f'<w:spacing w:before="{s.space_before}" w:after="{s.space_after}" w:line="{s.line}" '
        f'w:lineRule="{s.line_rule}"/>',
        f'<w:ind w:firstLine="{s.first_line}" w:right="{s.right_indent}"/>',
        f'<w:jc w:val="{s.align}"/>',
    ]
    if not s.on_grid:
        ppr.insert(0, '<w:snapToGrid w:val="0"/>')
    if s.keep_next:
        ppr.insert(0, "<w:keepNext/>")
    if s.outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{s.outline}"/>')
    bold = "<w:b/><w:bCs/>" if s.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    kern = f'<w:spacing w:val="{GRID_KERN}"/>' if s.on_grid else ""
    rpr = f'{_fonts(s.east_asia)}{bold}{kern}<w:sz w:val="{s.size}"/><w:szCs w:val="{s.size}"/>'
    default = ' w:default="1"' if s.style_id == "Normal" else ""
    based = "" if s.style_id == "Normal" else '<w:basedOn w:val="Normal"/>'
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{s.style_id}"><w:name w:val="{s.name}"/>{based}'
        f"<w:qFormat/><w:pPr>{''.join(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def styles_xml() -> str:
    """Our whole ``styles.xml``: document defaults plus the styles of :mod:`styles`."""
    body = PARA_STYLES[0]
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(body.east_asia)}<w:sz w:val="{body.size}"/>'
        f'<w:szCs w:val="{body.size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault/></w:docDefaults>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{_W}">{defaults}'
        f"{''.join(_style_xml(s) for s in PARA_STYLES)}</w:styles>"
    )


def fonts_xml() -> str:
    """``fontTable.xml`` declaring every font we use, with the alternative Word should fall back to."""
    fonts = "".join(
        f'<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(alt)}/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, (alt, family) in FONTS.items()
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{_W}">{fonts}</w:fonts>'


@cache
def _base_package() -> bytes:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{_CT}.settings+xml"/>'
            f'<Override PartName="/word/fontTable.xml" ContentType="{_CT}.fontTable+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{_R}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rId3" Type="{_R}/fontTable" Target="fontTable.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body><w:sectPr/></w:body></w:document>'
        ),
        "word/styles.xml": styles_xml(),
        "word/fontTable.xml": fonts_xml(),
        "word/settings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{_W}">'
            '<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/>'
            # Word 2013+ layout: without it Word opens the file in compatibility mode.
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>'
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buf.getvalue()


def _page_field(paragraph: Paragraph) -> None:
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def _footer(paragraph: Paragraph, align: str) -> None:
    paragraph.style = "footer"
    ppr = paragraph._p.get_or_add_pPr()
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:left" if align == "left" else "w:right"), "280")
    ppr.append(ind)
    ppr.append(jc)
    _page_field(paragraph)


def _setup_page(doc: Document) -> None:
    section = doc.sections[0]
    for attr, key in (
        ("page_width", "width"),
        ("page_height", "height"),
        ("top_margin", "top"),
        ("bottom_margin", "bottom"),
        ("left_margin", "left"),
        ("right_margin", "right"),
        ("footer_distance", "footer"),
    ):
        setattr(section, attr, Mm(PAGE_MM[key]))
    doc.settings.odd_and_even_pages_header_footer = True
    _footer(section.footer.paragraphs[0], "right")  # odd pages: right, one character in
    _footer(section.even_page_footer.paragraphs[0], "left")  # even pages: left, one character in
    grid = OxmlElement("w:docGrid")  # 22 lines (GB/T 9704 5.2.2); 28 characters a line come from GRID_KERN
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_EXACT))
    section._sectPr.append(grid)


@cache
def _page_package() -> bytes:
    """The base package with the page set up (size, margins, footers, grid): the same for every document."""
    doc = docx.Document(io.BytesIO(_base_package()))
    _setup_page(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _core(doc: Document, title: str, author: str, when: date) -> None:
    stamp = datetime(when.year, when.month, when.day, tzinfo=timezone.utc)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.created, props.modified, props.revision = stamp, stamp, 1


def _repack(raw: bytes, when: date) -> bytes:
    """Rewrite the zip with fixed entry timestamps so bytes do not depend on the clock."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


_STYLE_IDS = {s.name: s.style_id for s in PARA_STYLES}


#: Marks of ambiguous width (“ ” ‘ ’ —— ……): Chinese text sets them full width, in the Chinese font.
_QUOTES = re.compile(f"([{gongwen.FULL_WIDTH_MARKS}]+)")
_EAST_ASIA = {s.style_id: s.east_asia for s in PARA_STYLES}


def _runs(text: str, style_id: str) -> str:
    """The text in runs; each quotation mark in a run of its own that names the Chinese font for every script.

    Word honours the East Asian hint; LibreOffice does not, and would set “12345”
    with narrow Western quotes taken from Times New Roman.
    """
    return "".join(
        _run(piece, _EAST_ASIA[style_id] if _QUOTES.fullmatch(piece) else None)
        for piece in _QUOTES.split(text)
        if piece
    )


def _run(text: str, font: str | None = None) -> str:
    """One run with one ``w:t``. The East Asian hint makes Word set characters of ambiguous width
    (“ ” ‘ ’ …) in the Chinese font, full width, as Chinese text expects."""
    named = "" if font is None else f" w:ascii={quoteattr(font)} w:hAnsi={quoteattr(font)} w:eastAsia={quoteattr(font)}"
    return (
        f'<w:r><w:rPr><w:rFonts{named} w:hint="eastAsia"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text, _TEXT_ENTITIES)}</w:t></w:r>'
    )


#: A carriage return would read back as a line feed (XML normalizes line ends); as a reference it stays.
_TEXT_ENTITIES = {"\r": "&#13;"}


def _twips(chars: Any) -> str:
    return str(round(chars * CHAR_TWIPS))


def _indent(**sides: Any) -> str:
    """A paragraph's own indents (in 字), overriding its style's."""
    return "<w:ind" + "".join(f' w:{side}="{_twips(chars)}"' for side, chars in sides.items()) + "/>"


def _paragraph(block: Block, date: str) -> str:
    """One paragraph; the title, 署名 and 附件 get text-dependent layout from :mod:`gongwen`."""
    style_id = _STYLE_IDS[BLOCK_STYLES[block.kind.value]]
    ppr = f'<w:pStyle w:val="{style_id}"/>'
    if block.kind is BlockKind.SIGN:
        left, right = gongwen.signature_box(block.text, date)
        ppr += _indent(left=left, right=right, firstLine=0)
    elif block.kind is BlockKind.ATTACH:
        hang = gongwen.attachment_hang(block.text)
        ppr += _indent(left=2 + hang, hanging=hang)
    lines = gongwen.title_lines(block.text) if block.kind is BlockKind.TITLE else [block.text]
    runs = "<w:r><w:br/></w:r>".join(_runs(line, style_id) for line in lines)
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def _add_blocks(body: Any, blocks: Sequence[Block]) -> None:
    """Every paragraph, written as XML text and parsed once: building them element by element through
    python-docx (style lookups, ordered child insertion) cost more than half of the document's time."""
    date = next((b.text for b in blocks if b.kind is BlockKind.RIGHT), "")
    xml = "".join(_paragraph(block, date) for block in blocks)
    parsed = parse_xml(f'<w:body xmlns:w="{_W}">{xml}</w:body>')
    at = body.index(body.sectPr)
    body[at:at] = list(parsed)


def render_docx(blocks: Sequence[Block], *, title: str, author: str, when: date) -> bytes:
    """Write ``blocks`` into a GB/T 9704-formatted document and return its bytes."""
    doc = docx.Document(io.BytesIO(_page_package()))
    _add_blocks(doc.element.body, blocks)
    _core(doc, title, author, when)
    buf = io.BytesIO()
    doc.save(buf)
    return _repack(buf.getvalue(), when)
