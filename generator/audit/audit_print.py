"""Audit rule of the printed text size: every table prints at :data:`MIN_PT` or more on paper.

For a workbook the size is computed from each sheet's page setup as a spreadsheet program prints it
(:mod:`budgetgen.audit.presentation`): the body font size times the print scale, the scale either the
sheet's own or, for a sheet set to “缩放到 N 页宽”, the one that fits its columns onto the paper between
its margins. For a PDF the size is measured: the size most characters of a table page have.
"""

from __future__ import annotations

from budgetgen.audit.context import Context
from budgetgen.audit.findings import Outcome, rule
from budgetgen.audit.presentation import Printed, printed
from budgetgen.tables.paper import MIN_PT


def _advice(p: Printed) -> str:
    if p.scale >= 100 or not p.width_pt:
        return "请把正文字号调到 7 磅以上"
    bigger = "改用 A3 纸，或" if p.paper != "A3" else ""
    return f"请{bigger}分左右几页打印（每页重复左侧的标签列），或拆分此表"


def _how(p: Printed, fit: bool, wide: int) -> str:
    paper = f"{p.paper} {'横向' if p.landscape else '纵向'}"
    if not fit:
        return f"按 {paper}、缩放 {p.scale}% 打印"
    pages = "一页宽" if wide == 1 else f"{wide} 页宽"
    return (
        f"按 {paper}、缩放到{pages}打印，各列共宽约 {p.width_pt:.0f} 磅，纸上可用约 {p.room_pt:.0f} 磅，"
        f"须缩小到 {p.scale}%"
    )


@rule("A-PRINT-SIZE", "表格打印在纸上的正文字号不小于 7 磅")
def print_size(ctx: Context) -> Outcome:
    out = Outcome()
    for sheet in ctx.package.sheets:
        if sheet.setup is not None and sheet.setup.unreadable:
            out.not_checked = f"{sheet.file}:{sheet.name} 的页面设置无法读取"
        if sheet.setup is None or (p := printed(sheet.setup)) is None:
            continue
        out.checked += 1
        if round(p.text_pt, 2) < MIN_PT:
            assumed = f"（{'；'.join(p.assumed)}）" if p.assumed else ""
            out.findings.append(
                print_size.finding(
                    sheet.file,
                    f"{sheet.name}!A1",
                    f"{sheet.name}{_how(p, sheet.setup.fit, sheet.setup.fit_wide)}，{sheet.setup.font_pt:g} 磅的正文"
                    f"印在纸上只有约 {p.text_pt:.1f} 磅，小于 {MIN_PT:g} 磅无法阅读{assumed}：{_advice(p)}",
                )
            )
    for file, where, size in ctx.package.table_text_pt:
        out.checked += 1
        if round(size, 2) < MIN_PT:
            out.findings.append(
                print_size.finding(
                    file,
                    where,
                    f"这一页表格的正文字号只有约 {size:.1f} 磅，小于 {MIN_PT:g} 磅无法阅读："
                    "请改用更大的纸张或分左右几页重新打印",
                )
            )
    return out
