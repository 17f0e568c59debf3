"""The Jinja environment of the website: the project's pattern, with HTML autoescaping.

It comes from the same factory as the narrative's
(:func:`budgetgen.render.env.new_env`): sandboxed, ``StrictUndefined``, the same
render budget (time and size) and formatting filters (``wan``, ``yuan``, ``pct``,
``cn_date``), so every figure on a page goes through :mod:`budgetgen.money`.
Department text only ever arrives as values, which autoescaping turns into inert
text; it is never compiled as a template.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2

from budgetgen.render.env import new_env
from budgetgen.resources import templates_dir


def href(name: str) -> str:
    """A file name as a relative URL (Chinese names percent-encoded, so any web server serves them)."""
    return quote(name, safe="/")


@cache
def site_env() -> jinja2.Environment:
    """The one HTML environment (templates in ``templates/site``), built once per process."""
    env = new_env([templates_dir() / "site"], autoescape=True)
    env.filters["href"] = href
    # Chart data are embedded as JSON; sorted keys keep the bytes reproducible.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def render_page(name: str, **context: Any) -> bytes:
    """Render ``templates/site/<name>`` to UTF-8 bytes."""
    return site_env().get_template(name).render(**context).encode("utf-8")
