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


FILTERS = {"wan": fmt_wan, "yuan": fmt_yuan, "cn_date": cn_date, "pct": pct, "join_cn": join_cn}


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
