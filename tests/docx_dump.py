"""Normalized text dumps of a built .docx, for golden files and assertions."""

from __future__ import annotations

import io
import zipfile

import docx


def dump_docx(data: bytes) -> str:
    """One line per paragraph: ``style | text``; then the footers and page setup."""
    doc = docx.Document(io.BytesIO(data))
    lines = [f"{p.style.name} | {p.text}" for p in doc.paragraphs]
    section = doc.sections[0]
    lines.append(f"[footer odd] {section.footer.paragraphs[0].text}")
    lines.append(f"[footer even] {section.even_page_footer.paragraphs[0].text}")
    mm = {
        k: round(getattr(section, k).mm)
        for k in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    }
    lines.append(f"[page] {mm}")
    return "\n".join(lines) + "\n"


def docx_text(data: bytes) -> str:
    """All paragraph text, one paragraph per line."""
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def part(data: bytes, name: str) -> str:
    """One XML part of the package, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")
