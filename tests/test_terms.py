"""One term per concept: 一般公共预算拨款 everywhere a user reads it; the old 公共财政 words only as read-in synonyms.

The profile declares its old terms once (``old_terms`` in profile.yaml, ``Profile.current_wording``):
nothing we publish prints one, the audit reads a published package's old headers as the current ones
(the seed keeps its old words and is audited exactly as before), and a county config naming a table
or column by its old name is told the current one.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import EXAMPLE
from hypothesis import given
from hypothesis import strategies as st

from budgetgen import pipeline
from budgetgen.audit.audit_layout import header_spelling
from budgetgen.audit.context import Context, audit_data
from budgetgen.audit.package import Cell as AuditCell
from budgetgen.audit.package import Package, Sheet, read_package
from budgetgen.config import Settings, load_settings
from budgetgen.profile import default_profile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed"
EDGE = ROOT / "tests" / "edge"
OLD = tuple(default_profile().old_terms)


def _texts(outputs: dict[str, bytes]) -> list[tuple[str, str]]:
    """(where, text) of every sheet name, text cell and narrative paragraph of a build."""
    out: list[tuple[str, str]] = []
    for name, data in outputs.items():
        if name.endswith(".xlsx"):
            wb = openpyxl.load_workbook(io.BytesIO(data))
            for ws in wb.worksheets:
                out.append((ws.title, ws.title))
                out += [
                    (f"{ws.title}!{c.coordinate}", c.value)
                    for r in ws.iter_rows()
                    for c in r
                    if isinstance(c.value, str)
                ]
        elif name.endswith(".docx"):
            out += [(f"说明第{i}段", p.text) for i, p in enumerate(docx.Document(io.BytesIO(data)).paragraphs, 1)]
    return out


@cache
def _built(path: Path) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """A source's outputs, and the names its department wrote itself (projects: not ours to reword)."""
    checked, outputs = pipeline.build_outputs(path)
    assert outputs is not None and checked.budget is not None, [str(i) for i in checked.issues]
    return outputs, tuple(sorted({p.name for p in checked.budget.projects}, key=len, reverse=True))


@pytest.mark.parametrize("path", [EXAMPLE, EDGE / "every-source.yaml", EDGE / "sangong-two-sources.yaml"])
def test_nothing_we_publish_prints_an_old_term(path: Path) -> None:
    """Every source's money named (every-source: 上级公共财政补助 too) and 三公 in two scopes, all in current terms."""
    outputs, own_names = _built(path)
    texts = _texts(outputs)
    assert len(texts) > 200

    def ours(text: str) -> str:
        for name in own_names:  # every-source names a project 上级公共财政补助安排的项目
            text = text.replace(name, "")
        return text.replace("\n", "")

    assert [(where, t) for where, t in texts if any(old in ours(t) for old in OLD)] == []
    assert any("一般公共预算拨款" in t for _, t in texts)


def test_the_detector_sees_an_old_term_where_it_would_print() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "公共财政拨款预算表"
    wb.active["B3"] = "其中：公共财\n政预算拨款"
    buf = io.BytesIO()
    wb.save(buf)
    found = [w for w, t in _texts({"x.xlsx": buf.getvalue()}) if any(o in t.replace("\n", "") for o in OLD)]
    assert found == ["公共财政拨款预算表", "公共财政拨款预算表!B3"]


# --- the profile's accessor -------------------------------------------------------------------------------


def test_current_wording_rewrites_each_old_term_longest_first() -> None:
    p = default_profile()
    assert p.current_wording("公共财政拨款预算表") == "一般公共预算拨款预算表"
    assert p.current_wording("其中：公共财政预算拨款") == "其中：一般公共预算拨款"  # not 公共财政 + 预算拨款
    assert p.current_wording("　公共财政补助") == "　一般公共预算补助"
    assert p.current_wording("纳入公共财政预算管理") == "纳入公共预算管理"
    assert p.current_wording("纳入公共预算管理的非税收入拨款") == "纳入公共预算管理的非税收入拨款"
    assert p.public_name == "一般公共预算拨款"  # the group 公共财政拨款, printed


_fragments = st.sampled_from([*OLD, *default_profile().old_terms.values(), "小计", "一、", "其中：", "预算表", "公共"])


@given(st.lists(_fragments, max_size=6).map("".join))
def test_current_wording_is_idempotent_and_leaves_no_old_term(text: str) -> None:
    p = default_profile()
    once = p.current_wording(text)
    assert p.current_wording(once) == once
    assert not any(old in once for old in OLD)


# --- the audit reads the seed's old words as the current ones -------------------------------------------


@cache
def _seed_context() -> Context:
    return Context(read_package(sorted(SEED.glob("*.*"))), audit_data())


def test_the_audits_references_in_current_terms_find_the_seeds_old_headers() -> None:
    ctx = _seed_context()
    refs = audit_data()["equalities"]["一般公共预算拨款"]
    values = {ref: ctx.figures(ref) for ref in refs}
    assert all(values.values()), values
    assert {f[0].value for f in values.values() if f} == {Decimal("2602664")}  # all of the seed's money is 经费拨款
    sheet = ctx.table("一般公共预算拨款预算表")
    assert sheet is not None and sheet.name == "公共财政拨款预算表"


