"""The small PDF of tables ``tests/test_audit_pdf_tables.py`` reads fast: the mof example's workbook, a few of
its tables kept, printed to PDF by LibreOffice (as ``budgetgen publish`` prints it).

Regenerate it (LibreOffice needed) with ``python tests/pdf_tables_fixture.py``; the tests then read the new file.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "pdf_tables" / "江滨区卫生健康局2020年部门预算公开表.pdf"
SOURCE = ROOT / "examples" / "jiangbin" / "jiangbin-wjj-2020.yaml"
#: The tables kept: two 合计 grids that the cross-table equalities tie together, a statement-style one, a
#: table with merged header cells and a column-number row, and the 三公 table's header of three levels.
KEPT = ("部门收支总表", "部门收入总表", "部门支出总表", "一般公共预算支出表", "三公经费支出表", "机关运行经费表")


def workbook(kept: tuple[str, ...] = KEPT) -> bytes:
    """The mof example's workbook with only the ``kept`` sheets."""
    import openpyxl

    from budgetgen import config, pipeline

    settings, issues = config.settings_for(SOURCE)
    assert settings is not None, issues
    _, outputs = pipeline.build_outputs(SOURCE, replace(settings, profile="mof"))
    assert outputs is not None
    data = next(v for k, v in outputs.items() if k.endswith(".xlsx"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in list(wb.worksheets):
        if ws.title not in kept:
            wb.remove(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def print_pdf(xlsx: bytes, name: str = FIXTURE.stem) -> bytes:
    """``xlsx`` printed to PDF by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{name}.xlsx"
        src.write_bytes(xlsx)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return src.with_suffix(".pdf").read_bytes()


def regenerate() -> Path:
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_bytes(print_pdf(workbook()))
    return FIXTURE


if __name__ == "__main__":
    sys.exit(print(regenerate()))
