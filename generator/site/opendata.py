"""Open data: Frictionless data packages (``datapackage.json`` + CSV in 元) per department and per county year.

Every CSV row is one figure of the model at the model's own grain (a budget
unit's income from one source, a unit's spending under one 功能分类 项 or one
经济分类 款, one project, one “三公” item), with codes and names, so a reader can
add them up any way. Each row starts with the department's code, name and
year; the county package is the departments' rows one after another, under the
same schemas. Amounts are written with exactly two decimals and no grouping.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import yaml

from budgetgen.resources import templates_dir
from budgetgen.site import SiteDepartment
from budgetgen.site.vocab import ALL_SCOPE, leaf_sources, public_scope, sangong_items

Row = tuple[str | int | Decimal, ...]


@dataclass(frozen=True)
class Resource:
    """One CSV file of a package and its table schema."""

    name: str
    title: str
    description: str
    fields: tuple[tuple[str, str, str], ...]


@cache
def resources() -> tuple[Resource, ...]:
    """The resources as ``templates/site/datapackage.yaml`` describes them (trusted, shipped data)."""
    data = yaml.safe_load((templates_dir() / "site" / "datapackage.yaml").read_text(encoding="utf-8"))
    return tuple(
        Resource(r["name"], r["title"], r["description"], tuple(tuple(f) for group in r["fields"] for f in group))
        for r in data["resources"]
    )


def _key(dep: SiteDepartment) -> Row:
    d = dep.budget.department
    return (d.code, d.name, d.year)


def _income(dep: SiteDepartment) -> Iterator[Row]:
    sources = leaf_sources(dep.budget)
    for u in dep.budget.units:
        by_source = u.income.by_source
        yield from ((*_key(dep), u.code, u.name, s, by_source[s]) for s in sources if by_source.get(s))


def _functions(dep: SiteDepartment) -> Iterator[Row]:
    cat = dep.codes
    for uv in dep.budget.views[dep.budget.profile.all_view].units:
        for fr in uv.functions:
            lei, kuan, f = fr.code[:3], fr.code[:5], fr.figures
            names = (lei, cat.func_name(lei), kuan, cat.func_name(kuan), cat.func_name(fr.code))
            yield (*_key(dep), uv.unit.code, uv.unit.name, fr.code, *names, f.total, f.basic, f.project, f.other)


def _economic(dep: SiteDepartment) -> Iterator[Row]:
    cat = dep.codes
    for uv in dep.budget.views[dep.budget.profile.all_view].units:
        for code, amount in sorted(uv.figures.by_econ.items()):
            names = (cat.econ_name(code), code[:3], cat.econ_name(code[:3]))
            yield (*_key(dep), uv.unit.code, uv.unit.name, code, *names, amount)


def _projects(dep: SiteDepartment) -> Iterator[Row]:
    cat, units = dep.codes, {u.code: u.name for u in dep.budget.units}
    for p in dep.budget.projects:
        what = (p.name, p.kind.value, p.group, p.func, cat.func_name(p.func), p.source)
        yield (*_key(dep), p.unit, units.get(p.unit, ""), *what, p.amount)


def _sangong(dep: SiteDepartment) -> Iterator[Row]:
    f, items = dep.budget.figures, sangong_items(dep.budget)
    for scope, sg in ((public_scope(dep.budget), f.sangong_public), (ALL_SCOPE, f.sangong)):
        yield from ((*_key(dep), scope, i.name, " ".join(i.codes), getattr(sg, i.field)) for i in items)


_ROWS: dict[str, Callable[[SiteDepartment], Iterator[Row]]] = {
    "income": _income,
    "spending-function": _functions,
    "spending-economic": _economic,
    "projects": _projects,
    "sangong": _sangong,
}


def _cell(value: str | int | Decimal) -> str:
    """A CSV cell: amounts as ``1234.50`` (元, exact, no grouping)."""
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def _csv(rows: Sequence[Row], res: Resource) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f[0] for f in res.fields])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def _descriptor(name: str, title: str, description: str) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": r.name,
                "path": f"{r.name}.csv",
                "title": r.title,
                "description": r.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": n, "type": t, "title": ti} for n, t, ti in r.fields]},
            }
            for r in resources()
        ],
    }


def package(deps: Sequence[SiteDepartment], name: str, title: str, description: str) -> dict[str, bytes]:
    """One data package of ``deps`` as ``{file name: bytes}``."""
    files = {f"{r.name}.csv": _csv([row for d in deps for row in _ROWS[r.name](d)], r) for r in resources()}
    text = json.dumps(_descriptor(name, title, description), ensure_ascii=False, indent=2)
    return {"datapackage.json": (text + "\n").encode("utf-8"), **files}
