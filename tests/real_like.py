"""Clean packages laid out and worded as other counties publish them (the national 8/9-table format), for
``tests/test_audit_real_like.py``.

Nothing here is copied from a published document: the figures are our examples' (built in the mof profile),
and each :class:`Style` reproduces layouts and phrasings seen in published county budgets of several provinces:
sheets named ``表1``/``01-部门收支总表``, titles with the department's name, tables in 元 or 万元, amounts
as text with thousands separators, the 合计 row at the bottom, 功能科目 codes split into 类/款/项 columns,
a ``栏次`` row; narratives saying ``收入预算总额为X万元，比上年增加Y万元，增长Z%``, ``较上年无增减``,
``与上年持平``, ``增长 5.11 %`` (a space before %), 万元 with one decimal or thousands separators,
half-width punctuation, ``上年无该预算，增长率无可比性``, traditional characters.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import docx
import openpyxl
from openpyxl.styles import Border, Side

from budgetgen import config, pipeline
from budgetgen.audit.context import Context, audit_data
from budgetgen.audit.package import Package, _read_docx, _read_xlsx

ROOT = Path(__file__).resolve().parent.parent
BASES = {
    "jiangbin": ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml",
    "education": ROOT / "tests" / "edge" / "education-2026.yaml",
    "township": ROOT / "tests" / "edge" / "township-2021.yaml",
}
Grid = dict[str, list[list[Any]]]
CENT = Decimal("0.01")
_THIN = Side(style="thin")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@cache
def base_workbook(base: str) -> tuple[str, bytes]:
    """(department name, the workbook bytes) of a base source built in the mof profile."""
    src = BASES[base]
    settings, issues = config.settings_for(src)
    assert settings is not None, issues
    _, outputs = pipeline.build_outputs(src, replace(settings, profile="mof"))
    assert outputs is not None
    name = next(n for n in outputs if n.endswith(".xlsx"))
    return name.split("20")[0], outputs[name]


def grid(data: bytes) -> Grid:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def wan(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The figures a narrative states, in 万元, read from the base package's tables."""

    year: int
    dept: str
    values: dict[str, Decimal] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Decimal:
        return self.values[key]

    def get(self, key: str) -> Decimal | None:
        return self.values.get(key)


REFS = {
    "收入总计": "部门收支总表!收入总计",
    "一般公共预算拨款收入": "部门收支总表!一、一般公共预算拨款收入",
    "基本支出": "部门支出总表!合计|基本支出",
    "项目支出": "部门支出总表!合计|项目支出",
    "财政拨款": "财政拨款收支总表!收入总计",
    "一般公共预算支出": "一般公共预算支出表!合计|合计",
    "一般基本": "一般公共预算支出表!合计|基本支出/小计",
    "一般项目": "一般公共预算支出表!合计|项目支出",
    "人员经费": "一般公共预算基本支出表!合计|人员经费",
    "公用经费": "一般公共预算基本支出表!合计|公用经费",
    "三公": "三公经费支出表!|{年}年预算数/合计",
    "三公上年": "三公经费支出表!|{上年}年预算数/合计",
    "出国": "三公经费支出表!|{年}年预算数/因公出国(境)费",
    "出国上年": "三公经费支出表!|{上年}年预算数/因公出国(境)费",
    "购置及运行": "三公经费支出表!|{年}年预算数/公务用车购置及运行费/小计",
    "购置及运行上年": "三公经费支出表!|{上年}年预算数/公务用车购置及运行费/小计",
    "购置": "三公经费支出表!|{年}年预算数/公务用车购置及运行费/公务用车购置费",
    "运行": "三公经费支出表!|{年}年预算数/公务用车购置及运行费/公务用车运行费",
    "接待": "三公经费支出表!|{年}年预算数/公务接待费",
    "接待上年": "三公经费支出表!|{上年}年预算数/公务接待费",
    "机关运行": "机关运行经费表!|{年}年预算数",
    "机关运行上年": "机关运行经费表!|{上年}年预算数",
    "政府采购": "政府采购预算表!合计|合计",
}


@cache
def base_figures(base: str) -> Figures:
    dept, data = base_workbook(base)
    pkg = Package(names=[f"{dept}预算.xlsx"])
    _read_xlsx(data, "x.xlsx", pkg)
    ctx = Context(pkg, audit_data("mof"), "mof")
    year = ctx.year()
    assert year is not None
    out = Figures(year, dept)
    for key, ref in REFS.items():
        found = ctx.figures(ref)
        if found:
            out.values[key] = wan(found[0].value / 10000)
    return out


