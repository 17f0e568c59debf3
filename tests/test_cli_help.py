"""``--help`` reads as a table: descriptions start in one column, measured in terminal columns."""

from __future__ import annotations

import argparse
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetgen import cli
from budgetgen.helpfmt import WidthHelpFormatter, display_width, wrap

COMMANDS = ([], ["build"], ["check"], ["new-year"], ["init"])
#: An option or argument line: indent, invocation, two or more spaces, description.
ENTRY = re.compile(r"^( +\S(?:.*?\S)?)( {2,})(\S.*)$")


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        cli.main([*argv, "--help"])
    return capsys.readouterr().out


def entries(text: str) -> list[tuple[int, str]]:
    """``(column where the description starts, line)`` for every entry line of the help."""
    body = text.split("\n\n", 1)[1]  # after the usage
    found = []
    for line in body.splitlines():
        m = ENTRY.match(line)
        if m and not line.startswith("用法"):
            found.append((display_width(m[1] + m[2]), line))
    return found


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("--config 配置文件") == 17
    assert display_width("（Word）") == 8
    assert display_width("abc") == 3


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "budgetgen")
def test_descriptions_start_in_one_column(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    text = help_text(argv, capsys)
    assert "\n选项：\n" in text and not re.search(r"^\S.*[^：]:$", text, flags=re.M)  # full-width headings
    found = entries(text)
    assert len(found) >= 3, text
    # the subcommand list of `budgetgen --help` is indented one level deeper: its own column
    groups: dict[bool, set[int]] = {}
    for column, line in found:
        groups.setdefault(line.startswith("    "), set()).add(column)
    assert all(len(columns) == 1 for columns in groups.values()), text


def test_plain_argparse_would_misalign(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The measurement above can fail: argparse's own formatter wanders on 汉字 metavars."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setattr(cli, "WidthHelpFormatter", argparse.HelpFormatter)
    columns = {column for column, _ in entries(help_text(["build"], capsys))}
    assert len(columns) > 1


@pytest.mark.parametrize("columns", [50, 64, 80])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "budgetgen")
def test_wrapped_help_stays_in_the_terminal_and_in_its_column(
    argv: list[str], columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    text = help_text(argv, capsys)
    usage, body = text.split("\n\n", 1)
    for line in body.splitlines():
        if not line.startswith("用法"):
            assert display_width(line) <= columns, line
    described = [c for c, line in entries(text) if not line.startswith("    ")]
    continuation = [
        len(line) - len(line.lstrip())
        for line in body.splitlines()
        if line.startswith(" " * 8) and not ENTRY.match(line)
    ]
    assert set(continuation) <= set(described), text
    # usage continuation lines start under the first argument, by display width
    first, *rest = usage.splitlines()
    head = first.split("[-h]")[0]
    assert all(len(line) - len(line.lstrip()) == display_width(head) for line in rest), usage


@given(st.text(alphabet=st.sampled_from("预算汉字，。abc 12-/"), max_size=80), st.integers(min_value=4, max_value=40))
def test_wrap_keeps_every_character_within_the_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        words = line.split(" ")
        assert display_width(line) <= width or (len(words) == 1 and display_width(words[0]) > width)


def test_formatter_is_used_by_every_subcommand() -> None:
    parser = cli._parser()
    assert parser.formatter_class is WidthHelpFormatter
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {p.formatter_class for p in sub.choices.values()} == {WidthHelpFormatter}
