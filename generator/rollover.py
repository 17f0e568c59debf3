"""Year rollover: next year's sources, written from this year's, comments and all.

Each rolled source keeps every figure as the starting point, sets
``部门.预算年度`` to the new year, moves ``部门.说明日期`` to the same day of the
new year (to be corrected), links ``上年`` to last year's file so that the 较上年
figures are computed from it, and empties every 变动原因 so that ``check`` asks
for a reason wherever a figure changes. The YAML is edited with ruamel.yaml's
round trip, so comments, key order and quoting survive. Nothing is written
unless every file rolls cleanly, and no existing file is overwritten.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from budgetgen.codes import E_FILE_READ, E_ROLL, E_ROLL_EMPTY, E_ROLL_EXISTS, W_ROLL_OLD_YEAR
from budgetgen.discover import CONFIG_NAME, find_sources, shown_path
from budgetgen.issues import Issue, Loc, error, warning

REASON_KEYS = ("收入", "支出", "三公经费", "机关运行经费")
_SCHEMA_LINE = re.compile(r"^(#\s*yaml-language-server:\s*\$schema=)(\S+)(.*)$")
_CN_DATE = re.compile(r"^\s*(\d{4})(\s*年.*)$")


def _yaml() -> Any:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _rel(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def _date_in(year: int, value: Any) -> Any:
    """The same day (or the same wording) in ``year``; 29 February becomes the 28th."""
    if isinstance(value, date):
        day = 28 if (value.month, value.day) == (2, 29) else value.day
        return date(year, value.month, day)
    m = _CN_DATE.match(str(value))
    return f"{year}{m[2]}" if m else value


def _department(data: Any, year: int) -> None:
    from ruamel.yaml.comments import CommentedMap

    dep = data.get("部门")
    if not isinstance(dep, CommentedMap):
        return
    if "预算年度" in dep:
        dep["预算年度"] = year
    else:  # inherited from the county config before: the new year must be explicit
        dep.insert(min(2, len(dep)), "预算年度", year)
    if "说明日期" in dep:
        dep["说明日期"] = _date_in(year, dep["说明日期"])


def _top_insert(data: Any, key: str, value: Any, before: tuple[str, ...]) -> None:
    keys = list(data)
    at = next((keys.index(k) for k in before if k in keys), len(keys))
    data.insert(at, key, value)


def _links(data: Any, old: Path, new: Path) -> None:
    from ruamel.yaml.comments import CommentedMap

    prior = CommentedMap([("文件", _rel(old, new.parent))])
    if "上年" in data:
        data["上年"] = prior
    else:
        _top_insert(data, "上年", prior, ("变动原因", "名词解释"))
    reasons = data.get("变动原因")
    if not isinstance(reasons, CommentedMap):
        reasons = CommentedMap()
        _top_insert(data, "变动原因", reasons, ("名词解释",))
    for key in REASON_KEYS:
        reasons[key] = ""
    ref = data.get("配置")
    if isinstance(ref, str) and ref.strip():
        data["配置"] = _rel(old.parent / ref, new.parent)


def _schema_line(text: str, old: Path, new: Path) -> str:
    first, sep, rest = text.partition("\n")
    m = _SCHEMA_LINE.match(first)
    if m is None or "://" in m[2] or Path(m[2]).is_absolute():
        return text
    return f"{m[1]}{_rel(old.parent / m[2], new.parent)}{m[3]}{sep}{rest}"


def code_part(line: str) -> str:
    """``line`` without its YAML comment (a ``#`` after whitespace, outside quotes)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t[{,"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _paths_by_line(text: str) -> list[tuple[int, str]]:
    from budgetgen.source import format_path, load_text

    doc, _ = load_text(text, "")
    if doc is None:
        return []
    return sorted((loc.line, format_path(path)) for path, loc in doc.value_locs.items() if path)


def old_year_lines(before: str, after: str, old_year: int, year: int, name: str) -> list[Issue]:
    """A warning for each line of ``after`` that still says ``old_year``.

    Comments are left out, and so is every line that new-year itself wrote
    (the ``$schema`` path, ``上年``, ``变动原因``, the new dates): only lines
    carried over unchanged from ``before`` are listed.
    """
    old_lines, new_lines = before.splitlines(), after.splitlines()
    # compared without indentation: ruamel re-indents lists written in another style; they are still the user's
    matcher = difflib.SequenceMatcher(
        None, [line.strip() for line in old_lines], [line.strip() for line in new_lines], autojunk=False
    )
    carried = sorted(n for block in matcher.get_matching_blocks() for n in range(block.b, block.b + block.size))
    paths = _paths_by_line(after)
    found: list[Issue] = []
    for n in carried:
        code = code_part(new_lines[n])
        column = code.find(str(old_year))
        if column < 0:
            continue
        path = next((p for line, p in reversed(paths) if line <= n + 1), "")
        msg = f"仍写着“{old_year}”，是否应改为 {year}：{code.strip()}"
        found.append(warning(W_ROLL_OLD_YEAR, Loc(name, n + 1, column + 1), path, msg))
    return found


def roll_text(text: str, old: Path, new: Path, year: int) -> tuple[str, int | None]:
    """The rolled source text, and the year it was rolled from (if it said)."""
    rt = _yaml()
    data: Any = rt.load(text)
    if not hasattr(data, "get"):
        raise ValueError("文件顶层不是“键: 值”结构")
    dep: Any = data.get("部门")
    old_year = dep.get("预算年度") if hasattr(dep, "get") else None
    _department(data, year)
    _links(data, old, new)
    buf = io.StringIO()
    rt.dump(data, buf)
    return _schema_line(buf.getvalue(), old, new), old_year if isinstance(old_year, int) else None


def _roll_one(src: Path, dst: Path, year: int) -> tuple[str | None, list[Issue]]:
    from budgetgen.source import load_file

    doc, issues = load_file(src, shown_path(src))
    if doc is None or any(i.is_error for i in issues):
        return None, issues
    text = src.read_text(encoding="utf-8-sig")
    try:
        rolled, old_year = roll_text(text, src, dst, year)
    except Exception as exc:  # ruamel.yaml may reject what PyYAML accepted
        return None, [error(E_ROLL, Loc(shown_path(src), 0, 0), "", f"无法结转该文件：{exc}")]
    return rolled, old_year_lines(text, rolled, old_year, year, shown_path(dst)) if old_year else []


def _roll_config(src_dir: Path, dst_dir: Path, year: int) -> dict[Path, str]:
    config = src_dir / CONFIG_NAME
    if not config.is_file():
        return {}
    rt = _yaml()
    data = rt.load(config.read_text(encoding="utf-8-sig"))
    if hasattr(data, "get"):
        if "预算年度" in data:
            data["预算年度"] = year
        if "说明日期" in data:
            data["说明日期"] = _date_in(year, data["说明日期"])
        if isinstance(data.get("模板覆盖"), str):
            data["模板覆盖"] = _rel(src_dir / data["模板覆盖"], dst_dir)
    buf = io.StringIO()
    rt.dump(data, buf)
    return {dst_dir / CONFIG_NAME: buf.getvalue()}


def roll_folder(src_dir: Path, dst_dir: Path, year: int) -> tuple[list[Issue], list[Path]]:
    """Roll every source below ``src_dir`` into ``dst_dir``; all or nothing."""
    if not src_dir.is_dir():
        return [error(E_FILE_READ, Loc(str(src_dir), 0, 0), "", "找不到该文件夹")], []
    sources, issues = find_sources([src_dir], [dst_dir])
    planned: dict[Path, str] = {}
    for src in sources:
        dst = dst_dir / src.relative_to(src_dir)
        if dst.exists():
            issues.append(error(E_ROLL_EXISTS, Loc(shown_path(dst), 0, 0), "", "新年度文件已存在，不会覆盖"))
            continue
        text, found = _roll_one(src, dst, year)
        issues += found
        if text is not None:
            planned[dst] = text
    if not sources:
        issues.append(error(E_ROLL_EMPTY, Loc(str(src_dir), 0, 0), "", "文件夹中没有部门源文件（含“部门:”的 .yaml）"))
    if any(i.is_error for i in issues):
        return issues, []
    for path, text in _roll_config(src_dir, dst_dir, year).items():
        if not path.exists():
            planned[path] = text
    return issues, _write_all(planned)


def _write_all(planned: dict[Path, str]) -> list[Path]:
    from budgetgen.atomic import write_atomic

    written: list[Path] = []
    for path in sorted(planned):
        written += write_atomic(path.parent, {path.name: planned[path].encode("utf-8")})
    return written
