"""A repeated column group: one copy of a header template per entry of a declared list.

In ``tables/_groups.yaml`` a group may be written as a mapping instead of a list of nodes::

    三公经费:
      each:
      - {head: 因公出国（境）费, item: abroad}
      - {head: 公务接待费, item: reception}
      columns:
      - head: <head>
        children:
        - head: 支出数
          value: figures.sangong.<item>

``columns`` is written like a group's nodes; a placeholder ``<name>`` in any text of it (a head,
a value path, an ``at`` coordinate, a row-kind mapping's values) is replaced by the entry's
``name``, and the copies follow one another in the order of ``each``. ``{…}`` keeps its meaning
(a text template read from the model). Every entry names the same keys, every key is used and
every placeholder is a key: a slip is a :class:`SpecError` at the group file's line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from budgetgen.tables.load import LDict, LList, SpecError, line_of

#: A placeholder in a repeated group's template: ``<item>``.
PLACEHOLDER = re.compile(r"<([^<>\s]+)>")
#: The keys of a repeated group.
KEYS = ("each", "columns")


def repeated(raw: Mapping[str, Any], file: str, name: str) -> list[Any]:
    """The nodes of a repeated group ``name``: its ``columns`` generated once per entry of ``each``."""
    where = f"{file}:{line_of(raw)}: 列组“{name}”"
    for key in raw:
        if key not in KEYS:
            raise SpecError(f"{file}:{line_of(raw, key)}: 列组“{name}”未知的键 “{key}”（可用：{'、'.join(KEYS)}）")
    for key in KEYS:
        if key not in raw:
            raise SpecError(f"{where}逐项重复，要写 {key}（{'、'.join(KEYS)}）")
    entries, columns = raw["each"], raw["columns"]
    if not isinstance(entries, list) or not entries:
        why = "的 each 应为非空的列表（每项一个 {键: 文字} 映射）"
        raise SpecError(f"{file}:{line_of(raw, 'each')}: 列组“{name}”{why}")
    if not isinstance(columns, list) or not columns:
        raise SpecError(f"{file}:{line_of(raw, 'columns')}: 列组“{name}”的 columns 应为非空的表头列表")
    keys = _keys(entries, file, name)
    used: set[str] = set()
    _check(columns, f"{file}:{{}}: 列组“{name}”", keys, used)
    unused = [k for k in keys if k not in used]
    if unused:
        why = f"each 中的“{unused[0]}”在 columns 中没有用到（写作 <{unused[0]}>）"
        raise SpecError(f"{file}:{line_of(raw, 'each')}: 列组“{name}”{why}")
    return [node for entry in entries for node in _fill(columns, {str(k): str(v) for k, v in entry.items()})]


def _keys(entries: list[Any], file: str, name: str) -> list[str]:
    """The keys every entry names (each entry a mapping of texts, none missing one)."""
    keys: list[str] = []
    for i, entry in enumerate(entries):
        where = f"{file}:{line_of(entries, i)}: 列组“{name}”的 each"
        if not isinstance(entry, Mapping) or not entry:
            raise SpecError(f"{where}每一项应为 {{键: 文字}} 映射，实际为 {entry!r}")
        for key, value in entry.items():
            if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
                why = f"each 中“{key}”应为一段文字，实际为 {value!r}"
                raise SpecError(f"{file}:{line_of(entry, key)}: 列组“{name}”{why}")
        keys += [str(k) for k in entry if str(k) not in keys]
    for i, entry in enumerate(entries):
        missing = [k for k in keys if k not in entry]
        if missing:
            why = f"缺少“{missing[0]}”（每一项都要写：{'、'.join(keys)}）"
            raise SpecError(f"{file}:{line_of(entries, i)}: 列组“{name}”each 的这一项{why}")
    return keys


def _check(raw: Any, where: str, keys: list[str], used: set[str], line: int = 0) -> None:
    """Every placeholder in the template is an entry key (``where`` formatted with the line of its text)."""
    if isinstance(raw, Mapping):
        for key, value in raw.items():
            _check(value, where, keys, used, line_of(raw, key))
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            _check(item, where, keys, used, line_of(raw, i) or line)
    elif isinstance(raw, str):
        for m in PLACEHOLDER.finditer(raw):
            if m[1] not in keys:
                raise SpecError(f"{where.format(line)}的 <{m[1]}> 不是 each 中的键（可用：{'、'.join(keys)}）")
            used.add(m[1])


def _fill(raw: Any, entry: Mapping[str, str]) -> Any:
    """A copy of the template (lines kept) with each placeholder replaced by the entry's text."""
    if isinstance(raw, Mapping):
        out = LDict({k: _fill(v, entry) for k, v in raw.items()})
        out.line, out.key_lines = line_of(raw), dict(getattr(raw, "key_lines", {}))
        return out
    if isinstance(raw, list):
        items = LList(_fill(v, entry) for v in raw)
        items.line, items.item_lines = line_of(raw), list(getattr(raw, "item_lines", []))
        return items
    if isinstance(raw, str):
        return PLACEHOLDER.sub(lambda m: entry[m[1]], raw)
    return raw
