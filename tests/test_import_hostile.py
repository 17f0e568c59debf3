"""``budgetgen import`` on hostile workbooks: a Chinese E-IMPORT-READ or a coded warning, never a traceback,
never unbounded time or memory.

Each file is the seed workbook with one thing done to it at the byte level (what a damaged or
malicious file can hold): cut short, formulas without stored results, a sheet declaring 16,384
columns, a million rows, a merge bomb, control characters, a name beginning with "=". Memory is
measured with tracemalloc around the reader (:mod:`budgetgen.importer.grids`), whose limits bound
it; nothing is timed (benchmarks/bench_import.py measures speed).
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetgen.cli import main
from budgetgen.importer import grids as G
from budgetgen.importer import run

SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
XLSX = next(SEED.glob("*.xlsx"))
#: The seed's 支出总表 (a sheet every case may damage without losing the rest of the workbook).
SHEET = "xl/worksheets/sheet4.xml"
#: Peak Python memory the reader may take on any of these files (the seed itself takes a few MB).
MEMORY = 150 * 1024 * 1024


def _rezip(edit: Callable[[str, bytes], bytes]) -> bytes:
    """The seed workbook with every part passed through ``edit(name, data)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(XLSX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(info.filename, src.read(info)))
    return out.getvalue()


def _in_sheet(transform: Callable[[str], str]) -> bytes:
    return _rezip(lambda name, data: transform(data.decode()).encode() if name == SHEET else data)


def _huge_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)


def _million_rows(xml: str) -> str:
    far = '<row r="1000000"><c r="T1000000" t="inlineStr"><is><t>远处的一格</t></is></c></row>'
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:T1000000"/>', xml)
    return xml.replace("</sheetData>", far + "</sheetData>")


def _merge_bomb(xml: str) -> str:
    merges = "".join(f'<mergeCell ref="A{r}:XFD{r}"/>' for r in range(1, 20_001))
    bomb = f'<mergeCells count="20001"><mergeCell ref="A1:XFD1048576"/>{merges}</mergeCells>'
    xml = re.sub(r"<mergeCells.*?</mergeCells>", "", xml, flags=re.S)
    return xml.replace("</sheetData>", "</sheetData>" + bomb, 1)


