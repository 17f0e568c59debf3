"""Read table spec files with the line of every key, and check each mapping's keys against the spec schema.

A spec is trusted county data, but a county edits its overrides by hand: a
misspelled key or a value of the wrong shape must be an ``E-TABLE-SPEC`` error
at the spec's ``file:line``, never a silently ignored setting. The schema below
lists, per kind of mapping, the keys it may hold and what each must be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

#: libyaml's safe loader when PyYAML was built with it (about 10× faster), else the pure-Python one.
_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SpecError(ValueError):
    """A table spec that cannot be loaded; the message starts with ``file:line:``."""


class LDict(dict[Any, Any]):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class LList(list[Any]):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _Loader(_BASE):  # type: ignore[misc]
    def construct_mapping(self, node: Any, deep: bool = False) -> LDict:
        out = LDict(super().construct_mapping(node, deep=True))
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            out.key_lines.setdefault(key, key_node.start_mark.line + 1)
        return out

    def construct_sequence(self, node: Any, deep: bool = False) -> LList:
        out = LList(super().construct_sequence(node, deep=True))
        out.line = node.start_mark.line + 1
        out.item_lines = [n.start_mark.line + 1 for n in node.value]
        return out


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def line_of(raw: Any, key: Any = None, default: int = 0) -> int:
    """The line of ``raw`` (a located mapping or list), or of its key / item ``key``."""
    if key is not None and isinstance(raw, LDict):
        return raw.key_lines.get(key, raw.line)
    if key is not None and isinstance(raw, LList) and isinstance(key, int) and key < len(raw.item_lines):
        return raw.item_lines[key]
    return getattr(raw, "line", default)


#: The spec schema: kind of mapping → {key: what its value must be}.
#: A value kind is ``text``, ``int``, ``bool``, ``number``, ``list``, ``map``, ``any`` or ``list|map`` etc.
SCHEMA: dict[str, dict[str, str]] = {
    "spec": {
        "id": "text",
        "sheet": "text",
        "code": "text",
        "title": "text",
        "unit": "text",
        "paper": "text",
        "orientation": "text",
        "digits": "int",
        "numbered": "bool",
        "freeze_cols": "int",
        "rows": "map",
        "columns": "list",
        "statement": "map",
    },
    "column": {
        "head": "text",
        "children": "list",
        "value": "any",
        "style": "text",
        "width": "number",
        "when": "map",
        "span": "int",
        "number": "bool",
        "optional": "bool",
    },
    "statement": {"blocks": "list", "footer": "list"},
    "line": {"line": "list", "optional": "bool"},
    "expand": {"expand": "text", "views": "list"},
    "use": {"expand": "text", "with": "text", "read": "text", "rename": "map", "omit": "list"},
}
#: A node of a column group (``_groups.yaml``): a column, or a leaf standing at a ledger coordinate (``at``).
SCHEMA["group_column"] = {**SCHEMA["column"], "at": "text"}
#: Parameters each row source accepts besides ``from``.
ROW_PARAMS: dict[str, dict[str, str]] = {
    "view": {"view": "text", "functions": "bool", "functions_when": "text", "projects": "bool"},
    "special": {"functions": "bool", "functions_when": "text"},
    "income": {},
    "units": {},
    "department": {},
    "purchases": {},
    "procurements": {},
    "nontax": {},
    "assets": {},
    "tree": {"view": "text"},
    "econ": {"view": "text"},
    "budget": {},
}
_KINDS: dict[str, tuple[type, ...]] = {
    "text": (str, int, float),
    "int": (int,),
    "bool": (bool,),
    "number": (int, float),
    "list": (list,),
    "map": (dict,),
}
_KIND_NAMES = {"text": "文字", "int": "整数", "bool": "true 或 false", "number": "数字", "list": "列表", "map": "映射"}


def check_keys(raw: Any, kind: str, file: str, allowed: Mapping[str, str] | None = None) -> None:
    """Every key of ``raw`` is in the schema of ``kind`` and its value has the declared shape."""
    schema = SCHEMA[kind] if allowed is None else allowed
    if not isinstance(raw, Mapping):
        raise SpecError(f"{file}:{line_of(raw)}: 这里应为映射（键: 值），实际为 {raw!r}")
    for key, value in raw.items():
        where = f"{file}:{line_of(raw, key)}"
        if key not in schema:
            raise SpecError(f"{where}: 未知的键 “{key}”（可用：{'、'.join(schema)}）")
        want = schema[key]
        if want == "any" or (value is None and want != "list"):
            continue
        ok = isinstance(value, _KINDS[want]) and not (want in ("int", "number") and isinstance(value, bool))
        if not ok:
            raise SpecError(f"{where}: 键 “{key}” 的值应为{_KIND_NAMES[want]}，实际为 {value!r}")


def read_yaml(path: Path) -> Any:
    """A spec file as located mappings and lists."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise SpecError(f"{path.name}:{line}: YAML 格式错误：{getattr(exc, 'problem', None) or exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path.name}:0: 无法读取：{exc}") from exc


def files_in(dirs: Sequence[Path]) -> list[Path]:
    """Spec files by name, a file in an earlier folder overriding a later one; in name order.

    A file whose name starts with ``_`` is not a table (``_groups.yaml`` declares column groups).
    """
    chosen: dict[str, Path] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            if not path.name.startswith("_"):
                chosen.setdefault(path.name, path)
    return [chosen[name] for name in sorted(chosen)]
