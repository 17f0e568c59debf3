"""The county configuration ``budgetgen.yaml`` and the build :class:`Settings` it yields.

A county keeps one ``budgetgen.yaml`` at the root of its budget repository (or
names one with ``--config``). It holds
defaults that every department inherits and may override: the region, the
budget year, the publication date and the shared 立项依据 documents are merged
into the source *before* schema validation, each value keeping its location in
the config file, so an error in an inherited value points at the config line.
The glossary, the empty-table note, the profile and the template-override folder
become fields of :class:`Settings`.

Trust: the county config is chosen by the person running the build and may
select templates, catalogs and the glossary. A department source is untrusted:
the config it names with ``配置`` (inside the county repository only) may only
supply defaults (地区, 预算年度, 说明日期, 立项依据); its 模板, 模板覆盖, 空表说明
and 名词解释 are ignored with a warning (:func:`narrowed`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from budgetgen import definitions
from budgetgen.codes import (
    E_CONFIG,
    E_CONFIG_MISSING,
    E_CONFIG_OVERRIDE,
    E_CONFIG_PROFILE,
    E_PATH_OUTSIDE,
    E_PRIOR_MISSING,
    W_CONFIG_IGNORED,
)
from budgetgen.definitions import Definitions
from budgetgen.discover import CONFIG_NAME, find_config, repository_roots, shown_path
from budgetgen.issues import Issue, Loc, error, warning
from budgetgen.localnames import TableName, table_names
from budgetgen.profile import DEFAULT_PROFILE, shipped_profile
from budgetgen.resources import schemas_dir, shipped_profiles, templates_dir
from budgetgen.safefile import is_inside, real
from budgetgen.source import PathT, SourceDoc, load_file

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_PROFILE",
    "Default",
    "Settings",
    "find_config",
    "inherit",
    "load_settings",
    "narrowed",
    "pinned_config",
    "settings_for",
    "shown_path",
]

#: Config key → where its value lands in a department source.
_DEPARTMENT_DEFAULTS: dict[str, PathT] = {
    "地区": ("部门", "地区"),
    "预算年度": ("部门", "预算年度"),
    "说明日期": ("部门", "说明日期"),
}


@dataclass(frozen=True, slots=True)
class Default:
    """One inherited value: where it goes in a source, and where it was written."""

    path: PathT
    value: Any
    loc: Loc
    raw: str | None = None


@dataclass(frozen=True)
class Settings:
    """How to build: the profile, template overrides and the county's shared defaults."""

    profile: str = DEFAULT_PROFILE
    override_dirs: tuple[Path, ...] = ()
    empty_note: str | None = None
    """The county's 空表说明; None: the profile's (``furniture: empty_note`` in profile.yaml)."""
    glossary: tuple[tuple[str, str], ...] = ()
    defaults: tuple[Default, ...] = ()
    config_path: Path | None = None
    #: The profile's declared definitions with the config's ``口径`` applied (None: the profile's own).
    definitions: Definitions | None = None
    #: Keys that select templates, catalogs or text for every department, where this config wrote them.
    selects: tuple[tuple[str, Loc], ...] = ()
    title: str | None = None
    """The county's pattern for the 说明 title ({部门}, {年度}); the profile's by default."""
    tables: tuple[TableName, ...] = ()
    """Local names of the profile's tables (表格 in the config)."""

    def template_dirs(self) -> tuple[Path, ...]:
        """Override folders first, then the shipped profile."""
        return (*self.override_dirs, templates_dir() / self.profile)

    @property
    def basis(self) -> tuple[tuple[str, str], ...]:
        """The shared 立项依据 documents: (简称, 全文)."""
        return tuple((str(d.path[1]), str(d.value)) for d in self.defaults if d.path[0] == "立项依据")

    @property
    def date(self) -> str | None:
        """The default publication date, as written in the config."""
        found = [d.raw or str(d.value) for d in self.defaults if d.path == ("部门", "说明日期")]
        return found[0] if found else None


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    text = (schemas_dir() / "config.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def _validate(doc: SourceDoc) -> list[Issue]:
    from budgetgen.schema import issues_for, shown

    if not isinstance(doc.data, dict):
        msg = f"配置文件顶层应为“键: 值”结构，实际为 {shown(doc.data)}"
        return [error(E_CONFIG, doc.loc(()), "", msg)]
    return [i for err in _validator().iter_errors(doc.data) for i in issues_for(doc, err)]


def _defaults(doc: SourceDoc) -> tuple[Default, ...]:
    data = doc.data
    out = [
        Default(target, data[key], doc.loc((key,)), doc.text((key,)))
        for key, target in _DEPARTMENT_DEFAULTS.items()
        if key in data
    ]
    for abbr, full in data.get("立项依据", {}).items():
        out.append(Default(("立项依据", abbr), full, doc.loc(("立项依据", abbr))))
    return tuple(out)


def _folders(doc: SourceDoc, path: Path) -> tuple[str, tuple[Path, ...], list[Issue]]:
    profile = str(doc.data.get("模板", DEFAULT_PROFILE))
    issues: list[Issue] = []
    if profile not in shipped_profiles():
        shipped = "、".join(shipped_profiles())
        issues.append(
            error(E_CONFIG_PROFILE, doc.loc(("模板",)), "模板", f"没有名为“{profile}”的模板方案，可选：{shipped}")
        )
    overrides: tuple[Path, ...] = ()
    if "模板覆盖" in doc.data:
        folder = (path.parent / str(doc.data["模板覆盖"])).resolve()
        overrides = (folder,)
        if not folder.is_dir():
            msg = f"找不到模板覆盖文件夹“{doc.data['模板覆盖']}”（相对配置文件所在的文件夹）"
            issues.append(error(E_CONFIG_OVERRIDE, doc.loc(("模板覆盖",)), "模板覆盖", msg))
    return profile, overrides, issues


#: Keys only the county config chosen by the person running the build may set.
COUNTY_ONLY = ("模板", "模板覆盖", "空表说明", "名词解释", "口径", "文档标题", "表格")


def load_settings(path: Path, *, trusted: bool = True) -> tuple[Settings | None, list[Issue]]:
    """Read and validate a county config; ``None`` settings when it has errors.

    An untrusted config (one a department source names) is read for its
    defaults only: its template folders are neither checked nor used.
    """
    doc, issues = load_file(path, shown_path(path))
    if doc is None:
        return None, issues
    issues += _validate(doc)
    if issues:
        return None, issues
    profile, overrides, issues = _folders(doc, path) if trusted else (DEFAULT_PROFILE, (), [])
    if issues:
        return None, issues
    glossary = tuple((g["词条"], g["解释"]) for g in doc.data.get("名词解释", []))
    fmt, profile_issues = shipped_profile(profile)
    if fmt is None:
        return None, list(profile_issues)
    defs, issues = definitions.load((*overrides, templates_dir() / profile), fmt, doc if trusted else None)
    if defs is None:
        return None, issues
    settings = Settings(
        profile=profile,
        override_dirs=overrides,
        empty_note=str(doc.data["空表说明"]) if "空表说明" in doc.data else None,
        glossary=glossary,
        defaults=_defaults(doc),
        config_path=path.resolve(),
        definitions=defs,
        selects=tuple((key, doc.key_loc((key,))) for key in COUNTY_ONLY if key in doc.data),
        title=None if "文档标题" not in doc.data else str(doc.data["文档标题"]),
        tables=table_names(doc) if trusted else (),
    )
    return settings, []


def narrowed(county: Settings, own: Settings) -> tuple[Settings, list[Issue]]:
    """The county's settings with a source's own config's defaults; its other keys are ignored with a warning."""
    ignored = [
        warning(
            W_CONFIG_IGNORED,
            loc,
            key,
            f"部门源文件通过“配置”引用的配置文件不能设置“{key}”（模板、科目表、名词解释和口径只由县级配置决定），已忽略",
        )
        for key, loc in own.selects
    ]
    return Settings(
        profile=county.profile,
        override_dirs=county.override_dirs,
        empty_note=county.empty_note,
        glossary=county.glossary,
        defaults=own.defaults,
        config_path=own.config_path,
        definitions=county.definitions,
        selects=county.selects,
        title=county.title,
        tables=county.tables,
    ), ignored


def settings_for(source: Path, config: Path | None = None) -> tuple[Settings | None, list[Issue]]:
    """Settings for ``source``: from ``config`` if given, else from the nearest ``budgetgen.yaml``."""
    found = config or find_config(source.parent)
    return (Settings(), []) if found is None else load_settings(found)


def referenced_file(doc: SourceDoc, path: Path, key: PathT, roots: tuple[Path, ...]) -> tuple[Path | None, list[Issue]]:
    """A YAML file a source names at ``key`` (relative to the source), refused outside the county repository.

    The file's content is never echoed when it is refused: only the name as written.
    """
    ref = doc.data
    for part in key:
        ref = ref.get(part) if isinstance(ref, dict) else None
    if not isinstance(ref, str) or not ref.strip():
        return None, []
    shown, target = ref[:80], (path.parent / ref)
    where, what = doc.loc(key), ".".join(str(k) for k in key)
    if target.suffix.lower() not in (".yaml", ".yml") or not is_inside(target, roots):
        msg = f"“{shown}”不在本县预算仓库中或不是 .yaml 文件；只能引用本仓库中的源文件和配置文件"
        return None, [error(E_PATH_OUTSIDE, where, what, msg)]
    if not target.is_file():
        code = E_CONFIG_MISSING if key == ("配置",) else E_PRIOR_MISSING
        return None, [error(code, where, what, f"找不到文件“{shown}”（相对本文件）")]
    return real(target), []


def pinned_config(doc: SourceDoc, path: Path, county: Path | None = None) -> tuple[Path | None, list[Issue]]:
    """The config a source names in its ``配置`` key, if any (only inside the county repository)."""
    return referenced_file(doc, path, ("配置",), repository_roots(path, county))


def _set_default(data: dict[Any, Any], default: Default, locs: dict[PathT, Loc]) -> bool:
    """Place one default into a copy-on-write tree; False when the source already has it."""
    parent = data
    for depth, key in enumerate(default.path[:-1]):
        if key not in parent:
            parent[key] = {}
            locs.setdefault(default.path[: depth + 1], default.loc)
        child = parent[key]
        if not isinstance(child, dict):
            return False
        copied = dict(child)
        parent[key] = copied
        parent = copied
    if default.path[-1] in parent:
        return False
    parent[default.path[-1]] = default.value
    return True


def inherit(doc: SourceDoc, defaults: Sequence[Default]) -> SourceDoc:
    """``doc`` with every default it does not set itself; inherited values are located in the config."""
    if not defaults or not isinstance(doc.data, dict):
        return doc
    data: dict[Any, Any] = dict(doc.data)
    value_locs, key_locs, raw = dict(doc.value_locs), dict(doc.key_locs), dict(doc.raw)
    for default in defaults:
        if _set_default(data, default, value_locs):
            value_locs[default.path] = key_locs[default.path] = default.loc
            if default.raw is not None:
                raw[default.path] = default.raw
    return SourceDoc(doc.name, data, value_locs, key_locs, raw)