# --------------------------------------------------------------------------------------------- layouts


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def to_yuan(g: Grid) -> Grid:
    """Every table in 元: amounts times 10000, ``单位：元``."""
    out: Grid = {}
    for name, rows in g.items():
        new = []
        for k, row in enumerate(rows):
            cells = []
            for v in row:
                if k >= 2 and _is_num(v) and "数量" not in name:
                    cells.append(float(Decimal(str(v)) * 10000))
                elif isinstance(v, str) and "单位：万元" in v:
                    cells.append(v.replace("万元", "元"))
                else:
                    cells.append(v)
            new.append(cells)
        out[name] = new
    return _quantities_back(out, g)


def _quantities_back(g: Grid, original: Grid) -> Grid:
    """Quantities (采购数量) are not amounts: restore them."""
    for name, rows in g.items():
        if "采购" not in name:
            continue
        head = next((r for r in rows if any(isinstance(v, str) and "数量" in v for v in r)), None)
        if head is None:
            continue
        col = next(i for i, v in enumerate(head) if isinstance(v, str) and "数量" in v)
        for k, row in enumerate(rows):
            if col < len(row):
                row[col] = original[name][k][col]
    return g


def as_text(g: Grid) -> Grid:
    """Amounts as text with thousands separators and two decimals (what many systems export)."""
    out: Grid = {}
    for name, rows in g.items():
        new = []
        for k, row in enumerate(rows):
            new.append([f"{Decimal(str(v)):,.2f}" if k >= 2 and _is_num(v) and v != 1 else v for v in row])
        out[name] = new
    return out


def total_last(g: Grid) -> Grid:
    """The 合计 row moved below the data rows of the code-listed tables."""
    out: Grid = {}
    for name, rows in g.items():
        k = next((i for i, r in enumerate(rows) if len(r) > 1 and r[0] is None and r[1] == "合计"), None)
        if k is None or not any(r and isinstance(r[0], str) and r[0].isdigit() for r in rows):
            out[name] = rows
            continue
        out[name] = [*rows[:k], *rows[k + 1 :], rows[k]]
    return out


def split_codes(g: Grid) -> Grid:
    """功能科目 codes in three columns 类/款/项 under one ``科目编码`` header (the national format's layout)."""
    out: Grid = {}
    for name, rows in g.items():
        head = next((i for i, r in enumerate(rows) if r and r[0] == "科目编码"), None)
        if head is None:
            out[name] = rows
            continue
        new: list[list[Any]] = []
        for i, row in enumerate(rows):
            first, rest = row[0], row[1:]
            if i < head:
                new.append([first, None, None, *rest])
            elif i == head:
                new.append(["科目编码", None, None, *rest])
                new.append(["类", "款", "项", *[None] * len(rest)])
            elif isinstance(first, str) and first.isdigit() and len(first) in (3, 5, 7):
                new.append([first[:3], first[3:5] or None, first[5:7] or None, *rest])
            elif first == "**":
                new.append(["**", "**", "**", *rest])
            else:
                new.append([first, None, None, *rest])
        out[name] = new
    return out


def column_numbers(mark: str) -> Callable[[Grid], Grid]:
    """The column-number row written ``栏次`` (or dropped when ``mark`` is empty)."""

    def apply(g: Grid) -> Grid:
        out: Grid = {}
        for name, rows in g.items():
            new = []
            for row in rows:
                if row and row[0] == "**":
                    if mark:
                        new.append(
                            [mark if v == "**" and i == 0 else ("" if v == "**" else v) for i, v in enumerate(row)]
                        )
                    continue
                new.append(row)
            out[name] = new
        return out

    return apply


def numbered_statement(g: Grid) -> Grid:
    """部门收支总表 with a 序号 column and a 栏次 row (the national format as many provinces print it)."""
    rows, new = g["部门收支总表"], []
    for i, row in enumerate(rows):
        if i == 0:
            new.append([row[0], None, *row[1:]])
        elif i == 1:
            new.append([None, *row])
        elif i == 2:  # the header
            new.append(["序号", *row])
        elif i == 3:
            new += [[None, *row], ["栏次", *[str(k) for k in range(1, len(row) + 1)]]]
        else:
            new.append([i - 3, *row])
    return {**g, "部门收支总表": new}


def half_cent(g: Grid) -> Grid:
    """机关运行经费 of an odd 元 figure (rounded to 万元 half up): this year 50 元 less."""
    rows = g["机关运行经费表"]
    this, last, _ = rows[3]
    rows[3] = [this - 50, last, this - 50 - last]
    return g


