"""Year-versioned code catalogs shipped as data, completed by a county's supplements.

One folder per budget year, ``schemas/catalogs/<year>/``, holds three tab-separated
lists: ``functional.tsv`` (支出功能分类, 类 3 digits, 款 5, 项 7), ``economic.tsv``
(部门预算支出经济分类, 301…399) and ``government.tsv`` (政府预算支出经济分类,
501…599). A county may add or rename rows in ``<override>/catalogs/<year>/`` with
the same format. Every row of the merged lists must hang under its parent (a 项
under its 款, a 款 under its 类); a county row that does not is a located problem,
so money can never land on a code that no table row adds up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from budgetgen.codes import E_CATALOG_FORMAT, E_CATALOG_PARENT
from budgetgen.discover import shown_path
from budgetgen.issues import Issue, Loc, error
from budgetgen.resources import schemas_dir

#: List kind → file name inside a year folder.
FILES = {"functional": "functional.tsv", "economic": "economic.tsv", "government": "government.tsv"}
_CODE = {"functional": re.compile(r"[0-9]{3}([0-9]{2}){0,2}"), "economic": re.compile(r"[0-9]{3}([0-9]{2})?")}
#: A 项-level functional code: 类 3 digits + 款 2 + 项 2.
ITEM_CODE = re.compile(r"[0-9]{7}")
_NO_TAB = "每行应为“编码<Tab>名称”（编码和名称之间用 Tab 分隔，不能用空格）"
_BAD_ROW = "编码须为数字（类 3 位、款 5 位、项 7 位）且名称不能为空"
_LIST_NAMES = {"functional": "支出功能分类", "economic": "部门预算支出经济分类", "government": "政府预算支出经济分类"}


@dataclass(frozen=True)
class CatalogProblem:
    """A bad row in a county's catalog file: issue code, file, line, column, Chinese message."""

    code: str
    file: Path
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Catalog:
    """The code lists used for one budget year, and where they came from."""

    year: int
    requested_year: int
    economic: Mapping[str, str]
    functional: Mapping[str, str]
    government: Mapping[str, str] = field(default_factory=dict)
    #: County files merged over the shipped lists, highest priority first.
    supplements: tuple[Path, ...] = ()
    #: True when the lists are meant for ``requested_year``: shipped for it, or the county supplied both lists.
    covered: bool = True
    problems: tuple[CatalogProblem, ...] = ()
    #: 项 codes the source itself names (its ``补充科目``) because the year's list lacks them.
    source_items: Mapping[str, str] = field(default_factory=dict)

    def econ_name(self, code: str) -> str:
        """Name of an economic code, or the code itself if unknown."""
        return self.economic.get(code, code)

    def func_name(self, code: str) -> str:
        """Name of a functional code (类, 款 or 项); a source-named 项 counts; else the code itself."""
        return self.functional.get(code) or self.source_items.get(code) or code

    def func_label(self, code: str) -> str:
        """Table label of a 项 code: ``行政运行（政府办公厅（室）及相关机构事务）``."""
        return f"{self.func_name(code)}（{self.func_name(code[:5])}）"

    def classes(self) -> list[tuple[str, str]]:
        """All 类 (3-digit) functional codes with names, in code order; a repeated name gets its code.

        Tables key the 类 rows by name, so two 类 a county named alike must not merge.
        """
        rows = sorted((c, n) for c, n in self.functional.items() if len(c) == 3)
        seen = [n for _, n in rows]
        return [(c, n if seen.count(n) == 1 else f"{n}（{c}）") for c, n in rows]

    def missing_parent(self, code: str) -> str | None:
        """The first missing level of a functional code (its 类, then its 款); None when both exist."""
        for size in (3, 5):
            if len(code) > size and code[:size] not in self.functional:
                return code[:size]
        return None

    def describe(self) -> str:
        """Which lists were used: ``2026 年内置科目表`` plus the county files, by name."""
        base = f"{self.year} 年内置科目表"
        if not self.supplements:
            return base
        return f"{base}及本县补充（{'、'.join(shown_path(p) for p in self.supplements)}）"

    def with_source_items(self, items: Any) -> Catalog:
        """This catalog plus the well-formed 项 a source names in ``补充科目`` (checks judge the rest)."""
        if not isinstance(items, Mapping):
            return self
        named = {
            str(c): str(n).strip()
            for c, n in items.items()
            if ITEM_CODE.fullmatch(str(c))
            and isinstance(n, str)
            and n.strip()
            and str(c) not in self.functional
            and self.missing_parent(str(c)) is None
        }
        return replace(self, source_items=named) if named else self


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    line: int


