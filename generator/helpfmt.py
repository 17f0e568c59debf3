"""``--help`` laid out by display width, so that Chinese help reads as a table.

argparse pads and wraps by counting characters, but a terminal gives a 汉字 (and
any other East Asian Wide or Fullwidth character) two columns. This formatter
measures with :func:`display_width` instead: descriptions start in one column,
wrapped help lines stay inside the terminal, and the usage continuation lines
line up under the first argument.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterable

_WIDE = frozenset("WF")
#: Runs that are never broken when wrapping: Latin words, numbers, options, paths.
_HEADING = re.compile(r"^(\S[^\n:：]*):$", re.MULTILINE)
_TOKENS = re.compile(r"[A-Za-z0-9_.,:;!?/\\\-+=*'\"()\[\]{}<>|@#$%^&~`]+|\s+|.")


def display_width(text: str) -> int:
    """The number of terminal columns ``text`` takes: two for each Wide or Fullwidth character."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns; breaks between 汉字 or at spaces, never inside a word."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKENS.findall(" ".join(text.split())):
        size = display_width(token)
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class WidthHelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, measuring by display width instead of characters."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 32, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def _invocations(self, action: argparse.Action) -> Iterable[tuple[int, str]]:
        yield self._current_indent, self._format_action_invocation(action)
        for sub in self._iter_indented_subactions(action):
            yield self._current_indent, self._format_action_invocation(sub)

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is not argparse.SUPPRESS:
            longest = max(indent + display_width(text) for indent, text in self._invocations(action))
            self._action_max_length = max(self._action_max_length, longest)
        super().add_argument(action)

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        help_text = self._expand_help(action) if action.help and action.help.strip() else ""
        lines = self._split_lines(help_text, help_width) if help_text else []
        if not lines:
            parts = [f"{indent}{header}\n"]
        elif display_width(header) <= action_width:
            pad = " " * (action_width - display_width(header) + 2)
            parts = [f"{indent}{header}{pad}{lines[0]}\n"]
            lines = lines[1:]
        else:
            parts = [f"{indent}{header}\n"]
        parts += [" " * help_position + line + "\n" for line in lines]
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def format_help(self) -> str:
        # argparse ends section headings with an ASCII colon; Chinese text takes the full-width one
        return _HEADING.sub(r"\1：", super().format_help())

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)
        first, *rest = text.split("\n")
        continued = [line for line in rest if line.strip()]
        if not continued:
            return text
        # argparse indents continuation lines by the character count of "用法：budgetgen build ";
        # move them to that text's display width.
        shown = len(continued[0]) - len(continued[0].lstrip(" "))
        head = first[:shown]
        extra = " " * (display_width(head) - shown)
        return "\n".join([first, *[extra + line if line.strip() else line for line in rest]])
