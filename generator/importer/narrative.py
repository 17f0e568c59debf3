"""Texts from the 说明 (.docx/.pdf, read as :mod:`budgetgen.audit.package` reads it).

Only what the tables cannot give: 主要职能 and 机构设置 (the paragraphs under those headings; the
staff sentence budgetgen writes itself from 人员 is left out of 机构设置, and gives the 简称 and the
岗位说明 it names), the 落款 date, the reasons of each year-on-year change (收入, 支出, 机关运行经费,
三公经费: by the heading they stand under), the change itself (a 万元 figure, so last year's totals
are only approximate and are written as a placeholder to fill), 政府采购 by 类型, and the 名词解释
entries other than the two budgetgen generates from the declared 口径. docs/import-reading.md lists
what else the 说明 says and why it is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgetgen import narrate
from budgetgen.audit.package import read_package
from budgetgen.definitions import DEFINED_TERMS

HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|第[一二三四五六七八九十]+部分)")
CHAPTER = re.compile(r"^[一二三四五六七八九十]+、")
#: A 名词解释 entry: ``1、机关运行经费：是指……``.
ENTRY = re.compile(r"^\d+[、.．]\s*([^：:]{1,30})[：:]\s*(.*)$")
#: The staff sentence of 机构设置 (``2020年政务中心编制人数10名……实有人数9人，其中：管理岗位9人。``).
STAFF = re.compile(r"^\d{4}年(.{1,40}?)(?:(?:行政及参公|行政|事业|工勤)?编制人数|没有核定编制)")
STAFF_NOTE = re.compile(r"实有人数\d+人[，,]其中[:：](.+?)[。；;]")
STAFF_EXTRA = re.compile(r"另有(.+?)(?:。|$)")
#: Which change a heading's reason belongs to (变动原因 key), tried in order.
TOPICS = (
    ("拨款支出预算", ""),
    ("收入预算", "收入"),
    ("支出预算", "支出"),
    ("机关运行经费", "机关运行经费"),
    ("三公", "三公经费"),
)
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
REASON = re.compile(r"(?:(?:增加|减少)的?|主要)原因(?:是|为|主要是)[:：]?(.+?)[。；]")
TITLE = re.compile(r"^(.+?)\d{4}年(?:度)?部门预算")
WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万元?")
LEAD = "，,；;、：:和及与"
#: 政府采购 by 类型 in the 说明 ("其中：货物类12.00万元，服务类3.00万元", mof: "政府采购货物预算12.00万元").
PROCUREMENT_KIND = re.compile(r"(货物|工程|服务)(?:类|预算)*\s*(\d+(?:\.\d+)?)\s*万元")
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
    short_name: str = ""
    """The name the staff sentence of 机构设置 uses (``政务中心``)."""
    staff_note: str = ""
    """What the staff sentence says after 实有人数…，其中 (a 人员.岗位说明: ``管理岗位9人``)."""
    staff_extra: dict[str, int] = field(default_factory=dict)
    """People beyond the payroll the staff sentence counts (``另有公益性岗位1人，临时工2人``)."""
    reasons: dict[str, str] = field(default_factory=dict)
    """变动原因 key (收入, 支出, 机关运行经费, 三公经费) → the first reason stated under its heading."""
    glossary: list[tuple[str, str]] = field(default_factory=list)
    """名词解释 entries other than the defined terms (机关运行经费, 三公经费), in order."""
    items: list[tuple[str, Decimal]] = field(default_factory=list)
    """(name, 万元) of each "名称32.00万元" the narrative lists, in order (projects among them)."""
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    """变动原因 key → (增加/减少, 万元 text) of the first change stated under its heading."""
    procurement: dict[str, Decimal] = field(default_factory=dict)
    """政府采购 by 类型 (货物/工程/服务) in 万元, as the 政府采购 paragraph states it (a 类型 it leaves out is 0)."""


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


def _glossary(paragraphs: list[str]) -> list[tuple[str, str]]:
    """The 名词解释 chapter's entries (an unnumbered paragraph continues the entry before it)."""
    start = next((i for i, t in enumerate(paragraphs) if CHAPTER.match(t) and "名词解释" in t), None)
    out: list[tuple[str, str]] = []
    for text in paragraphs[start + 1 :] if start is not None else ():
        if CHAPTER.match(text):
            break
        if hit := ENTRY.match(text):
            out.append((hit.group(1).strip(), hit.group(2).strip()))
        elif out and text.strip():
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{text.strip()}")
    return [(term, text) for term, text in out if term not in DEFINED_TERMS and text]


def _setup(out: Texts, body: str) -> None:
    """机构设置 without the staff sentence (budgetgen writes it from 人员); its 简称 and 岗位说明."""
    kept = []
    for text in body.split("\n"):
        hit = STAFF.match(text)
        if hit is None or "实有人数" not in text:
            kept.append(text)
            continue
        out.short_name = out.short_name or hit.group(1).strip()
        if note := STAFF_NOTE.search(text):
            out.staff_note = out.staff_note or note.group(1).strip()
        if extra := STAFF_EXTRA.search(text):
            words = "|".join(map(re.escape, narrate.STAFF_EXTRA))
            for label, n in re.findall(rf"({words})(\d+)人", extra.group(1)):
                out.staff_extra.setdefault(label, int(n))
    out.setup = "\n".join(kept).strip()


def _topic(text: str, current: str) -> str:
    """The 变动原因 key of a heading paragraph (empty: none), or ``current`` for a body paragraph."""
    if not HEADING.match(text):
        return current
    head = re.split(r"[，,：:]", text, maxsplit=1)[0]
    return next((key for words, key in TOPICS if words in head), "")


def read_texts(path: Path) -> Texts:
    """The texts of one narrative file (raises PackageError when it cannot be read)."""
    paragraphs = [p.text for p in read_package([path]).paragraphs]
    out = Texts(_section(paragraphs, "主要职能"))
    _setup(out, _section(paragraphs, "机构设置"))
    out.glossary = _glossary(paragraphs)
    if paragraphs and (hit := TITLE.match(paragraphs[0])):
        out.name = hit.group(1)
    topic = ""
    for text in paragraphs:
        if CHAPTER.match(text) and "名词解释" in text:
            break  # definitions, not this year's reasons
        topic = _topic(text, topic)
        if topic and (reason := REASON.search(text)):
            out.reasons.setdefault(topic, reason.group(1).strip())
        if topic and (change := CHANGE.search(text)):
            out.changes.setdefault(topic, (change.group(1), change.group(2)))
        out.items += _items(text)
        if "政府采购预算总额" in text and not out.procurement:
            total = WAN.search(text.split("政府采购预算总额", 1)[1])
            kinds = {k: Decimal(v) for k, v in PROCUREMENT_KIND.findall(text)}
            if kinds or (total is not None and not Decimal(total.group(1))):
                out.procurement = {k: kinds.get(k, Decimal(0)) for k in ("货物", "工程", "服务")}
    for text in paragraphs:  # the 落款 follows the 名词解释
        if hit := DATE.match(text):
            out.date = f"{hit.group(1)}-{int(hit.group(2)):02d}-{int(hit.group(3)):02d}"
    return out
