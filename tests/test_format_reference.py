"""The source format: every schema field is documented in Chinese, dates and amounts load exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetgen.assemble import parse_date
from budgetgen.profile import default_profile
from budgetgen.source import load_text

PROFILE = default_profile()
NONTAX_PLAN_CATEGORIES, PROJECT_GROUPS, SOURCES = PROFILE.nontax_categories, PROFILE.project_groups, PROFILE.sources

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "department.schema.json"


def fields(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node that describes a value."""
    if isinstance(node, dict):
        if "type" in node or "anyOf" in node:
            yield path, node
        for key, value in node.items():
            if key in ("properties",):
                for name, sub in value.items():
                    yield from fields(sub, f"{path}.{name}")
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                yield from fields(value, f"{path}[{key}]")
            elif key == "anyOf":
                for i, sub in enumerate(value):
                    yield from fields(sub, f"{path}|{i}")


def test_every_field_has_a_chinese_title_and_description() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    seen = list(fields(schema))
    assert len(seen) > 100
    for path, node in seen:
        for key in ("title", "description"):
            text = node.get(key, "")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{path} lacks a Chinese {key}"


def test_schema_enums_match_the_classifications() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    unit = schema["properties"]["单位"]["items"]["properties"]
    assert list(unit["收入"]["properties"]) == list(SOURCES)
    assert unit["资金来源"]["enum"] == list(SOURCES)
    project = schema["properties"]["项目"]["items"]["properties"]
    assert project["类别"]["enum"] == list(PROJECT_GROUPS)
    nontax = unit["非税收入计划"]["items"]["properties"]["类别"]
    assert nontax["enum"] == list(NONTAX_PLAN_CATEGORIES)


@pytest.mark.parametrize("text", ["2020-03-18", "2020年3月18日", "2020/3/18", "2020.03.18", " 2020 年 3 月 18 日 "])
def test_dates_are_accepted_as_users_type_them(text: str) -> None:
    doc, issues = load_text(f"d: {text}\n", "t.yaml")
    assert issues == [] and doc is not None
    assert isinstance(doc.data["d"], str), "a date stays text until the model parses it"
    assert parse_date(doc.data["d"]) == date(2020, 3, 18)


def test_invalid_dates_are_rejected() -> None:
    assert parse_date("2020-02-30") is None
    assert parse_date("明年三月") is None


def test_amounts_never_pass_through_float() -> None:
    doc, _ = load_text("a: 0.1\nb: 0.2\nc: 307056\nd: 1_000.50\n", "t.yaml")
    assert doc is not None
    a, b, c, d = (doc.data[k] for k in "abcd")
    assert isinstance(a, Decimal) and isinstance(b, Decimal)
    assert a + b == Decimal("0.3")
    assert c == 307056 and isinstance(c, int)
    assert d == Decimal("1000.50")


def test_codes_keep_their_digits_as_typed() -> None:
    doc, _ = load_text("单位: {代码: 0702701, 功能分类: 2010301}\n", "t.yaml")
    assert doc is not None
    assert doc.text(("单位", "代码")) == "0702701"
