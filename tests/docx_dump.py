"""Normalized text dumps of a built .docx, for golden files and assertions."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.oxml.ns import qn


def _with_fields(paragraph: Any) -> str:
    """Paragraph text with simple fields shown as ``{PAGE}``."""
    out = []
    for el in paragraph._p.iter():
        if el.tag == qn("w:t") and el.getparent().getparent().tag != qn("w:fldSimple"):
            out.append(el.text or "")
        elif el.tag == qn("w:fldSimple"):
            out.append("{" + el.get(qn("w:instr")).strip() + "}")
    return "".join(out)


def _direct_indent(paragraph: Any) -> str:
    """A paragraph's own indents (twips), as ``[left=… right=…]``; empty when it has none."""
    ppr = paragraph._p.pPr
    ind = None if ppr is None else ppr.find(qn("w:ind"))
    if ind is None:
        return ""
    return " [" + " ".join(f"{k.split('}')[1]}={v}" for k, v in sorted(ind.attrib.items())) + "]"


def dump_docx(data: bytes) -> str:
    """One line per paragraph: ``style | text``; then the footers and page setup."""
    doc = docx.Document(io.BytesIO(data))
    lines = [f"{p.style.name}{_direct_indent(p)} | {p.text}" for p in doc.paragraphs]
    section = doc.sections[0]
    for label, footer in (("odd", section.footer), ("even", section.even_page_footer)):
        p = footer.paragraphs[0]
        lines.append(f"[footer {label}] {p.style.name} {p.alignment} | {_with_fields(p)}")
    mm = {
        k: round(getattr(section, k).mm)
        for k in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    }
    lines.append(f"[page] {mm}")
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        lines.append(f"[grid] {dict(sorted((k.split('}')[1], v) for k, v in grid.attrib.items()))}")
    return "\n".join(lines) + "\n"


def docx_text(data: bytes) -> str:
    """All paragraph text, one paragraph per line."""
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def part(data: bytes, name: str) -> str:
    """One XML part of the package, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")
