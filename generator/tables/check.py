"""Check a table spec against the model it reads: every path, key, view and row source must exist.

A binding is checked when its spec is loaded, by walking the model's type
annotations from the names the spec's row source provides: an attribute must be
a field of the dataclass there, a ``[key]`` on a mapping must belong to that
mapping's declared key set (funding sources, project groups, staff and facility
figures …). Economic codes and 功能分类 类 names depend on the budget year's
catalog; :func:`check_codes` checks them (and that each economic column's header
names its code) once the catalog is known. Nothing here reads a department.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from budgetgen.catalog import Catalog
from budgetgen.model import Figures
from budgetgen.profile import Profile, default_profile
from budgetgen.tables import coord
from budgetgen.tables.binding import Binding, Ref
from budgetgen.tables.load import SpecError
from budgetgen.tables.names import (
    _ALWAYS,
    CATALOG_DOMAINS,
    FIELD_DOMAINS,
    HIDDEN,
    ROOTS,
    Domains,
    Keyed,
    domains,
    when_values,
)
from budgetgen.tables.spec import Column, TableSpec


@dataclasses.dataclass(frozen=True)
class Found:
    """What a path reads, and the catalog keys it uses (checked later)."""

    type: Any
    field: tuple[type, str] | None
    codes: tuple[tuple[str, str], ...]


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, getattr(__import__("types"), "UnionType", None)) and len(args) == 1:
        return args[0]
    return tp


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def walk(ref: Ref, names: Mapping[str, Any], where: str, doms: Domains) -> Found:
    """The type ``ref`` reads from rows that provide ``names``; raise at ``where`` if it reads nothing."""
    if ref.root not in names:
        raise SpecError(f"{where}: 字段路径 “{ref}” 的起点 “{ref.root}” 在这张表的行里没有（可用：{'、'.join(names)}）")
    tp: Any = names[ref.root]
    owner: tuple[type, str] | None = None
    codes: list[tuple[str, str]] = []
    for kind, key in ref.steps:
        tp = _unwrap(tp)
        if kind == "attr":
            if not (isinstance(tp, type) and dataclasses.is_dataclass(tp)) or key not in _fields_of(tp):
                raise SpecError(f"{where}: 字段路径 “{ref}”：{_name(tp)} 没有 “{key}”（可用：{_fields(tp)}）")
            owner, tp = (tp, key), _hints(tp)[key]
            if typing.get_origin(tp) in (Mapping, dict):
                tp = Keyed(FIELD_DOMAINS[owner], typing.get_args(tp)[1])
            continue
        tp = _key_step(tp, key, f"{where}: 字段路径 “{ref}”", doms, codes)
        owner = None
    return Found(tp, owner, tuple(codes))


def _key_step(tp: Any, key: str, where: str, doms: Domains, codes: list[tuple[str, str]]) -> Any:
    """The type a ``[key]`` step reads from ``tp``; catalog codes it uses are added to ``codes``."""
    if isinstance(tp, Keyed):
        if tp.domain in CATALOG_DOMAINS:
            codes.append((tp.domain, key))
        elif key not in doms[tp.domain]:
            raise SpecError(f"{where}：没有 “{key}” 这一项{_hint(key, doms[tp.domain])}")
        elif tp.domain == "class":  # a basic class: its column's header must name it (301 vs 310)
            codes.append((tp.domain, key))
        return tp.value
    if tp is Figures:  # a ledger coordinate relative to the row
        codes += coord.check(key, where, doms)
        return Decimal
    if typing.get_origin(tp) is tuple:
        if not key.isdigit():
            raise SpecError(f"{where}：[{key}] 应为序号（0、1、2…）")
        return typing.get_args(tp)[0]
    raise SpecError(f"{where}：{_name(tp)} 不能用 [{key}] 取值")


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _fields_of(tp: type) -> list[str]:
    return [k for k in _hints(tp) if (tp, k) not in HIDDEN]


def _fields(tp: Any) -> str:
    return "、".join(_fields_of(tp)) if isinstance(tp, type) and dataclasses.is_dataclass(tp) else "无"


def _hint(key: str, options: frozenset[str]) -> str:
    close = [o for o in sorted(options) if o[:2] == key[:2]] or sorted(options)
    return f"（可用：{'、'.join(close[:12])}{' …' if len(close) > 12 else ''}）"


def _refs(binding: Binding | None) -> Iterator[Ref]:
    if isinstance(binding, Ref):
        yield binding
    elif binding is not None:
        yield from (p for p in binding.parts if isinstance(p, Ref))


def _leaf_bindings(col: Column) -> Iterator[Binding | None]:
    if col.value is not None:
        yield col.value.default
        yield from col.value.by_kind.values()


def _nodes(cols: tuple[Column, ...]) -> Iterator[Column]:
    for c in cols:
        yield c
        yield from _nodes(c.children)


def check_spec(spec: TableSpec, p: Profile | None = None) -> None:
    """Raise :class:`SpecError` at ``file:line`` for any path, key, view or row source that reads nothing.

    Keys are checked against the vocabulary of the profile ``p`` (default: the shipped default profile).
    """
    p = p or default_profile()
    doms = domains(p)
    head_names = dict(_ALWAYS)
    names = {**_ALWAYS, **ROOTS[spec.rows.source]} if spec.rows else head_names
    where = f"{spec.file}:{spec.lines.get('title', 1)}"
    for ref in _refs(spec.title):
        walk(ref, head_names, where, doms)
    if spec.rows is not None:
        _check_rows(spec, names, p, doms)
    for col in _nodes(spec.columns):
        at = f"{spec.file}:{col.line}"
        for ref in _refs(col.head):
            walk(ref, head_names, at, doms)
        for binding in _leaf_bindings(col):
            for ref in _refs(binding):
                walk(ref, names, at, doms)
        if col.when is not None:
            _check_when(col.when, names, at, p, doms)
    if spec.statement is not None:
        _check_statement(spec, names, doms)


def _check_rows(spec: TableSpec, names: Mapping[str, Any], p: Profile, doms: Domains) -> None:
    assert spec.rows is not None
    params = spec.rows.params
    if "view" in params and str(params["view"]) not in p.views:
        at = f"{spec.file}:{spec.rows.lines.get('view', 0)}"
        raise SpecError(f"{at}: 未知的 view “{params['view']}”（可用：{'、'.join(p.views)}）")
    if "functions_when" in params:
        at = f"{spec.file}:{spec.rows.lines.get('functions_when', 0)}"
        for domain, key in walk(_parse(str(params["functions_when"]), at), names, at, doms).codes:
            title = _title(spec)
            if domain == "class" and p.basic_classes[key] not in title:
                raise SpecError(f"{at}: 表“{title}”按 {key}“{p.basic_classes[key]}”筛选功能科目行，与表名不符")


def _title(spec: TableSpec) -> str:
    """A spec's title as plain text (its fixed parts)."""
    return "".join(x for x in getattr(spec.title, "parts", (spec.title,)) if isinstance(x, str))


