"""The compiled yes/no schema check answers exactly as jsonschema does (it lets a source skip jsonschema).

If it ever said "valid" where jsonschema finds a failure, that failure would go
unreported; if it said "not valid" for a valid source, only time would be lost.
Both directions are compared: on every source the repository ships and on
Hypothesis mutations of the example (values of every type at every path, keys
removed, unknown keys added).
"""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from issue_helpers import EXAMPLE, ROOT

from budgetgen import schema, source
from budgetgen.schemacheck import compile_schema

PRECHECK = compile_schema(schema.department_schema())
SOURCES = sorted(
    p
    for folder in ("examples", "tests/good", "tests/bad", "tests/edge", "tests/fixtures")
    for p in (ROOT / folder).rglob("*.yaml")
    if p.stat().st_size < 2_000_000
)


def jsonschema_valid(data: Any) -> bool:
    return not any(True for _ in schema._validator().iter_errors(data))


def test_the_shipped_schema_compiles() -> None:
    assert PRECHECK is not None


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_answer_as_jsonschema_on_every_shipped_source(path: Path) -> None:
    doc, _ = source.load_file(path, path.name)
    if doc is None or not isinstance(doc.data, dict):
        pytest.skip("not a readable mapping")
    assert PRECHECK is not None
    assert PRECHECK(doc.data) == jsonschema_valid(doc.data)


def test_shipped_sources_include_both_answers() -> None:
    """The comparison above is not vacuous: some sources pass, some fail."""
    answers = set()
    for path in SOURCES:
        doc, _ = source.load_file(path, path.name)
        if doc is not None and isinstance(doc.data, dict):
            answers.add(jsonschema_valid(doc.data))
    assert answers == {True, False}


@pytest.mark.parametrize(
    ("fragment", "value", "valid"),
    [
        ({"type": "integer"}, 3.0, True),  # Draft 2020-12: a float with no fraction is an integer
        ({"type": "integer"}, True, False),
        ({"type": "number"}, Decimal("1.5"), True),
        ({"type": "number"}, False, False),
        ({"type": "number", "multipleOf": Decimal("0.01")}, Decimal("1.005"), False),
        ({"type": "number", "multipleOf": Decimal("0.01")}, Decimal("1E+40"), False),  # quotient too long
        ({"enum": ["a", "b"]}, "a", True),
        ({"enum": ["1"]}, 1, False),
        ({"pattern": "^[0-9]{3}$"}, "1234", False),
        ({"pattern": "[0-9]"}, 12, True),  # patterns apply to strings only
        ({"minimum": 0}, "x", True),
        ({"minimum": 0}, Decimal("-0.01"), False),
        ({"maximum": 9}, 10, False),
        ({"items": False}, [], True),
        ({"items": False}, [1], False),
        ({"propertyNames": {"pattern": "^3"}}, {"4": 1}, False),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, None, True),
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x", "b": 1}, False),
        ({"additionalProperties": {"type": "string"}}, {"b": 1}, False),
        ({"required": ["a"]}, [], True),
    ],
)
def test_keyword_semantics_match(fragment: dict[str, Any], value: Any, valid: bool) -> None:
    check = compile_schema(fragment)
    assert check is not None
    cls = type(schema._validator())
    assert (not any(True for _ in cls(fragment).iter_errors(value))) is valid
    assert check(value) is valid


@pytest.mark.parametrize("fragment", [{"maxLength": 3}, {"patternProperties": {}}, {"type": "int"}, {"$ref": "#"}])
def test_an_unknown_keyword_leaves_everything_to_jsonschema(fragment: dict[str, Any]) -> None:
    assert compile_schema({"properties": {"a": fragment}}) is None


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*at, i))
    return found


BASE = source.load_file(EXAMPLE, EXAMPLE.name)[0]
assert BASE is not None
PATHS = _paths(BASE.data)[1:]
VALUES = st.one_of(
    st.sampled_from(["", "abc", "30101", "2020-01-01", "是", "基本支出", "一般公共预算拨款收入", " 1 "]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**15), max_value=10**15),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**15), max_value=10**15),
    st.sampled_from([Decimal("1E+40"), Decimal("0.00"), Decimal("-0.01"), Decimal("99999999999999.99")]),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.just([]),
    st.just({}),
    st.just({"未知": 1}),
)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    for key in path[:-1]:
        data = data[key]
    del data[path[-1]]


@settings(
    max_examples=int(300 * float(os.environ.get("BUDGETGEN_FUZZ_SCALE", "1"))),
    deadline=None,
    derandomize=True,
    database=None,
)
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), st.sampled_from(["set", "delete", "extra"]), VALUES),
        min_size=1,
        max_size=3,
    )
)
def test_same_answer_as_jsonschema_on_mutated_examples(edits: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    assert BASE is not None and PRECHECK is not None
    data = copy.deepcopy(BASE.data)
    for path, how, value in edits:
        try:
            if how == "set":
                _set(data, path, value)
            elif how == "delete":
                _delete(data, path)
            else:
                _set(data, (*path[:-1], "未知的键"), value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced the path
    assert PRECHECK(data) == jsonschema_valid(data)
