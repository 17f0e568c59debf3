"""Column groups: a header subtree declared once per profile and generated into every table that shows it.

A profile's ``tables/_groups.yaml`` maps a group name to a list of header nodes,
written like a spec's ``columns``; a leaf either reads a binding (``value``) or
stands at a ledger coordinate (``at: source=经费拨款``). A spec node
``{expand: 资金来源}`` is replaced, when the spec loads, by the group's nodes, with:

* ``with: kind=基本支出`` — a fixed coordinate added to every ``at`` (a dimension
  the leaf already names is an error, not an override);
* ``read: income.by_source`` — where the coordinates are read (default ``figures``,
  a ledger coordinate); a path that is not ``figures`` is a mapping read with the
  leaf's single coordinate value as its key (``income.by_source[经费拨款]``);
* ``rename: {旧表头: 新表头}`` — header texts this table prints differently;
* ``omit: [表头, 上级表头/表头]`` — nodes this table leaves out.

A group may be repeated once per entry of a declared list (``each`` + ``columns`` with ``<key>``
placeholders, :mod:`budgetgen.tables.each`). A group may expand another group; a cycle is an
error. Every mistake — an unknown group, a bad key, a coordinate clash, a cycle, a rename or omit
that names no header — is a :class:`SpecError` at ``file:line``: the group file's line for the
declaration, the spec's line for a use. Generated nodes carry the line of the
``expand`` that produced them, so a later check of a generated column (an economic
code against its header) points at the table that shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetgen.profile import Profile, default_profile
from budgetgen.tables import coord
from budgetgen.tables.each import repeated
from budgetgen.tables.load import LDict, LList, SpecError, check_keys, line_of, read_yaml
from budgetgen.tables.names import domains

#: The file of a profile's (or a county's) tables folder that declares the column groups.
GROUPS_FILE = "_groups.yaml"
#: Where a group's coordinates are read when a use names no ``read``.
DEFAULT_READ = "figures"


@dataclass(frozen=True, slots=True)
class Group:
    """One declared group: its raw header nodes (located in ``file``)."""

    name: str
    nodes: Sequence[Any]
    file: str
    line: int


Groups = Mapping[str, Group]


def load_groups(dirs: Sequence[Path], p: Profile | None = None) -> dict[str, Group]:
    """The groups of every ``_groups.yaml`` in ``dirs``; a group in an earlier folder overrides a later one.

    Each group is expanded once here (nested groups, cycles) and its coordinates checked against
    the profile ``p`` (:func:`budgetgen.tables.names.domains`), so a slip in a declaration is
    reported at the group file's line even if no table uses the group.
    """
    groups: dict[str, Group] = {}
    for folder in dirs:
        path = folder / GROUPS_FILE
        if not path.is_file():
            continue
        raw = read_yaml(path)
        if raw is None:
            continue
        if not isinstance(raw, Mapping):
            raise SpecError(f"{path.name}:{line_of(raw, default=1)}: 列组文件应为映射（列组名: 表头列表）")
        for name, declared in raw.items():
            nodes = repeated(declared, path.name, name) if isinstance(declared, Mapping) else declared
            where = f"{path.name}:{line_of(raw, name)}"
            if not isinstance(name, str) or not name.strip():
                raise SpecError(f"{where}: 列组名应为文字，实际为 {name!r}")
            if not isinstance(nodes, list) or not nodes:
                raise SpecError(f"{where}: 列组“{name}”应为非空的表头列表")
            groups.setdefault(name, Group(name, nodes, path.name, line_of(raw, name)))
    doms = domains(p or default_profile())
    for group in groups.values():
        _check_nodes(group.nodes, group.file, groups)
        for node in _leaves(_group_nodes(group, groups, (group.name,))):
            if "at" in node:
                coord.check(str(node["at"]), f"{group.file}:{line_of(node, 'at')}: 列组“{group.name}”的 at", doms)
    return groups


def group_columns(group: Group, groups: Groups) -> list[Any]:
    """A group's nodes as a table that reads the ledger would show them, at the group file's lines.

    :func:`budgetgen.tables.spec.load_tables` parses them, so a style or width written wrong in a group
    is reported in the group file even if no table uses the group.
    """
    return _resolve(_group_nodes(group, groups, (group.name,)), DEFAULT_READ, f"{group.file}:{group.line}", group.name)


def _check_nodes(nodes: Sequence[Any], file: str, groups: Groups) -> None:
    """Keys and shapes of a group's nodes (uses included), at the group file's lines."""
    for node in nodes:
        if isinstance(node, Mapping) and "expand" in node:
            _check_use(node, file, groups, inside=True)
            continue
        check_keys(node if not isinstance(node, str) else {"head": node}, "group_column", file)
        if isinstance(node, str):
            continue
        if "head" not in node:
            raise SpecError(f"{file}:{line_of(node)}: 每一列都要有 head（表头文字）")
        if "at" in node and ("value" in node or "children" in node):
            key = "value" if "value" in node else "children"
            raise SpecError(f"{file}:{line_of(node, key)}: 写了 at（坐标）的列不能再有 {key}")
        if node.get("children"):
            _check_nodes(node["children"], file, groups)


def _check_use(node: Mapping[str, Any], file: str, groups: Groups, inside: bool = False) -> None:
    check_keys(node, "use", file)
    name = node["expand"]
    if name not in groups:
        known = "、".join(groups) or "（没有声明列组：见表格文件夹中的 _groups.yaml）"
        raise SpecError(f"{file}:{line_of(node, 'expand')}: 未知的列组“{name}”（可用：{known}）")
    if inside and "read" in node:
        raise SpecError(f"{file}:{line_of(node, 'read')}: 列组中的 expand 不能写 read（由使用列组的表格决定）")


def expand_columns(items: Sequence[Any], groups: Groups, file: str) -> list[Any]:
    """A spec's column nodes with every ``expand`` replaced by its group's nodes, bindings resolved."""
    return _expand(items, groups, file, ())


def _expand(items: Sequence[Any], groups: Groups, file: str, stack: tuple[str, ...]) -> list[Any]:
    """Nodes with each ``expand`` among them (at any depth) generated in place; inside a group, ``at`` is kept."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, Mapping) and "expand" in item:
            out += _use(item, groups, file, stack)
        elif isinstance(item, Mapping) and isinstance(item.get("children"), list):
            out.append(_with_children(item, _expand(item["children"], groups, file, stack)))
        else:
            out.append(item)
    return out


