"""The corpus of hand-written bad sources: each yields exactly its expected (code, line) pairs.

``tests/bad/expected.txt`` lists every file with its exit code and issues; the
files are small edits of ``tests/good/minimal.yaml`` (the first line says what).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetgen import cli, pipeline
from budgetgen.issues import sort_issues

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good" / "minimal.yaml"


def _expected() -> dict[str, tuple[int, list[tuple[str, int]]]]:
    table: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    for raw in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, code, *issues = raw.split()
        pairs = [(c, int(n)) for c, n in (i.rsplit("@", 1) for i in issues)]
        table[name] = (int(code), pairs)
    return table


EXPECTED = _expected()


def test_corpus_is_large_and_fully_listed() -> None:
    files = sorted(p.name for p in BAD.glob("*.yaml"))
    assert len(files) >= 30
    assert files == sorted(EXPECTED)


def test_the_base_of_the_corpus_is_clean() -> None:
    checked = pipeline.check_file(GOOD)
    assert checked.budget is not None
    assert checked.issues == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_source_reports_expected_codes_and_lines(name: str) -> None:
    issues = sort_issues(pipeline.check_file(BAD / name).issues)
    assert [(i.code, i.loc.line) for i in issues] == EXPECTED[name][1]
    assert all(i.is_error for i in issues)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_exit_code_and_file_line_prefix(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / name
    code = cli.main(["check", str(path)])
    out = capsys.readouterr().out.splitlines()
    assert code == EXPECTED[name][0]
    issues = EXPECTED[name][1]
    located = [line.split(": ", 1)[0].rsplit(":", 2) for line in out[: len(issues)]]
    assert [(Path(f).resolve(), int(n)) for f, n, _col in located] == [(path, n) for _, n in issues]
    assert out[-1].startswith(f"校验未通过：{len(issues)} 个错误，0 个警告")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_json_has_the_same_issues(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["check", "--format", "json", str(BAD / name)])
    items = json.loads(capsys.readouterr().out)
    assert [(i["code"], i["line"]) for i in items] == EXPECTED[name][1]
    assert {Path(i["file"]).resolve() for i in items} == {BAD / name}
    assert all(set(i) == {"code", "severity", "file", "line", "column", "path", "message"} for i in items)
