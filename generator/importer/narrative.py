"""Texts from the 说明 (.docx/.pdf, read as :mod:`budgetgen.audit.package` reads it).

Only what the tables cannot give: 主要职能 and 机构设置 (the paragraphs under those headings),
the 落款 date, the reasons of the year-on-year change, and the change itself (a 万元 figure, so
last year's totals are only approximate and are written as a placeholder to fill).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgetgen.audit.package import read_package

HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|第[一二三四五六七八九十]+部分)")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
REASON = re.compile(r"(?:(?:增加|减少)的?|主要)原因(?:是|为|主要是)[:：]?(.+?)[。；]")
TITLE = re.compile(r"^(.+?)\d{4}年(?:度)?部门预算")
WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万元?")
LEAD = "，,；;、：:和及与"
CHANGE = re.compile(r"较(?:去年|上年|\d{4}年)(增加|减少)了?\s*(\d+(?:\.\d+)?)\s*万元")


@dataclass
class Texts:
    """What the narrative says that the source needs."""

    duties: str = ""
    setup: str = ""
    date: str = ""
    name: str = ""
    """The department's name as a sheet's 单位名称 line or the 说明's title gives it."""
    date_from: str = ""
    """Where ``date`` was read when not from the narrative's 落款."""
    reasons: list[str] = field(default_factory=list)
    items: list[tuple[str, Decimal]] = field(default_factory=list)
    """(name, 万元) of each "名称32.00万元" the narrative lists, in order (projects among them)."""
    changes: list[tuple[str, str]] = field(default_factory=list)
    """(增加/减少, 万元 text) in the order the narrative says them (收入 first)."""


def _section(paragraphs: list[str], title: str) -> str:
    for i, text in enumerate(paragraphs):
        if title in text and HEADING.match(text):
            rest = text.split(title, 1)[1].lstrip("：: ")
            body = [rest] if rest else []
            for after in paragraphs[i + 1 :]:
                if HEADING.match(after):
                    break
                body.append(after)
            return "\n".join(body).strip()
    return ""


def _items(text: str) -> list[tuple[str, Decimal]]:
    """Each figure in 万元 with the words since the previous figure (or sentence break) as its name."""
    out = []
    start = 0
    for hit in WAN.finditer(text):
        words = text[start : hit.start()]
        start = hit.end()
        words = re.split(r"[。：:；;]", words)[-1].strip(LEAD + " ")
        if words:
            out.append((words, Decimal(hit.group(1))))
    return out


def read_texts(path: Path) -> Texts:
    """The texts of one narrative file (raises PackageError when it cannot be read)."""
    paragraphs = [p.text for p in read_package([path]).paragraphs]
    out = Texts(_section(paragraphs, "主要职能"), _section(paragraphs, "机构设置"))
    if paragraphs and (hit := TITLE.match(paragraphs[0])):
        out.name = hit.group(1)
    for text in paragraphs:
        if hit := DATE.match(text):
            out.date = f"{hit.group(1)}-{int(hit.group(2)):02d}-{int(hit.group(3)):02d}"
        out.reasons += [r.strip() for r in REASON.findall(text)]
        out.changes += CHANGE.findall(text)
        out.items += _items(text)
    return out
