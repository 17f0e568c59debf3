"""Year-versioned code catalogs (部门经济分类, 功能分类) shipped as data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetgen.resources import schemas_dir


@dataclass(frozen=True)
class Catalog:
    """The code lists of one budget year."""

    year: int
    requested_year: int
    economic: dict[str, str]
    functional: dict[str, str]

    def econ_name(self, code: str) -> str:
        """Name of an economic code, or the code itself if unknown."""
        return self.economic.get(code, code)

    def func_name(self, code: str) -> str:
        """Name of a functional code (类, 款 or 项)."""
        return self.functional.get(code, code)

    def func_label(self, code: str) -> str:
        """Table label of a 项 code: ``行政运行（政府办公厅（室）及相关机构事务）``."""
        return f"{self.func_name(code)}（{self.func_name(code[:5])}）"

    def classes(self) -> list[tuple[str, str]]:
        """All 类 (3-digit) functional codes with names, in code order."""
        return sorted((c, n) for c, n in self.functional.items() if len(c) == 3)


class CatalogFormatError(ValueError):
    """A catalog line that is not ``code<Tab>name`` (a county's own file, usually)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def _read_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogFormatError(path, 1, "科目表不是 UTF-8 编码，请另存为 UTF-8") from exc
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            code, _, name = line.partition("\t")
            if not name.strip() or not code.strip().isdigit():
                msg = "科目表每行应为“编码<Tab>名称”（编码和名称之间用 Tab 分隔，不能用空格）"
                raise CatalogFormatError(path, n, msg)
            out[code.strip()] = name.split("\t")[0].strip()
    return out


def available_years(root: Path | None = None) -> list[int]:
    """Budget years with a catalog folder under ``root`` (default: the shipped catalogs)."""
    root = root or schemas_dir() / "catalogs"
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and p.is_dir())


def _year_folder(root: Path, year: int) -> Path | None:
    """``root/<year>``, or the latest earlier year there; None when there is none."""
    usable = [y for y in available_years(root) if y <= year]
    return root / str(usable[-1]) if usable else None


def _extend(base: dict[str, str], folder: Path | None, name: str) -> dict[str, str]:
    if folder is None or not (folder / name).is_file():
        return base
    return {**base, **_read_tsv(folder / name)}


@cache
def load_catalog(year: int, extra_dirs: tuple[Path, ...] = ()) -> Catalog:
    """The catalog for ``year`` (or the latest earlier one that ships).

    A county's template-override folders may add or rename codes in
    ``catalogs/<year>/economic.tsv`` and ``functional.tsv`` (same format as the
    shipped files); earlier folders win. The shipped lists come from secondary
    sources, so a county can complete them from the official 科目 book without
    waiting for a release.
    """
    years = available_years()
    chosen = ([y for y in years if y <= year] or years[:1])[-1]
    folder = schemas_dir() / "catalogs" / str(chosen)
    economic, functional = _read_tsv(folder / "economic.tsv"), _read_tsv(folder / "functional.tsv")
    for extra in reversed(extra_dirs):
        county = _year_folder(extra / "catalogs", year)
        economic = _extend(economic, county, "economic.tsv")
        functional = _extend(functional, county, "functional.tsv")
    return Catalog(chosen, year, economic, functional)