def test_without_the_old_terms_the_same_references_find_nothing() -> None:
    """Near miss: the synonyms do the work (the seed keeps its old words)."""
    ctx = _seed_context()
    plain = Context(ctx.package, audit_data())
    plain.wording = str
    assert plain.table("一般公共预算拨款预算表") is None
    assert plain.figures("收支总表!一、一般公共预算拨款") is None
    assert plain.figures("收入总表!合计|一般公共预算拨款小计") is None


def _header_package(*heads: str) -> Package:
    sheet = Sheet("公开表.xlsx", "收入总表", where="收入总表!")
    sheet.cells[(0, 0)] = AuditCell("收入总表", "General")
    for c, head in enumerate(("单位名称", *heads, "合计")):
        sheet.cells[(2, c)] = AuditCell(head, "General")
    sheet.cells[(3, 0)] = AuditCell("**", "General")
    sheet.cells[(4, 0)] = AuditCell("合计", "General")
    for c in range(1, len(heads) + 2):
        sheet.cells[(3, c)] = AuditCell(str(c), "General")
        sheet.cells[(4, c)] = AuditCell(1, "#,##0.00")
    pkg = Package()
    pkg.sheets.append(sheet)
    return pkg


def test_an_old_header_is_not_a_misspelling_but_a_typo_of_the_current_one_is() -> None:
    old = header_spelling.run(Context(_header_package("公共财政拨款小计", "公共财政补助"), audit_data()))
    assert old.findings == [] and old.checked == 0
    typo = header_spelling.run(Context(_header_package("一般公共预算拔款小计"), audit_data()))
    assert [f.message for f in typo.findings] == [
        "收入总表表头“一般公共预算拔款小计”疑似错字，格式中的栏目名为“一般公共预算拨款小计”"
    ]


# --- a county's local names (budgetgen.yaml 表格) -----------------------------------------------------------


def _county(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "budgetgen.yaml").write_text(text, encoding="utf-8")
    found, issues = load_settings(tmp_path / "budgetgen.yaml")
    assert found is not None, issues
    return found


def test_a_config_naming_an_old_table_or_column_is_told_the_current_name(tmp_path: Path) -> None:
    text = (
        "表格:\n  公共财政拨款预算表:\n    表名: 财政拨款表\n  收入总表:\n    列名: {公共财政拨款小计: 财政拨款小计}\n"
    )
    checked, outputs = pipeline.build_outputs(EXAMPLE, _county(tmp_path, text))
    assert outputs is None
    found = [(i.code, i.loc.line, i.message) for i in checked.issues]
    assert found == [
        (
            "E-CONFIG-TABLE",
            3,
            "模板方案中没有名为“公共财政拨款预算表”的表（“公共财政拨款预算表”是旧称，现名“一般公共预算拨款预算表”，"
            "请改写为“一般公共预算拨款预算表”）",
        ),
        (
            "E-CONFIG-TABLE",
            5,
            "“收入总表”没有名为“公共财政拨款小计”的列（“公共财政拨款小计”是旧称，现名“一般公共预算拨款小计”，"
            "请改写为“一般公共预算拨款小计”）",
        ),
    ]


def test_a_name_that_is_no_old_term_still_lists_what_there_is(tmp_path: Path) -> None:
    """Near miss: an unknown name that old terms do not explain keeps the list of names."""
    text = "表格:\n  财政拨款预算表:\n    表名: 甲\n"
    checked, _ = pipeline.build_outputs(EXAMPLE, _county(tmp_path, text))
    assert [i.code for i in checked.issues] == ["E-CONFIG-TABLE"]
    assert "（可用：收支总表、收入总表" in checked.issues[0].message and "旧称" not in checked.issues[0].message


def test_a_county_may_still_print_its_own_local_names(tmp_path: Path) -> None:
    """Issue 10's local names work on the current names, even to print the old words if a county wants them."""
    text = (
        "表格:\n  一般公共预算拨款预算表:\n    表名: 公共财政拨款预算表\n"
        "  收入总表:\n    列名: {一般公共预算拨款小计: 财政拨款小计}\n"
    )
    checked, outputs = pipeline.build_outputs(EXAMPLE, _county(tmp_path, text))
    assert outputs is not None, [str(i) for i in checked.issues]
    wb = openpyxl.load_workbook(io.BytesIO(next(v for k, v in outputs.items() if k.endswith(".xlsx"))))
    assert "公共财政拨款预算表" in wb.sheetnames and "一般公共预算拨款预算表" not in wb.sheetnames
    heads = {str(c.value).replace("\n", "") for row in wb["收入总表"].iter_rows(max_row=5) for c in row if c.value}
    assert "财政拨款小计" in heads and "一般公共预算拨款小计" not in heads