def _parse(text: str, where: str) -> Ref:
    from budgetgen.tables.binding import parse_ref

    return parse_ref(text, where)


def _check_when(
    when: tuple[Ref, tuple[str, ...]], names: Mapping[str, Any], at: str, p: Profile, doms: Domains
) -> None:
    found = walk(when[0], names, at, doms)
    allowed = when_values(p).get(found.field) if found.field else None
    for value in when[1]:
        if allowed is not None and value not in allowed:
            raise SpecError(f"{at}: when 的取值 “{value}” 不是 {when[0]} 的可能取值（可用：{'、'.join(allowed)}）")


def _check_statement(spec: TableSpec, names: Mapping[str, Any], doms: Domains) -> None:
    from budgetgen.tables.rows import LINE_SOURCES

    st = spec.statement
    assert st is not None
    for i, source in st.expand.items():
        if source not in LINE_SOURCES:
            at = f"{spec.file}:{spec.lines.get('statement', 1)}"
            raise SpecError(
                f"{at}: 第{i + 1}栏的 expand “{source}” 不是已知的行来源（可用：{'、'.join(LINE_SOURCES)}）"
            )
    at = f"{spec.file}:{spec.lines.get('statement', 1)}"
    for i, views in st.expand_views.items():
        for view in views:
            if view not in doms["view"]:
                known = "、".join(sorted(doms["view"]))
                raise SpecError(f"{at}: 第{i + 1}栏的 views 中“{view}”不是已知的口径（可用：{known}）")
    if sum(st.widths) != len(spec.leaves):
        raise SpecError(f"{at}: 各栏共 {sum(st.widths)} 列（项目和金额），表头却有 {len(spec.leaves)} 列")
    for block, lines in zip((*st.blocks, *st.footer), st.lines, strict=False):
        for pair, line in zip(block, lines, strict=False):
            for binding in pair:
                for ref in _refs(binding):
                    walk(ref, names, f"{spec.file}:{line}", doms)


