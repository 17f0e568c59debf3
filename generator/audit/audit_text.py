"""Audit rules of the narrative against the tables: 万元 figures, rounding, names, staff, "无此项"."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from budgetgen.audit.changes import Change, changes, percent, rounding_changes
from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.narrative import NarrFigure, narrative_figures
from budgetgen.audit.table import amount, norm


def _missing(ctx: Context) -> Outcome | None:
    """Not applicable without a narrative; not checked without tables to compare it with."""
    if not ctx.paragraphs:
        return Outcome()
    if not ctx.tables:
        return Outcome(not_checked="没有附表，无法与说明核对")
    return None


@rule("A-NARRATIVE-FIGURE", "说明中的万元数等于附表中相应的元数四舍五入到两位小数")
def narrative_figure(ctx: Context) -> Outcome:
    if (missing := _missing(ctx)) is not None:
        return missing
    out = Outcome()
    unmatched = 0
    for f in narrative_figures(ctx):
        if f.kind in ("change", "unmatched") or f.table is None:
            unmatched += f.kind == "unmatched" or (f.kind in ("label", "project") and f.table is None)
            continue
        out.checked += 1
        want = f.expected()
        if f.stated() != want and not f.is_rounding():
            what = f"项目“{f.project}”" if f.kind == "project" else f"“{f.words or f.key}”"
            said = f"，即 {want} 万元" if f.unit != "元" or f.table.table.scale != 1 else ""
            out.findings.append(
                narrative_figure.finding(
                    f.para.file,
                    f.para.where,
                    f"说明中{what}写 {f.raw}，附表 {f.table.cell} 为 {f.table.shown()}{said}",
                )
            )
    return out


@rule("A-ROUNDING", "万元数按四舍五入取两位小数（相差 0.01 的舍入差异合并报告一次）", warn=True)
def rounding(ctx: Context) -> Outcome:
    if (missing := _missing(ctx)) is not None:
        return missing
    hits = [f for f in narrative_figures(ctx) if f.is_rounding()]
    moved = rounding_changes(ctx)
    out = Outcome(checked=sum(1 for f in narrative_figures(ctx) if f.table is not None) + len(changes(ctx)))
    if hits or moved:
        first = hits[0].para if hits else moved[0].para
        listed = [f"{f.para.where}“{f.words}”{f.value}（应为 {f.expected()}）" for f in hits]
        listed += [f"{c.para.where}“{c.text}”（本年 {c.this} 减上年 {c.last}）" for c in moved]
        out.findings.append(
            rounding.finding(
                first.file,
                first.where,
                f"{len(listed)} 个万元数与附表的元数或本年减上年之差相差 0.01，是舍入方法不同"
                f"（应为四舍五入，增减额按元计算后再折成万元）：{'；'.join(listed[:5])}",
            )
        )
    return out


@rule("A-WAN-FORMAT", "万元数一律写两位小数并写明“万元”", warn=True)
def wan_format(ctx: Context) -> Outcome:
    """Every 万元 figure to the document's decimals (two, or one throughout) and with 万元."""
    out = Outcome()
    by_para: dict[str, list[str]] = {}
    paras = {}
    for f in narrative_figures(ctx):
        if f.unit == "元":
            continue
        out.checked += 1
        digits = re.sub(r"\.+", ".", f.raw.split("万")[0].strip())  # 260..27 is A-PLACEHOLDER's
        if f.unit != "万元" or not re.fullmatch(r"-?[\d,]+" + (rf"\.\d{{{f.places}}}" if f.places else ""), digits):
            by_para.setdefault(f.para.where, []).append(f.raw.replace(" ", ""))
            paras[f.para.where] = f.para
    for where, raws in by_para.items():
        out.findings.append(
            wan_format.finding(
                paras[where].file,
                where,
                f"万元数应一律写两位小数并写“万元”：{'、'.join(raws)}（如 10.90万元、0.00万元）",
            )
        )
    return out


@rule("A-TWO-VALUES", "同一指标在说明中只有一个数")
def two_values(ctx: Context) -> Outcome:
    out = Outcome()
    seen: dict[str, tuple[NarrFigure, str, str]] = {}
    for f in narrative_figures(ctx):
        if f.kind not in ("label", "project"):
            continue
        out.checked += 1
        key = f.key
        if key in seen and not _same(seen[key][0], f):
            first, where, words = seen[key]
            out.findings.append(
                two_values.finding(
                    f.para.file,
                    f.para.where,
                    f"“{f.words}”写 {f.raw}，而{where}的“{words}”写 {first.raw}，同一个数出现两个值",
                )
            )
        seen.setdefault(key, (f, f.para.where, f.words))
    return out


def _same(a: NarrFigure, b: NarrFigure) -> bool:
    """The same amount, written in one unit, or in 元 and in 万元 (the 元 figure rounded to 万元)."""
    if a.unit == b.unit or "元" not in (a.unit, b.unit):
        return a.value == b.value
    cent = Decimal("0.01")
    return a.value.quantize(cent, rounding=ROUND_HALF_UP) == b.value.quantize(cent, rounding=ROUND_HALF_UP)


@rule("A-PROJECT-NAME", "项目名称在说明和附表中写法一致")
def project_name(ctx: Context) -> Outcome:
    out = Outcome()
    for f in narrative_figures(ctx):
        if f.kind != "project" or f.table is None:
            continue
        out.checked += 1
        said = re.sub(r"^[，,、及和与]+", "", f.words)
        if f.project not in said:
            out.findings.append(
                project_name.finding(
                    f.para.file,
                    f.para.where,
                    f"项目名称写法不一：说明写“{said}”，"
                    f"{f.table.table.name}{f.table.where.split('!')[-1]} 写“{f.project}”",
                )
            )
    return out


