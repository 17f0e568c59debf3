"""``budgetgen audit`` on packages laid out and worded as other counties publish them (``tests/real_like.py``):
each clean package audits with no finding and an honest coverage summary; each known error injected into one
is found exactly — the set of (code, location) is the one expected, nothing more.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import real_like as R

from budgetgen.audit.context import Context, audit_data
from budgetgen.audit.findings import Report, Status
from budgetgen.audit.package import Package, Paragraph, read_package
from budgetgen.audit.run import audit_package, audit_rules
from budgetgen.audit.table import col_letter

STYLES = {s.name: s for s in R.STYLES}
#: The rules each clean package cannot check, honestly: the national format's tables do not show each
#: unit's nature, so whether 机关运行经费 belongs to 行政/参公 units only is not known.
CANNOT_CHECK = {"A-RUNNING-COST-NATURE"}


@cache
def clean(name: str) -> Package:
    return R.package(STYLES[name])[0]


@cache
def clean_report(name: str) -> Report:
    return audit_package(clean(name), "mof")


def found(report: Report) -> set[tuple[str, str]]:
    return {(f.code, f.where) for f in report.findings}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_a_clean_real_like_package_has_no_finding(name: str) -> None:
    report = clean_report(name)
    assert [f.line() for f in report.findings] == []
    unchecked = {r.code for r, o in report.results if o.status is Status.NOT_CHECKED}
    assert unchecked <= CANNOT_CHECK, report.not_checked_lines()
    counts = {s: report.count(s) for s in Status}
    assert sum(counts.values()) == len(audit_rules())
    assert counts[Status.FAIL] == 0
    # every rule that reads the tables against each other or the narrative against them ran
    ran = {r.code for r, o in report.results if o.status is Status.PASS}
    assert {"A-ROW-SUM", "A-COL-SUM", "A-CROSS-TABLE", "A-NARRATIVE-FIGURE", "A-TWO-VALUES"} <= ran, name
    assert f"未通过 0，不适用 {counts[Status.NOT_APPLICABLE]}，无法检查 {counts[Status.NOT_CHECKED]}" in (
        report.summary()
    )


def test_the_corpus_is_varied() -> None:
    """Seven packages, three departments, both units, every layout and phrasing of real_like."""
    assert len(STYLES) >= 7
    assert {s.base for s in STYLES.values()} == set(R.BASES)
    steps = {step.__name__ for s in STYLES.values() for step in s.layout}
    assert {"to_yuan", "as_text", "total_last", "split_codes", "half_cent"} <= steps
    assert any(s.traditional for s in STYLES.values())


# ------------------------------------------------------------------------------------------- injected


def edit(name: str, para: int, old: str, new: str) -> Package:
    pkg = copy.deepcopy(clean(name))
    k = next(i for i, p in enumerate(pkg.paragraphs) if p.where == f"第{para}段")
    p = pkg.paragraphs[k]
    assert old in p.text, (old, p.text)
    pkg.paragraphs[k] = Paragraph(p.file, p.where, p.text.replace(old, new, 1))
    return pkg


def add(name: str, text: str) -> Package:
    pkg = copy.deepcopy(clean(name))
    last = pkg.paragraphs[-1]
    pkg.paragraphs.append(Paragraph(last.file, f"第{len(pkg.paragraphs) + 1}段", text))
    return pkg


def cell(name: str, table: str, label: str, head: tuple[str, ...], value: object) -> tuple[Package, str]:
    """The package with one table cell changed (``value`` a function of the old one), and its location."""
    pkg = copy.deepcopy(clean(name))
    t = Context(pkg, audit_data("mof"), "mof").table(table)
    assert t is not None
    r = next(r for r in t.data_rows if any(str(t.sheet.value(r, c)).strip() == label for c in t.text_cols(r)))
    c = next(c for c, h in sorted(t.heads.items()) if h[-len(head) :] == head)
    old = t.sheet.cells[(r, c)]
    new = value(old.value) if callable(value) else value
    next(s for s in pkg.sheets if s.name == t.name).cells[(r, c)] = replace(old, value=new)
    return pkg, f"{t.sheet.where}{col_letter(c)}{r + 1}"


A, B, C, D, E, F, G = sorted(STYLES)
NARRATIVE: dict[str, tuple[Callable[[], Package], set[tuple[str, str]]]] = {
    "growth on a zero base": (
        lambda: add(A, "其中公务用车购置费25.00万元，比上年增加25.00万元，增长100.00%，主要原因是更新执法车辆。"),
        {("A-ZERO-BASE", "第10段")},
    ),
    "percentage without %": (lambda: edit(B, 10, "下降 2.86 %", "下降 2.86"), {("A-PERCENT-SIGN", "第10段")}),
    "one indicator, two values": (
        lambda: add(F, "人员经费61.00万元，主要用于基本工资、津贴补贴等。"),
        {("A-TWO-VALUES", "第8段"), ("A-NARRATIVE-FIGURE", "第8段")},
    ),
    "0.01 off its 元 source: rounding, once": (lambda: edit(A, 9, "53.09万元", "53.08万元"), {("A-ROUNDING", "第9段")}),
    "placeholder 增加（减少）": (
        lambda: edit(A, 3, "比上年增加45.60万元", "比上年增加（减少）45.60万元"),
        {("A-PLACEHOLDER", "第3段")},
    ),
    "placeholder XX": (lambda: edit(F, 7, "公用经费6.30万元", "公用经费XX万元"), {("A-PLACEHOLDER", "第7段")}),
    "placeholder ..": (lambda: edit(A, 4, "739.79万元", "739..79万元"), {("A-PLACEHOLDER", "第4段")}),
    "增加 a nil change": (
        lambda: edit(C, 9, "费0.0万元，同比无增减变化", "费0.0万元，比上年增加0.0万元"),
        {("A-DIRECTION", "第9段")},
    ),
    "增加 a negative amount": (
        lambda: edit(B, 10, "比上年减少0.20万元", "比上年增加-0.20万元"),
        {("A-DIRECTION", "第10段")},
    ),
    "增加 where the table shows a fall": (
        lambda: edit(A, 7, "比上年减少0.60万元，下降20.00%", "比上年增加0.60万元，增长20.00%"),
        {("A-CHANGE", "第7段")},
    ),
    "持平 where the table shows a change": (
        lambda: edit(A, 7, "比上年减少0.60万元，下降20.00%", "与上年持平"),
        {("A-CHANGE", "第7段")},
    ),
    "无增减 where the table shows a change": (
        lambda: edit(C, 9, "公务接待费0.3万元，比上年减少0.2万元，下降40.00%", "公务接待费0.3万元，同比无增减变化"),
        {("A-CHANGE", "第9段")},
    ),
    "reason against the direction": (
        lambda: edit(A, 3, "主要原因是人员增加和新增项目", "主要原因是人员减少"),
        {("A-REASON", "第3段")},
    ),
    "三公 parts not adding up (其中 in the next paragraph)": (
        lambda: edit(A, 7, "公务接待费2.40万元", "公务接待费2.04万元"),
        {("A-PARTS-SUM", "第6段"), ("A-NARRATIVE-FIGURE", "第7段")},
    ),
    "机关运行经费 above the 公用经费 it is part of": (
        lambda: add(F, "2021年机关运行经费7.00万元。"),
        {("A-RUNNING-COST", "第8段"), ("A-NARRATIVE-FIGURE", "第8段")},
    ),
    "traditional characters, wrong figure": (
        lambda: R.package(STYLES[E], lambda ps: [p.replace("121.60萬元，支出", "121.06萬元，支出") for p in ps])[0],
        {("A-NARRATIVE-FIGURE", "第3段")},
    ),
    "a narrative in 元, wrong figure": (
        lambda: edit(G, 5, "人员经费 803000.00 元", "人员经费 803100.00 元"),
        {("A-NARRATIVE-FIGURE", "第5段")},
    ),
    "a narrative in 元, change off by one 分": (
        lambda: edit(G, 7, "同比减少 2000.00 元", "同比减少 2000.01 元"),
        {("A-CHANGE", "第7段")},
    ),
    "a narrative in 元, rate of the change wrong": (
        lambda: edit(G, 7, "下降 2.86 %", "下降 3.86 %"),
        {("A-YOY", "第7段")},
    ),
    "one decimal throughout, wrong figure": (
        lambda: edit(C, 6, "公用经费6.3万元", "公用经费6.8万元"),
        {("A-NARRATIVE-FIGURE", "第6段")},
    ),
}


@pytest.mark.parametrize("case", sorted(NARRATIVE))
def test_a_known_narrative_error_is_found_exactly(case: str) -> None:
    make, expected = NARRATIVE[case]
    report = audit_package(make(), "mof")
    assert found(report) == expected, [f.line() for f in report.findings]


def _cell_cases() -> dict[str, tuple[Callable[[], tuple[Package, str]], Callable[[str], set[tuple[str, str]]]]]:
    def up(delta: float) -> Callable[[object], object]:
        return lambda v: float(v) + delta  # type: ignore[arg-type]

    return {
        # 部门支出总表 in 元, 合计 at the bottom: a 项 row's 基本支出 no longer adds to its 款 row, nor its own 合计
        "a 项 row off its 款 row (合计 at the bottom)": (
            lambda: cell(A, "部门支出总表", "2080501", ("基本支出",), up(100.0)),
            lambda at: {("A-ROW-SUM", at.replace("D7", "D6")), ("A-COL-SUM", at.replace("D7", "C7"))},
        ),
        # split 类/款/项 codes
        "a 项 row off its 款 row (codes split)": (
            lambda: cell(C, "一般公共预算支出表", "事业运行", ("人员经费",), up(0.1)),
            lambda at: {("A-ROW-SUM", at.replace("G15", "G14")), ("A-COL-SUM", at.replace("G15", "F15"))},
        ),
        # split codes: a 项 another table does not use
        "a 功能科目 (codes split) not in 部门支出总表": (
            lambda: cell(C, "一般公共预算支出表", "事业运行", ("项",), "05"),
            lambda at: {("A-FUNCTION-CODE", at)},
        ),
        # 部门收支总表 with 序号 and 栏次: a source that breaks the 本年收入合计 and disagrees with the other
        # tables (which agree with each other: the one wrong cell is reported, not the tables that are right)
        "a 收支总表 line off (序号 column, 栏次 row)": (
            lambda: cell(B, "部门收支总表", "二、政府性基金预算拨款收入", ("收入", "预算数"), "1.00"),
            lambda at: {
                ("A-CROSS-TABLE", at),
                ("A-STATEMENT-SUM", "部门收支总表!C34"),
                ("A-CROSS-TABLE", at.replace("C7", "C6")),
            },
        ),
        # amounts as text: a 合计 cell that disagrees with its rows, its row and another table
        "a 合计 cell written as text, off everywhere": (
            lambda: cell(B, "部门收入总表", "合计", ("上年结转",), "5.80"),
            lambda at: {("A-ROW-SUM", at), ("A-COL-SUM", at.replace("D5", "C5")), ("A-CROSS-TABLE", at)},
        ),
    }


CELLS = _cell_cases()


@pytest.mark.parametrize("case", sorted(CELLS))
def test_a_known_table_error_is_found_exactly(case: str) -> None:
    make, expected = CELLS[case]
    pkg, at = make()
    report = audit_package(pkg, "mof")
    assert found(report) == expected(at), [f.line() for f in report.findings]


@pytest.mark.parametrize(
    ("name", "table", "column"),
    [(D, "一般公共预算基本支出表", "F"), (A, "项目支出表", "I"), (B, "部门支出总表", "I")],
)
def test_a_table_in_two_columns_is_reported_once_and_read_as_one(name: str, table: str, column: str) -> None:
    style = STYLES[name]
    pkg, _ = R.package(replace(style, layout=(*style.layout, R.side_by_side(table))))
    report = audit_package(pkg, "mof")
    sheet = next(s.name for s in pkg.sheets if table in s.name or s.name.startswith("表"))
    where = {w for c, w in found(report)}
    assert {c for c, _ in found(report)} == {"A-SIDE-BY-SIDE"}, [f.line() for f in report.findings]
    assert len(where) == 1 and next(iter(where)).endswith(f"!{column}3"), (where, sheet)


# -------------------------------------------------------------------------------------------------- PDF


@pytest.mark.slow
@pytest.mark.parametrize("name", [A, B, E])
def test_a_clean_narrative_as_pdf_audits_clean(name: str, tmp_path: Path) -> None:
    """The narrative as LibreOffice prints it to PDF (lines wrapped, text as pdfplumber reads it), with the
    workbook: nothing reported. Its tables printed to PDF without column widths (texts run over the rulings,
    figures print as ###) cannot be read as tables: not audited, and the report says so."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("pdfplumber")
    _, files = R.package(STYLES[name])
    for file, data in files.items():
        (tmp_path / file).write_bytes(data)
    docx = next(tmp_path.glob("*.docx"))
    xlsx = next(tmp_path.glob("*.xlsx"))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = docx.with_suffix(".pdf")
    report = audit_package(read_package([pdf, xlsx]), "mof")
    assert [f.line() for f in report.findings] == []
    assert found(audit_package(read_package([pdf, xlsx]), "mof")) == set()
    both = audit_package(read_package([pdf, xlsx.with_suffix(".pdf")]), "mof")
    assert [f.line() for f in both.findings] == []
    status = {r.code: o.status for r, o in both.results}
    # the tables as printed are not read: every rule on them says it could not check, none passes
    assert status["A-READABLE"] is Status.NOT_CHECKED
    for code in ("A-ROW-SUM", "A-CROSS-TABLE", "A-NARRATIVE-FIGURE"):
        assert status[code] is Status.NOT_CHECKED, code


# ---------------------------------------------------------------------------------------------- phrasings
# Sentences worded as published narratives word them, added to the clean 元 package of 江滨区卫生健康局
# (“三公” 32.20 万元, last year 8.20; 公务接待费 2.40, last year 3.00; 公务用车购置费 25.00, last year 0;
# 机关运行经费 53.09, last year 65.00; 收入总计 1,039.79).

CLEAN_PHRASES = [
    "2020年“三公”经费预算32.20万元，较上年增加24.00万元，增幅292.68%。",
    "2020年“三公”经费预算32.20万元，比2019年预算8.20万元增加24.00万元。",
    "“三公”经费32.20万元，同比增加24.00万元，增长292.68%，主要原因是新增公务用车购置。",
    "2020年一般公共预算财政拨款安排的“三公”经费32.20万元，较上年8.20增加24.00万元，增加了292.68%。",
    "公务接待费2.40万元，较上年同期减少0.60万元，减少20.00%，主要原因是严格控制接待标准。",
    "公务接待费2.40万元，比上年下降 20 %。",
    "因公出国（境）费0.00万元，与上年预算持平。",
    "因公出国（境）费0.00万元，与2019年预算基本持平。",
    "公务用车购置费25.00万元，上年无该项预算，增长率无可比性。",
    "机关运行经费53.09万元，比上年减少11.91万元，下降18.32%，主要原因是落实过紧日子要求，压减一般性支出。",
    "机关运行经费53.09万元，较上年减少11.91万元，降幅18.32%。",
    "收入总计1,039.79万元，其中一般公共预算拨款收入980.79万元，占94.33%。",
    "基本支出739.79万元，占支出总预算的71.15%；项目支出300.00万元，占28.85%。",
    "“三公”经费预算32.20万元，较上年增加24.00万元，增长2.93倍。",
    "一般公共预算支出10,397,900.00元，同比增加456,000.00元，增长4.59 %。",
    "本年实有人数12人，比上年减少1人。",
    "公务接待费2.40万元，比上年减少0.60万元，主要原因是新增执法车辆后减少了外出接待。",
]
DEFECT_PHRASES = {
    "2020年部门预算较上年增长(减少)的主要原因：新增项目。": {"A-PLACEHOLDER"},
    "车辆运行维护费4.80万元，较上年增加-0.40万元。": {"A-DIRECTION"},
    "“三公”经费32.20万元，较上年增长292.68，主要原因是新增公务用车购置。": {"A-PERCENT-SIGN"},
    "公务用车购置费25.00万元，比上年增加25.00万元，增长100%。": {"A-ZERO-BASE"},
    "公务用车购置费25.00万元，上年预算为0.00万元，增长100.00%。": {"A-ZERO-BASE"},
    "公务接待费2.40万元，较上年同期减少0.60万元，减少25.00%。": {"A-YOY"},
    "公务接待费2.40万元，同比减少0.50万元。": {"A-CHANGE"},
    "公务接待费2.40万元，较上年无变化。": {"A-CHANGE"},
    "“三公”经费32.20万元，较上年8.20增加23.00万元。": {"A-CHANGE"},
    "机关运行经费53.09万元，较上年增加11.91万元，主要原因是压减一般性支出。": {"A-CHANGE", "A-REASON"},
    "机关运行经费53.09万元，比上年减少11.91万元，主要原因是人员增加。": {"A-REASON"},
}


def _with(sentence: str) -> Report:
    pkg = add(A, sentence)
    return audit_package(pkg, "mof")


@pytest.mark.parametrize("sentence", CLEAN_PHRASES)
def test_a_real_phrasing_is_not_reported(sentence: str) -> None:
    assert [f.line() for f in _with(sentence).findings] == []


@pytest.mark.parametrize("sentence", sorted(DEFECT_PHRASES))
def test_a_real_phrasing_with_an_error_is_reported_where_it_stands(sentence: str) -> None:
    report = _with(sentence)
    assert found(report) == {(code, "第10段") for code in DEFECT_PHRASES[sentence]}, [f.line() for f in report.findings]


@pytest.mark.slow
def test_a_known_error_in_a_pdf_narrative_is_found_on_its_page(tmp_path: Path) -> None:
    """The 三公 breakdown that does not add up, printed to PDF: found on page 1, as in the .docx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("pdfplumber")
    _, files = R.package(STYLES[A], lambda ps: [p.replace("公务接待费2.40万元", "公务接待费2.04万元") for p in ps])
    for file, data in files.items():
        (tmp_path / file).write_bytes(data)
    docx = next(tmp_path.glob("*.docx"))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    report = audit_package(read_package([docx.with_suffix(".pdf"), next(tmp_path.glob("*.xlsx"))]), "mof")
    assert found(report) == {("A-PARTS-SUM", "第1页"), ("A-NARRATIVE-FIGURE", "第1页")}, [
        f.line() for f in report.findings
    ]
