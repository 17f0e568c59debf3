"""A profile: one publication format's vocabulary and rules, read from ``templates/<name>/profile.yaml``.

The core names no format's fund sources, groups, views, kinds of spending,
三公 items or output names; it reads them from a :class:`Profile`. Loading
validates the file against ``schemas/profile.schema.json`` and then checks that
every name it refers to is declared; each problem is an ``E-PROFILE`` issue at
``profile.yaml:line``.

To add a section: declare it in the schema (under ``properties``, and in
``required`` if every profile must have it), add a field to :class:`Profile`,
and read it in :func:`_build`; cross-references go into :func:`_cross_check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from budgetgen.codes import E_PROFILE
from budgetgen.issues import Issue, Loc, error
from budgetgen.resources import templates_dir
from budgetgen.source import PathT, SourceDoc, format_path, load_file

#: The profile a build uses when the county config names none.
DEFAULT_PROFILE = "hunan-county"
PROFILE_FILE = "profile.yaml"


class Kind(str, Enum):
    """Where an expenditure amount sits: basic, project or other spending (names are the profile's)."""

    BASIC = "basic"
    PROJECT = "project"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SanGongItem:
    """One 三公 item: the model field it fills, its economic codes, and words that suggest it in a name."""

    name: str
    field: str
    codes: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything format-specific the core reads; built only by :func:`load_profile`."""

    name: str
    title: str
    sources: tuple[str, ...]
    source_descriptions: Mapping[str, str]
    default_source: str
    source_groups: Mapping[str, tuple[str, ...]]
    views: Mapping[str, tuple[str, ...]]
    all_view: str
    public: str
    kind_names: Mapping[Kind, str]
    project_groups: Mapping[str, Kind]
    basic_classes: Mapping[str, str]
    sangong: tuple[SanGongItem, ...]
    sangong_by_econ: Mapping[str, str]
    """Economic code → the 三公 item it belongs to (derived from ``sangong`` when loaded)."""
    nontax_public_name: str
    nontax_public: tuple[str, ...]
    nontax_categories: tuple[str, ...]
    collection_costs: tuple[str, ...]
    """征收成本 items of the 非税收入征收计划明细表 (keys of a plan's 执收成本明细), in column order."""
    management_cost: str
    """The 执收成本明细 key of 管理成本, after the 征收成本 items."""
    asset_categories: tuple[str, ...]
    """新增资产 categories (and 存量资产 keys), in column order."""
    asset_split: tuple[str, str, str, tuple[str, ...]]
    """(category, party column, others column, unit natures of the party column): a category shown in two columns."""
    income_headings: tuple[tuple[str, str], ...]
    income_always_named: int
    outputs: Mapping[str, str]
    econ_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Groups of economic 类 a format prints (人员经费 = 301 + 303, 公用经费 = 302 + 310)."""
    requires: tuple[str, ...] = ()
    """Optional source facts this format needs (see :data:`REQUIREMENTS`)."""
    old_terms: Mapping[str, str] = field(default_factory=dict)
    """Old term → the format's current term (公共财政拨款 → 一般公共预算拨款): how published tables read."""

    def current_wording(self, text: str) -> str:
        """``text`` with every old term replaced by its current one (a sheet name, header or row label as read)."""
        return _rewrite(tuple(self.old_terms.items()), text)

    @property
    def cost_items(self) -> tuple[str, ...]:
        """Every 执收成本明细 key: the 征收成本 items, then 管理成本."""
        return (*self.collection_costs, self.management_cost)

    @property
    def asset_columns(self) -> tuple[str, ...]:
        """新增资产配置表 columns: the categories, the split one as its two columns."""
        split, party, others, _ = self.asset_split
        cols: list[str] = []
        for c in self.asset_categories:
            cols += [f"{c}（{party}）", f"{c}（{others}）"] if c == split else [c]
        return tuple(cols)

    def asset_column(self, category: str, nature: str) -> str:
        """The 新增资产配置表 column of an asset ``category`` for a unit of ``nature`` (单位性质)."""
        split, party, others, natures = self.asset_split
        if category != split:
            return category
        return f"{category}（{party if nature in natures else others}）"

    @property
    def public_sources(self) -> tuple[str, ...]:
        """The sources of the public (财政拨款) group."""
        return self.source_groups[self.public]

    @property
    def public_name(self) -> str:
        """The public group's name in current terms (Hunan's group 公共财政拨款 prints as 一般公共预算拨款)."""
        return self.current_wording(self.public)

    def output_name(self, key: str, department: str, year: int) -> str:
        """An output file name or title from its pattern (``narrative``, ``workbook``, ``…_title``)."""
        return self.outputs[key].replace("{部门}", department).replace("{年度}", str(year))


@cache
def _old_pattern(terms: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One alternation of the old terms, longest first (公共财政预算拨款 before a shorter term it contains)."""
    longest_first = sorted((o for o, _ in terms), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, longest_first))) if terms else None


def _rewrite(terms: tuple[tuple[str, str], ...], text: str) -> str:
    pattern = _old_pattern(terms)
    if pattern is None:
        return text
    current = dict(terms)
    return pattern.sub(lambda m: current[m[0]], text)


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


def _expand(names: list[str], sources: tuple[str, ...], groups: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Source and group names → the leaf sources they cover, in declared source order."""
    wanted = {leaf for n in names for leaf in groups.get(n, (n,))}
    return tuple(s for s in sources if s in wanted)


def _build(name: str, data: Mapping[str, Any]) -> Profile:
    sources = tuple(str(s["name"]) for s in data["sources"])
    groups = {str(k): tuple(str(m) for m in v) for k, v in data["source_groups"].items()}
    nontax = data["nontax_plan"]
    headings = data["income_headings"]
    sangong = tuple(
        SanGongItem(str(k), str(v["field"]), tuple(map(str, v["codes"])), tuple(map(str, v["words"])))
        for k, v in data["sangong"].items()
    )
    return Profile(
        name=name,
        title=str(data["title"]),
        sources=sources,
        source_descriptions=_frozen({str(s["name"]): str(s["description"]) for s in data["sources"]}),
        default_source=str(data["default_source"]),
        source_groups=_frozen(groups),
        views=_frozen({str(k): _expand(v, sources, groups) for k, v in data["views"].items()}),
        all_view=str(data["roles"]["all"]),
        public=str(data["roles"]["public"]),
        kind_names=_frozen({Kind(k): str(v) for k, v in data["kinds"].items()}),
        project_groups=_frozen({str(k): Kind(v) for k, v in data["project_groups"].items()}),
        basic_classes=_frozen({str(k): str(v) for k, v in data["basic_classes"].items()}),
        sangong=sangong,
        sangong_by_econ=_frozen({code: item.name for item in sangong for code in item.codes}),
        nontax_public_name=str(nontax["public_name"]),
        nontax_public=tuple(map(str, nontax["public"])),
        nontax_categories=(*map(str, nontax["public"]), *map(str, nontax["others"])),
        collection_costs=tuple(map(str, nontax["collection_costs"])),
        management_cost=str(nontax["management_cost"]),
        asset_categories=tuple(map(str, data["assets"]["categories"])),
        asset_split=(
            str(data["assets"]["split"]["category"]),
            str(data["assets"]["split"]["party"]),
            str(data["assets"]["split"]["others"]),
            tuple(map(str, data["assets"]["split"]["party_natures"])),
        ),
        income_headings=tuple((str(i["name"]), str(i["of"])) for i in headings["items"]),
        income_always_named=int(headings["always_named"]),
        outputs=_frozen({str(k): str(v) for k, v in data["outputs"].items()}),
        econ_groups=_frozen({str(k): tuple(map(str, v)) for k, v in data.get("econ_groups", {}).items()}),
        requires=tuple(map(str, data.get("requires", ()))),
        old_terms=_frozen({str(k): str(v) for k, v in data.get("old_terms", {}).items()}),
    )


def _check_sources(data: Mapping[str, Any]) -> Iterator[tuple[PathT, str]]:
    """Groups and views naming sources that are not declared."""
    sources = [s["name"] for s in data["sources"]]
    groups = data["source_groups"]
    if data["default_source"] not in sources:
        yield ("default_source",), f"默认资金来源“{data['default_source']}”不在 sources 中"
    for group, members in groups.items():
        for j, m in enumerate(members):
            if m not in sources:
                yield ("source_groups", group, j), f"来源组“{group}”中的“{m}”不在 sources 中"
    for view, members in data["views"].items():
        for j, m in enumerate(members):
            if m not in sources and m not in groups:
                yield ("views", view, j), f"口径“{view}”中的“{m}”既不是资金来源也不是来源组"


def _cross_check(data: Mapping[str, Any]) -> Iterator[tuple[PathT, str]]:
    """Names used before they are declared: (path, Chinese message)."""
    yield from _check_sources(data)
    sources = [s["name"] for s in data["sources"]]
    groups = data["source_groups"]
    for role in ("all", "public"):
        if data["roles"][role] not in data["views"]:
            yield ("roles", role), f"roles.{role} 的“{data['roles'][role]}”不是 views 中的口径"
    if data["roles"]["public"] not in groups:
        yield ("roles", "public"), f"roles.public 的“{data['roles']['public']}”也应是来源组名"
    fields = [v["field"] for v in data["sangong"].values()]
    if len(set(fields)) != len(fields):
        yield ("sangong",), "三公经费各项的 field 不能重复"
    for j, item in enumerate(data["income_headings"]["items"]):
        if item["of"] not in sources and item["of"] not in groups:
            yield ("income_headings", "items", j, "of"), f"“{item['of']}”既不是资金来源也不是来源组"
    terms = data.get("old_terms") or {}
    for old in terms:
        inside = next((str(c) for c in terms.values() if old in str(c)), None)
        if inside is not None:
            yield ("old_terms", old), f"旧称“{old}”出现在现行名称“{inside}”之中，按现行名称读时会把现行名称也改掉"


def _validate(doc: SourceDoc) -> list[Issue]:
    from budgetgen.schema import validate_with

    if not isinstance(doc.data, dict):
        return [error(E_PROFILE, doc.loc(()), "", "profile.yaml 顶层应为“键: 值”结构")]
    found = [replace(i, code=E_PROFILE) for i in validate_with(doc, "profile.schema.json")]
    if found:
        return found
    return [error(E_PROFILE, doc.loc(path), format_path(path), msg) for path, msg in _cross_check(doc.data)]


def load_profile(folder: Path) -> tuple[Profile | None, list[Issue]]:
    """The profile declared in ``folder/profile.yaml``; ``None`` with located issues when it is wrong."""
    path = folder / PROFILE_FILE
    if not path.is_file():
        msg = f"模板方案“{folder.name}”缺少 {PROFILE_FILE}"
        return None, [error(E_PROFILE, Loc(f"{folder.name}/{PROFILE_FILE}", 0, 0), "", msg)]
    doc, issues = load_file(path, f"{folder.name}/{PROFILE_FILE}")
    if doc is None:
        return None, [replace(i, code=E_PROFILE) for i in issues]
    issues = [replace(i, code=E_PROFILE) for i in issues] + _validate(doc)
    return (None, issues) if issues else (_build(folder.name, doc.data), [])


@cache
def shipped_profile(name: str = DEFAULT_PROFILE) -> tuple[Profile | None, tuple[Issue, ...]]:
    """A profile shipped in ``templates/``, loaded once per process."""
    found, issues = load_profile(templates_dir() / name)
    return found, tuple(issues)


def default_profile() -> Profile:
    """The shipped default profile (its validity is a test; a broken one is a packaging bug)."""
    found, issues = shipped_profile()
    if found is None:
        raise RuntimeError("; ".join(i.message for i in issues))
    return found


def vocabulary(fmt: Profile) -> frozenset[str]:
    """Every name the profile declares (not its descriptions): what the core must never spell out.

    Output patterns contribute their fixed text without placeholders, the leading
    年 and the file extension (``{部门}{年度}年部门预算说明.docx`` → ``部门预算说明``).
    """
    names: set[str] = {*fmt.sources, *fmt.source_groups, *fmt.views, *fmt.kind_names.values()}
    names |= {*fmt.project_groups, *fmt.basic_classes.values(), fmt.nontax_public_name, *fmt.nontax_categories}
    names |= {*fmt.collection_costs, fmt.management_cost, fmt.asset_split[0]}
    names |= {item.name for item in fmt.sangong} | {w for item in fmt.sangong for w in item.words}
    names |= {name for name, _ in fmt.income_headings}
    for pattern in fmt.outputs.values():
        for part in re.split(r"\{[^}]*\}", pattern):
            if text := re.sub(r"\.\w+$", "", part).lstrip("年"):
                names.add(text)
    return frozenset(names)
