"""Turn a failure while rendering templates or table specs into a located issue.

A county may override any built-in narrative template or table spec by putting
a file of the same name in its override folder. A broken override must not show
a traceback: this module names the template file and line instead.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Sequence
from pathlib import Path

from budgetgen.codes import E_INTERNAL, E_TABLE_SPEC, E_TEMPLATE
from budgetgen.discover import shown_path
from budgetgen.issues import Issue, Loc, error

_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
_SPEC_WHERE = re.compile(r"^(?P<file>[^:]+\.ya?ml)(?::(?P<line>\d+))?[:：]\s*(?P<rest>.*)$", re.S)


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost traceback frame inside a template file (Jinja rewrites these)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(_TEMPLATE_SUFFIXES)]
    if not frames:
        return None
    last = frames[-1]
    return last.filename, last.lineno or 0


def _loc(file: str | None, line: int) -> Loc:
    return Loc(shown_path(Path(file)) if file else "（模板）", line, 0)


def _jinja_message(exc: BaseException) -> str:
    import jinja2
    from jinja2.exceptions import SecurityError

    text = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"模板语法错误：{text}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"模板引用了不存在的字段：{text}"
    if isinstance(exc, SecurityError):
        return f"模板试图访问不允许的内容（模板在沙箱中运行）：{text}"
    if isinstance(exc, RecursionError):
        return "模板无穷递归（宏或 include 调用了自身），已停止"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"找不到模板“{text}”"
    return f"模板出错：{text}"


def template_issue(exc: BaseException) -> Issue:
    """An ``E-TEMPLATE`` issue naming the template file and line that failed."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(E_TEMPLATE, _loc(exc.filename or exc.name, exc.lineno), "", _jinja_message(exc))
    frame = _template_frame(exc)
    file, line = frame if frame else (None, 0)
    return error(E_TEMPLATE, _loc(file, line), "", _jinja_message(exc))


def spec_issue(exc: BaseException, tables_dirs: Sequence[Path] = ()) -> Issue:
    """An ``E-TABLE-SPEC`` issue; a spec error starts with the file name, found here in its folder."""
    text = str(exc)
    m = _SPEC_WHERE.match(text)
    if m is None:
        return error(E_TABLE_SPEC, Loc("（表格定义）", 0, 0), "", f"表格定义有错误：{text}")
    name = m["file"]
    found = next((d / name for d in tables_dirs if (d / name).is_file()), Path(name))
    line = int(m["line"]) if m["line"] else _yaml_line(m["rest"])
    return error(E_TABLE_SPEC, Loc(shown_path(found), line, 0), "", f"表格定义有错误：{m['rest']}")


def _yaml_line(text: str) -> int:
    """PyYAML's messages say ``line 3, column 5``; take the last such line."""
    lines = re.findall(r"line (\d+), column", text)
    return int(lines[-1]) if lines else 0


def internal_issue(exc: BaseException, name: str) -> Issue:
    """The last resort: an unexpected failure, reported as data instead of a traceback."""
    return error(E_INTERNAL, Loc(name, 0, 0), "", f"budgetgen 内部错误（请报告此问题）：{type(exc).__name__}: {exc}")
