"""The data the reviewer checks read: capital groups, fund-only function classes, vehicle words.

Declared in the profile folder (``review.yaml``) so that the core names no
format's groups or sources; loaded once per profile and validated against the
profile, each problem an ``E-DEFINITION`` issue at the file's line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetgen.codes import E_DEFINITION
from budgetgen.issues import Issue, error
from budgetgen.profile import Profile
from budgetgen.resources import templates_dir
from budgetgen.source import PathT, SourceDoc, format_path, load_file

FILE_NAME = "review.yaml"


@dataclass(frozen=True)
class Review:
    """What the reviewer checks need to know about a format (empty: the checks stay silent)."""

    capital_groups: tuple[str, ...] = ()
    capital_classes: tuple[str, ...] = ()
    fund_sources: tuple[str, ...] = ()
    fund_classes: tuple[str, ...] = ()
    special_sources: tuple[str, ...] = ()
    vehicle_words: tuple[str, ...] = ()


#: Key → (field, what its names must be: "group", "source", "class" or "word").
_FIELDS: dict[str, tuple[str, str]] = {
    "资本性项目类别": ("capital_groups", "group"),
    "资本性经济分类": ("capital_classes", "class"),
    "基金来源": ("fund_sources", "source"),
    "基金功能分类": ("fund_classes", "class"),
    "专户来源": ("special_sources", "source"),
    "车辆用词": ("vehicle_words", "word"),
}


def _problems(doc: SourceDoc, fmt: Profile) -> list[Issue]:
    data: Any = doc.data
    if not isinstance(data, dict):
        return [error(E_DEFINITION, doc.loc(()), "", f"{FILE_NAME} 顶层应为“键: 值”结构")]
    out = []
    for key, value in data.items():
        path: PathT = (key,)
        if key not in _FIELDS:
            msg = f"未知的键“{key}”，可写：{'、'.join(_FIELDS)}"
            out.append(error(E_DEFINITION, doc.key_loc(path), format_path(path), msg))
            continue
        kind = _FIELDS[key][1]
        for j, name in enumerate(value if isinstance(value, list) else [value]):
            text, where = str(name), (key, j)
            bad = (
                (kind == "group" and text not in fmt.project_groups)
                or (kind == "source" and text not in fmt.sources)
                or (kind == "class" and not (text.isdigit() and len(text) == 3))
                or not text
            )
            if bad:
                what = {"group": "项目类别", "source": "资金来源"}.get(kind, "取值")
                msg = f"“{text}”不是 profile.yaml 中声明的{what}"
                out.append(error(E_DEFINITION, doc.loc(where), format_path(where), msg))
    return out


def load_review(folder: Path, fmt: Profile) -> tuple[Review | None, list[Issue]]:
    """The review data of a profile folder (an absent file: no review data)."""
    path = folder / FILE_NAME
    if not path.is_file():
        return Review(), []
    doc, issues = load_file(path, f"{folder.name}/{FILE_NAME}")
    if doc is None:
        return None, issues
    found = _problems(doc, fmt)
    if found:
        return None, found
    fields = {field: tuple(str(v) for v in doc.data.get(key, [])) for key, (field, _) in _FIELDS.items()}
    return Review(**fields), []


_CACHE: dict[str, Review] = {}


def review_for(fmt: Profile) -> Review:
    """The shipped review data of ``fmt`` (its validity is a test)."""
    if fmt.name not in _CACHE:
        found, _ = load_review(templates_dir() / fmt.name, fmt)
        _CACHE[fmt.name] = found or Review()
    return _CACHE[fmt.name]
