"""Chinese messages for YAML syntax errors, with the line they point at."""

from __future__ import annotations

import yaml

from budgetgen.codes import E_YAML_SYNTAX
from budgetgen.issues import Issue, Loc, error

# Substrings of PyYAML's English problem texts, mapped to advice an accountant can act on.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("'\\t'", "缩进中不能使用制表符（Tab），请改用空格"),
    ("tab character", "缩进中不能使用制表符（Tab），请改用空格"),
    ("mapping values are not allowed", "此处不能出现“键: 值”，可能是缩进不对，或冒号后缺少空格"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("expected ',' or ']'", "方括号“[”没有闭合，或列表项之间缺少逗号"),
    ("expected ',' or '}'", "花括号“{”没有闭合，或项之间缺少逗号"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found undefined alias", "引用了未定义的锚点（*名称）"),
    ("expected a single document", "文件中只能有一个文档，请删除多余的“---”"),
    ("did not find expected key", "缩进不一致：同一层的键必须左对齐"),
    ("block sequence entries are not allowed", "此处不能开始列表（“- ”），请把列表项写在下一行并缩进"),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的“-”必须左对齐"),
    ("found character that cannot start any token", "出现了不能作为开头的字符（如 @ 或 `），请给这段文字加上引号"),
    ("found duplicate anchor", "锚点名称重复"),
    ("expected <block end>", "缩进不一致，请检查这一行与上一行的对齐"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("special characters are not allowed", "文件中含有不可见的控制字符，请删除"),
    ("control characters are not allowed", "文件中含有不可见的控制字符，请删除"),
)


def _advice(problem: str) -> str:
    for needle, advice in _PROBLEMS:
        if needle in problem:
            return advice
    return f"YAML 格式错误（{problem.strip()}）"


def _reader_loc(exc: yaml.reader.ReaderError, name: str, text: str) -> Loc:
    # libyaml reports a byte offset, PyYAML a character index: find the character itself.
    char = exc.character if isinstance(exc.character, str) else chr(int(exc.character))
    found = text.find(char)
    pos = found if found >= 0 else min(exc.position, len(text))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Loc(name, line, col)


def syntax_issue(exc: yaml.YAMLError, name: str, text: str) -> Issue:
    """Turn a PyYAML exception into one located, Chinese issue."""
    if isinstance(exc, yaml.reader.ReaderError):
        return error(E_YAML_SYNTAX, _reader_loc(exc, name, text), "", _advice(exc.reason))
    problem = f"{getattr(exc, 'problem', '') or ''} {getattr(exc, 'context', '') or ''}"
    marks = ("problem_mark", "context_mark")
    if "end of stream" in problem or "while parsing a flow" in problem or "while scanning a quoted" in problem:
        # an unclosed quote or bracket: point where it was opened, not where the parser gave up
        marks = ("context_mark", "problem_mark")
    mark = getattr(exc, marks[0], None) or getattr(exc, marks[1], None)
    loc = Loc(name, mark.line + 1, mark.column + 1) if mark else Loc(name, 1, 1)
    return error(E_YAML_SYNTAX, loc, "", _advice(problem))