def catalog_keys(spec: TableSpec, doms: Domains) -> Iterator[tuple[str, str, str, str]]:
    """(key set, key, header text, file:line) of every catalog key a spec reads."""
    names = {**_ALWAYS, **ROOTS[spec.rows.source]} if spec.rows else dict(_ALWAYS)
    for col in _nodes(spec.columns):
        head = "".join(p for p in col.head.parts if isinstance(p, str))
        for binding in _leaf_bindings(col):
            for ref in _refs(binding):
                for domain, key in walk(ref, names, spec.file, doms).codes:
                    yield domain, key, head, f"{spec.file}:{col.line}"
    if spec.statement is not None:
        for block, lines in zip((*spec.statement.blocks, *spec.statement.footer), spec.statement.lines, strict=False):
            for pair, line in zip(block, lines, strict=False):
                parts = getattr(pair[0], "parts", ())
                label = "".join(p for p in parts if isinstance(p, str)).strip("\u3000 ")
                for ref in _refs(pair[1]):
                    for domain, key in walk(ref, names, spec.file, doms).codes:
                        yield domain, key, label if domain == "class" else "", f"{spec.file}:{line}"


_NORMALIZE = str.maketrans({"(": "（", ")": "）", " ": None, "　": None})


def same_name(head: str, name: str) -> bool:
    """Whether a header names the catalog entry: one reads as the other with words left out.

    The seed abbreviates some catalog names (医疗费 for 医疗费补助, 生产补贴 for
    个人农业生产补贴); a header that names another code does not read this way.
    """
    a, b = head.translate(_NORMALIZE), name.translate(_NORMALIZE)
    short, long = sorted((a, b), key=len)
    it = iter(long)
    return all(ch in it for ch in short)


def check_codes(specs: tuple[TableSpec, ...], catalog: Catalog, p: Profile | None = None) -> None:
    """Every economic code a spec reads is in ``catalog`` and its column's header names it."""
    classes = {name for _, name in catalog.classes()}
    doms = domains(p or default_profile())
    for spec in specs:
        for domain, key, head, at in catalog_keys(spec, doms):
            if domain == "class":  # a 合计 column of a class's own sheet: the sheet's title names the class
                name = (p or default_profile()).basic_classes[key]
                label = _title(spec) if head in ("合计", "小计") else head
                if label and not same_name(label, name) and name not in label:
                    raise SpecError(f"{at}: 表头“{label}”与经济分类类 {key}“{name}”不符")
                continue
            if domain == "func_class":
                if key not in classes:
                    raise SpecError(f"{at}: “{key}” 不是 {catalog.year} 年功能分类的类名称")
                continue
            if not re.fullmatch(r"3\d{4}", key) or key not in catalog.economic:
                raise SpecError(f"{at}: 经济分类科目 “{key}” 不在 {catalog.year} 年的科目表中")
            name = catalog.economic[key]
            if head and not same_name(head, name):
                raise SpecError(f"{at}: 表头“{head}”与经济分类科目 {key}“{name}”不符")


_CHECKED: dict[tuple[tuple[int, ...], int], tuple[tuple[TableSpec, ...], Catalog]] = {}


def checked_codes(specs: tuple[TableSpec, ...], catalog: Catalog, p: Profile | None = None) -> None:
    """:func:`check_codes`, once per set of loaded specs and catalog (a batch renders many departments).

    Keyed by the specs themselves, not the tuple that holds them: each render puts the
    cached specs, under the county's local names, into a new tuple.
    """
    key = (tuple(id(s) for s in specs), id(catalog))
    if key not in _CHECKED:
        check_codes(specs, catalog, p)
        if len(_CHECKED) >= 8:  # renamed specs are new objects each render: keep the cache small
            _CHECKED.clear()
        _CHECKED[key] = (specs, catalog)
