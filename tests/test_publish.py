"""``budgetgen publish`` without LibreOffice: the missing-tool message, the batch and manifest, the PDF fix-ups.

The real conversion is tested in ``test_pdf.py``; here LibreOffice is replaced
where it would run, so these tests are fast and run everywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from _county import make_county
from conftest import EXAMPLE

from budgetgen import cli
from budgetgen.issues import Loc, error
from budgetgen.publish import convert, fonts, office, pdf

STEM = "通道县政务服务中心2020年部门预算"
FAKE_PDF = b"%PDF-1.7 fake\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_publish_without_libreoffice_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert code == cli.EXIT_USAGE
    assert "E-PDF-NO-OFFICE" in out and "未找到 LibreOffice" in out
    assert "apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui" in out
    assert "Traceback" not in out and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_build_works_on_a_machine_without_libreoffice(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path / "empty")}
    run = subprocess.run(
        [sys.executable, "-m", "budgetgen", "build", str(EXAMPLE), "-o", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [".docx", ".xlsx"]


@pytest.fixture
def fake_office(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """LibreOffice replaced by a function that 'converts' every .docx and .xlsx; returns the names it saw."""
    seen: list[str] = []
    choice = fonts.FontChoice("仿宋_GB2312", "FandolFang R", "FandolFang R")
    monkeypatch.setattr(convert, "prepare", lambda: (convert.PublishSetup("soffice", (choice,)), []))

    def make_pdfs(outputs, setup, *, when, shown):  # type: ignore[no-untyped-def]
        seen.extend(sorted(outputs))
        return {convert.pdf_name(n): FAKE_PDF for n in outputs if n.endswith((".docx", ".xlsx"))}, []

    monkeypatch.setattr(convert, "make_pdfs", make_pdfs)
    return seen


def test_publish_writes_four_files_and_reports_the_fonts(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path), "-j", "1")
    assert code == 0, out
    assert "仿宋_GB2312 → FandolFang（开源替代字体）" in out
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == sorted([*(f"{STEM}{k}" for k in ("说明.docx", "说明.pdf", "公开表.xlsx", "公开表.pdf")), "site"])


def test_publish_after_build_makes_the_pdfs_and_then_nothing_is_redone(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    assert _run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path))[0] == 0
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path), "-j", "1")
    assert code == 0 and (tmp_path / f"{STEM}说明.pdf").is_file(), out
    assert fake_office  # converted, although build had left the source unchanged
    fake_office.clear()
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path), "-j", "1")
    assert code == 0 and "没有变化" in out and fake_office == []
    assert "没有变化" in _run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path))[1]


def test_a_failed_conversion_writes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_office: list[str], tmp_path: Path
) -> None:
    def broken(outputs, setup, *, when, shown):  # type: ignore[no-untyped-def]
        return {}, [error("E-PDF-CONVERT", Loc(shown, 0, 0), "", "“x.pdf”未生成：LibreOffice 超时")]

    monkeypatch.setattr(convert, "make_pdfs", broken)
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == cli.EXIT_PROBLEMS and "E-PDF-CONVERT" in out
    assert not any((tmp_path / "out").glob("*.docx"))


def _fake_lo_pdf(clock: str, ident: str) -> bytes:
    """What LibreOffice 7.4 writes from the clock, in its layout."""
    c = clock
    xmp = f"{c[:4]}-{c[4:6]}-{c[6:8]}T{c[8:10]}:{c[10:12]}:{c[12:]}"
    text = (
        f"%PDF-1.6\n1 0 obj\n<</Title<FEFF>/CreationDate(D:{c}Z')>>\nendobj\n<xmp:CreateDate>{xmp}Z</xmp:CreateDate>\n"
        f"trailer\n<</ID [ <{ident}>\n<{ident}> ]\n/DocChecksum /{ident}\n>>\nstartxref\n42\n%%EOF\n"
    )
    return text.encode()


def test_clock_fields_are_replaced_in_place_from_the_source_date() -> None:
    first = _fake_lo_pdf("20261202054057", "B111BA064ADD2F7BBE6CD62C8319ABCF")
    second = _fake_lo_pdf("20270101235959", "8E366CF008F0CDD6F40561ADAE5477F4")
    a, b = pdf.normalize(first, date(2020, 3, 18)), pdf.normalize(second, date(2020, 3, 18))
    assert a == b and len(a) == len(first)  # same length: the xref offsets stay valid
    assert b"(D:20200318000000Z')" in a and b"<xmp:CreateDate>2020-03-18T00:00:00Z" in a
    assert b"B111BA06" not in a and b"8E366CF0" not in a
    assert pdf.normalize(first, date(2021, 1, 1)) != a  # the ID follows the content


def test_the_profile_maps_each_official_font_and_is_valid_xml() -> None:
    choices = fonts.choose({"FandolFang R", "FandolKai", "Noto Sans CJK SC", "Noto Serif CJK SC SemiBold"})
    root = ET.fromstring(office.profile_xcu(choices))
    pairs = {
        n.find("*[@{http://openoffice.org/2001/registry}name='ReplaceFont']/value").text: n.find(  # type: ignore[union-attr]
            "*[@{http://openoffice.org/2001/registry}name='SubstituteFont']/value"
        ).text  # type: ignore[union-attr]
        for n in root.iter("node")
    }
    assert pairs == {
        "仿宋_GB2312": "FandolFang R",
        "楷体_GB2312": "FandolKai",
        "黑体": "Noto Sans CJK SC",
        "方正小标宋简体": "Noto Serif CJK SC SemiBold",
    }
    missing = "宋体 → 未找到替代字体（建议安装 Noto Serif CJK SC），由 LibreOffice 自行选择"
    assert [c.line for c in choices][-1] == missing


def test_an_installed_official_font_is_used_as_it_is() -> None:
    choices = {c.official: c for c in fonts.choose({"仿宋_GB2312", "FandolKai"})}
    assert choices["仿宋_GB2312"].line == "仿宋_GB2312 → 仿宋_GB2312（本机已安装该字体，未替换）"
    assert "仿宋_GB2312" not in office.profile_xcu(tuple(choices.values()))
    assert "楷体_GB2312" in office.profile_xcu(tuple(choices.values()))


def test_without_fc_list_the_first_choices_are_asked_for_and_it_is_said() -> None:
    choices = fonts.choose(None)
    assert all(c.stand_in == c.first_choice for c in choices)
    assert choices[0].line == "仿宋_GB2312 → FandolFang（开源替代字体；无法列出本机字体，未确认是否已安装）"


def test_a_missing_first_choice_is_said_so() -> None:
    kai = next(c for c in fonts.choose({"LXGW WenKai"}) if c.official == "楷体_GB2312")
    assert kai.line == "楷体_GB2312 → LXGW WenKai（开源替代字体；首选 FandolKai 未安装）"


def _site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "site").rglob("*")) if p.is_file()}


def test_publish_writes_the_site_whose_downloads_are_the_files_beside_it(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path), "-j", "1")
    assert code == 0 and "网站：" in out, out
    page = (tmp_path / "site" / "702-2020.html").read_text(encoding="utf-8")
    links = [unquote(h) for h in re.findall(r'href="\.\./([^"]+)"', page)]
    assert sorted(links) == sorted(f"{STEM}{k}" for k in ("说明.docx", "说明.pdf", "公开表.xlsx", "公开表.pdf"))
    assert all((tmp_path / name).is_file() for name in links)


def test_the_site_is_incremental_and_a_forced_rebuild_is_identical(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    assert _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path / "a"), "-j", "1")[0] == 0
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "a" / "site").rglob("*")}
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path / "a"), "-j", "1")
    assert code == 0 and "网站没有变化，未重新生成" in out  # not even rebuilt in memory
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "a" / "site").rglob("*")} == stamps
    assert _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path / "b"), "--force", "-j", "1")[0] == 0
    assert _site_files(tmp_path / "a") == _site_files(tmp_path / "b")


def _county_published(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[list[Path], Path]:
    """Two departments in ``tmp_path/src``, published into ``tmp_path/out``."""
    sources = make_county(tmp_path / "src", 2)
    assert _run(capsys, "publish", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-j", "1")[0] == 0
    return sources, tmp_path / "out"


def test_a_department_that_leaves_the_county_leaves_the_site(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    (_, second), out = _county_published(capsys, tmp_path)
    assert (out / "site" / "702-2020.html").is_file() and (out / "site" / "701-2020.html").is_file()
    (out / "site" / "notes.txt").write_text("县里自己放的文件", encoding="utf-8")
    second.unlink()
    assert _run(capsys, "publish", str(tmp_path / "src"), "-o", str(out), "-j", "1")[0] == 0
    assert (out / "site" / "701-2020.html").is_file() and not (out / "site" / "702-2020.html").exists()
    assert "702" not in (out / "site" / "index.html").read_text(encoding="utf-8").replace("2020", "")
    assert (out / "site" / "notes.txt").is_file()  # never removes what budgetgen did not write


def test_a_failed_department_leaves_the_site_as_it_was(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    (first, _), out = _county_published(capsys, tmp_path)
    before = _site_files(out)
    first.write_text(first.read_text(encoding="utf-8").replace("预算年度: 2020", "预算年度: abc"), encoding="utf-8")
    code, said = _run(capsys, "publish", str(tmp_path / "src"), "-o", str(out), "-j", "1")
    assert code == cli.EXIT_PROBLEMS and "网站未更新" in said
    assert _site_files(out) == before


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_a_hanging_libreoffice_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    soffice = _fake_soffice(tmp_path, f"sleep 60 & echo $! > {pids}; sleep 60")
    src = tmp_path / "doc.docx"
    src.write_bytes(b"x")
    with pytest.raises(office.OfficeError, match=re.escape("LibreOffice 转换超过 0.5 秒仍未完成，已停止")):
        office.convert(soffice, src, tmp_path, tmp_path / "profile", dict(os.environ), timeout=0.5)
    child = int(pids.read_text())
    with pytest.raises(ProcessLookupError):
        for _ in range(100):  # the killed child is reaped by init a moment later
            os.kill(child, 0)
            time.sleep(0.02)
        raise AssertionError("LibreOffice's child process is still running")


def test_libreoffice_that_writes_no_pdf_is_an_error_with_its_last_words(tmp_path: Path) -> None:
    soffice = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    src = tmp_path / "doc.docx"
    src.write_bytes(b"x")
    said = "LibreOffice 没有生成 PDF（退出码 1：Error: source file could not be loaded）"
    with pytest.raises(office.OfficeError, match=re.escape(said)):
        office.convert(soffice, src, tmp_path, tmp_path / "profile", dict(os.environ))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_planted_in_the_site_neither_blocks_nor_survives(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    (tmp_path / "site").mkdir()
    os.mkfifo(tmp_path / "site" / "index.html")
    assert _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path), "-j", "1")[0] == 0
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_site_folder_linked_out_of_the_output_folder_is_not_written_through(
    capsys: pytest.CaptureFixture[str], fake_office: list[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out" / "site").mkdir(parents=True)
    (tmp_path / "out" / "site" / "data").symlink_to(elsewhere, target_is_directory=True)
    code, out = _run(capsys, "publish", str(EXAMPLE), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == cli.EXIT_PROBLEMS and "E-OUTPUT-WRITE" in out and "指向输出目录以外" in out
    assert list(elsewhere.iterdir()) == []
