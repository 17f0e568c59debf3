"""Open data: the Frictionless data packages validate, and their CSV figures add up to the model."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from site_helpers import county_departments

from budgetgen.money import total
from budgetgen.site import SiteDepartment, build_site

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def deps(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteDepartment, ...]:
    return county_departments(tmp_path_factory.mktemp("county"), 2)


@pytest.fixture(scope="module")
def site_dir(deps: tuple[SiteDepartment, ...], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for rel, data in build_site(deps).items():
        if rel.startswith("data/"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
    return root


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def validate(descriptor: Path) -> list[str]:
    report = frictionless.Package(str(descriptor)).validate()
    return [] if report.valid else [str(e) for e in report.flatten(["type", "note"])]


@pytest.mark.parametrize("slug", ["702-2020", "711-2020", "county-2020"])
def test_packages_validate(site_dir: Path, slug: str) -> None:
    assert validate(site_dir / "data" / slug / "datapackage.json") == []


def test_a_broken_csv_is_caught(site_dir: Path, tmp_path: Path) -> None:
    src = site_dir / "data" / "702-2020"
    for p in src.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    text = (tmp_path / "income.csv").read_text(encoding="utf-8")
    (tmp_path / "income.csv").write_text(text.replace("2602664.00", "两百六十万"), encoding="utf-8")
    assert any("type-error" in e for e in validate(tmp_path / "datapackage.json"))


def test_figures_add_up_to_the_model(site_dir: Path, deps: tuple[SiteDepartment, ...]) -> None:
    data = site_dir / "data" / "county-2020"
    for dep in deps:
        b, code = dep.budget, dep.budget.department.code

        def amounts(name: str, column: str = "amount", code: str = code) -> Decimal:
            return total(Decimal(r[column]) for r in rows(data / name) if r["department_code"] == code)

        assert amounts("income.csv") == b.income.total
        assert amounts("spending-function.csv", "total") == b.figures.total
        assert amounts("spending-function.csv", "basic") == b.figures.basic
        assert amounts("spending-economic.csv") == total(b.figures.by_econ.values())
        assert amounts("projects.csv") == total(p.amount for p in b.projects)
        sangong = [r for r in rows(data / "sangong.csv") if r["department_code"] == code]
        public = [Decimal(r["amount"]) for r in sangong if r["scope"] == "一般公共预算拨款"]
        assert total(public) == b.figures.sangong_public.total


def test_codes_keep_leading_zeros_and_names(site_dir: Path) -> None:
    func = rows(site_dir / "data" / "702-2020" / "spending-function.csv")
    assert {(r["function_code"], r["kuan_code"], r["kuan_name"]) for r in func} >= {
        ("2010301", "20103", "政府办公厅（室）及相关机构事务")
    }
    schema = json.loads((site_dir / "data" / "702-2020" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f["type"] for r in schema["resources"] for f in r["schema"]["fields"]}
    assert fields["function_code"] == "string" and fields["amount"] == "number"
