"""Rules about codes and names: catalog membership, 项 level, uniqueness, ownership."""

from __future__ import annotations

from collections.abc import Iterator

from budgetgen.catalog import ITEM_CODE
from budgetgen.checks_base import Context, Finding, rule
from budgetgen.codes import (
    E_BASIC_CLASS,
    E_CODE_ECON_UNKNOWN,
    E_CODE_FUNC_LEVEL,
    E_CODE_FUNC_UNKNOWN,
    E_CODE_SUPPLEMENT,
    E_PROJECT_NAME_DUP,
    E_PROJECT_UNIT_MISSING,
    E_PROJECT_UNIT_UNKNOWN,
    E_UNIT_CODE_DUP,
    W_CATALOG_FALLBACK,
    W_CODE_FUNC_ITEM,
    W_CODE_SUPPLEMENT_LISTED,
    W_UNIT_CODE_PREFIX,
)
from budgetgen.profile import Kind
from budgetgen.source import PathT


def econ_paths(ctx: Context) -> Iterator[tuple[PathT, str]]:
    """Every economic code key of basic spending and of project breakdowns."""
    for i, unit in ctx.units_src():
        for code in unit.get("基本支出") or {}:
            yield ("单位", i, "基本支出", code), str(code)
    for j, project in ctx.projects_src():
        for code in project.get("经济分类") or {}:
            yield ("项目", j, "经济分类", code), str(code)


def _basic_func_paths(ctx: Context, i: int, lines: dict[str, object]) -> Iterator[PathT]:
    for econ, value in lines.items():
        items = value if isinstance(value, list) else [value]
        for k, item in enumerate(items):
            if isinstance(item, dict) and "功能分类" in item:
                base: PathT = ("单位", i, "基本支出", econ)
                yield (*base, k, "功能分类") if isinstance(value, list) else (*base, "功能分类")


def func_paths(ctx: Context) -> Iterator[tuple[PathT, str]]:
    """Every functional code typed in the source, with its path."""
    paths: list[PathT] = []
    for i, unit in ctx.units_src():
        paths.append(("单位", i, "功能分类"))
        paths.extend(_basic_func_paths(ctx, i, unit.get("基本支出") or {}))
    paths.extend(("项目", j, "功能分类") for j, p in ctx.projects_src() if "功能分类" in p)
    for path in paths:
        yield path, ctx.code_at(path)


@rule(E_CODE_ECON_UNKNOWN)
def econ_known(ctx: Context) -> Iterator[Finding]:
    """An economic code that the year's catalog does not list."""
    for path, code in econ_paths(ctx):
        if code not in ctx.catalog.economic:
            where = f"（{ctx.catalog.econ_name(code[:3])}类下没有这一款）" if code[:3] in ctx.catalog.economic else ""
            msg = f"经济分类科目“{code}”不在 {ctx.catalog.describe()}的部门预算支出经济分类中{where}"
            yield Finding(path, msg, key=True)


def _supplement(ctx: Context) -> dict[str, object]:
    items = ctx.data("补充科目")
    return {str(k): v for k, v in items.items()} if isinstance(items, dict) else {}


def _missing_level(ctx: Context, code: str) -> tuple[str, str] | None:
    """The level (类 or 款) that ``code`` lacks in the catalog, and why in words; None when it hangs."""
    parent = ctx.catalog.missing_parent(code)
    if parent is None:
        return None
    if len(parent) == 3:
        return "类", f"没有“{parent}”这一类"
    return "款", f"{ctx.catalog.func_name(parent[:3])}类下没有“{parent}”这一款"


@rule(E_CODE_FUNC_UNKNOWN)
def func_known(ctx: Context) -> Iterator[Finding]:
    """A 7-digit functional code whose 类 or 款 the year's catalog does not have: it could not be totalled."""
    typed = [(p, c) for p, c in func_paths(ctx) if len(c) == 7]
    typed += [(("补充科目", c), c) for c in _supplement(ctx) if ITEM_CODE.fullmatch(c)]
    for path, code in typed:
        missing = _missing_level(ctx, code)
        if missing is not None:
            level, why = missing
            msg = (
                f"功能分类科目“{code}”无法归类：{ctx.catalog.describe()}中{why}。请核对编码；"
                f"如确为当年科目书中的科目，请县财政局在本县科目表中补充该{level}"
            )
            yield Finding(path, msg, key=path[0] == "补充科目")


@rule(W_CODE_FUNC_ITEM)
def func_item_named(ctx: Context) -> Iterator[Finding]:
    """A 7-digit code under a known 款 that the year's list lacks, and the source does not name."""
    for path, code in func_paths(ctx):
        known = code in ctx.catalog.functional or code in ctx.catalog.source_items
        if len(code) == 7 and not known and _missing_level(ctx, code) is None:
            kuan = ctx.catalog.func_name(code[:5])
            msg = (
                f"{ctx.catalog.describe()}的“{code[:5]} {kuan}”款下没有“{code}”这一项；如编码无误，"
                f"请在源文件顶层“补充科目”中写明它的名称（照当年《政府收支分类科目》），"
                f'如 补充科目: {{"{code}": 科目名称}}，表格将使用该名称'
            )
            yield Finding(path, msg)


@rule(E_CODE_SUPPLEMENT)
def supplement_format(ctx: Context) -> Iterator[Finding]:
    """A ``补充科目`` key that is not a 7-digit code, or an entry without a name."""
    for code, name in _supplement(ctx).items():
        if not ITEM_CODE.fullmatch(code):
            yield Finding(
                ("补充科目", code), f"“{code}”不是 7 位项级功能分类科目编码（类 3 位 + 款 2 位 + 项 2 位）", key=True
            )
        elif not isinstance(name, str) or not name.strip():
            yield Finding(("补充科目", code), f"补充科目“{code}”须写明科目名称")


