"""Run LibreOffice headless in a throw-away profile and convert one file to PDF.

Every conversion gets its own profile folder (``-env:UserInstallation``), so a
user's own LibreOffice settings are never read or changed and parallel workers
never share a lock. The profile carries the font replacement table of
:mod:`budgetgen.publish.fonts`; the PDF export options ask for a tagged PDF/UA
file with bookmarks.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from budgetgen.publish.fonts import FontChoice

#: Seconds one conversion may take before it is stopped.
TIMEOUT = 180
INSTALL_HINT = "sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui"
_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_EXPORT = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "ExportBookmarks": True,
    "ExportNotes": False,
    "UseLosslessCompression": True,
}
FILTERS = {".docx": "writer_pdf_Export", ".xlsx": "calc_pdf_Export"}


class OfficeError(Exception):
    """LibreOffice is missing, timed out or wrote no PDF; the message is for users."""


def find_soffice() -> str | None:
    """The LibreOffice executable, or None."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_message() -> str:
    """What to tell a user whose machine has no LibreOffice."""
    return (
        f"未找到 LibreOffice（soffice），无法生成 PDF。请先安装：{INSTALL_HINT}；"
        "Windows 请从 LibreOffice 官网安装后把 program 文件夹加入 PATH。只需要 Word 和 Excel 文件时请用 budgetgen build"
    )


def _pair(i: int, choice: FontChoice) -> str:
    props = {
        "Always": "true",
        "OnScreenOnly": "false",
        "ReplaceFont": choice.official,
        "SubstituteFont": choice.stand_in,
    }
    body = "".join(
        f'<prop oor:name="{k}" oor:op="fuse"><value>{escape(str(v))}</value></prop>' for k, v in props.items()
    )
    return (
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
        f'<node oor:name="_{i}" oor:op="replace">{body}</node></item>\n'
    )


def profile_xcu(fonts: Sequence[FontChoice]) -> str:
    """``registrymodifications.xcu``: the font replacement table, and no first-start dialogs."""
    pairs = "".join(_pair(i, c) for i, c in enumerate(c for c in fonts if c.stand_in))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Office.Common/Misc">'
        '<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>\n'
        f"{pairs}</oor:items>\n"
    )


def make_profile(folder: Path, fonts: Sequence[FontChoice]) -> Path:
    """Create a fresh LibreOffice profile in ``folder``; return it."""
    user = folder / "profile" / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(profile_xcu(fonts), encoding="utf-8")
    return folder / "profile"


def convert(
    soffice: str, src: Path, out_dir: Path, profile: Path, env: dict[str, str], *, timeout: float = TIMEOUT
) -> Path:
    """Convert ``src`` to ``out_dir/<stem>.pdf`` and return that path; raises :class:`OfficeError`."""
    options = {k: {"type": "boolean", "value": str(v).lower()} for k, v in _EXPORT.items()}
    target = f"pdf:{FILTERS[src.suffix]}:{json.dumps(options, separators=(',', ':'))}"
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(src),
    ]
    try:
        # A session of its own: on a timeout the whole LibreOffice process tree is stopped, not just the script.
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
    except OSError as exc:
        raise OfficeError(f"无法启动 LibreOffice（{soffice}）：{exc.strerror or exc}") from exc
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _stop(proc)
        raise OfficeError(f"LibreOffice 转换超过 {timeout:g} 秒仍未完成，已停止") from exc
    pdf = out_dir / f"{src.stem}.pdf"
    if not pdf.is_file():
        said = (stderr or stdout).strip().splitlines()[-1:] or ["没有输出"]
        raise OfficeError(f"LibreOffice 没有生成 PDF（退出码 {proc.returncode}：{said[0][:200]}）")
    return pdf


def _stop(proc: subprocess.Popen[str]) -> None:
    """Kill LibreOffice and everything it started."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.kill()
    proc.communicate()
