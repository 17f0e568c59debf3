"""The one Jinja environment: StrictUndefined, and every filter registered here.

Values interpolated into a template pass through :func:`finalize`, which turns
department text into inert data: control characters are dropped, and a line
break can only start a new body paragraph (``@p``), never a heading or any
other block. Source strings are never compiled as templates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from budgetgen.money import fmt_wan, fmt_yuan

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")
_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")


def finalize(value: Any) -> Any:
    """Make an interpolated value safe for the block format (see module doc)."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("", value)
    return _BREAKS.sub("\n@p ", text.strip())


def cn_date(value: date) -> str:
    """``2020年3月18日``."""
    return f"{value.year}年{value.month}月{value.day}日"


def pct(value: Decimal | None) -> str:
    """A percentage with two decimals, e.g. ``4.37``."""
    return "—" if value is None else f"{value:.2f}"


def join_cn(items: Sequence[Any], sep: str = "、") -> str:
    """Join items with the Chinese enumeration comma."""
    return sep.join(str(i) for i in items)


def list_cn(items: Sequence[Any]) -> str:
    """``甲``, ``甲和乙``, ``甲、乙和丙``: an enumeration for a sentence (empty for none)."""
    names = [str(i) for i in items]
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1] if names else ""


def enum_cn(items: Sequence[Any], measure: str, limit: int = 10) -> str:
    """Names with their count: ``甲``; ``甲和乙共2个项目``; past ``limit``, ``甲、乙…等150个项目``."""
    names = [str(i) for i in items]
    if len(names) <= 1:
        return "".join(names)
    if len(names) <= limit:
        return f"{list_cn(names)}共{len(names)}{measure}"
    return f"{'、'.join(names[:limit])}等{len(names)}{measure}"


def clauses(items: Sequence[Any], sep: str = "，") -> str:
    """Join the non-empty clauses of a sentence (a clause with nothing to say is left out)."""
    return sep.join(str(i) for i in items if str(i))


FILTERS = {
    "wan": fmt_wan,
    "yuan": fmt_yuan,
    "cn_date": cn_date,
    "pct": pct,
    "join_cn": join_cn,
    "list_cn": list_cn,
    "enum_cn": enum_cn,
    "clauses": clauses,
}


def make_env(search_path: Sequence[Path]) -> jinja2.Environment:
    """The Jinja environment for narrative templates; earlier folders override later ones.

    It is sandboxed, so a county's override template cannot reach Python internals.
    One environment is kept per search path, so templates compile once per process.
    """
    return _env(tuple(str(p) for p in search_path))


@cache
def _env(search_path: tuple[str, ...]) -> jinja2.Environment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(list(search_path), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters.update(FILTERS)
    return env