@dataclass
class Style:
    """One county's way of publishing."""

    name: str
    base: str
    sheet: Callable[[int, str], str]
    layout: tuple[Callable[[Grid], Grid], ...]
    narrative: Callable[[Figures], list[str]]
    title_with_dept: bool = False
    traditional: bool = False


def workbook(style: Style) -> bytes:
    dept, data = base_workbook(style.base)
    g = grid(data)
    for step in style.layout:
        g = step(g)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k, (name, rows) in enumerate(g.items(), start=1):
        ws = wb.create_sheet(style.sheet(k, name))
        width = max(len(row) for row in rows)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                v = dept + cell if r == 1 and c == 1 and style.title_with_dept and isinstance(cell, str) else cell
                if v is not None and v != "":
                    ws.cell(r, c, v).number_format = "#,##0.00" if _is_num(v) else "General"
                if r > 2 and c <= width:  # a ruled grid, as published tables are printed
                    ws.cell(r, c).border = GRID
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def narrative_docx(paragraphs: list[str]) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ narratives


def pct(change: Decimal, last: Decimal, places: int = 2) -> Decimal:
    return (abs(change) / last * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _move(this: Decimal, last: Decimal | None, *, flat: str = "与上年持平", space: str = "", verb: str = "增加") -> str:
    """``，比上年增加Y万元，增长Z%`` (or the flat phrase) for this year's and last year's 万元 figures; nothing
    when last year's figure is not shown."""
    if last is None:
        return ""
    return "，" + _moved(this, last, flat=flat, space=space, verb=verb)


def _moved(this: Decimal, last: Decimal, *, flat: str, space: str, verb: str) -> str:
    diff = this - last
    if diff == 0:
        return flat
    up = diff > 0
    if last == 0:
        return f"比上年{'增加' if up else '减少'}{abs(diff)}万元，上年无该预算，增长率无可比性"
    word = ("增加" if up else "减少") if verb == "增加" else ("增长" if up else "下降")
    rate = "增长" if up else "下降"
    return f"比上年{word}{abs(diff)}万元，{rate}{space}{pct(diff, last)}{space}%"


def sangong(f: Figures, *, flat: str = "较上年无增减", space: str = "") -> list[str]:
    parts = [
        f"{f.year}年“三公”经费预算数为{f['三公']}万元{_move(f['三公'], f.get('三公上年'), flat=flat, space=space)}。",
        f"其中：因公出国（境）费{f['出国']}万元{_move(f['出国'], f.get('出国上年'), flat=flat, space=space)}；"
        f"公务用车购置及运行维护费{f['购置及运行']}万元（其中公务用车购置费{f['购置']}万元，"
        f"公务用车运行维护费{f['运行']}万元）"
        f"{_move(f['购置及运行'], f.get('购置及运行上年'), flat=flat, space=space)}；"
        f"公务接待费{f['接待']}万元{_move(f['接待'], f.get('接待上年'), flat=flat, space=space)}。",
    ]
    return parts


def running(f: Figures, *, space: str = "") -> str:
    return (
        f"{f.year}年本部门机关运行经费预算为{f['机关运行']}万元"
        f"{_move(f['机关运行'], f.get('机关运行上年'), space=space)}，"
        "主要用于办公费、水电费、差旅费等日常公用经费支出。"
    )


def style_a(f: Figures) -> list[str]:
    """A county in the south-west: 收入预算总额为…，比上年增加…，增长…%; headings 一、（一）."""
    last = f["收入总计"] - Decimal("45.60")
    return [
        f"{f.dept}{f.year}年部门预算公开说明",
        "一、部门收支总体情况",
        f"{f.year}年收入预算总额为{f['收入总计']}万元，比上年增加45.60万元，增长{pct(Decimal('45.6'), last)}%，"
        "主要原因是人员增加和新增项目。",
        f"支出预算总额为{f['收入总计']}万元，其中：基本支出{f['基本支出']}万元，项目支出{f['项目支出']}万元。",
        "二、“三公”经费预算情况说明",
        *sangong(f),
        "三、机关运行经费",
        running(f),
    ]


def style_b(f: Figures) -> list[str]:
    """Half-width punctuation and a space before % (text as a PDF export gives it)."""
    return [
        f"{f.dept}{f.year}年部门预算情况说明",
        "一、收支预算总体情况",
        f"按照综合预算的原则,本部门所有收入和支出均纳入部门预算管理。收入总计{f['收入总计']}万元,"
        f"支出总计{f['收入总计']}万元。",
        "二、一般公共预算支出情况",
        f"{f.year}年一般公共预算拨款支出{f['一般公共预算支出']}万元,其中:基本支出{f['一般基本']}万元,"
        f"项目支出{f['一般项目']}万元。",
        "三、“三公”经费支出情况",
        *[p.replace("，", ",").replace("：", ":").replace("；", ";") for p in sangong(f, flat="与上年持平", space=" ")],
        "四、机关运行经费",
        running(f, space=" "),
    ]


def style_c(f: Figures) -> list[str]:
    """One decimal and thousands separators in 万元 figures; 同比 phrasing; numbered sections 1、2、."""
    one = wan(f["收入总计"], 1)
    return [
        f"{f.dept}{f.year}年部门预算",
        "第二部分 部门预算情况说明",
        "1、收支预算总体情况",
        f"{f.year}年部门收入预算{one:,}万元，支出预算{one:,}万元。",
        "2、一般公共预算基本支出",
        f"一般公共预算基本支出{wan(f['人员经费'] + f['公用经费'], 1):,}万元，"
        f"其中人员经费{wan(f['人员经费'], 1):,}万元，"
        f"公用经费{wan(f['公用经费'], 1):,}万元。",
        "3、“三公”经费",
        *[_one_decimal(p) for p in sangong(f, flat="同比无增减变化")],
    ]


def _one_decimal(text: str) -> str:
    return re.sub(r"(\d+\.\d\d)万元", lambda m: f"{wan(Decimal(m[1]), 1)}万元", text)


def style_d(f: Figures) -> list[str]:
    """增长/下降 verbs only (``比上年下降12.50%``), 较2019年 for last year."""
    rate = pct(f["机关运行"] - f["机关运行上年"], f["机关运行上年"])
    way = "增长" if f["机关运行"] >= f["机关运行上年"] else "下降"
    return [
        f"{f.dept}{f.year}年部门预算公开",
        "一、一般公共预算拨款支出预算",
        f"{f.year}年一般公共预算拨款支出{f['一般公共预算支出']}万元，基本支出{f['一般基本']}万元，"
        f"项目支出{f['一般项目']}万元。",
        "二、机关运行经费",
        f"本部门{f.year}年机关运行经费{f['机关运行']}万元，较{f.year - 1}年{way}{rate}%。",
        "三、政府采购情况",
        f"{f.year}年政府采购预算总额{f['政府采购']}万元。" if "政府采购" in f.values else "本部门无政府采购预算。",
    ]


def style_e(f: Figures) -> list[str]:
    """Traditional characters (a page set in 繁體)."""
    return [
        f"{f.dept}{f.year}年部門預算說明",
        "一、收支預算總體情況",
        f"{f.year}年收入總計{f['收入总计']}萬元，支出總計{f['收入总计']}萬元。",
        "二、“三公”經費預算情況",
        f"{f.year}年“三公”經費預算{f['三公']}萬元{_trad(_move(f['三公'], f.get('三公上年'), flat='較上年無增減'))}。",
    ]


def _trad(text: str) -> str:
    return text.translate(
        str.maketrans("与长减较无费经运预计总说门况务维护购开车", "與長減較無費經運預計總說門況務維護購開車")
    )


def style_f(f: Figures) -> list[str]:
    """Everything in one paragraph per section, with the 三公 breakdown before the total's change."""
    return [
        f"{f.dept}{f.year}年部门预算公开",
        "（一）收支预算总体情况",
        f"{f.year}年度收入总计{f['收入总计']}万元，其中一般公共预算拨款收入{f['一般公共预算拨款收入']}万元；"
        f"支出总计{f['收入总计']}万元，其中基本支出{f['基本支出']}万元、项目支出{f['项目支出']}万元。",
        "（二）财政拨款收支预算总体情况",
        f"{f.year}年度财政拨款收入{f['财政拨款']}万元，财政拨款支出{f['财政拨款']}万元。",
        "（三）一般公共预算基本支出情况",
        f"一般公共预算基本支出{f['一般基本']}万元，其中：人员经费{f['人员经费']}万元，公用经费{f['公用经费']}万元。",
    ]


def yuan(value: Decimal) -> str:
    """A 万元 figure in 元, as a narrative written in 元 gives it (``10397900.00 元``)."""
    return f"{value * 10000:.2f} 元"


def style_g(f: Figures) -> list[str]:
    """A narrative in 元 (as some counties of the south write theirs), 同比 and a space before 元 and %."""
    move = f["机关运行"] - f["机关运行上年"] if f.get("机关运行上年") is not None else None
    running_move = ""
    if move is not None and move != 0:
        rate = pct(move, f["机关运行上年"])
        up = move > 0
        running_move = f"，同比{'增加' if up else '减少'} {yuan(abs(move))}，{'增长' if up else '下降'} {rate} %"
    return [
        f"{f.dept}{f.year}年部门预算公开说明",
        "一、收支预算总体情况说明",
        f"{f.year}年部门收支总预算 {yuan(f['收入总计'])}。其中：基本支出 {yuan(f['基本支出'])}，"
        f"占支出总预算的 {pct(f['基本支出'], f['收入总计'])} %；项目支出 {yuan(f['项目支出'])}。",
        "二、一般公共预算基本支出情况说明",
        f"{f.year}年本年一般公共预算基本支出 {yuan(f['一般基本'])}。其中：人员经费 {yuan(f['人员经费'])}，"
        f"主要包括基本工资、津贴补贴等；公用经费 {yuan(f['公用经费'])}，主要包括办公费、按每人每年5000元标准安排的"
        "工会经费等。",
        "三、机关运行经费",
        f"本部门{f.year}年机关运行经费预算 {yuan(f['机关运行'])}{running_move}。",
    ]


def _prefix_table(k: int, name: str) -> str:
    return f"表{k}"


STYLES = [
    Style("a-yuan-total-last", "jiangbin", lambda k, n: f"{k:02d}-{n}", (to_yuan, total_last, half_cent), style_a),
    Style(
        "b-halfwidth-text",
        "education",
        lambda k, n: n,
        (as_text, column_numbers("栏次"), numbered_statement),
        style_b,
        True,
    ),
    Style("c-split-codes", "township", lambda k, n: f"表{k} {n}", (split_codes,), style_c, True),
    Style("d-numbered-sheets", "jiangbin", _prefix_table, (column_numbers(""),), style_d, True),
    Style("e-traditional", "education", lambda k, n: n, (to_yuan, as_text), style_e, traditional=True),
    Style("f-one-paragraph", "township", lambda k, n: f"{k}.{n}", (split_codes, total_last), style_f),
    Style("g-yuan-narrative", "education", lambda k, n: f"附表{k} {n}", (to_yuan,), style_g),
]


def package(style: Style, change: Callable[[list[str]], list[str]] | None = None) -> tuple[Package, dict[str, bytes]]:
    """The style's package read as the audit reads published files, and its files' bytes; ``change`` edits
    the narrative's paragraphs as published (in traditional characters for a traditional style)."""
    f = base_figures(style.base)
    if "half_cent" in [s.__name__ for s in style.layout]:
        f = Figures(f.year, f.dept, {**f.values, "机关运行": wan(f["机关运行"] - Decimal("0.005"))})
    xlsx = workbook(style)
    paras = style.narrative(f)
    if style.traditional:
        paras = [_trad(p) for p in paras]
    if change is not None:
        paras = change(paras)
    doc = narrative_docx(paras)
    stem = f"{f.dept}{f.year}年部门预算"
    files = {f"{stem}公开表.xlsx": xlsx, f"{stem}说明.docx": doc}
    pkg = Package()
    _read_xlsx(xlsx, f"{stem}公开表.xlsx", pkg)
    _read_docx(doc, f"{stem}说明.docx", pkg)
    pkg.names += list(files)
    return pkg, files


def rewrite(text: str, old: str, new: str) -> str:
    assert old in text, (old, text)
    return text.replace(old, new, 1)


def side_by_side(name: str) -> Callable[[Grid], Grid]:
    """A defect: the table ``name`` printed in two columns, its header repeated on the right and the second
    half of its rows beside the first (as a page set in two columns prints it)."""

    def apply(g: Grid) -> Grid:
        rows = g[name]
        width = max(len(r) for r in rows)
        start = next(i for i, r in enumerate(rows) if i >= 2 and ("合计" in r[:2] or any(_is_num(v) for v in r)))
        data = rows[start:]
        half = (len(data) + 1) // 2
        left, right = data[:half], data[half:]
        new = [list(r) + [None] * (width - len(r)) for r in rows[:2]]
        new += [list(r) + [None] * (width - len(r)) + list(r) for r in rows[2:start]]
        for k, row in enumerate(left):
            other = right[k] if k < len(right) else []
            new.append(list(row) + [None] * (width - len(row)) + list(other))
        return {**g, name: new}

    return apply
