"""Regenerate schemas/catalogs/<year>/*.tsv from the master lists in tools/catalog_data/.

Each master row is ``编码<Tab>名称<Tab>适用年度<Tab>核实程度<Tab>来源``; 适用年度 is
empty (every year), ``2020`` (one year), ``2021-2023`` or ``2024-`` (open end). A
code may have several rows with disjoint years (a rename, or a mark that a
source confirmed for later years only). Run ``python tools/make_catalogs.py``
after editing; a test checks that the shipped files are what this writes, and
that every row of every year hangs under its parent.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "catalog_data"
OUT = ROOT / "schemas" / "catalogs"
YEARS = range(2020, 2027)
TITLES = {
    "functional": "支出功能分类科目：类（3 位）、款（5 位）、项（7 位）",
    "economic": "部门预算支出经济分类科目：类（3 位）、款（5 位）",
    "government": "政府预算支出经济分类科目：类（3 位）、款（5 位）",
}
LEGEND = (
    "核实程度：✅✅ 两个以上独立来源；✅ 一个来源；⚠️ 惯例或记忆，未见来源，待对照财政部当年科目书。"
    "来源编号见 docs/catalogs.md"
)


def _span(text: str) -> range:
    """``''`` → all years, ``2020`` → one, ``2021-2023`` → closed, ``2024-`` → open end."""
    if not text:
        return YEARS
    first, dash, last = text.partition("-")
    end = int(last) if last else (YEARS[-1] if dash else int(first))
    return range(int(first), end + 1)


def rows_for(kind: str, year: int) -> list[tuple[str, str, str, str]]:
    """(编码, 名称, 核实程度, 来源) of one list for one year, in code order; duplicates are an error."""
    out: dict[str, tuple[str, str, str, str]] = {}
    lines = (DATA / f"{kind}.tsv").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, start=1):
        if not line or line.startswith("#"):
            continue
        code, name, years, mark, source = line.split("\t")
        if year in _span(years):
            if code in out:
                raise SystemExit(f"{kind}.tsv:{n}: {code} appears twice for {year}")
            out[code] = (code, name, mark, source)
    return [out[c] for c in sorted(out)]


def render(kind: str, year: int) -> str:
    """The text of ``schemas/catalogs/<year>/<kind>.tsv``."""
    head = f"# {TITLES[kind]}（{year} 年）。列：编码\t名称\t核实程度\t来源。{LEGEND}\n"
    return head + "".join("\t".join(row) + "\n" for row in rows_for(kind, year))


def main() -> None:
    """Write every year's three lists."""
    for year in YEARS:
        folder = OUT / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in TITLES:
            (folder / f"{kind}.tsv").write_text(render(kind, year), encoding="utf-8")
    sys.stdout.write(f"wrote {len(YEARS) * len(TITLES)} files under {OUT}\n")


if __name__ == "__main__":
    main()