def _use(node: Mapping[str, Any], groups: Groups, file: str, stack: tuple[str, ...]) -> list[Any]:
    """The nodes one ``expand`` generates (``at`` resolved to a binding when ``stack`` is empty)."""
    _check_use(node, file, groups, inside=bool(stack))
    name = str(node["expand"])
    if name in stack:
        chain = "→".join((*stack, name))
        raise SpecError(f"{file}:{line_of(node, 'expand')}: 列组循环展开：{chain}")
    nodes = _group_nodes(groups[name], groups, (*stack, name))
    if "omit" in node:
        nodes = _omit(nodes, node["omit"], f"{file}:{line_of(node, 'omit')}", name)
    if "rename" in node:
        nodes = _rename(nodes, node["rename"], f"{file}:{line_of(node, 'rename')}", name)
    if node.get("with") is not None:
        nodes = _combine(nodes, str(node["with"]), f"{file}:{line_of(node, 'with')}", name)
    if not stack:
        read = str(node.get("read") or DEFAULT_READ)
        nodes = _resolve(nodes, read, f"{file}:{line_of(node, 'read' if 'read' in node else 'expand')}", name)
    return [_relined(n, line_of(node)) for n in nodes]


def _group_nodes(group: Group, groups: Groups, stack: tuple[str, ...]) -> list[Any]:
    """A group's nodes with the groups it expands generated in place (their ``at`` kept)."""
    return _expand(group.nodes, groups, group.file, stack)


def _head(node: Any) -> str:
    return node if isinstance(node, str) else str(node.get("head", ""))


