"""Check a loaded source against the JSON Schema and explain each failure in Chinese.

jsonschema reports failures by validator kind (``type``, ``required`` …). One
table below turns each kind into a sentence, using the schema's own Chinese
``title`` for the field name, and every issue is located through the
:class:`~budgetgen.source.SourceDoc` position map.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from budgetgen.codes import (
    E_SCHEMA,
    E_SCHEMA_DECIMALS,
    E_SCHEMA_EMPTY,
    E_SCHEMA_ENUM,
    E_SCHEMA_FORMAT,
    E_SCHEMA_RANGE,
    E_SCHEMA_REQUIRED,
    E_SCHEMA_TYPE,
    E_SCHEMA_UNKNOWN_KEY,
)
from budgetgen.issues import Issue, error
from budgetgen.resources import schemas_dir
from budgetgen.schemacheck import Check, compile_schema, multiple_of
from budgetgen.source import PathT, SourceDoc, format_path

_TYPE_WORDS = {
    "number": "数字（最多两位小数）",
    "integer": "整数",
    "string": "文字",
    "object": "“键: 值”结构",
    "array": "列表（每项以“- ”开头）",
    "boolean": "是或否（true/false）",
    "null": "空值",
}


def _safe_multiple_of(validator: Any, step: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``multipleOf`` for exact Decimals; an unrepresentable quotient is a failure, not a crash."""
    if validator.is_type(instance, "number") and not multiple_of(instance, step):
        yield ValidationError(f"{instance!r} is not a multiple of {step}")


@cache
def shipped_validator(filename: str) -> Any:
    """A validator for a shipped schema other than the source's (``profile.schema.json``…), loaded once."""
    text = (schemas_dir() / filename).read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def validate_with(doc: SourceDoc, filename: str) -> list[Issue]:
    """Every failure of ``doc`` against the shipped schema ``filename``, located, in Chinese."""
    return [i for err in shipped_validator(filename).iter_errors(doc.data) for i in issues_for(doc, err)]


@cache
def department_schema() -> dict[str, Any]:
    """The shipped source schema, with decimals parsed exactly."""
    text = (schemas_dir() / "department.schema.json").read_text(encoding="utf-8")
    return json.loads(text, parse_float=Decimal)  # type: ignore[no-any-return]


@cache
def _precheck() -> Check | None:
    """The schema compiled to a yes/no check (see :mod:`budgetgen.schemacheck`), once per process."""
    return compile_schema(department_schema())


@cache
def _validator() -> Any:
    cls = validators.extend(Draft202012Validator, {"multipleOf": _safe_multiple_of})  # type: ignore[no-untyped-call]
    return cls(department_schema())


def shown(value: Any) -> str:
    """A short, quoted rendering of a bad value for messages."""
    if isinstance(value, dict):
        return "“键: 值”结构"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _title(err: ValidationError) -> str:
    return str(err.schema.get("title", "此项")) if isinstance(err.schema, dict) else "此项"


_NUMBER_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[-+]?\.?(nan|inf|infinity)$", re.IGNORECASE), "不能写 .nan、.inf 这类特殊值"),
    (re.compile(r"^[-+]?[0-9.]+[eE][-+]?[0-9]+$"), "不能用科学计数法，请写成普通数字"),
    (re.compile(r"^[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$"), "请去掉千分位逗号"),
    (re.compile(r"^[-+]?[0-9.,]+\s*(元|万元|万|人|台|辆)$"), "只写数字，不要带单位"),
    (re.compile(r"^\s+[-+]?[0-9.]+\s*$|^[-+]?[0-9.]+\s+$"), "数字前后不要有空格或引号"),
)


def _number_hint(instance: Any) -> str:
    """Advice for a number typed as text (1e3, 1,000, 100元 …), or ""."""
    if not isinstance(instance, str):
        return ""
    for pattern, hint in _NUMBER_HINTS:
        if pattern.match(instance):
            return f"（{hint}）"
    return ""


def _type_msg(err: ValidationError) -> tuple[str, str]:
    expected: Any = err.validator_value
    kinds: list[str] = expected if isinstance(expected, list) else [expected]
    words = "或".join(_TYPE_WORDS.get(k, k) for k in kinds)
    if err.instance is None:  # a scaffold placeholder (~) or a key left without a value
        return E_SCHEMA_TYPE, f"{_title(err)}尚未填写，应填{words}"
    hint = _number_hint(err.instance) if {"number", "integer"} & set(kinds) else ""
    return E_SCHEMA_TYPE, f"{_title(err)}应为{words}，实际为 {shown(err.instance)}{hint}"


def _any_of_msg(err: ValidationError) -> tuple[str, str]:
    first = next(iter(err.context or []), None)
    if first is not None and first.validator == "type":
        return _type_msg(first)
    return E_SCHEMA_TYPE, f"{_title(err)}的写法不正确，实际为 {shown(err.instance)}"


def _matching_branch(err: ValidationError) -> list[ValidationError]:
    """Errors of the first ``anyOf`` branch whose type fits the value (empty if none fits)."""
    branches: dict[Any, list[ValidationError]] = {}
    for sub in err.context or []:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for subs in branches.values():
        if not any(s.validator == "type" and not s.relative_path for s in subs):
            return subs
    return []