def _saved(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _renamed(new: str) -> bytes:
    """The project 网站监测经费 renamed to ``new`` (XML-escaped), as a shared string: only there does an
    ``_x0007_`` escape reach a cell as a control character (openpyxl refuses to write one, and writes a
    text beginning with "=" as a formula)."""
    old = "".join(f"&#{ord(c)};" for c in "网站监测经费")
    cell = re.compile(rf'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"([^>]*)><is><t>{old}</t></is></c>')
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = f'<sst xmlns="{main_ns}" count="1" uniqueCount="1"><si><t>{new}</t></si></sst>'
    override = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(XLSX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info).decode()
            if info.filename.startswith("xl/worksheets/"):
                part = cell.sub(r'<c r="\1"\2 t="s"\3><v>0</v></c>', part)
            elif info.filename == "[Content_Types].xml":
                part = part.replace("</Types>", override)
            dst.writestr(info.filename, part)
        dst.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def _formulas() -> bytes:
    """Amount cells of the 支出总表 replaced by formulas, saved as openpyxl saves them: no result stored."""
    wb = openpyxl.load_workbook(XLSX)
    ws = wb["支出总表"]
    for row in ws.iter_rows(min_row=7):
        for cell in row[2:4]:
            if isinstance(cell.value, int | float):
                cell.value = f"=ROUND({cell.value}, 2)"
    return _saved(wb)


CASES: dict[str, Callable[[], bytes]] = {
    "huge-dimension": lambda: _in_sheet(_huge_dimension),
    "million-rows": lambda: _in_sheet(_million_rows),
    "merge-bomb": lambda: _in_sheet(_merge_bomb),
    "control-characters": lambda: _renamed("网站_x0007_监测&#8238;经费"),
    "formula-name": lambda: _renamed("=HYPERLINK(&quot;http://example.com&quot;,&quot;网站监测经费&quot;)"),
    "formulas": _formulas,
    "huge-numbers": lambda: _in_sheet(
        lambda xml: xml.replace(
            '<c r="C7" s="1" t="n"><v>2602664</v>', '<c r="C7" s="1" t="n"><v>1e308</v>', 1
        ).replace('<c r="D7" s="1" t="n"><v>2602664</v>', '<c r="D7" s="1" t="n"><v>1' + "0" * 40 + "</v>", 1)
    ),
}
#: What each case reports (code and words), besides importing what the rest of the file holds.
SAID = {
    "huge-dimension": ("W-IMPORT-LIMIT", "声明有 16,384 列，只读取前 500 列"),
    "million-rows": ("W-IMPORT-LIMIT", "声明有 1,000,000 行，只读取前 20,000 行"),
    "merge-bomb": ("已生成", ""),
    "control-characters": ("W-IMPORT-TEXT", "文字中有不可见的控制字符，已删去"),
    "formula-name": ("W-IMPORT-TEXT", "以“=”开头，照原文导入"),
    "formulas": ("E-IMPORT-CELL", "没有保存计算结果"),
    "huge-numbers": ("E-IMPORT-CELL", "“1e+308”不是金额"),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    name = str(request.param)
    path = tmp_path_factory.mktemp(name) / f"{name}.xlsx"
    path.write_bytes(CASES[name]())
    return name, path


def test_a_hostile_workbook_imports_what_it_can_and_says_what_it_did(
    case: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, path = case
    out = tmp_path / "out.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 0
    said = capsys.readouterr()
    code, words = SAID[name]
    assert code in said.out and words in said.out
    assert "Traceback" not in said.out + said.err
    text = out.read_text(encoding="utf-8")
    assert "\x07" not in text and "\u202e" not in text
    if name == "control-characters":
        assert "- 名称: 网站监测经费" in text
    if name in ("control-characters", "formula-name"):  # texts that reach the source
        assert main(["check", str(out)]) in (0, 1)  # the source's own problems, reported; never a crash
        assert "Traceback" not in capsys.readouterr().err


def test_the_reader_stays_within_its_memory(case: tuple[str, Path]) -> None:
    _, path = case
    tracemalloc.start()
    try:
        loaded = G.load(path.read_bytes(), path.name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY
    assert all(len(rows) <= G.MAX_ROWS and all(len(r) <= G.MAX_COLS for r in rows) for rows in loaded.grids.values())


def test_a_name_beginning_with_equals_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "name.xlsx"
    path.write_bytes(CASES["formula-name"]())
    out = tmp_path / "out.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert '=HYPERLINK("http://example.com","网站监测经费")' in [p["名称"] for p in data["项目"]]


def test_a_cut_off_workbook_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = XLSX.read_bytes()
    for n, cut in enumerate((len(data) // 2, len(data) - 100, 30)):
        bad = tmp_path / f"cut{n}.xlsx"
        bad.write_bytes(data[:cut])
        out = tmp_path / "out.yaml"
        assert main(["import", str(bad), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert "E-IMPORT-READ" in err and "不是有效的 Excel 工作簿" in err and "Traceback" not in err
        assert not out.exists()


def test_a_zip_that_unpacks_too_large_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    padding = b"0" * (G.MAX_UNZIPPED + 1)  # deflates to a few hundred kilobytes
    bomb = _rezip(lambda name, data: data + padding if name == SHEET else data)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    assert main(["import", str(path), "-o", str(tmp_path / "out.yaml")]) == 2
    assert "解压后超过 300 MB" in capsys.readouterr().err


def test_a_device_or_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (Path("/dev/zero"), tmp_path):
        assert main(["import", str(path), "-o", str(tmp_path / "out.yaml")]) == 2
        assert "E-IMPORT-READ" in capsys.readouterr().err


def test_limits_beyond_the_sheet_count_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Near miss and trigger of MAX_SHEETS on the seed's 22 sheets."""
    monkeypatch.setattr(G, "MAX_SHEETS", 22)
    assert not [p for p in G.load(XLSX.read_bytes(), XLSX.name).problems if "张工作表" in p.message]
    monkeypatch.setattr(G, "MAX_SHEETS", 21)
    loaded = G.load(XLSX.read_bytes(), XLSX.name)
    assert len(loaded.grids) == 21 and any("超过 21 张工作表" in p.message for p in loaded.problems)


def test_text_problems_are_listed_twenty_then_counted() -> None:
    report = G.Reporter()
    for n in range(25):
        report.add("W-IMPORT-TEXT", "表", f"A{n + 1}", "x")
    done = report.done()
    assert len(done) == G.MAX_REPORTED + 1 and "另有 5 个单元格" in done[-1].message


_HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=SUM(A1:A9)", "-", "1e999", "\x00\x07", "１２３", "1,234.5678", "约五万", "本单位无此项"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.none(),
)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_cell_values_import_or_fail_in_chinese(data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cells of the seed replaced by anything a cell can hold: a source or an ImportError_, nothing else."""
    loaded = G.load(XLSX.read_bytes(), XLSX.name)
    report = G.Reporter()
    sheets = sorted(loaded.grids)
    for _ in range(data.draw(st.integers(min_value=1, max_value=30))):
        rows = loaded.grids[data.draw(st.sampled_from(sheets))]
        if not rows:
            continue
        r = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
        row = rows[r] = list(rows[r])
        if row:  # as the reader delivers what a file stores (no file stores U+0000: XML cannot hold it)
            at = data.draw(st.integers(min_value=0, max_value=len(row) - 1))
            row[at] = G.cell(data.draw(_HOSTILE), "表", "A1", report)
    monkeypatch.setattr(run, "_grids", lambda _path: loaded)
    try:
        result: Any = run.import_workbook(XLSX, None, "hunan-county")
    except run.ImportError_ as exc:
        assert str(exc)
        return
    assert result.text.startswith("# yaml-language-server")
