"""Cheap scans of YAML text around the parser: how deep it can nest, and tabs the two parsers read differently.

:mod:`budgetgen.source` picks libyaml only for shallow text (its composer
recurses on the C stack) and refuses runaway nesting before any parser sees
it; both decisions rest on :func:`nesting_bound` and :func:`runaway_nesting`.
After libyaml has parsed a text, :func:`stray_tab` finds a tab that the
pure-Python parser would refuse, so both parsers read every source alike.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml

from budgetgen.issues import Loc

__all__ = ["nesting_bound", "runaway_nesting", "stray_tab"]

#: A line's indentation and ``- ``/``? ``/``: `` indicators, when the line has content
#: (blank lines and comments nest nothing).
_LEADING_INDICATORS = re.compile(r"^[ \t?:-]*(?=[^\s#])", re.MULTILINE)


def nesting_bound(text: str) -> int:
    """A cheap upper bound of how deeply ``text`` can nest.

    Flow nesting is at most the number of brackets; block nesting is at most the
    width of a line's leading indentation and ``- ``/``? `` indicators.
    """
    brackets = text.count("[") + text.count("{")
    block = max((len(m) for m in _LEADING_INDICATORS.findall(text)), default=0)
    return brackets + block


#: Brackets, skipping one-line quoted text and comments (which nest nothing).
_NESTING_TOKENS = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|(?:^|(?<=\s))#.*|[\[\]{}]")
#: A line that opens a block scalar (``key: |``, ``- >-``): the lines below, indented deeper, are text.
_BLOCK_SCALAR = re.compile(r"(?:^|[:-]\s+)[|>][-+0-9]*\s*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def runaway_nesting(text: str, name: str, limit: int) -> Loc | None:
    """Where flow brackets or block indicators first nest deeper than ``limit`` (best effort).

    Blank lines, comments, block scalars and brackets inside one-line quoted
    text are not counted, so a long line of spaces or of ``[`` in a name or a
    comment is no error; anything this scan misses still meets the parser's
    own recursion limit.
    """
    depth, block = 0, -1
    for n, line in enumerate(text.splitlines(), 1):
        if block >= 0 and (not line.strip() or _indent(line) > block):
            continue  # text of a block scalar
        block = -1
        found = _LEADING_INDICATORS.match(line)
        if found and len(found.group()) > limit:
            return Loc(name, n, 1)
        for m in _NESTING_TOKENS.finditer(line):
            ch = m.group()
            if ch in "[]{}" and len(ch) == 1:
                depth += 1 if ch in "[{" else -1
                if depth > limit:
                    return Loc(name, n, m.start() + 1)
        if _BLOCK_SCALAR.search(line):
            block = _indent(line)
    return None


def _text_spans(node: yaml.Node) -> list[tuple[int, int]]:
    """Where quoted and block scalars lie in the text (a tab is text there)."""
    spans, todo = [], [node]
    while todo:
        here = todo.pop()
        if isinstance(here, yaml.ScalarNode):
            if here.style in ("'", '"', "|", ">"):
                spans.append((here.start_mark.index, here.end_mark.index))
        elif isinstance(here, yaml.MappingNode):
            todo += [part for pair in here.value for part in pair]
        elif isinstance(here, yaml.SequenceNode):
            todo += here.value
    return sorted(spans)


def stray_tab(text: str, node: yaml.Node, name: str) -> Loc | None:
    """The first tab outside quoted text, block text and comments.

    libyaml accepts such a tab and the pure-Python parser does not; refusing it
    here makes both read every source alike.
    """
    spans = _text_spans(node)
    starts = [a for a, _ in spans]

    def quoted(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    line_start = 0
    for n, line in enumerate(text.split("\n"), 1):
        if "\t" in line:
            comment = next(
                (
                    i
                    for i, c in enumerate(line)
                    if c == "#" and (i == 0 or line[i - 1].isspace()) and not quoted(line_start + i)
                ),
                len(line),
            )
            for col, ch in enumerate(line[:comment]):
                if ch == "\t" and not quoted(line_start + col):
                    return Loc(name, n, col + 1)
        line_start += len(line) + 1
    return None
