"""Declarative table specs: the types, and the loader that reads them from YAML files.

A spec declares a sheet: its title and unit line, a header tree whose leaves are
the columns, where its rows come from, and what each column reads from the
model. A column reads with a *binding*, which is one of:

* a field path such as ``unit.name`` or ``income.by_source[经费拨款]`` (a :class:`Ref`);
* a ledger coordinate relative to the row, such as ``figures[kind=基本支出,econ=301]`` or
  ``figures[source=经费拨款]`` (dimensions ``kind``, ``source``, ``group``, ``econ``, ``econ_group``:
  :mod:`budgetgen.tables.coord`);
* a text template such as ``"[{purchase.func}]{purchase.func_label}"`` (a :class:`Template`);
* plain literal text such as ``合计``;
* a mapping from row kind (``total``, ``unit``, ``func``, ``item``…) to one of the above.

Bindings only read; there is no operator in the language, so a spec cannot
compute. Merges and column numbers are computed from the header tree by
:mod:`budgetgen.tables.layout`, never typed.

Keys of a spec file (all checked when it is loaded, see :mod:`budgetgen.tables.load`):

* top level: ``id``, ``sheet``, ``code`` (the table code the budget system prints above the table, such
  as ``3.11``; optional, read by ``budgetgen import`` to find the sheet), ``title``, ``unit`` (the unit line:
  元, 人, …), ``paper`` (A4/A3),
  ``orientation`` (landscape/portrait), ``digits`` (integer digits the amount columns are sized for),
  ``numbered``, ``freeze_cols`` (label columns, repeated on every page across), ``rows`` or ``statement``,
  ``columns``;
* a column: ``head``, ``children`` or ``value``, ``style``, ``width``, ``when``, ``span`` (header rows a
  parent occupies), ``number`` (whether the column-number row numbers it), ``optional`` (omit the column
  from a sheet where it reads zero on every row);
* in place of a column: ``expand`` (a column group of the profile's ``tables/_groups.yaml``), with ``with``,
  ``read``, ``rename``, ``omit`` (:mod:`budgetgen.tables.groups`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetgen.profile import Profile
from budgetgen.tables.binding import Binding, Ref, Template, parse_binding, parse_ref
from budgetgen.tables.groups import Groups, expand_columns, group_columns, load_groups
from budgetgen.tables.load import ROW_PARAMS, SpecError, check_keys, files_in, line_of, read_yaml
from budgetgen.tables.statement import Statement, parse_statement

#: Cell styles a column may ask for.
STYLES = frozenset({"text", "wrap", "code", "amount", "count", "decimal", "yesno", "center"})
#: Row kinds a per-kind binding may name.
KINDS = frozenset({"total", "unit", "func", "item", "line"})

#: Paper sizes and orientations a sheet may declare.
PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")

__all__ = ["SpecError"]


@dataclass(frozen=True, slots=True)
class Cell:
    """A column's binding for each row kind; kinds not named read ``default``."""

    default: Binding | None
    by_kind: Mapping[str, Binding | None] = field(default_factory=dict)

    def for_kind(self, kind: str) -> Binding | None:
        """The binding that rows of ``kind`` read."""
        return self.by_kind.get(kind, self.default)


