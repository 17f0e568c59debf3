"""Read a YAML source into plain data with exact Decimals and line numbers.

PyYAML's constructors are never run: the text is composed into nodes and this
module converts the node tree itself. That gives us:

* numbers as ``int`` or exact ``Decimal`` (an unquoted ``0.1`` never becomes a float);
* a location for every value and key, so later stages can point at ``file:line:col``;
* duplicate keys, unknown tags, huge alias expansions and deep nesting reported as
  issues instead of being silently accepted, executed or crashing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from budgetgen import yamlmsg
from budgetgen.codes import (
    E_EMPTY,
    E_ENCODING,
    E_FILE_KIND,
    E_FILE_READ,
    E_FILE_TOO_LARGE,
    E_YAML_ALIAS,
    E_YAML_DEPTH,
    E_YAML_DUPLICATE_KEY,
    E_YAML_KEY,
    E_YAML_NUMBER,
    E_YAML_SYNTAX,
    E_YAML_TAG,
)
from budgetgen.issues import Issue, Loc, error
from budgetgen.safefile import MAX_BYTES, NotRegularFile, TooLargeFile, read_regular
from budgetgen.yamlscan import nesting_bound, runaway_nesting, stray_tab

#: Characters of text after aliases are expanded: a source may repeat itself, not multiply itself.
MAX_EXPANDED_CHARS = 2 * MAX_BYTES
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_DIGITS = 30
#: Above this nesting bound the C parser (which recurses on the C stack) is not used.
_C_NESTING_LIMIT = 500
#: Nesting this deep is refused by a text scan, before parsing (PyYAML's scanner is quadratic in it).
_REFUSE_NESTING = 200

PathT = tuple[str | int, ...]
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_DEC_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
#: No exponent: ``1.0e-2`` stays text, like ``1e-2`` (which YAML 1.1 already reads as text), so the
#: schema refuses both alike ("金额应为数字") instead of taking one and refusing the other.
_DEC_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*$")
_BOOL_TRUE = {"yes", "true", "on"}


@dataclass(frozen=True)
class SourceDoc:
    """A loaded source: plain data plus the location of every value and key."""

    name: str
    data: Any
    value_locs: Mapping[PathT, Loc] = field(default_factory=dict)
    key_locs: Mapping[PathT, Loc] = field(default_factory=dict)
    raw: Mapping[PathT, str] = field(default_factory=dict)
    rejected: frozenset[PathT] = frozenset()
    """Paths whose value was refused while reading (a tag, a huge number …): the
    schema stage stays silent about them, so each problem is reported once."""

    def loc(self, path: PathT) -> Loc:
        """Location of the value at ``path``, else of its nearest ancestor."""
        for n in range(len(path), -1, -1):
            found = self.value_locs.get(path[:n])
            if found is not None:
                return found
        return Loc(self.name, 1, 1)

    def key_loc(self, path: PathT) -> Loc:
        """Location of the key that introduces ``path`` (falls back to the value)."""
        return self.key_locs.get(path) or self.loc(path)

    def text(self, path: PathT) -> str | None:
        """The scalar exactly as typed (keeps leading zeros of codes)."""
        return self.raw.get(path)


def format_path(path: PathT) -> str:
    """Render a path the way users read it: ``单位[0].基本支出.30101``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Converter:
    """Turn a composed node tree into data, collecting issues on the way."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.issues: list[Issue] = []
        self.value_locs: dict[PathT, Loc] = {}
        self.key_locs: dict[PathT, Loc] = {}
        self.raw: dict[PathT, str] = {}
        self.rejected: set[PathT] = set()
        self.count = 0
        self.chars = 0

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, code: str, node: yaml.Node, path: PathT, message: str, *, reject: bool = True) -> None:
        self.issues.append(error(code, self.loc(node), format_path(path), message))
        if reject:
            self.rejected.add(path)

    def convert(self, node: yaml.Node, path: PathT) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(node)
        self.value_locs[path] = self.loc(node)
        if len(path) > MAX_DEPTH:
            self.fail(E_YAML_DEPTH, node, path, f"嵌套层级超过 {MAX_DEPTH} 层，请检查缩进或括号")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path)
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: PathT) -> dict[str, Any] | None:
        if node.tag != f"{_STD}map":
            self.fail(E_YAML_TAG, node, path, f"不允许使用 YAML 标签“{node.tag}”")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            if key in out:
                self.fail(
                    E_YAML_DUPLICATE_KEY,
                    key_node,
                    (*path, key),
                    f"键“{key}”重复出现（首次出现在第 {self.key_locs[(*path, key)].line} 行）",
                    reject=False,
                )
                continue
            self.key_locs[(*path, key)] = self.loc(key_node)
            out[key] = self.convert(value_node, (*path, key))
        return out

    def key(self, node: yaml.Node, path: PathT) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS:
            what = "合并键“<<”" if node.tag == f"{_STD}merge" else "复杂的键"
            self.fail(E_YAML_KEY, node, path, f"不支持{what}，键必须是普通文字", reject=False)
            return None
        return str(node.value)

    def sequence(self, node: yaml.SequenceNode, path: PathT) -> list[Any] | None:
        if node.tag != f"{_STD}seq":
            self.fail(E_YAML_TAG, node, path, f"不允许使用 YAML 标签“{node.tag}”")
            return None
        return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node, path: PathT) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.fail(E_YAML_TAG, node, path, f"不允许使用 YAML 标签“{node.tag}”")
            return None
        text = str(node.value)
        self.chars += len(text)
        if self.chars > MAX_EXPANDED_CHARS:
            raise _TooLarge(node)
        self.raw[path] = text
        kind = node.tag[len(_STD) :]
        if kind in ("int", "float") and sum(c.isdigit() for c in text) > MAX_DIGITS:
            self.fail(E_YAML_NUMBER, node, path, f"数字位数过多（超过 {MAX_DIGITS} 位），请检查是否多输入了数字")
            return None
        return scalar_value(kind, text)


def scalar_value(kind: str, text: str) -> Any:
    """Convert one scalar by its resolved YAML type; money never touches float."""
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() in _BOOL_TRUE
    if kind == "int" and _DEC_INT.match(text):
        return int(text.replace("_", ""), 10)
    if kind == "float" and _DEC_FLOAT.match(text):
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid text
            return text
    return text  # timestamps, .nan/.inf, hex and sexagesimal stay text for the schema


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__("too many nodes")
        self.node = node


def deep_loc(text: str, name: str) -> Loc:
    """Where nesting first exceeds :data:`MAX_DEPTH`, for the depth error's location."""
    return runaway_nesting(text, name, MAX_DEPTH) or Loc(name, 1, 1)


