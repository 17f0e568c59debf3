"""Audit rule of the narrative's sign-off (落款): the issuing unit's name, then the date, right-aligned, and
the attachment note (附件说明) before them, as GB/T 9704 sets out a document's end.

The sign-off is the date alone on a line (``2020年3月18日``, or ``二〇二〇年三月十八日``), among the last lines
of a narrative; a narrative with no such line has no sign-off and the rule does not apply to it (many
published 说明 end with their last section). In a .docx the rule reads each paragraph and where it stands on
its line; in a PDF, whose lines the reader joins into paragraphs, it checks the order only (an attachment
note written after the date).
"""

from __future__ import annotations

import re

from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.package import HEADING, Paragraph
from budgetgen.audit.presentation import CENTRE, RIGHT

_NUM = "〇零一二三四五六七八九十"
DATE = rf"(?:\d{{4}}|[{_NUM}]{{4}})\s*年\s*(?:\d{{1,2}}|[{_NUM}]{{1,2}})\s*月\s*(?:\d{{1,2}}|[{_NUM}]{{1,3}})\s*日"
#: The date line; an issuing unit's name may stand before the date on the same line, spaced from it.
DATE_LINE = re.compile(rf"^(?:(.*?)[ \u3000\t]+)?({DATE})$")
ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[：:]")
#: How many of a narrative's last paragraphs may hold the sign-off.
TAIL = 6


def _is_name(text: str) -> bool:
    """A line that can be an issuing unit's name: short, no sentence punctuation, not a heading or a note.
    A name may hold 、 and parentheses (``县人民政府办公室（县人民政府研究室、县政务服务中心）``)."""
    return (
        0 < len(text) <= 80
        and not re.search(r"[。，；：:,;！？!?]", text)
        and not HEADING.match(text)
        and not ATTACHMENT.match(text)
        and not re.search(DATE, text)
    )


def _files(ctx: Context) -> dict[str, list[Paragraph]]:
    out: dict[str, list[Paragraph]] = {}
    for p in ctx.paragraphs:
        out.setdefault(p.file, []).append(p)
    return out


def _docx(paras: list[Paragraph], out: Outcome) -> None:
    tail = range(max(0, len(paras) - TAIL), len(paras))
    dated = [(i, m) for i in tail if (m := DATE_LINE.match(paras[i].text)) and (not m[1] or _is_name(m[1].strip()))]
    if not dated:
        return
    out.checked += 1
    d, m = dated[-1]
    date = paras[d]
    own_name = (m[1] or "").strip()
    for later in paras[d + 1 :]:
        if ATTACHMENT.match(later.text):
            out.findings.append(
                signoff.finding(
                    later.file,
                    later.where,
                    f"附件说明“{later.text[:30]}”排在落款日期（{date.where}）之后：按 GB/T 9704，附件说明写在正文之后、"
                    "落款之前，请移到落款单位名称之上",
                )
            )
    name = date if own_name else (paras[d - 1] if d > 0 and _is_name(paras[d - 1].text) else None)
    if name is None:
        out.findings.append(
            signoff.finding(
                date.file,
                date.where,
                f"落款只有日期“{m[2]}”，日期上方没有发文单位名称：请在日期上一行写单位全称",
            )
        )
    if date.place and date.place != RIGHT:
        out.findings.append(
            signoff.finding(
                date.file,
                date.where,
                f"落款日期没有排在右侧（{'居中' if date.place == CENTRE else '靠左'}）："
                "按 GB/T 9704，成文日期右空四字编排",
            )
        )
    if name is not None and name is not date and name.place and name.place not in (RIGHT, CENTRE):
        out.findings.append(
            signoff.finding(
                name.file,
                name.where,
                f"落款单位名称“{name.text}”排在左侧：应与成文日期一起排在右侧（以日期为准居中或右对齐）",
            )
        )


def _pdf(paras: list[Paragraph], out: Outcome) -> None:
    """PDF lines are joined into paragraphs: a date followed directly by 附件 in the last paragraphs."""
    for p in paras[-3:]:
        for m in re.finditer(DATE, p.text):
            after = p.text[m.end() :].lstrip()
            if "。" in after:
                continue
            out.checked += 1
            if ATTACHMENT.match(after):
                out.findings.append(
                    signoff.finding(
                        p.file,
                        p.where,
                        f"附件说明“{after[:30]}”排在落款日期“{m[0]}”之后：按 GB/T 9704，附件说明写在正文之后、落款之前",
                    )
                )


@rule("A-SIGN-OFF", "说明的落款有单位名称和日期、右对齐，附件说明在落款之前")
def signoff(ctx: Context) -> Outcome:
    out = Outcome()
    for file, paras in _files(ctx).items():
        if file.lower().endswith(".pdf"):
            _pdf(paras, out)
        else:
            _docx(paras, out)
    return out
