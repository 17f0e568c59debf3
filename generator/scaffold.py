"""``budgetgen init``: a starter source for a new department, with a Chinese comment on every field.

Every value the user must supply is a YAML null (``~``), which the schema
rejects, so ``check`` lists each one with its line until it is filled in. The
first line tells editors (VS Code's YAML extension and any yaml-language-server
client) which JSON Schema to validate and autocomplete against: the shipped
schema is copied into the county's ``schemas/`` folder and linked relatively, so
the link works on every machine that checks the repository out.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

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


def install_schemas(root: Path) -> Path:
    """Copy the shipped schemas into ``root/schemas`` (refreshing stale copies); the department schema's path."""
    target = root / "schemas"
    target.mkdir(parents=True, exist_ok=True)
    for name in SCHEMA_FILES:
        shipped = (schemas_dir() / name).read_bytes()
        copy = target / name
        if not copy.is_file() or copy.read_bytes() != shipped:
            copy.write_bytes(shipped)
    return target / SCHEMA_FILES[0]


def _inherited_line(key: str, value: str) -> str:
    return f"  # {key}: {value}      # 已由 {CONFIG_NAME} 统一提供；本部门不同时去掉行首的 # 改写\n"


def scaffold_text(path: Path, year: int, schema_ref: str, inherited: dict[str, str]) -> str:
    """The starter source for ``path``."""
    region = inherited.get("地区")
    when = inherited.get("说明日期")
    region_line = (
        _inherited_line("地区", region)
        if region
        else "  地区: ~                       # 必填：地区，如“通道侗族自治县”\n"
    )
    date_line = (
        _inherited_line("说明日期", when)
        if when
        else f"  说明日期: {year}-03-31          # 必填：说明的落款日期，写作 {year}-03-31 或 {year}年3月31日\n"
    )
    text = (templates_dir() / "scaffold" / "department.yaml").read_text(encoding="utf-8")
    return text.format(
        schema=schema_ref,
        name=path.stem,
        file=shown_path(path),
        region=region_line,
        year=inherited.get("预算年度", year),
        date=date_line,
        prior_year=year - 1,
        stem=path.stem,
    )


def _root_for(folder: Path) -> Path:
    """Without a county config, the working folder (when the new file is below it) is the root."""
    here = Path.cwd().resolve()
    return here if folder == here or here in folder.parents else folder


def _year_of(path: Path) -> int:
    """The year of a folder named like one (``2021/gaj.yaml``), else next year."""
    name = path.resolve().parent.name
    return int(name) if name.isdigit() and len(name) == 4 else date.today().year + 1


def write_scaffold(name: Path, *, force: bool = False) -> tuple[list[Issue], Path | None]:
    """Write ``NAME.yaml``; never overwrite without ``force``."""
    from budgetgen.atomic import write_atomic

    path = name if name.suffix in {".yaml", ".yml"} else name.with_name(name.name + ".yaml")
    if path.exists() and not force:
        return [error("E-INIT-EXISTS", Loc(shown_path(path), 0, 0), "", "文件已存在；如要覆盖请加 --force")], None
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    config, inherited = _config_defaults(folder)
    schema = install_schemas(config.parent if config else _root_for(folder))
    ref = Path(os.path.relpath(schema, folder)).as_posix()
    text = scaffold_text(path, _year_of(path), ref, inherited)
    (written,) = write_atomic(folder, {path.name: text.encode("utf-8")})
    return [], written