def _staff_said(text: str, word: str) -> int | None:
    m = re.search(rf"{word}(?:数)?(?:为)?(\d+)\s*[人名]", text)
    return int(m[1]) if m else None


@rule("A-STAFF", "说明中的人数与单位人员情况表相符")
def staff(ctx: Context) -> Outcome:
    if (missing := _missing(ctx)) is not None:
        return missing
    out = Outcome()
    for entry in ctx.data.get("staff") or []:
        for para in ctx.paragraphs:
            said = [_staff_said(para.text, w) for w in entry["words"]]
            if all(s is None for s in said):
                continue
            found = ctx.figures(entry["figure"])
            if not found:
                continue
            out.checked += 1
            total, shown = sum(s or 0 for s in said), found[0].value
            wrong = 0 < shown < total if entry.get("at_least") else Decimal(total) != shown
            if wrong:
                words = "、".join(w for w, s in zip(entry["words"], said, strict=True) if s is not None)
                out.findings.append(
                    staff.finding(
                        para.file,
                        para.where,
                        f"说明写{words}共 {total} 人，{found[0].table.name}{found[0].where.split('!')[-1]} "
                        f"为 {found[0].value.normalize():f} 人",
                    )
                )
            break
    return out


@rule("A-EMPTY-CLAIM", "说明写“无此项”的事项在附表中确实为零")
def empty_claim(ctx: Context) -> Outcome:
    if (missing := _missing(ctx)) is not None:
        return missing
    out = Outcome()
    paras = ctx.paragraphs
    for k, para in enumerate(paras):
        if "无此项" not in para.text:
            continue
        context = para.text + "".join(p.text for p in paras[max(0, k - 1) : k])
        for topic, sheet in (ctx.data.get("empty_claims") or {}).items():
            t = ctx.table(sheet)
            if topic not in context or t is None:
                continue
            out.checked += 1
            total = t.total_row()
            nonzero = [
                (c, v)
                for c in t.numeric
                if total is not None and (v := amount(t.sheet.value(total, c))) is not None and v != 0
            ]
            if nonzero:
                c, v = nonzero[0]
                out.findings.append(
                    empty_claim.finding(
                        para.file,
                        para.where,
                        f"说明称{topic}“{norm(para.text)[:20]}”，但{t.name}合计行有数"
                        f"（如 {t.ref(total or 0, c)} “{'/'.join(t.heads.get(c, ()))}”为 {v.normalize():f}）",
                    )
                )
    return out


@rule("A-UNIT-NAME", "说明中的预算单位名称与附表一致")
def unit_name(ctx: Context) -> Outcome:
    spec = ctx.data.get("units") or {}
    t = ctx.table(str(spec.get("sheet", "")))
    scope = [p for p in ctx.paragraphs if re.search(r"预算单位构成|编制范围", p.text)]
    if t is None or not scope:
        return Outcome()
    code_cols = [c for c, h in t.heads.items() if h[-1] == spec.get("code")]
    names = []
    for r in t.data_rows:
        if code_cols and norm(t.sheet.value(r, code_cols[0])):
            cols = [c for c in sorted(t.text_cols(r)) if c > code_cols[0]]
            if cols:
                names.append((norm(t.sheet.value(r, cols[0])), t.ref(r, cols[0])))
    out = Outcome()
    text = "".join(norm(p.text) for p in scope)
    if len(names) > 3 and not any(name in text for name, _ in names):
        return Outcome(not_checked=f"说明没有逐个列出 {len(names)} 个预算单位的名称")
    for name, where in names:
        out.checked += 1
        if name not in text:
            out.findings.append(
                unit_name.finding(
                    scope[-1].file,
                    scope[-1].where,
                    f"预算单位在附表中写作“{name}”（{t.name}{where.split('!')[-1]}），说明中没有这个名称",
                )
            )
    return out


def _prior_shown(c: Change, prior: Decimal) -> str:
    """Last year's figure and where it comes from: stated, a table cell, or this year's less the change."""
    if c.last_from == "说明":
        return f"{prior}（说明所写）"
    if c.last_from:
        return f"{prior}（附表 {c.last_from}）"
    return f"{c.this} − ({c.change}) = {prior}"


@rule("A-YOY", "增长百分比等于增加额除以上年数")
def yoy(ctx: Context) -> Outcome:
    """Last year's figure is the one stated or shown in a table, else this year's less the stated change."""
    out = Outcome()
    for c in changes(ctx):
        prior = c.prior()
        if c.change is None or c.pct is None or c.sign == 0 or prior is None or prior <= 0:
            continue
        out.checked += 1
        # with last year's figure known, the percentage is of the true change (a wrong amount is A-CHANGE's)
        actual = c.this - c.last if c.this is not None and c.last is not None else c.change
        computed, ok = percent(actual, prior, c.pct)
        if not ok:
            out.findings.append(
                yoy.finding(
                    c.para.file,
                    c.para.where,
                    f"“{c.text}”：上年为 {_prior_shown(c, prior)} 万元，{'增长' if c.sign > 0 else '下降'}率应为 "
                    f"{computed}%，不是 {c.pct}%",
                )
            )
    return out
