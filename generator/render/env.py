"""The Jinja environments (one factory, :func:`new_env`): StrictUndefined, the render budget, every filter here.

Values interpolated into a template pass through :func:`finalize`, which turns
department text into inert data: control characters are dropped, and a line
break can only start a new body paragraph (``@p``), never a heading or any
other block. Source strings are never compiled as templates.

A county's override template is trusted to be *meant* well, not to be right: a
loop without end or a macro calling itself must not hang the batch. Every
render has a budget (:data:`TIME_BUDGET` seconds, :data:`SIZE_BUDGET`
characters of output, strings and lists no longer than :data:`SIZE_BUDGET`).
The sandbox checks the clock at every attribute access, call, ``range`` step
and output chunk; on POSIX an interval timer is the backstop for loops that do
none of these. Exceeding the budget raises :class:`BudgetExceeded`, a Jinja
error whose traceback points at the template's file and line.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2.sandbox import SandboxedEnvironment, safe_range

from budgetgen.money import fmt_wan, fmt_yuan
from budgetgen.tables.rows import chinese_ordinal

#: Seconds one template render may take (a department's narrative takes well under one).
TIME_BUDGET = 20.0
#: Characters of output, and the longest string or list a template may build.
SIZE_BUDGET = 2_000_000

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


def count(value: Decimal | int) -> str:
    """A count or area as people write it: ``2``, ``1850.5`` (no trailing zeros)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def chain(first: Sequence[Any], *more: Sequence[Any]) -> list[Any]:
    """The items of several sequences one after another (a template's default entries, then the model's)."""
    return [*first, *(item for seq in more for item in seq)]


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


class BudgetExceeded(jinja2.TemplateRuntimeError):
    """A template ran too long or produced too much."""


class _Budget:
    """The deadline of the render in progress (one at a time per process)."""

    deadline = float("inf")

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"模板运行超过 {TIME_BUDGET:g} 秒（可能是死循环或无穷递归），已停止")


_BUDGET = _Budget()


def _too_big(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > SIZE_BUDGET


class BudgetedEnvironment(SandboxedEnvironment):
    """The sandbox, plus a clock check at every attribute access and call and a cap on ``*`` and ``**``."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _BUDGET.tick()
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise BudgetExceeded(f"模板中的乘方指数 {right} 过大")
        if operator == "*":
            seq, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * abs(times) > SIZE_BUDGET:
                raise BudgetExceeded(f"模板生成的文字或列表超过 {SIZE_BUDGET:,} 个字符")
        result = super().call_binop(context, operator, left, right)
        if _too_big(result):
            raise BudgetExceeded(f"模板生成的文字或列表超过 {SIZE_BUDGET:,} 个字符")
        return result

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _BUDGET.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _BUDGET.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _BUDGET.tick()
        return super().getitem(obj, argument)


def _ranged(*args: int) -> Iterator[int]:
    """The sandbox's ``range`` (at most 100,000 items), checking the clock at every step."""
    for i in safe_range(*args):
        _BUDGET.tick()
        yield i


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in this thread after ``seconds`` (POSIX main thread only)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(_signum: int, _frame: Any) -> None:
        raise BudgetExceeded(f"模板运行超过 {TIME_BUDGET:g} 秒（可能是死循环或无穷递归），已停止")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class BudgetedTemplate(jinja2.Template):
    """A template whose :meth:`render` keeps to the time and size budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render like Jinja, but stop with :class:`BudgetExceeded` when over budget."""
        outer = _BUDGET.deadline
        _BUDGET.deadline = min(outer, time.monotonic() + TIME_BUDGET)
        size, parts = 0, list[str]()
        try:
            with _alarm(TIME_BUDGET) if outer == float("inf") else contextlib.nullcontext():
                chunks = cast(Generator[str, None, None], self.generate(*args, **kwargs))
                for chunk in chunks:
                    size += len(chunk)
                    if size > SIZE_BUDGET:  # raised inside the template, so it names the file and line
                        chunks.throw(BudgetExceeded(f"模板输出超过 {SIZE_BUDGET:,} 个字符，已停止"))
                    _BUDGET.tick()
                    parts.append(chunk)
        finally:
            _BUDGET.deadline = outer
        return "".join(parts)


FILTERS = {
    "wan": fmt_wan,
    "yuan": fmt_yuan,
    "cn_date": cn_date,
    "pct": pct,
    "join_cn": join_cn,
    "list_cn": list_cn,
    "enum_cn": enum_cn,
    "clauses": clauses,
    "cn_ordinal": chinese_ordinal,
    "count": count,
    "chain": chain,
}


def new_env(search_path: Sequence[Path | str], *, autoescape: bool) -> jinja2.Environment:
    """A fresh sandboxed environment with the render budget, ``StrictUndefined`` and :data:`FILTERS`.

    The one factory for every template the project renders. ``autoescape=False`` is the block
    format of the narrative: interpolated values pass through :func:`finalize`. ``autoescape=True``
    is HTML (the website): values are escaped into inert text instead.
    """
    env = BudgetedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=None if autoescape else finalize,
    )
    env.filters.update(FILTERS)
    env.globals["range"] = _ranged
    env.template_class = BudgetedTemplate
    return env


def make_env(search_path: Sequence[Path]) -> jinja2.Environment:
    """The Jinja environment for narrative templates; earlier folders override later ones.

    It is sandboxed, so a county's override template cannot reach Python internals.
    One environment is kept per search path, so templates compile once per process.
    """
    return _env(tuple(str(p) for p in search_path))


@cache
def _env(search_path: tuple[str, ...]) -> jinja2.Environment:
    return new_env(search_path, autoescape=False)
