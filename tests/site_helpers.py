"""Build sites for tests: the example (and renamed copies of it) through the public site API."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from _county import department
from helpers import EXAMPLE

from budgetgen import pipeline
from budgetgen.site import SiteDepartment, build_site, prepare


def prepared(path: Path) -> SiteDepartment:
    """One department exactly as ``build`` renders it, with its output file names."""
    checked = pipeline.check_file(path)
    assert checked.budget is not None, checked.issues
    docx_name, xlsx_name = pipeline.output_names(checked.budget)
    pdf_name = docx_name.removesuffix(".docx") + ".pdf"
    return prepare(checked.budget, checked.settings, (docx_name, xlsx_name, pdf_name))


def county_departments(tmp: Path, count: int = 3) -> tuple[SiteDepartment, ...]:
    """The example plus ``count`` renamed copies (distinct names and codes)."""
    tmp.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = [EXAMPLE]
    for i in range(1, count + 1):
        path = tmp / f"dep{i}.yaml"
        path.write_text(department(10 + i, text), encoding="utf-8")
        paths.append(path)
    return tuple(prepared(p) for p in paths)


def with_budget(dep: SiteDepartment, **changes: object) -> SiteDepartment:
    """``dep`` with its department facts replaced (name, code …)."""
    b = dep.budget
    department = dataclasses.replace(b.department, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(dep, budget=dataclasses.replace(b, department=department))


def site(deps: tuple[SiteDepartment, ...]) -> dict[str, bytes]:
    """The site's files."""
    return build_site(deps)
