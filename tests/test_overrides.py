"""County template overrides: used by name, sandboxed, and located when broken."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _county import EXAMPLE

from budgetgen import cli
from budgetgen.resources import templates_dir

SHIPPED = templates_dir() / "hunan-county"


def county(tmp_path: Path, narrative: str | None = None, spec: tuple[str, str] | None = None) -> Path:
    (tmp_path / "budgetgen.yaml").write_text("模板覆盖: 本县模板\n", encoding="utf-8")
    over = tmp_path / "本县模板"
    (over / "tables").mkdir(parents=True)
    if narrative is not None:
        (over / "narrative.txt.j2").write_text(narrative, encoding="utf-8")
    if spec is not None:
        (over / "tables" / spec[0]).write_text(spec[1], encoding="utf-8")
    (tmp_path / "2020").mkdir()
    src = tmp_path / "2020" / "zwfwzx.yaml"
    src.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return src


def build(src: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["build", str(src), "-o", str(src.parent.parent / "out")])
    return code, capsys.readouterr().out


def docx_text(folder: Path) -> str:
    import docx

    (path,) = folder.glob("*.docx")
    return "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)


def test_narrative_override_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (SHIPPED / "narrative.txt.j2").read_text(encoding="utf-8")
    text = text.replace("@h1 一、部门基本概况", "@p 本县统一加入的说明段落。\n@h1 一、部门基本概况", 1)
    src = county(tmp_path, narrative=text)
    code, out = build(src, capsys)
    assert code == 0, out
    assert "本县统一加入的说明段落。" in docx_text(tmp_path / "out")


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("@title {{ d.name }}\n@p {% if %}\n", 2, "模板语法错误"),
        ("@title {{ d.name }}\n\n@p {{ d.no_such_field }}\n", 3, "不存在的字段"),
        ("@title x\n@p {{ d.__class__.__mro__ }}\n", 2, "沙箱"),
    ],
)
def test_broken_override_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, line: int, words: str
) -> None:
    src = county(tmp_path, narrative=body)
    code, out = build(src, capsys)
    assert code == 1
    assert f"narrative.txt.j2:{line}:0: 错误 E-TEMPLATE" in out, out
    assert "本县模板" in out
    assert words in out
    assert "Traceback" not in out
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_table_spec_override_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = sorted(p.name for p in (SHIPPED / "tables").glob("*.yaml"))[0]
    src = county(tmp_path, spec=(name, "id: x\nsheet: [\n"))
    code, out = build(src, capsys)
    assert code == 1
    assert f"本县模板/tables/{name}:" in out
    assert "E-TABLE-SPEC" in out
    assert "Traceback" not in out


def test_edited_override_is_recompiled_and_an_unwritable_template_cache_is_harmless(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from budgetgen import filecache

    monkeypatch.setattr(filecache, "_CACHE", {})  # a fresh process: no environment in memory
    src = county(tmp_path, narrative="@title {{ d.name }}\n@p 第一版\n")
    assert build(src, capsys)[0] == 0
    assert "第一版" in docx_text(tmp_path / "out")
    (tmp_path / "本县模板" / "narrative.txt.j2").write_text("@title {{ d.name }}\n@p 第二版\n", encoding="utf-8")
    monkeypatch.setattr(filecache, "_CACHE", {})
    monkeypatch.setenv("BUDGETGEN_CACHE_DIR", str(tmp_path / "budgetgen.yaml" / "not-a-folder"))
    assert build(src, capsys)[0] == 0
    assert "第二版" in docx_text(tmp_path / "out")