def _enum_msg(err: ValidationError) -> tuple[str, str]:
    values: Any = err.validator_value
    options = "、".join(str(v) for v in values)
    return E_SCHEMA_ENUM, f"{_title(err)}“{err.instance}”不是允许的取值，可选：{options}"


def _range_msg(err: ValidationError) -> tuple[str, str]:
    if err.validator == "minimum":
        return E_SCHEMA_RANGE, f"{_title(err)}不能小于 {err.validator_value}，实际为 {shown(err.instance)}"
    return E_SCHEMA_RANGE, f"{_title(err)}超出允许的最大值 {err.validator_value}"


def _pattern_msg(err: ValidationError) -> tuple[str, str]:
    desc = err.schema.get("description", "") if isinstance(err.schema, dict) else ""
    return E_SCHEMA_FORMAT, f"{_title(err)}格式不正确，实际为 {shown(err.instance)}（{desc}）"


_MESSAGES: dict[str, Callable[[ValidationError], tuple[str, str]]] = {
    "type": _type_msg,
    "anyOf": _any_of_msg,
    "enum": _enum_msg,
    "minimum": _range_msg,
    "maximum": _range_msg,
    "pattern": _pattern_msg,
    "multipleOf": lambda e: (E_SCHEMA_DECIMALS, f"{_title(e)}最多保留两位小数，实际为 {shown(e.instance)}"),
    "minLength": lambda e: (E_SCHEMA_EMPTY, f"{_title(e)}不能为空"),
    "minItems": lambda e: (E_SCHEMA_EMPTY, f"{_title(e)}至少需要 {e.validator_value} 项"),
}


def _explain(err: ValidationError) -> tuple[str, str]:
    handler = _MESSAGES.get(str(err.validator))
    if handler is not None:
        return handler(err)
    return E_SCHEMA, f"{_title(err)}不符合要求（{err.validator}）"


def _required(doc: SourceDoc, path: PathT, err: ValidationError) -> Iterator[Issue]:
    props = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
    present = err.instance if isinstance(err.instance, dict) else {}
    names: Any = err.validator_value
    for name in names:
        if name not in present:
            title = props.get(name, {}).get("title", name)
            msg = f"缺少必填项“{name}”（{title}）"
            yield error(E_SCHEMA_REQUIRED, doc.key_loc(path), format_path(path), msg)


def _unknown(doc: SourceDoc, path: PathT, err: ValidationError) -> Iterator[Issue]:
    known = list(err.schema.get("properties", {})) if isinstance(err.schema, dict) else []
    instance: Any = err.instance
    for key in instance:
        if key in known:
            continue
        guess = difflib.get_close_matches(str(key), known, n=1, cutoff=0.3)
        hint = f"是否想写“{guess[0]}”？" if guess else f"可用的键：{'、'.join(known)}"
        sub = (*path, key)
        yield error(E_SCHEMA_UNKNOWN_KEY, doc.key_loc(sub), format_path(sub), f"未知的键“{key}”，{hint}")


def _bad_key(doc: SourceDoc, path: PathT, err: ValidationError) -> Iterator[Issue]:
    sub = (*path, str(err.instance))
    msg = f"“{err.instance}”不是有效的经济分类科目编码（应为 5 位数字，如 30101）"
    yield error(E_SCHEMA_FORMAT, doc.key_loc(sub), format_path(sub), msg)


def issues_for(doc: SourceDoc, err: ValidationError) -> Iterator[Issue]:
    """One jsonschema failure of ``doc`` as located issues with Chinese messages (any schema)."""
    path: PathT = tuple(err.absolute_path)
    if _rejected(doc, path):
        return
    branch = _matching_branch(err) if err.validator == "anyOf" else []
    if branch:
        for sub in branch:
            yield from issues_for(doc, sub)
    elif err.validator == "required":
        yield from _required(doc, path, err)
    elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
        yield from _unknown(doc, path, err)
    elif "propertyNames" in err.schema_path:
        yield from _bad_key(doc, path, err)
    else:
        code, msg = _explain(err)
        yield error(code, doc.loc(path), format_path(path), msg)


def _rejected(doc: SourceDoc, path: PathT) -> bool:
    """True when ``path`` (or an ancestor) was refused while reading; that issue suffices."""
    return any(path[: len(r)] == r for r in doc.rejected)


def validate(doc: SourceDoc) -> list[Issue]:
    """Every schema failure of ``doc`` as a located issue."""
    if not isinstance(doc.data, dict):
        msg = f"文件顶层应为“键: 值”结构（以“部门:”开头），实际为 {shown(doc.data)}"
        return [error(E_SCHEMA_TYPE, doc.loc(()), "", msg)]
    precheck = _precheck()
    if precheck is not None and precheck(doc.data):
        return []  # no failure: jsonschema would find none to explain
    return unique(i for err in _validator().iter_errors(doc.data) for i in issues_for(doc, err))


def unique(issues: Iterable[Issue]) -> list[Issue]:
    """Issues without repeats, in order: jsonschema reports a missing key once per missing key of
    the object (and ``_required`` names every one of them), and an inherited value can fail twice."""
    return list(dict.fromkeys(issues))
