"""Year-on-year arithmetic and project codes in ``budgetgen audit``: each defect reported once, by one rule,
and its near misses quiet (mutations of our clean example, as in test_audit.py)."""

from __future__ import annotations

import pytest
from test_audit import _audited, add, both, put, relabel

from budgetgen.audit.findings import Status
from budgetgen.audit.package import Cell, Package, Sheet
from budgetgen.audit.run import audit_package

SANGONG = "“三公”经费2020年预算数为5.94万元，2019年预算数为5.00万元，"


def codes(mutation: object) -> list[str]:
    return [f.code for f in _audited(mutation).findings]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SANGONG + "较上年增长20.00%。", ["A-CHANGE"]),  # only a percentage: 0.94 / 5.00 = 18.80%
        (SANGONG + "与上年持平。", ["A-CHANGE"]),
        (SANGONG + "较上年减少0.94万元。", ["A-CHANGE"]),  # the direction is wrong
        # the amount is wrong and the percentage right: reported once, as the amount (A-YOY stays quiet)
        (SANGONG + "较上年增加1.94万元，增长18.80%。", ["A-CHANGE"]),
        # 0.01 off this year less last year: a rounding difference, reported once by A-ROUNDING
        (SANGONG + "较上年增加0.95万元。", ["A-ROUNDING"]),
        # last year 0: this year less the increase is 0, a percentage has no base (A-ZERO-BASE, once)
        ("“三公”经费2020年预算数为5.94万元，较上年增加5.94万元，增长100.00%。", ["A-ZERO-BASE"]),
        (SANGONG + "较上年增长18.80%。", []),
        (SANGONG + "较上年增加0.94万元，增长18.80%。", []),
        ("“三公”经费2020年预算数为5.94万元，较上年增加5.94万元。", []),
    ],
)
def test_a_change_is_reported_once_by_the_rule_it_breaks(text: str, expected: list[str]) -> None:
    assert codes(add(text)) == expected


def test_last_years_figure_is_not_compared_with_this_years_table() -> None:
    report = _audited(add(SANGONG + "较上年增加0.94万元。"))
    assert report.findings == []
    assert dict((r.code, o.status) for r, o in report.results)["A-CHANGE"] is Status.PASS


A = "专项资金预算汇总表"
B = "专项资金绩效目标表"


@pytest.mark.parametrize(
    ("mutation", "reported"),
    [
        # with and without a prefix
        (
            both(
                relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
                relabel(B, "网站监测经费", "[200001]网站监测经费"),
            ),
            1,
        ),
        # a digit changed, the name the same
        (
            both(
                relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
                relabel(B, "网站监测经费", "[43001200002]网站监测经费"),
            ),
            1,
        ),
        # the same code on two different projects
        (
            both(
                relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
                relabel(A, "电子政务网络线路租金", "[43001200001]电子政务网络线路租金"),
            ),
            1,
        ),
        # the narrative writes the code another way
        (
            both(
                relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
                add("网站监测经费（项目编码：43001200011）用于网站监测。"),
            ),
            1,
        ),
        # near misses: the narrative writes it the same way; two projects, two codes
        (
            both(
                relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
                add("网站监测经费（项目编码：43001200001）用于网站监测。"),
            ),
            0,
        ),
        (
            both(
                relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
                relabel(A, "电子政务网络线路租金", "[43001200002]电子政务网络线路租金"),
            ),
            0,
        ),
        # a name that starts with digits is not a code
        (relabel(A, "网站监测经费", "12345网站监测经费"), 0),
    ],
)
def test_project_codes_are_spelled_one_way(mutation: object, reported: int) -> None:
    assert codes(mutation).count("A-PROJECT-CODE") == reported


def test_two_units_may_give_one_project_name_two_codes() -> None:
    """Grouped by the row's 单位代码: the same name under another unit is another project."""
    mutation = both(
        relabel(A, "网站监测经费", "[43001200001]网站监测经费"),
        relabel(A, "电子政务网络线路租金", "[43009900001]网站监测经费"),
        put(f"{A}!A14", "702799"),
    )
    report = _audited(mutation)
    assert "A-PROJECT-CODE" not in [f.code for f in report.findings]
    assert dict((r.code, o.status) for r, o in report.results)["A-PROJECT-CODE"] is Status.PASS


def _sheet(name: str, rows: list[list[object]]) -> Sheet:
    table = [[name], ["项目编码", "项目名称", "金额"], ["**", "**", "1"], *rows]
    cells = {(r, c): Cell(v) for r, row in enumerate(table) for c, v in enumerate(row) if v is not None}
    return Sheet("x.xlsx", name, cells, where=f"{name}!")


def test_a_code_column_beside_the_project_name_is_read() -> None:
    """Tables with a 项目编码 column: the code beside a name is the same in every table."""
    first = [["43001200001", "网站监测经费", 80000], ["43001200002", "网站运维经费", 30000]]

    def found(code: str) -> list[str]:
        second = _sheet("第二表", [[code, "网站监测经费", 80000]])
        pkg = Package(sheets=[_sheet("第一表", first), second], names=["x.xlsx"])
        return [f.message for f in audit_package(pkg).findings if f.code == "A-PROJECT-CODE"]

    assert found("43001200001") == []
    assert [m for m in found("４３００１２００００１") if "全角、半角或空格不同" in m]
    assert [m for m in found("43001200011") if "有 1 位不同" in m]
    assert [m for m in found("3001200001") if "前缀" in m]
    # the other project's code on this name: two names for one code (and two codes for one name)
    assert [m for m in found("43001200002") if "两个不同名称" in m]
