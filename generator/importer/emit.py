"""The source as YAML text, block style, with each comment at the end of its line.

Written by hand rather than by a YAML library so the layout is the one of ``examples/*.yaml`` and
``budgetgen init``: keys in the source's order, codes quoted, comments beside the line they are
about. Every scalar is checked to read back as itself.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import yaml

from budgetgen.importer.draft import Path

_PLAIN_BAD = set(":#{}[],&*!|>'\"%@`")


def _reads_back(text: str) -> bool:
    """Whether ``text`` written plain reads back as itself (a character YAML refuses: it does not)."""
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False


def scalar(value: Any) -> str:
    """A value as YAML reads it back: numbers bare, codes and risky texts double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    plain = (
        text
        and text.strip() == text
        and not any(c in _PLAIN_BAD for c in text[:1])
        and ": " not in text
        and " #" not in text
        and "\n" not in text
        and _reads_back(text)
    )
    if plain:
        return text
    odd = any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") and c not in "\n\t" for c in text)
    return json.dumps(text, ensure_ascii=odd)  # invisible characters as \\u escapes, read back exactly


def _key(key: Any) -> str:
    return json.dumps(key) if isinstance(key, str) and key.isdigit() else scalar(key)


def _with_comment(line: str, notes: Sequence[str]) -> str:
    if not notes:
        return line
    return f"{line}{' ' * max(2, 40 - len(line))}# {'；'.join(notes)}"


def _lines(
    value: Any,
    indent: int,
    path: Path,
    comments: Mapping[Path, list[str]],
    *,
    first: str = "",
    extra: Sequence[str] = (),
) -> list[str]:
    """``value`` under a key already written; ``first`` is the "- " prefix of a list item's first key,
    ``extra`` the list item's own comments (they share its first line)."""
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, Mapping):
        for i, (key, item) in enumerate(value.items()):
            lead = (first if i == 0 else " " * len(first)) if first else ""
            here = (*path, key)
            notes = [*(extra if i == 0 else ()), *comments.get(here, ())]
            head = f"{pad}{lead}{_key(key)}:"
            width = indent + len(lead) + 2
            if isinstance(item, Mapping | list) and item:
                out.append(_with_comment(head, notes))
                out += _lines(item, width, here, comments)
            else:
                empty = "{}" if isinstance(item, Mapping) else "[]" if isinstance(item, list) else scalar(item)
                out.append(_with_comment(f"{head} {empty}", notes))
        return out
    assert isinstance(value, Sequence)
    for i, item in enumerate(value):
        here = (*path, i)
        if isinstance(item, Mapping) and item:
            out += _lines(item, indent, here, comments, first="- ", extra=comments.get(here, ()))
        else:
            out.append(_with_comment(f"{pad}- {scalar(item)}", comments.get(here, ())))
    return out


def to_yaml(data: Mapping[str, Any], comments: Mapping[Path, list[str]], header: Sequence[str]) -> str:
    """The whole source file: header comment lines, then each top-level key with a blank line between."""
    out = [f"# {line}" if line else "" for line in header]
    for key, value in data.items():
        out.append("")
        for note in comments.get(("#", key), []):
            out.append(f"# {note}")
        out += _lines({key: value}, 0, (), comments)
    return "\n".join(out) + "\n"
