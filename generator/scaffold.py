"""``budgetgen init``: a starter source for a new department, with a Chinese comment on every field.

Every value the user must supply is a YAML null (``~``), which the schema
rejects, so ``check`` lists each one with its line until it is filled in. The
必填/可选 marks in the comments are not written by hand: they are generated from
the schema's ``required`` lists (see :func:`mark_fields`), so they cannot drift.
The first line tells editors (VS Code's YAML extension and any
yaml-language-server client) which JSON Schema to validate and autocomplete
against: the shipped schema is copied into the county's ``schemas/`` folder
(``init`` says so when it writes the copy) and linked relatively, so the link
works on every machine that checks the repository out.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from budgetgen.codes import E_INIT_EXISTS
from budgetgen.discover import CONFIG_NAME, find_config, shown_path
from budgetgen.issues import Issue, Loc, error
from budgetgen.resources import schemas_dir, templates_dir

SCHEMA_FILES = ("department.schema.json", "config.schema.json")


def _config_defaults(folder: Path) -> tuple[Path | None, dict[str, str]]:
    """The county config above ``folder`` and the defaults it provides, as written."""
    config = find_config(folder)
    if config is None:
        return None, {}
    from budgetgen.config import load_settings

    settings, _ = load_settings(config)
    if settings is None:
        return config, {}
    found = {str(d.path[-1]): d.raw or str(d.value) for d in settings.defaults if d.path[0] == "部门"}
    return config, found


def install_schemas(root: Path) -> tuple[Path, list[Path]]:
    """Copy the shipped schemas into ``root/schemas`` (refreshing stale copies).

    Returns the department schema's path and the copies written just now.
    """
    target = root / "schemas"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_FILES:
        shipped = (schemas_dir() / name).read_bytes()
        copy = target / name
        if not copy.is_file() or copy.read_bytes() != shipped:
            copy.write_bytes(shipped)
            written.append(copy)
    return target / SCHEMA_FILES[0], written


#: ``项目: []`` followed by a commented example of one item.
_EMPTY_LIST = re.compile(r"^(\S[^:#]*):\s*\[\]")
_EXAMPLE_LINE = re.compile(r"^#(?= {2})")
_TRAILING_COMMENT = re.compile(r"(?<=\s)#\s*")


def live_view(lines: list[str]) -> list[str]:
    """``lines`` with each commented example item after a ``key: []`` line uncommented, line for line."""
    out = list(lines)
    for n, line in enumerate(lines):
        m = _EMPTY_LIST.match(line)
        if m is None:
            continue
        out[n] = f"{m[1]}:"
        for k in range(n + 1, len(lines)):
            if not _EXAMPLE_LINE.match(lines[k]):
                break
            out[k] = lines[k][1:]
    return out


def _schema_at(schema: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    node = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part) or node.get("additionalProperties") or {}
    return node


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _has_placeholder(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_placeholder(v) for v in value)
    return value is None


def _with_mark(line: str, mark: str) -> str:
    m = _TRAILING_COMMENT.search(line)
    return f"{line[: m.end()]}{mark}：{line[m.end() :]}" if m else f"{line}   # {mark}"


def mark_fields(text: str, needed: tuple[tuple[str, ...], ...] = ()) -> str:
    """Mark each key 必填 when the schema or the profile (``needed``) requires it, 可选 when optional with ``~``."""
    from budgetgen.source import load_text

    lines = text.split("\n")
    doc, _ = load_text("\n".join(live_view(lines)), "scaffold")
    if doc is None:  # pragma: no cover - the shipped scaffold always parses (a test renders it)
        return text
    schema = json.loads((schemas_dir() / "department.schema.json").read_text(encoding="utf-8"))
    for path, loc in doc.key_locs.items():
        required = path[-1] in _schema_at(schema, path[:-1]).get("required", ())
        required |= any(path[: len(p)] == p or p[: len(path)] == path for p in needed)
        if required or _has_placeholder(_value_at(doc.data, path)):
            lines[loc.line - 1] = _with_mark(lines[loc.line - 1], "必填" if required else "可选")
    return "\n".join(lines)


def _inherited_line(key: str, value: str) -> str:
    return f"  # {key}: {value}      # 已由 {CONFIG_NAME} 统一提供；本部门不同时去掉行首的 # 改写\n"


#: Lines a profile's ``requires`` adds to the starter source (the fields are the common schema's).
_REQUIRED_LINES = {
    "上年功能分类": (
        "prior_lines",
        "\n# 本格式的说明逐项比较各功能分类科目：写出上年每个 7 位科目的预算数（元），上年没有的写 0。\n"
        "上年:\n"
        "  功能分类:                     # 7 位功能分类科目 → 上年预算数（元）\n"
        '    "2010301": ~                # 如 行政运行\n',
    ),
    "功能分类变动原因": (
        "reason_lines",
        "  功能分类:                     # 每个较上年有增减的 7 位功能分类科目的原因\n"
        '    "2010301": ""               # 如 人员调整\n',
    ),
}


#: The source path each requirement makes required (marked 必填 in the starter source).
_NEEDED = {"上年功能分类": ("上年", "功能分类")}


def scaffold_text(
    path: Path, year: int, schema_ref: str, inherited: dict[str, str], requires: tuple[str, ...] = ()
) -> str:
    """The starter source for ``path``, with the fields the chosen profile ``requires``."""
    region = inherited.get("地区")
    when = inherited.get("说明日期")
    region_line = (
        _inherited_line("地区", region)
        if region
        else "  地区: ~                       # 地区，如“通道侗族自治县”；多个部门共用时写在县级配置中\n"
    )
    date_line = (
        _inherited_line("说明日期", when)
        if when
        else f"  说明日期: {year}-03-31          # 说明的落款日期，写作 {year}-03-31 或 {year}年3月31日\n"
    )
    text = (templates_dir() / "scaffold" / "department.yaml").read_text(encoding="utf-8")
    filled = text.format(
        schema=schema_ref,
        name=path.stem,
        file=shown_path(path),
        region=region_line,
        year=inherited.get("预算年度", year),
        date=date_line,
        prior_year=year - 1,
        stem=path.stem,
        **{key: lines if name in requires else "" for name, (key, lines) in _REQUIRED_LINES.items()},
    )
    return mark_fields(filled, tuple(_NEEDED[name] for name in requires if name in _NEEDED))


def _root_for(folder: Path) -> Path:
    """Without a county config, the working folder (when the new file is below it) is the root."""
    here = Path.cwd().resolve()
    return here if folder == here or here in folder.parents else folder


def _year_of(path: Path) -> int:
    """The year of a folder named like one (``2021/gaj.yaml``), else next year."""
    name = path.resolve().parent.name
    return int(name) if name.isdigit() and len(name) == 4 else date.today().year + 1


def write_scaffold(
    name: Path, *, force: bool = False, requires: tuple[str, ...] = ()
) -> tuple[list[Issue], Path | None, list[Path]]:
    """Write ``NAME.yaml``; never overwrite without ``force``.

    Returns the issues, the file written and the schema copies written beside it.
    """
    from budgetgen.atomic import write_atomic

    path = name if name.suffix in {".yaml", ".yml"} else name.with_name(name.name + ".yaml")
    if path.exists() and not force:
        return [error(E_INIT_EXISTS, Loc(shown_path(path), 0, 0), "", "文件已存在；如要覆盖请加 --force")], None, []
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    config, inherited = _config_defaults(folder)
    schema, copies = install_schemas(config.parent if config else _root_for(folder))
    ref = Path(os.path.relpath(schema, folder)).as_posix()
    text = scaffold_text(path, _year_of(path), ref, inherited, requires)
    (written,) = write_atomic(folder, {path.name: text.encode("utf-8")})
    return [], written, copies