def _parse(path: Path, kind: str) -> tuple[list[_Row], list[CatalogProblem]]:
    """Rows of one TSV file: ``编码<Tab>名称[<Tab>核实程度<Tab>来源]``; ``#`` lines are comments."""
    rows: list[_Row] = []
    problems: list[CatalogProblem] = []
    pattern = _CODE.get(kind, _CODE["economic"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [], [CatalogProblem(E_CATALOG_FORMAT, path, 0, 0, "科目表不是 UTF-8 编码的文本文件，请另存为 UTF-8")]
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        code, _, rest = line.partition("\t")
        name = rest.split("\t", 1)[0].strip()
        if not pattern.fullmatch(code.strip()) or not name:
            what = _NO_TAB if "\t" not in line else _BAD_ROW
            problems.append(CatalogProblem(E_CATALOG_FORMAT, path, n, 1, f"科目表这一行无法读取：{what}"))
            continue
        rows.append(_Row(code.strip(), name, n))
    return rows, problems


def available_years(root: Path | None = None) -> list[int]:
    """Budget years with a catalog folder under ``root`` (default: the shipped catalogs)."""
    root = root or schemas_dir() / "catalogs"
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and p.is_dir())


def _shipped(year: int) -> int:
    years = available_years()
    return ([y for y in years if y <= year] or years[:1])[-1]


def _county_folders(extra_dirs: tuple[Path, ...], year: int, base: int) -> Iterator[Path]:
    """Each override's latest ``catalogs/<y>`` with base ≤ y ≤ year (older ones are stale), first wins."""
    for extra in extra_dirs:
        usable = [y for y in available_years(extra / "catalogs") if base <= y <= year]
        if usable:
            yield extra / "catalogs" / str(usable[-1])


_Where = Mapping[tuple[str, str], tuple[Path, int]]


def _orphans(lists: Mapping[str, dict[str, str]], where: _Where) -> Iterator[CatalogProblem]:
    for (kind, code), (path, line) in sorted(where.items(), key=lambda kv: (str(kv[1][0]), kv[1][1])):
        codes = lists[kind]
        parent = next((code[:s] for s in (3, 5) if len(code) > s and code[:s] not in codes), None)
        if code in codes and parent is not None:
            level = "类" if len(parent) == 3 else "款"
            msg = (
                f"{_LIST_NAMES[kind]}科目“{code}”所属的{level}“{parent}”不在科目表中，"
                f"请一并补充该{level}（编码<Tab>名称）"
            )
            yield CatalogProblem(E_CATALOG_PARENT, path, line, 1, msg)


@cache
def load_catalog(year: int, extra_dirs: tuple[Path, ...] = ()) -> Catalog:
    """The catalog for ``year``: the latest shipped year not after it, then the county's rows over it.

    A county's override folders may add or rename rows in ``catalogs/<y>/*.tsv``
    (earlier folders win); only a folder for a year between the shipped base year
    and ``year`` applies, so a supplement written for an older book never
    overrides a newer shipped list.
    """
    base = _shipped(year)
    lists: dict[str, dict[str, str]] = {}
    for kind, name in FILES.items():
        path = schemas_dir() / "catalogs" / str(base) / name
        lists[kind] = {r.code: r.name for r in _parse(path, kind)[0]} if path.is_file() else {}
    problems: list[CatalogProblem] = []
    where: dict[tuple[str, str], tuple[Path, int]] = {}
    used: list[Path] = []
    covered = base == year
    for folder in reversed(list(_county_folders(extra_dirs, year, min(base, year)))):
        files = [folder / name for name in FILES.values()]
        covered = covered or (folder.name == str(year) and all(f.is_file() for f in files[:2]))
        for kind, path in zip(FILES, files, strict=True):
            if not path.is_file():
                continue
            rows, bad = _parse(path, kind)
            problems += bad
            lists[kind].update((r.code, r.name) for r in rows)
            where.update(((kind, r.code), (path, r.line)) for r in rows)
            used.insert(0, path)
    problems += _orphans(lists, where)
    return Catalog(
        base, year, lists["economic"], lists["functional"], lists["government"], tuple(used), covered, tuple(problems)
    )


def catalog_issues(catalog: Catalog) -> list[Issue]:
    """The county catalog problems as issues located at ``file:line``."""
    return [error(p.code, Loc(shown_path(p.file), p.line, p.column), "", p.message) for p in catalog.problems]


#: Former names of functional 类 (``编码<Tab>旧名称<Tab>最后使用的年度``), shipped beside the year folders.
FORMER_CLASSES = "former_classes.tsv"


@cache
def former_class_names(year: int) -> Mapping[str, str]:
    """Old 类 names last used before ``year`` → their codes (a published table may still print them)."""
    path = schemas_dir() / "catalogs" / FORMER_CLASSES
    out: dict[str, str] = {}
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#") and parts[2].strip().isdigit() and int(parts[2]) < year:
            out[parts[1].strip()] = parts[0].strip()
    return out