def _walk(nodes: Sequence[Any], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for n in nodes:
        here = (*path, _head(n))
        yield here, n
        if isinstance(n, Mapping):
            yield from _walk(n.get("children") or (), here)


def _leaves(nodes: Sequence[Any]) -> Iterator[Mapping[str, Any]]:
    for _, n in _walk(nodes):
        if isinstance(n, Mapping) and not n.get("children"):
            yield n


def _matches(path: tuple[str, ...], name: str) -> bool:
    want = tuple(name.split("/"))
    return path[-len(want) :] == want


def _omit(nodes: list[Any], raw: Any, where: str, group: str) -> list[Any]:
    if not isinstance(raw, list):
        raise SpecError(f"{where}: omit 应为表头列表")
    names = [str(x) for x in raw]
    for name in names:
        hits = [p for p, _ in _walk(nodes) if _matches(p, name)]
        if len(hits) != 1:
            why = "没有这一表头" if not hits else f"有 {len(hits)} 个这样的表头，写成“上级表头/{name}”"
            raise SpecError(f"{where}: omit 的“{name}”：列组“{group}”{why}")

    def keep(items: Sequence[Any], path: tuple[str, ...]) -> list[Any]:
        out = []
        for n in items:
            here = (*path, _head(n))
            if any(_matches(here, name) for name in names):
                continue
            if isinstance(n, Mapping) and n.get("children"):
                kids = keep(n["children"], here)
                if not kids:
                    raise SpecError(f"{where}: omit 之后“{_head(n)}”没有下级表头了，应省略“{_head(n)}”本身")
                out.append(_with_children(n, kids))
            else:
                out.append(n)
        return out

    return keep(nodes, ())


def _rename(nodes: list[Any], raw: Any, where: str, group: str) -> list[Any]:
    if not isinstance(raw, Mapping):
        raise SpecError(f"{where}: rename 应为 {{原表头: 新表头}} 映射")
    heads = {_head(n) for _, n in _walk(nodes)}
    for old, new in raw.items():
        if str(old) not in heads:
            raise SpecError(f"{where}: rename 的“{old}”：列组“{group}”没有这一表头")
        if not isinstance(new, str | int) or not str(new).strip():
            raise SpecError(f"{where}: rename 的“{old}”应改为一段文字，实际为 {new!r}")
    names = {str(k): str(v) for k, v in raw.items()}

    def edit(n: Mapping[str, Any], out: LDict) -> None:
        if _head(n) in names:
            out["head"] = names[_head(n)]

    return _each(nodes, edit)


def _combine(nodes: list[Any], fixed: str, where: str, group: str) -> list[Any]:
    """Add the fixed coordinate to every ``at`` of the group; a dimension both name is an error."""
    try:
        extra = coord.parse(fixed)
    except SpecError as exc:
        raise SpecError(f"{where}: with：{exc}") from None

    def edit(n: Mapping[str, Any], out: LDict) -> None:
        if "at" not in n:
            return
        at = coord.parse(str(n["at"]))
        clash = [d for d in coord.DIMENSIONS if getattr(at, d) is not None and getattr(extra, d) is not None]
        if clash:
            raise SpecError(f"{where}: with“{fixed}”与列组“{group}”中“{_head(n)}”的坐标“{n['at']}”都指定了 {clash[0]}")
        parts = ((d, getattr(at, d) or getattr(extra, d)) for d in coord.DIMENSIONS)
        out["at"] = ",".join(f"{d}={v}" for d, v in parts if v is not None)

    return _each(nodes, edit)


def _resolve(nodes: list[Any], read: str, where: str, group: str) -> list[Any]:
    """Each ``at`` becomes the binding that reads it: ``figures[…]``, or ``read[值]`` for a keyed mapping."""
    ledger = read.rsplit(".", 1)[-1] == DEFAULT_READ

    def edit(n: Mapping[str, Any], out: LDict) -> None:
        if "at" not in n:
            return
        at = str(out.pop("at"))
        given = [v for v in (getattr(coord.parse(at), d) for d in coord.DIMENSIONS) if v is not None]
        if not ledger and len(given) != 1:
            raise SpecError(f"{where}: read“{read}”按键取值，列组“{group}”中“{_head(n)}”的坐标“{at}”应只有一个维度")
        out["value"] = f"{read}[{at if ledger else given[0]}]"

    return _each(nodes, edit)


def _each(nodes: Sequence[Any], edit: Callable[[Mapping[str, Any], LDict], None]) -> list[Any]:
    """A copy of the nodes with ``edit`` applied to the copy of each node, its subtree included."""

    def one(n: Any) -> Any:
        n = {"head": n} if isinstance(n, str) else n
        if not isinstance(n, Mapping):
            return n
        out = _copy(n)
        edit(n, out)
        if n.get("children"):
            out["children"] = _list([one(c) for c in n["children"]], n["children"])
        return out

    return [one(n) for n in nodes]


def _copy(n: Mapping[str, Any]) -> LDict:
    out = LDict(n)
    out.line = line_of(n)
    out.key_lines = dict(getattr(n, "key_lines", {}))
    return out


def _list(items: list[Any], like: Any) -> LList:
    out = LList(items)
    out.line = line_of(like)
    out.item_lines = [line_of(like)] * len(items)
    return out


def _with_children(n: Mapping[str, Any], kids: list[Any]) -> LDict:
    out = _copy(n)
    out["children"] = _list(kids, n["children"])
    return out


def _relined(n: Any, line: int) -> Any:
    """A generated node (and its subtree) located at the ``expand`` that produced it."""
    if isinstance(n, str):
        n = {"head": n}
    out = LDict(n)
    out.line = line
    out.key_lines = dict.fromkeys(n, line)
    if n.get("children"):
        kids = LList(_relined(c, line) for c in n["children"])
        kids.line, kids.item_lines = line, [line] * len(kids)
        out["children"] = kids
    return out
