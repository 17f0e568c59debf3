"""Last year's figures and the reasons of the change: from the 三公 and 机关运行经费 tables and the 说明.

The 三公经费表 and 机关运行经费表 print last year's budget (exact to the 万元 cent); the 说明
explains each public 项 "比上年预算增加3.00万元，主要原因是……" — last year's figure is this year's
less the change (to 100 元, a comment says so). A 项 the 说明 does not explain (or no 说明) is written
as unchanged, with a comment asking for last year's figure.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetgen.definitions import DEFINED_TERMS
from budgetgen.importer.draft import Draft, number
from budgetgen.importer.margins import Margins
from budgetgen.money import TEN_THOUSAND
from budgetgen.profile import Profile

ITEM = re.compile(
    r"^[（(][一二三四五六七八九十百零\d]+[）)](?P<lei>.+?)（类）(?P<kuan>.+?)（款）(?P<xiang>.+?)（项）"
    r"[\d,]+(?:\.\d+)?万元(?:，与上年预算持平|，比上年预算(?P<dir>增加|减少)(?P<wan>[\d,]+(?:\.\d+)?)万元"
    r"(?:，主要原因是(?P<why>.+?))?)?。"
)
WHY = re.compile(r"比上年预算(?:增加|减少)[\d,.]+万元，主要原因是(.+?)[。；]")
TOTAL = re.compile(
    r"较(?:上年|\d{4}年)(增加|减少)([\d,]+(?:\.\d+)?)万元(?:，(?:增长|下降)[\d.]+%)?，主要原因是(.+?)[。；]"
)


def stock(p: Profile, paragraphs: list[str]) -> dict[str, Any]:
    """存量资产 by category as the 说明 states them for the department ("房屋及建筑物2470.5平方米，车辆2辆…")."""
    best: dict[str, str] = {}
    for text in paragraphs:  # the paragraph naming the most categories (a reason may mention "车辆1辆")
        found = {c: m[1] for c in p.asset_categories if (m := re.search(re.escape(c) + r"(\d+(?:\.\d+)?)", text))}
        if len(found) > max(1, len(best)):
            best = found
    return {c: number(Decimal(v)) for c, v in best.items()}


def read_paragraphs(path: Path) -> list[str]:
    """The 说明's paragraphs (as the audit reads .docx/.pdf)."""
    from budgetgen.audit.package import read_package

    return [p.text for p in read_package([path]).paragraphs]


def _signed(direction: str, wan: str) -> Decimal:
    value = Decimal(wan.replace(",", "")) * TEN_THOUSAND
    return value if direction == "增加" else -value


def _items(paragraphs: list[str], names: dict[str, str], funcs: list[str]) -> dict[str, tuple[Decimal, str]]:
    """功能科目 → (change in 元, reason) for each 项 the 说明 explains."""
    path_of = {(names.get(f[:3], ""), names.get(f[:5], ""), names.get(f, "")): f for f in funcs}
    out: dict[str, tuple[Decimal, str]] = {}
    for text in paragraphs:
        hit = ITEM.match(text.strip())
        if hit is None:
            continue
        func = path_of.get((hit["lei"], hit["kuan"], hit["xiang"]))
        if func is not None:
            change = _signed(hit["dir"], hit["wan"]) if hit["dir"] else Decimal(0)
            out[func] = (change, hit["why"] or "")
    return out


def _totals(m: Margins, paragraphs: list[str], prior: dict[str, Any], reasons: dict[str, Any], draft: Draft) -> None:
    """Last year's 收入合计/支出合计 and their reason from the 说明's "较上年增加…万元，主要原因是……"."""
    for text in paragraphs:
        if hit := TOTAL.search(text):
            this_year = sum((sums.get("total", Decimal(0)) for sums in m.income.values()), Decimal(0))
            last = this_year - _signed(hit[1], hit[2])
            for key in ("收入合计", "支出合计"):
                prior[key] = number(last)
                draft.note(("上年", key), "由说明中较上年增减的万元数推算（精确到百元），请按上年预算核对")
                reasons[key[:2]] = hit[3]
            return


def _by_func(m: Margins, p: Profile, paragraphs: list[str], draft: Draft) -> tuple[dict[str, Any], dict[str, str]]:
    """Last year's figure and the reason of each public 项 (this year's where the 说明 is silent)."""
    public = m.views.get(p.public, {})
    funcs = sorted(public)
    explained = _items(paragraphs, m.names, funcs)
    by_func: dict[str, Any] = {}
    why_func: dict[str, str] = {}
    for func in funcs:
        change, why = explained.get(func, (Decimal(0), ""))
        by_func[func] = number(public[func].get("total", Decimal(0)) - change)
        if func not in explained:
            draft.note(("上年", "功能分类", func), "待核对：说明中没有本项较上年的增减，暂按本年数（持平）填写")
        elif change:
            draft.note(("上年", "功能分类", func), "由说明中较上年增减的万元数推算（精确到百元）")
        if why and change:
            why_func[func] = why
    if funcs and not explained:
        draft.warn("上年各功能科目的预算数只在说明中逐项列出；未提供说明（--docx），已按本年数填写，请按上年预算改正")
    return by_func, why_func


def _reasons(p: Profile, paragraphs: list[str], reasons: dict[str, Any]) -> None:
    """The reasons the 说明 gives for the change of 三公经费 and 机关运行经费."""
    sangong_names = [s.name for s in p.sangong]
    running = DEFINED_TERMS[0]
    for text in paragraphs:
        hit = WHY.search(text)
        if hit is None:
            continue
        if sum(n in text for n in sangong_names) >= 2:
            reasons.setdefault("三公经费", hit[1])
        elif running in text:
            reasons.setdefault(running, hit[1])


def prior_year(m: Margins, p: Profile, paragraphs: list[str], draft: Draft) -> None:
    """``上年`` and ``变动原因`` of the source, each figure commented with where it came from."""
    prior: dict[str, Any] = {}
    reasons: dict[str, Any] = {}
    _totals(m, paragraphs, prior, reasons, draft)
    shown = {s.name: m.sangong_prior.get(s.field, Decimal(0)) for s in p.sangong}
    if m.sangong_prior:
        prior["三公经费"] = {k: number(v) for k, v in shown.items() if v} or dict.fromkeys(shown, 0)
    if m.running_prior is not None:
        prior[DEFINED_TERMS[0]] = number(m.running_prior)
    by_func, why_func = _by_func(m, p, paragraphs, draft)
    if by_func:
        prior["功能分类"] = by_func
    _reasons(p, paragraphs, reasons)
    if why_func:
        reasons["功能分类"] = why_func
    if not paragraphs and prior:
        draft.warn("较上年变动的原因只在说明中；未提供说明（--docx），请在“变动原因”中填写，budgetgen check 会逐项提示")
    if prior:
        draft.data["上年"] = prior
    if reasons:
        draft.data["变动原因"] = reasons
