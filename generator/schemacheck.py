"""A yes/no pre-check of a source against the schema, compiled once into closures.

jsonschema builds a new validator object for every value it descends into; on the
example that is most of the time spent checking. Nearly every source is valid, and
for a valid one only the answer "no failure" is needed. :func:`compile_schema` turns
the schema into one closure per subschema that answers exactly that, with
jsonschema's own semantics (Draft 2020-12 types, ``re.search`` patterns, the exact
``multipleOf`` of :mod:`budgetgen.schema`). When it says "not valid", jsonschema
runs as before and explains every failure, so messages never depend on this module.

It understands only the keywords the shipped schema uses; any other keyword makes
:func:`compile_schema` return None and jsonschema does all the work.
A test compares its answer with jsonschema's on generated good and bad sources.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that only annotate (they never make a value invalid).
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples"})


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": _is_integer,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses a keyword this module does not evaluate."""


def multiple_of(value: Any, step: Any) -> bool:
    """True when the number ``value`` is an exact multiple of ``step`` (an unrepresentable quotient is not)."""
    try:
        return not Decimal(value) % Decimal(str(step))
    except InvalidOperation:
        return False


def _type(types: Any) -> Check:
    names = types if isinstance(types, list) else [types]
    if any(not isinstance(n, str) or n not in _TYPES for n in names):
        raise Unsupported(f"type {types!r}")
    preds = tuple(_TYPES[n] for n in names)
    if len(preds) == 1:
        return preds[0]
    return lambda v: any(p(v) for p in preds)


def _enum(values: Any) -> Check:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise Unsupported("enum of non-strings")
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed  # jsonschema's equal(): a string equals only a string


def _properties(schema: Mapping[str, Any]) -> Check:
    """``properties``, ``required`` and ``additionalProperties`` of one object schema, in one pass."""
    props = {name: compile_node(sub) for name, sub in dict(schema.get("properties", {})).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    extra_check = None if extra is True or extra is False else compile_node(extra)
    closed = extra is False
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name in required:
            if name not in value:
                return False
        for key, item in value.items():
            sub = props.get(key)
            if sub is not None:
                if not sub(item):
                    return False
            elif closed or (extra_check is not None and not extra_check(item)):
                return False
        return True

    return check


def _pattern(arg: Any) -> Check:
    rx = re.compile(arg)
    return lambda v: not isinstance(v, str) or rx.search(v) is not None


#: Keywords on one value, each a function of the keyword's argument.
_LEAVES: dict[str, Callable[[Any], Check]] = {
    "type": _type,
    "enum": _enum,
    "minimum": lambda arg: lambda v: not _is_number(v) or not v < arg,
    "maximum": lambda arg: lambda v: not _is_number(v) or not v > arg,
    "multipleOf": lambda arg: lambda v: not _is_number(v) or multiple_of(v, arg),
    "minLength": lambda arg: lambda v: not isinstance(v, str) or len(v) >= arg,
    "minItems": lambda arg: lambda v: not isinstance(v, list) or len(v) >= arg,
    "pattern": _pattern,
}


def _keyword(name: str, arg: Any, schema: Mapping[str, Any]) -> Check | None:
    leaf = _LEAVES.get(name)
    if leaf is not None:
        return leaf(arg)
    if name == "items":
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        item = compile_node(arg)
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    if name == "propertyNames":
        key = compile_node(arg)
        return lambda v: not isinstance(v, dict) or all(key(k) for k in v)
    if name == "anyOf":
        branches = tuple(compile_node(s) for s in arg)
        return lambda v: any(b(v) for b in branches)
    if name in ("properties", "required", "additionalProperties"):
        return None  # handled together by _properties
    raise Unsupported(name)


def compile_node(schema: Any) -> Check:
    """One subschema as a closure: True when jsonschema would report no failure for the value."""
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    checks: list[Check] = []
    if {"properties", "required", "additionalProperties"} & schema.keys():
        checks.append(_properties(schema))
    for name, arg in schema.items():
        if name in _ANNOTATIONS:
            continue
        made = _keyword(name, arg, schema)
        if made is not None:
            checks.append(made)
    funcs = tuple(checks)
    if len(funcs) == 1:
        return funcs[0]
    return lambda v: all(f(v) for f in funcs)


def compile_schema(schema: Any) -> Check | None:
    """The whole schema as one yes/no check, or None when it uses a keyword this module does not know."""
    try:
        return compile_node(schema)
    except Unsupported:
        return None
