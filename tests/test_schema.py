"""Schema failures become located Chinese issues, one table of messages for every validator kind."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from issue_helpers import EXAMPLE_TEXT, ROOT, Marker, edit

from budgetgen import schema, source
from budgetgen.issues import Issue

#: Validator kinds that are not turned into messages through the table, and why.
SPECIAL = {
    "required": "one issue per missing key, at the parent key",
    "additionalProperties": "one issue per unknown key, with a suggestion",
    "propertyNames": "reported at the offending key",
    "properties": "structural: errors come from the nested keywords",
    "items": "structural: errors come from the nested keywords",
}
#: Schema keywords that are annotations, not validators.
ANNOTATIONS = {"$schema", "$id", "title", "description", "default"}


def validate(text: str) -> list[Issue]:
    doc, issues = source.load_text(text, "t.yaml")
    assert doc is not None, issues
    return issues + schema.validate(doc)


def pairs(text: str) -> list[tuple[str, int]]:
    return sorted((i.code, i.loc.line) for i in validate(text))


def keywords(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in ("properties",) and isinstance(value, dict):
                for sub in value.values():
                    yield from keywords(sub)
            else:
                yield from keywords(value)
    elif isinstance(node, list):
        for item in node:
            yield from keywords(item)


def test_every_validator_kind_in_the_schema_has_a_chinese_message() -> None:
    used = set(keywords(schema.department_schema())) - ANNOTATIONS
    validators = {k for k in used if not k.startswith("$")} & set(
        __import__("jsonschema").Draft202012Validator.VALIDATORS
    )
    assert validators - set(SPECIAL) - set(schema._MESSAGES) == set()


def test_example_is_valid() -> None:
    assert validate(EXAMPLE_TEXT) == []


AMOUNT = "30101: 307056"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "E-SCHEMA-TYPE"),
        ("-5", "E-SCHEMA-RANGE"),
        ("1.234", "E-SCHEMA-DECIMALS"),
        (".nan", "E-SCHEMA-TYPE"),
        (".inf", "E-SCHEMA-TYPE"),
        ("1e400", "E-SCHEMA-TYPE"),
        ("1.0e+400", "E-SCHEMA-TYPE"),  # exponent notation is text, whichever way YAML reads it
        ("'100'", "E-SCHEMA-TYPE"),
        ("[1, 2]", "E-SCHEMA-TYPE"),
        ("{功能分类: '2010301'}", "E-SCHEMA-REQUIRED"),
        ("{金额: 1, 颜色: 红}", "E-SCHEMA-UNKNOWN-KEY"),
    ],
)
def test_bad_amount_is_one_issue_at_its_line(value: str, code: str) -> None:
    text = edit([(AMOUNT, f"30101: {value}")])
    line = Marker(f"30101: {value}").line_in(text)
    found = pairs(text)
    assert (code, line) in found
    assert all(n == line for _, n in found)


def test_huge_decimal_reports_range_and_decimals_without_crashing() -> None:
    text = edit([(AMOUNT, "30101: 1" + "0" * 25 + ".123")])
    assert {c for c, _ in pairs(text)} <= {"E-SCHEMA-RANGE", "E-SCHEMA-DECIMALS"}
    amount_line = next(n for n, line in enumerate(EXAMPLE_TEXT.splitlines(), 1) if AMOUNT in line)
    assert pairs(edit([(AMOUNT, "30101: 1.5E+999999999")])) == [("E-SCHEMA-TYPE", amount_line)]


def test_missing_key_points_at_its_parent_key() -> None:
    text = edit([("  主要职能: >-\n", "  职能备注: >-\n")])
    assert pairs(text) == sorted(
        [
            ("E-SCHEMA-REQUIRED", Marker("部门:").line_in(text)),
            ("E-SCHEMA-UNKNOWN-KEY", Marker("职能备注").line_in(text)),
        ]
    )


def test_unknown_key_suggests_the_closest_known_key() -> None:
    text = edit([("  预算年度: 2020", "  预算年份: 2020")])
    unknown = [i for i in validate(text) if i.code == "E-SCHEMA-UNKNOWN-KEY"]
    assert [(i.loc.line, i.path) for i in unknown] == [(Marker("预算年份").line_in(text), "部门.预算年份")]
    assert "预算年度" in unknown[0].message


def test_bad_economic_key_is_reported_at_the_key() -> None:
    text = edit([("30101: 307056", "3010: 307056")])
    issues = validate(text)
    assert [(i.code, i.loc.line, i.path) for i in issues] == [
        ("E-SCHEMA-FORMAT", Marker("3010:").line_in(text), "单位[0].基本支出.3010")
    ]


def test_enum_and_integer_fields() -> None:
    text = edit([("单位性质: 事业", "单位性质: 公司"), ("实有: {事业: 9}", "实有: {事业: 9.5}")])
    assert pairs(text) == sorted(
        [("E-SCHEMA-TYPE", Marker("实有:").line_in(text)), ("E-SCHEMA-ENUM", Marker("单位性质:").line_in(text))]
    )


def test_refused_values_are_not_reported_twice() -> None:
    text = edit([("  简称: 政务中心", "  简称: !!python/object/apply:os.system ['true']")])
    assert pairs(text) == [("E-YAML-TAG", Marker("简称:").line_in(text))]


def test_top_level_must_be_a_mapping() -> None:
    assert pairs("- 1\n- 2\n") == [("E-SCHEMA-TYPE", 1)]


def test_shipped_schema_is_what_the_generator_writes(tmp_path: Path) -> None:
    shipped = json.loads((ROOT / "schemas" / "department.schema.json").read_text(encoding="utf-8"))
    script = ROOT / "tools" / "make_schema.py"
    code = (
        f"import runpy, json; m = runpy.run_path({str(script)!r}); print(json.dumps(m['SCHEMA'], ensure_ascii=False))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True)
    assert json.loads(run.stdout) == shipped
