"""The audit rules of how a package reads on paper and at its end: the staff breakdown (A-STAFF-CATEGORY,
A-STAFF-PARTS), the sign-off (A-SIGN-OFF) and the printed text size (A-PRINT-SIZE), beyond the trigger and
near-miss cases of tests/test_audit.py: the readers of page setup and paragraph placement, the decisions
(defaults, not applicable, not checked) and a property of the staff breakdown."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from budgetgen.audit.context import audit_data
from budgetgen.audit.findings import Outcome, Status
from budgetgen.audit.package import Package, Paragraph, _read_docx, _read_xlsx
from budgetgen.audit.presentation import RIGHT, UNREADABLE, body_pt, printed
from budgetgen.audit.run import audit_package
from budgetgen.resources import templates_dir

ROOT = Path(__file__).resolve().parent.parent
RULES = ("A-STAFF-CATEGORY", "A-STAFF-PARTS", "A-SIGN-OFF", "A-PRINT-SIZE")


def _results(pkg: Package) -> dict[str, Outcome]:
    return {r.code: o for r, o in audit_package(pkg).results if r.code in RULES}


def _said(*texts: str, file: str = "说明.docx") -> Package:
    return Package(paragraphs=[Paragraph(file, f"第{i}段", t) for i, t in enumerate(texts, 1)], names=[file])


def _messages(outcome: Outcome) -> list[str]:
    return [f.message for f in outcome.findings]


# --- A-PRINT-SIZE -----------------------------------------------------------------------------------------


def _workbook(columns: int, setup: dict[str, object] | None = None, font: float | None = None) -> Package:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出表"
    for c in range(1, columns + 1):
        cell = ws.cell(3, c, f"栏目{c}")
        if font is not None:
            cell.font = openpyxl.styles.Font(sz=font)
    for key, value in (setup or {}).items():
        if key == "fit":
            ws.sheet_properties.pageSetUpPr.fitToPage = value
        else:
            setattr(ws.page_setup, key, value)
    buf = io.BytesIO()
    wb.save(buf)
    pkg = Package(names=["表.xlsx"])
    _read_xlsx(buf.getvalue(), "表.xlsx", pkg)
    return pkg


def test_a_workbook_without_page_setup_prints_unscaled_as_excel_does() -> None:
    """No page setup: Excel and WPS print at 100 %, however wide the sheet; the paper is then irrelevant."""
    pkg = _workbook(40)
    p = printed(pkg.sheets[0].setup)  # type: ignore[arg-type]
    assert p is not None and (p.scale, p.text_pt, p.assumed) == (100, 11.0, ())
    assert _results(pkg)["A-PRINT-SIZE"].status is Status.PASS


def test_fit_to_width_without_paper_assumes_a4_portrait_and_says_so() -> None:
    outcome = _results(_workbook(12, {"fit": True, "fitToWidth": 1, "fitToHeight": 0}))["A-PRINT-SIZE"]
    assert outcome.status is Status.FAIL
    assert "按 Excel、WPS 的默认 A4 计算" in outcome.findings[0].message
    assert "纵向" in outcome.findings[0].message
    assert outcome.findings[0].where == "支出表!A1"


@pytest.mark.parametrize(("scale", "fails"), [(63, True), (64, False)])
def test_a_fixed_scale_is_font_times_scale(scale: int, fails: bool) -> None:
    """11 pt at 63 % is 6.93 pt, under the floor; at 64 % it is 7.04 pt."""
    outcome = _results(_workbook(3, {"scale": scale}))["A-PRINT-SIZE"]
    assert (outcome.status is Status.FAIL) is fails


def test_fit_to_page_ignores_the_stored_scale_and_reads_the_font() -> None:
    """A3 landscape one page wide: 40 default columns (64 pt each) on 1154 pt is 45 %; 20 pt text stays 9 pt."""
    setup = {"fit": True, "fitToWidth": 1, "fitToHeight": 0, "paperSize": 8, "orientation": "landscape", "scale": 100}
    small, large = _workbook(40, setup), _workbook(40, setup, font=20)
    assert printed(small.sheets[0].setup).scale == printed(large.sheets[0].setup).scale < 50  # type: ignore[arg-type,union-attr]
    assert _results(small)["A-PRINT-SIZE"].status is Status.FAIL
    assert _results(large)["A-PRINT-SIZE"].status is Status.PASS


def test_hidden_columns_do_not_print() -> None:
    setup = {"fit": True, "fitToWidth": 1, "fitToHeight": 0, "paperSize": 9, "orientation": "landscape"}
    wb_pkg = _workbook(20, setup)
    assert _results(wb_pkg)["A-PRINT-SIZE"].status is Status.FAIL
    wb = openpyxl.Workbook()
    ws = wb.active
    for c in range(1, 21):
        ws.cell(1, c, "字")
        if c > 10:
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden = True
    ws.page_setup.paperSize, ws.page_setup.orientation = 9, "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    pkg = Package()
    _read_xlsx(buf.getvalue(), "表.xlsx", pkg)
    assert len(pkg.sheets[0].setup.widths) == 10  # type: ignore[union-attr]
    assert _results(pkg)["A-PRINT-SIZE"].status is Status.PASS


def test_a_pdf_table_page_is_judged_by_its_body_text() -> None:
    chars = [{"text": "字", "size": 6.04}] * 30 + [{"text": "题", "size": 14.0}] * 4 + [{"text": " ", "size": 3.0}]
    assert body_pt(chars) == 6.0
    pkg = Package(table_pages=[("表.pdf", "第3页"), ("表.pdf", "第4页")])
    pkg.table_text_pt = [("表.pdf", "第3页", 6.0), ("表.pdf", "第4页", 7.0)]
    outcome = _results(pkg)["A-PRINT-SIZE"]
    assert [(f.file, f.where) for f in outcome.findings] == [("表.pdf", "第3页")]
    assert outcome.checked == 2


# --- A-SIGN-OFF -------------------------------------------------------------------------------------------


def _docx(*lines: tuple[str, WD_ALIGN_PARAGRAPH | None]) -> Package:
    doc = docx.Document()
    for text, align in lines:
        doc.add_paragraph(text).alignment = align
    buf = io.BytesIO()
    doc.save(buf)
    pkg = Package(names=["说明.docx"])
    _read_docx(buf.getvalue(), "说明.docx", pkg)
    return pkg


BODY = ("一、部门基本概况", None), ("本部门预算公开表共22张，附后。", None)
R = WD_ALIGN_PARAGRAPH.RIGHT


def test_a_complete_sign_off_passes_and_leading_spaces_count_as_right() -> None:
    good = _docx(*BODY, ("附件：部门预算公开表", None), ("某县某局", R), ("2020年3月18日", R))
    assert _results(good)["A-SIGN-OFF"].status is Status.PASS
    spaced = _docx(*BODY, ("附件：部门预算公开表", None), ("某县某局", R), (" " * 30 + "2020年3月18日", None))
    assert spaced.paragraphs[-1].place == RIGHT
    assert _results(spaced)["A-SIGN-OFF"].status is Status.PASS


def test_a_left_aligned_date_and_name_are_reported() -> None:
    pkg = _docx(*BODY, ("附件：部门预算公开表", None), ("某县某局", None), ("2020年3月18日", None))
    messages = _messages(_results(pkg)["A-SIGN-OFF"])
    assert len(messages) == 2
    assert "没有排在右侧（靠左）" in messages[0] and "排在左侧" in messages[1]


def test_the_seed_end_reports_the_note_after_the_date_and_the_missing_name() -> None:
    pkg = _docx(*BODY, (" " * 30 + "2020年3月18日", None), ("附件：预算公开表", None))
    outcome = _results(pkg)["A-SIGN-OFF"]
    assert [f.where for f in outcome.findings] == ["第4段", "第3段"]
    assert "附件说明“附件：预算公开表”排在落款日期（第3段）之后" in outcome.findings[0].message


def test_no_sign_off_is_not_applicable_and_a_dated_sentence_is_no_sign_off() -> None:
    assert _results(_docx(*BODY))["A-SIGN-OFF"].status is Status.NOT_APPLICABLE
    dated = _docx(*BODY, ("数据截至2020年3月18日", None))
    assert _results(dated)["A-SIGN-OFF"].status is Status.NOT_APPLICABLE


def test_chinese_numeral_dates_are_read() -> None:
    pkg = _docx(*BODY, ("二〇二〇年三月十八日", R), ("附件：预算公开表", None))
    assert len(_results(pkg)["A-SIGN-OFF"].findings) == 2


def test_a_pdf_is_checked_for_order_only() -> None:
    wrong = _said(
        "本部门预算公开表共22张，附后。", "七、预算公开（附后）2020年3月18日附件：预算公开表", file="说明.pdf"
    )
    right = _said("本部门预算公开表共22张，附后。", "附件：部门预算公开表某县某局2020年3月18日", file="说明.pdf")
    assert [f.where for f in _results(wrong)["A-SIGN-OFF"].findings] == ["第2段"]
    assert _results(right)["A-SIGN-OFF"].status is Status.PASS


# --- A-STAFF-CATEGORY, A-STAFF-PARTS ----------------------------------------------------------------------


def test_real_phrasings_of_a_breakdown_are_read() -> None:
    texts = [
        "2020年编制人数12名（其中：行政编制8名，事业编制4名），实有人数11人，其中：在职9人、退休2人。",
        "实有人数 9 人。其中管理岗位3人，专业技术岗位5人，工勤技能岗位1人；另有临时工2人。",
        "在职人员9人，其中：公务员6人，工勤人员3人，管理岗位5人。",
        "离退休人员3人，其中离休1人和退休2人。",
    ]
    results = _results(_said(*texts))
    assert results["A-STAFF-CATEGORY"].status is Status.PASS
    assert results["A-STAFF-PARTS"].status is Status.PASS
    assert results["A-STAFF-PARTS"].checked == 5
    wrong = _results(_said("实有人数9人，其中：管理岗位3人、专业技术岗位5人和工勤技能岗位2人。"))
    assert wrong["A-STAFF-PARTS"].status is Status.FAIL  # the part after 和 is read too: 10, not 9


def test_parts_of_one_group_must_add_up_and_none_may_exceed() -> None:
    short = _results(_said("实有人数12人，其中：在职9人，退休2人。"))["A-STAFF-PARTS"]
    assert ["合计 11 人，与 12 人不符" in m for m in _messages(short)] == [True]
    over = _results(_said("实有人数9人，其中：管理岗位10人。"))["A-STAFF-PARTS"]
    assert over.status is Status.FAIL


def test_an_unreadable_breakdown_is_not_checked_and_other_counts_are_not_staff() -> None:
    unread = _results(_said("实有人数9人，其中：大部分为年轻同志。"))
    assert unread["A-STAFF-CATEGORY"].status is Status.NOT_CHECKED
    assert "第1段" in unread["A-STAFF-CATEGORY"].not_checked
    assert unread["A-STAFF-PARTS"].status is Status.NOT_CHECKED
    visitors = _results(_said("全年接待群众500人，其中：线上300人，线下200人。"))
    assert visitors["A-STAFF-CATEGORY"].status is Status.NOT_APPLICABLE


def test_categories_are_the_profiles_data_not_the_cores() -> None:
    for profile in ("hunan-county", "mof"):
        groups = audit_data(profile)["staff_breakdown"]["categories"]
        assert "管理岗位" in groups["岗位"]
        assert (templates_dir() / profile / "audit.yaml").exists()
    words = {c for group in groups.values() for c in group}
    assert _code_strings(ROOT / "generator" / "audit" / "audit_staff.py") & words == set()
    assert _code_strings(Path(__file__)) & words  # the scan sees this file's categories: it can fail


def _code_strings(path: Path) -> set[str]:
    """Every category-sized run of CJK in the file's string constants, docstrings left out (they give examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for run in re.findall(r"[\u4e00-\u9fff]+", node.value):
                found |= {run[i:j] for i in range(len(run)) for j in range(i + 2, len(run) + 1)}
    return found


POSTS = ["管理岗位", "专业技术岗位", "工勤技能岗位"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=2, max_size=3),
    st.sampled_from(["，其中：", "，其中", "。其中", "（其中"]),
    st.sampled_from(["，", "、"]),
    st.integers(-2, 2),
)
def test_a_breakdown_is_reported_exactly_when_its_parts_miss_the_total(
    counts: list[int], opener: str, sep: str, error: int
) -> None:
    total = sum(counts) + error
    assume(total >= 0)
    parts = sep.join(f"{POSTS[i]}{n}人" for i, n in enumerate(counts))
    text = f"实有人数{total}人{opener}{parts}{'）' if opener == '（其中' else ''}。"
    results = _results(_said(text))
    assert results["A-STAFF-CATEGORY"].status is Status.PASS
    assert (results["A-STAFF-PARTS"].status is Status.FAIL) is (error != 0)


def test_a_page_setup_that_cannot_be_read_is_not_checked_never_a_pass() -> None:
    pkg = _workbook(3)
    pkg.sheets[0].setup = UNREADABLE
    outcome = _results(pkg)["A-PRINT-SIZE"]
    assert outcome.status is Status.NOT_CHECKED
    assert "支出表 的页面设置无法读取" in outcome.not_checked