@dataclass(frozen=True, slots=True)
class Column:
    """A node of the header tree; a leaf is a data column."""

    head: Template
    children: tuple[Column, ...] = ()
    value: Cell | None = None
    style: str = "amount"
    width: float | None = None
    when: tuple[Ref, tuple[str, ...]] | None = None
    """On item rows, show the value only where the field at the path is one of the values (else 0)."""
    span: int = 1
    """Header rows a parent node occupies (its leaves then start lower)."""
    number: bool | None = None
    """Whether the column-number row numbers this leaf (default: numeric columns only)."""
    line: int = 0
    """Line of the node in its spec file."""
    optional: bool = False
    """Omitted from a sheet where every row of it reads zero (e.g. 资本性支出 under 基本支出)."""
    # The tree is immutable: its leaves and depth are found once, not on each of the layout's many reads.
    _leaves: tuple[Column, ...] = field(default=(), init=False, repr=False, compare=False)
    _depth: int = field(default=1, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.children:
            object.__setattr__(self, "_leaves", tuple(leaf for c in self.children for leaf in c.leaves))
            object.__setattr__(self, "_depth", self.span + max(c.depth for c in self.children))

    @property
    def leaves(self) -> tuple[Column, ...]:
        """The data columns under this node, left to right."""
        return self._leaves if self.children else (self,)

    @property
    def depth(self) -> int:
        """Header rows this node needs, itself included."""
        return self._depth


@dataclass(frozen=True, slots=True)
class Rows:
    """Where a table's data rows come from (see :mod:`budgetgen.tables.rows`)."""

    source: str
    params: Mapping[str, Any]
    lines: Mapping[str, int] = field(default_factory=dict)
    """Spec-file line of ``from`` and of each parameter."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One sheet of the 预算公开表."""

    id: str
    sheet: str
    title: Template
    columns: tuple[Column, ...]
    rows: Rows | None
    statement: Statement | None = None
    numbered: bool = True
    freeze_cols: int = 0
    file: str = ""
    unit: str = "元"
    """The unit line's unit (单位：元, 人, 台/套 …)."""
    paper: str = "A4"
    orientation: str = "landscape"
    digits: int = 7
    """Integer digits of the widest amount the amount columns are sized for (wider amounts widen them)."""
    code: str = ""
    """The table code the budget system prints (``3.11``, ``02``); "" if the profile names none."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Spec-file line of each top-level key."""
    _leaves: tuple[Column, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_leaves", tuple(leaf for c in self.columns for leaf in c.leaves))

    @property
    def leaves(self) -> tuple[Column, ...]:
        """All data columns, left to right."""
        return self._leaves

    @property
    def header_depth(self) -> int:
        """Rows the header tree occupies."""
        return max(c.depth for c in self.columns)


def parse_cell(value: Any, where: str, file: str = "") -> Cell:
    """A column's ``value``: one binding, or a mapping of row kind → binding."""
    if isinstance(value, Mapping):
        for kind in value:
            if kind not in KINDS | {"default"}:
                at = f"{file}:{line_of(value, kind)}" if file else where
                raise SpecError(f"{at}: 未知的行类型 “{kind}”（可用：{'、'.join(sorted(KINDS))}、default）")
        kinds = {k: parse_binding(v, f"{file}:{line_of(value, k)}" if file else where) for k, v in value.items()}
        default = kinds.pop("default", None)
        return Cell(default, kinds)
    return Cell(parse_binding(value, where))


def parse_column(raw: Any, where: str) -> Column:
    """One header node (with its children, or its binding when it is a leaf); ``where`` is the file name."""
    file = where.split(":", maxsplit=1)[0]
    if isinstance(raw, str):
        raw = {"head": raw}
    check_keys(raw, "column", file)
    here = f"{file}:{line_of(raw)}"
    if "head" not in raw:
        raise SpecError(f"{here}: 每一列都要有 head（表头文字）")
    style = str(raw.get("style", "amount"))
    if style not in STYLES:
        raise SpecError(f"{file}:{line_of(raw, 'style')}: 未知的样式 “{style}”（可用：{'、'.join(sorted(STYLES))}）")
    head = parse_binding(raw["head"], f"{file}:{line_of(raw, 'head')}")
    assert head is not None
    kids = raw.get("children") or ()
    children = tuple(parse_column(c, file) for c in kids)
    value = parse_cell(raw["value"], f"{file}:{line_of(raw, 'value')}", file) if "value" in raw else None
    if children and value is not None:
        raise SpecError(f"{file}:{line_of(raw, 'value')}: 有下级表头（children）的列不能再有 value")
    width, span = raw.get("width"), raw.get("span", 1)
    if span < 1:
        raise SpecError(f"{file}:{line_of(raw, 'span')}: span 至少为 1")
    return Column(
        head if isinstance(head, Template) else Template((head,)),
        children,
        value,
        style,
        None if width is None else float(width),
        _when(raw.get("when"), f"{file}:{line_of(raw, 'when')}"),
        span,
        raw.get("number"),
        line_of(raw),
        bool(raw.get("optional", False)),
    )


def _when(raw: Any, where: str) -> tuple[Ref, tuple[str, ...]] | None:
    """``when: {asset.category: 车辆}`` or ``{plan.category: [专项收入, 罚没收入]}``."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise SpecError(f"{where}: when 应为一个 {{字段路径: 取值}} 映射")
    ((path, values),) = raw.items()
    options = tuple(str(v) for v in values) if isinstance(values, list) else (str(values),)
    return parse_ref(str(path), where), options


def _rows(raw: Any, file: str) -> Rows | None:
    if raw is None:
        return None
    source = str(raw.get("from")) if isinstance(raw, Mapping) else ""
    if source not in ROW_PARAMS:
        raise SpecError(f"{file}:{line_of(raw, 'from')}: 未知的行来源 “{source}”（可用：{'、'.join(ROW_PARAMS)}）")
    check_keys(raw, "rows", file, {"from": "text", **ROW_PARAMS[source]})
    return Rows(source, {k: v for k, v in raw.items() if k != "from"}, {k: line_of(raw, k) for k in raw})


def _choice(raw: Mapping[str, Any], key: str, options: tuple[str, ...], file: str) -> str:
    value = str(raw.get(key, options[0]))
    if value not in options:
        raise SpecError(f"{file}:{line_of(raw, key)}: {key} 应为 {'、'.join(options)} 之一，实际为 “{value}”")
    return value


def _digits(raw: Mapping[str, Any], file: str) -> int:
    value = raw.get("digits", 7)
    if not 1 <= value <= 15:
        raise SpecError(f"{file}:{line_of(raw, 'digits')}: digits 应为 1 到 15 之间的整数，实际为 {value}")
    return int(value)


def parse_spec(raw: Mapping[str, Any], where: str, groups: Groups | None = None) -> TableSpec:
    """A :class:`TableSpec` from the mapping a YAML spec file holds; ``where`` is the file name.

    ``expand`` nodes among the columns are generated from the profile's column ``groups``
    (:mod:`budgetgen.tables.groups`).
    """
    file = where.split(":", maxsplit=1)[0]
    check_keys(raw, "spec", file)
    for key in ("id", "sheet", "title", "columns"):
        if key not in raw:
            raise SpecError(f"{file}:{line_of(raw)}: 缺少 {key}")
    sheet = str(raw["sheet"])
    if len(sheet) > 31 or any(ch in sheet for ch in "[]:*?/\\"):
        raise SpecError(f"{file}:{line_of(raw, 'sheet')}: 工作表名 “{sheet}” 超过 31 个字符或含有 []:*?/\\")
    title = parse_binding(raw["title"], f"{file}:{line_of(raw, 'title')}")
    columns = raw["columns"] or []
    if isinstance(columns, list):
        columns = expand_columns(columns, groups or {}, file)
    if not columns:
        raise SpecError(f"{file}:{line_of(raw, 'columns')}: columns 不能为空")
    if "rows" not in raw and "statement" not in raw:
        raise SpecError(f"{file}:{line_of(raw)}: 要写 rows（行来源）或 statement（收支总表式的栏目）")
    return TableSpec(
        id=str(raw["id"]),
        sheet=sheet,
        title=title if isinstance(title, Template) else Template((str(raw["title"]),)),
        columns=tuple(parse_column(c, file) for c in columns),
        rows=_rows(raw.get("rows"), file),
        statement=parse_statement(raw["statement"], f"{file}:{line_of(raw, 'statement')}")
        if "statement" in raw
        else None,
        numbered=bool(raw.get("numbered", True)),
        freeze_cols=int(raw.get("freeze_cols", 0)),
        file=file,
        unit=str(raw.get("unit", "元")),
        paper=_choice(raw, "paper", PAPERS, file),
        orientation=_choice(raw, "orientation", ORIENTATIONS, file),
        digits=_digits(raw, file),
        code=str(raw.get("code", "")),
        lines={k: line_of(raw, k) for k in raw},
    )


def load_spec(path: Path, groups: Groups | None = None) -> TableSpec:
    """Read one spec file (its ``expand`` nodes from ``groups``)."""
    raw = read_yaml(path)
    if not isinstance(raw, Mapping):
        raise SpecError(f"{path.name}:1: 表格定义应为映射")
    return parse_spec(raw, path.name, groups)


def load_tables(dirs: Sequence[Path], profile: Profile | None = None) -> tuple[TableSpec, ...]:
    """All table specs, in file-name order; a file in an earlier folder overrides a later one.

    The folders' ``_groups.yaml`` declare the column groups the specs ``expand`` (a group in an
    earlier folder overrides a later one's of the same name).

    Args:
        dirs: folders searched in order (a county's override folder first, then the profile's).
        profile: the vocabulary the specs' keys are checked against (default: the shipped default profile).

    Returns:
        The specs, one per file name, ordered by file name.
    """
    from budgetgen.tables.check import check_spec

    groups = load_groups(dirs, profile)
    for group in groups.values():
        for node in group_columns(group, groups):
            parse_column(node, group.file)  # styles, widths, spans … at the group file's lines
    specs = tuple(load_spec(path, groups) for path in files_in(dirs))
    seen: set[str] = set()
    for spec in specs:
        check_spec(spec, profile)
        if spec.sheet in seen:
            raise SpecError(f"{spec.file}:1: 工作表名 “{spec.sheet}” 重复")
        seen.add(spec.sheet)
    return specs
