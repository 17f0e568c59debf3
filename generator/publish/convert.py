"""One department's PDFs: write its .docx and .xlsx to a temp folder, convert, normalize.

:func:`prepare` runs once per ``publish`` in the parent process: it finds
LibreOffice and chooses the stand-in fonts. :func:`make_pdfs` runs in a batch
worker for each department, with a profile of its own.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from budgetgen.codes import E_PDF_CONVERT, E_PDF_NO_OFFICE
from budgetgen.issues import Issue, Loc, error
from budgetgen.publish import fonts, office, pdf

if TYPE_CHECKING:
    from budgetgen.pipeline import Checked


@dataclass(frozen=True)
class PublishSetup:
    """What every worker needs to make PDFs (picklable)."""

    soffice: str
    fonts: tuple[fonts.FontChoice, ...]
    timeout: float = office.TIMEOUT


def prepare(*, timeout: float = office.TIMEOUT) -> tuple[PublishSetup | None, list[Issue]]:
    """Find LibreOffice and the stand-in fonts; an error (with the install command) when it is missing."""
    soffice = office.find_soffice()
    if soffice is None:
        return None, [error(E_PDF_NO_OFFICE, Loc("LibreOffice", 0, 0), "", office.missing_message())]
    with tempfile.TemporaryDirectory(prefix="budgetgen-fonts-", ignore_cleanup_errors=True) as tmp:
        families = fonts.installed_families(fonts.environment(Path(tmp)))
    return PublishSetup(soffice, fonts.choose(families), timeout), []


def pdf_name(name: str) -> str:
    """``X.docx`` → ``X.pdf``."""
    return name.rsplit(".", 1)[0] + ".pdf"


def make_pdfs(
    outputs: Mapping[str, bytes], setup: PublishSetup, *, when: date, shown: str
) -> tuple[dict[str, bytes], list[Issue]]:
    """A PDF for every .docx and .xlsx in ``outputs``; an issue for each that fails."""
    result: dict[str, bytes] = {}
    issues: list[Issue] = []
    with tempfile.TemporaryDirectory(prefix="budgetgen-pdf-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        env = fonts.environment(folder)
        profile = office.make_profile(folder, setup.fonts)
        (folder / "in").mkdir()
        (folder / "out").mkdir()
        for name in sorted(n for n in outputs if Path(n).suffix in office.FILTERS):
            # An ASCII name in the temp folder: LibreOffice's command line is not safe for every file name.
            src = folder / "in" / f"doc{Path(name).suffix}"
            src.write_bytes(outputs[name])
            try:
                made = office.convert(setup.soffice, src, folder / "out", profile, env, timeout=setup.timeout)
            except office.OfficeError as exc:
                issues.append(error(E_PDF_CONVERT, Loc(shown, 0, 0), "", f"“{pdf_name(name)}”未生成：{exc}"))
                continue
            result[pdf_name(name)] = pdf.normalize(made.read_bytes(), when)
            made.unlink()
    return result, issues


def with_pdfs(outputs: dict[str, bytes], setup: PublishSetup, checked: Checked) -> dict[str, bytes] | None:
    """``outputs`` plus their PDFs; None (nothing is written) when a PDF fails, with the issue in ``checked``."""
    from budgetgen.discover import shown_path

    assert checked.budget is not None
    pdfs, issues = make_pdfs(outputs, setup, when=checked.budget.department.date, shown=shown_path(checked.path))
    checked.issues.extend(issues)
    return None if issues else {**outputs, **pdfs}
