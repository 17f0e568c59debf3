"""What a batch shows on screen: a progress bar on a terminal, plain lines elsewhere, and the summary.

With :mod:`budgetgen.cli`, this is the only module that prints. ``rich`` is
imported only when the output is a terminal.

Everything printed passes through :func:`safe_streams`: a value from a
department source (or a hostile file name) can carry terminal escape codes, a
carriage return or bidi marks that would forge or hide a message, so every
control, format and undecodable character is shown as a ``\\uXXXX`` escape
(valid in JSON strings too). A console that cannot show a character (a GBK
Windows console and an emoji) gets a ``\\N{…}``-style escape instead of a
traceback.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from budgetgen.batch import Report, Status
from budgetgen.discover import shown_path
from budgetgen.issues import Issue, format_issue, sort_issues

#: C0/C1 controls (except tab and line feed), zero-width and bidi marks, line/paragraph separators,
#: BOM and lone surrogates (bytes of a file name that is not UTF-8).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ud800-\udfff]"
)


def safe(text: str) -> str:
    """``text`` with every character that could hide or forge output shown as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """:func:`safe`, and line breaks too: one printed line stays one line whatever a value or file name holds."""
    return safe(text).replace("\n", "\\u000a")


class _SafeStream:
    """A text stream that escapes unsafe characters (see :func:`safe`) in everything written."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """While inside, stdout and stderr escape unsafe characters and never fail to encode one."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    sys.stdout = _SafeStream(saved[0]) if not isinstance(saved[0], _SafeStream) else saved[0]
    sys.stderr = _SafeStream(saved[1]) if not isinstance(saved[1], _SafeStream) else saved[1]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class Progress:
    """Progress of one batch: a rich bar on a terminal, ``[3/40] 已生成 x.yaml`` lines otherwise."""

    def __init__(self, *, enabled: bool, tty: bool | None = None) -> None:
        self.enabled = enabled
        self.tty = sys.stdout.isatty() if tty is None else tty
        self.total = 0
        self.count = 0
        self._bar: Any = None
        self._task: Any = None

    def started(self, to_run: int, unchanged: int) -> None:
        """Called once the batch knows how much work there is."""
        self.total = to_run
        if not self.enabled or to_run == 0:
            return
        if unchanged:
            print(f"{unchanged} 个部门的源文件、配置和模板都没有变化，跳过")
        if self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            console = Console(file=getattr(sys.stdout, "unfiltered", sys.stdout))  # the bar's own codes pass
            self._bar = Progress(*columns, console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("正在处理", total=to_run)

    def done(self, source: Path, status: Status) -> None:
        """Called once per department that was checked or built (not for unchanged ones)."""
        self.count += 1
        if not self.enabled:
            return
        if self._bar is not None:
            from rich.markup import escape

            described = f"{status.label} {escape(one_line(shown_path(source)))}"
            self._bar.update(self._task, advance=1, description=described)
        else:
            print(one_line(f"[{self.count}/{self.total}] {status.label} {shown_path(source)}"), flush=True)

    def close(self) -> None:
        """Remove the bar before the summary is printed."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def print_issues(issues: Sequence[Issue]) -> None:
    """Every issue on its own ``file:line:col: 错误 CODE path: message`` line."""
    for issue in sort_issues(issues):
        print(one_line(format_issue(issue)))


def print_summary(report: Report, *, building: bool) -> None:
    """``共 40 个部门：已生成 39，未变化 0，失败 1``, then the first error of each failure."""
    failed = report.with_status(Status.FAILED)
    if building:
        counts = f"已生成 {len(report.with_status(Status.BUILT))}，未变化 {len(report.with_status(Status.UNCHANGED))}"
    else:
        counts = f"通过 {len(report.with_status(Status.CHECKED))}"
    print(f"共 {len(report.outcomes)} 个部门：{counts}，失败 {len(failed)}")
    for outcome in failed:
        first = outcome.blocked_by
        reason = format_issue(first) if first else "有警告（--strict 视为错误）"
        print(one_line(f"  失败：{shown_path(outcome.source)}  {reason}"))
