"""Acceptance: broken variants of the example, run through the real command line.

For each variant: exit 1 or 2, no traceback, the first line names the file and
the line, and an output folder holding an earlier good build stays byte-for-byte
unchanged (the accountant broke the same file they built from before).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from issue_helpers import EXAMPLE_TEXT, run_cli

from budgetgen.source import MAX_BYTES

AMOUNT = "30101: 307056"
TOP_BLOCK_START = EXAMPLE_TEXT.index("\n单位:\n") + 1
TOP_BLOCK_END = EXAMPLE_TEXT.index("\n立项依据:") + 1


def _amount(value: str) -> Callable[[Path], str]:
    return lambda _tmp: EXAMPLE_TEXT.replace(AMOUNT, f"30101: {value}", 1)


def _python_tag(tmp: Path) -> str:
    marker = tmp / "PWNED"
    return EXAMPLE_TEXT.replace("  简称: 政务中心", f'  简称: !!python/object/apply:os.system ["touch {marker}"]', 1)


def _huge(_tmp: Path) -> str:
    filler = "# " + "填" * 100 + "\n"
    return EXAMPLE_TEXT + filler * (12 * 1024 * 1024 // len(filler.encode()))


VARIANTS: dict[str, Callable[[Path], str]] = {
    "amount-abc": _amount("abc"),
    "amount-negative": _amount("-5"),
    "amount-three-decimals": _amount("1.234"),
    "amount-nan": _amount(".nan"),
    "amount-1e400": _amount("1e400"),
    "unknown-top-level-key": lambda _t: EXAMPLE_TEXT + "\n备注: 这一项不在格式中\n",
    "duplicated-top-level-key": lambda _t: EXAMPLE_TEXT + "\n变动原因:\n  收入: 重复的块\n",
    "removed-top-level-block": lambda _t: EXAMPLE_TEXT[:TOP_BLOCK_START] + EXAMPLE_TEXT[TOP_BLOCK_END:],
    "tab-indented-line": lambda _t: EXAMPLE_TEXT.replace("  简称: 政务中心", "\t简称: 政务中心", 1),
    "empty-file": lambda _t: "",
    "python-object-tag": _python_tag,
    "nested-5000-deep": lambda _t: EXAMPLE_TEXT.replace("  简称: 政务中心", "  简称: " + "[" * 5000 + "]" * 5000, 1),
    "twelve-megabytes": _huge,
}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) → its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_build(tmp_path: Path) -> tuple[Path, Path]:
    """``(source, out)``: a good build of the example, made by the real CLI from ``source``."""
    src, out = tmp_path / "zwfwzx.yaml", tmp_path / "out"
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    run = run_cli("build", str(src), "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert {p.suffix for p in out.iterdir()} >= {".docx", ".xlsx"}
    return src, out


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_broken_variant_is_reported_and_nothing_changes(
    name: str, good_build: tuple[Path, Path], tmp_path: Path
) -> None:
    src, out = good_build  # the accountant breaks the very file the folder was built from
    before = snapshot(out)
    src.write_text(VARIANTS[name](tmp_path), encoding="utf-8")

    run = run_cli("build", str(src), "-o", str(out))

    assert run.returncode in (1, 2), run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    first = run.stdout.splitlines()[0]
    located = re.match(r"^(.+?):(\d+):(\d+): 错误 E-[A-Z-]+", first)
    assert located is not None, first
    assert Path(located[1]).resolve() == src.resolve()
    assert int(located[2]) >= 1
    assert run.stdout.splitlines()[-1].endswith("未生成任何文件")
    assert snapshot(out) == before
    assert not (tmp_path / "PWNED").exists()


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    src = tmp_path / "big.yaml"
    src.write_text(_huge(tmp_path), encoding="utf-8")
    assert src.stat().st_size > MAX_BYTES
    run = run_cli("check", "--format", "json", str(src))
    assert run.returncode == 2
    assert [(i["code"], i["line"]) for i in json.loads(run.stdout)] == [("E-FILE-TOO-LARGE", 1)]


def test_json_output_has_every_field(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(EXAMPLE_TEXT.replace(AMOUNT, "30101: abc", 1) + "\n备注: 1\n", encoding="utf-8")
    run = run_cli("check", "--format", "json", str(src))
    assert run.returncode == 1
    items = json.loads(run.stdout)
    lines = EXAMPLE_TEXT.splitlines()
    assert [(i["code"], i["line"]) for i in items] == [
        ("E-SCHEMA-TYPE", next(n for n, t in enumerate(lines, 1) if AMOUNT in t)),
        ("E-SCHEMA-UNKNOWN-KEY", len(lines) + 2),
    ]
    assert all(set(i) == {"code", "severity", "file", "line", "column", "path", "message"} for i in items)
    assert {i["severity"] for i in items} == {"error"}


WARNING_ONLY = EXAMPLE_TEXT.replace("  支出合计: 2493664", "  支出合计: 2493660", 1)


def test_warnings_print_but_do_not_block(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(WARNING_ONLY, encoding="utf-8")
    run = run_cli("build", str(src), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "警告 W-PRIOR-UNBALANCED" in run.stdout
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1


def test_strict_makes_warnings_block(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    src.write_text(WARNING_ONLY, encoding="utf-8")
    run = run_cli("build", "--strict", str(src), "-o", str(tmp_path / "out"))
    assert run.returncode == 1
    assert "W-PRIOR-UNBALANCED" in run.stdout
    assert not list(tmp_path.glob("out/*.docx"))
    check = run_cli("check", "--strict", str(src))
    assert check.returncode == 1
    assert run_cli("check", str(src)).returncode == 0


def test_summary_counts_errors_and_warnings(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    text = WARNING_ONLY.replace(AMOUNT, "30101: 307057", 1).replace(
        "  简称: 政务中心", "  简称: 政务中心\n  机构: x", 1
    )
    src.write_text(text, encoding="utf-8")
    run = run_cli("check", str(src))
    assert run.returncode == 1
    assert run.stdout.splitlines()[-1] == "校验未通过：1 个错误，0 个警告"  # schema errors stop the checks
    src.write_text(WARNING_ONLY.replace(AMOUNT, "30101: 307057", 1), encoding="utf-8")
    run = run_cli("check", str(src))
    assert run.stdout.splitlines()[-1] == "校验未通过：1 个错误，1 个警告"


def test_issues_are_sorted_by_line(tmp_path: Path) -> None:
    src = tmp_path / "src.yaml"
    text = EXAMPLE_TEXT + "\n备注: 1\n"
    text = text.replace(AMOUNT, "30101: abc", 1).replace("预算年度: 2020", "预算年度: 二〇二〇", 1)
    src.write_text(text, encoding="utf-8")
    run = run_cli("check", str(src))
    lines = [int(m[1]) for m in re.finditer(r"^.+?:(\d+):\d+: ", run.stdout, flags=re.MULTILINE)]
    assert len(lines) == 3
    assert lines == sorted(lines)


def test_missing_file_and_bad_option_are_usage_errors(tmp_path: Path) -> None:
    missing = run_cli("check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert "Traceback" not in missing.stdout + missing.stderr
    assert run_cli("check", "--format", "xml", str(tmp_path / "nope.yaml")).returncode == 2