@rule(W_CODE_SUPPLEMENT_LISTED)
def supplement_listed(ctx: Context) -> Iterator[Finding]:
    """A ``补充科目`` entry for a code the year's list already has: the list's name is used."""
    for code, name in _supplement(ctx).items():
        listed = ctx.catalog.functional.get(code)
        if listed is not None and len(code) == 7:
            same = "名称相同" if str(name).strip() == listed else f"表格使用科目表名称“{listed}”而不是“{name}”"
            yield Finding(
                ("补充科目", code), f"{ctx.catalog.describe()}已有“{code} {listed}”（{same}），请删去这一补充", key=True
            )


@rule(E_CODE_FUNC_LEVEL)
def func_level(ctx: Context) -> Iterator[Finding]:
    """A 类 (3-digit) or 款 (5-digit) code where a 项 is needed."""
    for path, code in func_paths(ctx):
        if len(code) in (3, 5):
            level = "类" if len(code) == 3 else "款"
            name = ctx.catalog.functional.get(code, "科目表中没有此编码")
            child = min((c for c in ctx.catalog.functional if len(c) == 7 and c.startswith(code)), default="")
            example = f"，如 {child}（{ctx.catalog.func_name(child)}）" if child else ""
            yield Finding(path, f"“{code}”是{level}级科目（{name}），功能分类须填写到项级（7 位）{example}")


@rule(E_BASIC_CLASS)
def basic_classes(ctx: Context) -> Iterator[Finding]:
    """Basic spending under a class the profile has no basic column for."""
    allowed = ctx.budget.profile.basic_classes
    names = "、".join(f"{name}（{code}）" for code, name in allowed.items())
    for path, code in econ_paths(ctx):
        if path[2] == "基本支出" and code[:3] not in allowed:
            name = ctx.catalog.econ_name(code)
            project = ctx.budget.profile.kind_names[Kind.PROJECT]
            msg = f"基本支出只能使用{names}；“{code} {name}”请列入{project}"
            yield Finding(path, msg, key=True)


@rule(E_UNIT_CODE_DUP)
def unit_codes_unique(ctx: Context) -> Iterator[Finding]:
    """A unit code that an earlier unit already uses."""
    seen: dict[str, int] = {}
    for i, _unit in ctx.units_src():
        path: PathT = ("单位", i, "代码")
        code = ctx.code_at(path)
        if code in seen:
            yield Finding(path, f"单位代码“{code}”与第 {seen[code] + 1} 个单位重复")
        seen.setdefault(code, i)


@rule(E_PROJECT_NAME_DUP)
def project_names_unique(ctx: Context) -> Iterator[Finding]:
    """A project name that an earlier project already uses (tables list projects by name)."""
    seen: dict[str, int] = {}
    for j, project in ctx.projects_src():
        name = str(project.get("名称", "")).strip()
        if name in seen:
            line = ctx.doc.loc(("项目", seen[name], "名称")).line
            yield Finding(("项目", j, "名称"), f"项目名称“{name}”与第 {line} 行的项目重复，请合并或改名")
        seen.setdefault(name, j)


def _unit_codes(ctx: Context) -> set[str]:
    return {ctx.code_at(("单位", i, "代码")) for i, _ in ctx.units_src()}


@rule(E_PROJECT_UNIT_UNKNOWN)
def project_unit_known(ctx: Context) -> Iterator[Finding]:
    """A project whose 单位 code is not one of the department's units."""
    codes = _unit_codes(ctx)
    for j, project in ctx.projects_src():
        if "单位" in project:
            code = ctx.code_at(("项目", j, "单位"))
            if code not in codes:
                known = "、".join(sorted(codes))
                yield Finding(("项目", j, "单位"), f"单位代码“{code}”不是本部门的单位（现有：{known}）")


@rule(E_PROJECT_UNIT_MISSING)
def project_unit_given(ctx: Context) -> Iterator[Finding]:
    """With two or more units, a project that does not say which unit it belongs to."""
    if len(_unit_codes(ctx)) < 2:
        return
    for j, project in ctx.projects_src():
        if "单位" not in project:
            name = project.get("名称", "")
            yield Finding(("项目", j), f"部门有多个预算单位，项目“{name}”须写明“单位”（单位代码）")


@rule(W_CATALOG_FALLBACK)
def catalog_year(ctx: Context) -> Iterator[Finding]:
    """No catalog ships (and the county supplies none) for the budget year: name the lists used instead."""
    if not ctx.catalog.covered:
        year = ctx.catalog.requested_year
        msg = f"没有 {year} 年的科目表，暂按 {ctx.catalog.describe()}校验，请核对当年新增或调整的科目"
        yield Finding(("部门", "预算年度"), msg)


@rule(W_UNIT_CODE_PREFIX)
def unit_code_prefix(ctx: Context) -> Iterator[Finding]:
    """A unit code that does not start with the department code (702 → 702701)."""
    if ctx.data("部门", "代码") is None:
        return
    dept = ctx.code_at(("部门", "代码"))
    for i, _unit in ctx.units_src():
        path: PathT = ("单位", i, "代码")
        code = ctx.code_at(path)
        if not code.startswith(dept):
            yield Finding(path, f"单位代码“{code}”不以部门代码“{dept}”开头，请核对")
