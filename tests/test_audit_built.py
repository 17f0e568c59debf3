"""False alarms: every package our pipeline builds (the examples and every member of ``tests/edge/``, in the
hunan profile and in mof where the source has what mof needs) audits with no finding and nothing unchecked.

The packages are built in memory through :func:`budgetgen.pipeline.build_outputs`, written to a temporary
folder and read back as any published package would be. The PDF part (``budgetgen publish``) is slow.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from budgetgen import config, pipeline
from budgetgen.audit.findings import Status
from budgetgen.audit.package import read_package
from budgetgen.audit.run import audit_package

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "examples" / "tongdao-zwfwzx-2020.yaml",
    ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml",
    *sorted((ROOT / "tests" / "edge").glob("*.yaml")),
]
PROFILES = ("hunan-county", "mof")
#: Sources that build in mof (the others lack 上年.功能分类, which mof requires: E-PROFILE-NEEDS).
BUILDS_IN_MOF = {"jiangbin-wjj-2020", "carryover-only", "education-2026", "township-2021"}


def _build(src: Path, profile: str, out: Path) -> list[Path]:
    settings, issues = config.settings_for(src)
    assert settings is not None, issues
    _, outputs = pipeline.build_outputs(src, replace(settings, profile=profile))
    if outputs is None:
        return []
    out.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        (out / name).write_bytes(data)
    return [out / name for name in outputs]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_a_package_we_build_audits_clean(src: Path, profile: str, tmp_path: Path) -> None:
    files = _build(src, profile, tmp_path)
    if profile == "mof" and src.stem not in BUILDS_IN_MOF:
        assert files == [], "builds in mof now: add it to BUILDS_IN_MOF"
        pytest.skip("不能按全国通用格式生成（缺上年功能分类）")
    assert len(files) == 2
    report = audit_package(read_package(files), profile)
    assert [f.line() for f in report.findings] == []
    assert report.not_checked_lines() == []
    assert report.count(Status.PASS) >= 20


@pytest.mark.slow
@pytest.mark.parametrize(
    ("src", "profile"),
    [(ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml", "mof"), (SOURCES[2], "hunan-county")],
    ids=lambda x: x.stem if isinstance(x, Path) else x,
)
def test_published_pdfs_audit_clean(src: Path, profile: str, tmp_path: Path) -> None:
    """``budgetgen publish`` (LibreOffice): the narrative PDF with the workbook reports nothing."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("pdfplumber")
    run = subprocess.run(
        [sys.executable, "-m", "budgetgen", "publish", str(src), "-o", str(tmp_path), "-j", "1", "--profile", profile],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    narrative = [p for p in tmp_path.glob("*.pdf") if "说明" in p.name]
    workbook = list(tmp_path.glob("*.xlsx"))
    assert len(narrative) == 1 and len(workbook) == 1, sorted(p.name for p in tmp_path.iterdir())
    report = audit_package(read_package([narrative[0], workbook[0]]), profile)
    assert [f.line() for f in report.findings] == []
    assert report.count(Status.NOT_CHECKED) == 0


def test_a_mutated_mof_package_is_caught(tmp_path: Path) -> None:
    """The mof example audits clean (above); one wrong 万元 figure in its narrative and one wrong cell in a
    table are each reported, at their place."""
    import copy

    from budgetgen.audit.package import Paragraph

    files = _build(ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml", "mof", tmp_path)
    package = read_package(files)
    wrong = copy.deepcopy(package)
    k = next(i for i, p in enumerate(wrong.paragraphs) if "“三公”经费支出32.20万元" in p.text)
    p = wrong.paragraphs[k]
    wrong.paragraphs[k] = Paragraph(
        p.file, p.where, p.text.replace("“三公”经费支出32.20万元", "“三公”经费支出23.20万元")
    )
    sheet = wrong.sheet("项目支出表")
    assert sheet is not None
    sheet.cells[(4, 4)] = replace(sheet.cells[(4, 4)], value=301)
    found = {(f.code, f.where) for f in audit_package(wrong, "mof").findings}
    assert ("A-NARRATIVE-FIGURE", p.where) in found
    assert ("A-CROSS-TABLE", "项目支出表!E5") in found