_PLAIN_RESOLVER = yaml.resolver.Resolver()
_CACHED_SCALAR_CHARS = 64


@lru_cache(maxsize=4096)
def _implicit_tag(kind: Any, value: str | None, implicit: Any) -> str:
    """PyYAML's implicit tag of a node: a pure function of its kind, text and implicit flags (the safe
    resolver declares no path resolvers), looked up for every scalar of a source, keys included."""
    return yaml.resolver.BaseResolver.resolve(_PLAIN_RESOLVER, kind, value, implicit)  # type: ignore[no-untyped-call, no-any-return]


class _CachedCLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader with the tag of short, repeated scalars (keys, 基本支出, codes) remembered:
    resolving by regular expression was ~0.25 ms of each source's 1.4 ms parse."""

    def resolve(self, kind: Any, value: str | None, implicit: Any) -> str:
        if value is not None and len(value) > _CACHED_SCALAR_CHARS:
            return _implicit_tag.__wrapped__(kind, value, implicit)
        return _implicit_tag(kind, value, implicit)


def _compose(text: str) -> tuple[yaml.Node | None, bool]:
    """Compose YAML text; the C parser is used only when nesting is shallow (returned as the flag).

    libyaml's composer recurses on the C stack, so a 100,000-deep input would
    crash the interpreter; the pure-Python parser raises RecursionError instead.
    """
    shallow = nesting_bound(text) < _C_NESTING_LIMIT
    loader_cls = _CachedCLoader if shallow else yaml.SafeLoader
    loader = loader_cls(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node, loader_cls is not yaml.SafeLoader
    finally:
        loader.dispose()


def _parse(text: str, name: str) -> tuple[yaml.Node | None, Issue | None]:
    """The document's node tree, or the one issue that stops reading it."""
    depth_msg = f"嵌套层级过深（超过 {MAX_DEPTH} 层），无法读取"
    risky = nesting_bound(text) >= _C_NESTING_LIMIT  # refuse runaway nesting before the parser sees it
    if risky and runaway_nesting(text, name, _REFUSE_NESTING) is not None:
        return None, error(E_YAML_DEPTH, deep_loc(text, name), "", depth_msg)
    try:
        node, fast = _compose(text)
    except yaml.YAMLError as exc:
        return None, yamlmsg.syntax_issue(exc, name, text)
    except RecursionError:
        return None, error(E_YAML_DEPTH, deep_loc(text, name), "", depth_msg)
    if node is None or (node.tag == f"{_STD}null" and not node.value):
        return None, error(E_EMPTY, Loc(name, 1, 1), "", "文件为空，没有任何内容")
    tab = stray_tab(text, node, name) if fast and "\t" in text else None
    if tab is not None:
        return None, error(E_YAML_SYNTAX, tab, "", "制表符（Tab）只能出现在引号中的文字里，缩进和分隔请改用空格")
    return node, None


def load_text(text: str, name: str) -> tuple[SourceDoc | None, list[Issue]]:
    """Parse YAML ``text``; return the document (None on fatal errors) and issues."""
    node, fatal = _parse(text, name)
    if node is None:
        return None, [fatal] if fatal else []
    conv = _Converter(name)
    try:
        data = conv.convert(node, ())
    except _TooLarge as exc:
        limit = f"{MAX_NODES} 个值或 {MAX_EXPANDED_CHARS // 1024 // 1024} M 个字符"
        msg = f"展开后的内容超过 {limit}（可能是别名 * 反复引用），已拒绝"
        return None, [error(E_YAML_ALIAS, conv.loc(exc.node), "", msg)]
    doc = SourceDoc(name, data, conv.value_locs, conv.key_locs, conv.raw, frozenset(conv.rejected))
    return doc, conv.issues


def decode(raw: bytes, name: str) -> tuple[str | None, list[Issue]]:
    """Decode UTF-8 (with or without BOM); report the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = "文件不是 UTF-8 编码（可能是 GBK），请在编辑器中另存为 UTF-8"
        return None, [error(E_ENCODING, Loc(name, line, col), "", msg)]


def load_file(path: Path, name: str | None = None) -> tuple[SourceDoc | None, list[Issue]]:
    """Read (a regular file only, at most :data:`MAX_BYTES`), decode and parse a source file."""
    shown = name or str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except NotRegularFile:
        msg = "这不是普通文件（可能是文件夹、管道或设备），已拒绝读取"
        return None, [error(E_FILE_KIND, Loc(shown, 1, 1), "", msg)]
    except TooLargeFile:
        msg = f"文件超过大小上限 {MAX_BYTES // 1024 // 1024} MB，已拒绝读取"
        return None, [error(E_FILE_TOO_LARGE, Loc(shown, 1, 1), "", msg)]
    except OSError as exc:
        return None, [error(E_FILE_READ, Loc(shown, 0, 0), "", f"无法读取文件：{exc.strerror or exc}")]
    text, issues = decode(raw, shown)
    if text is None:
        return None, issues
    return load_text(text, shown)


def walk(data: Any, path: PathT = ()) -> Iterator[tuple[PathT, Any]]:
    """Yield every ``(path, value)`` pair of loaded data, depth first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk(value, (*path, i))
