"""The command line: the only module that prints or exits.

Exit codes: 0 clean, 1 problems found, 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from budgetgen import __version__
from budgetgen.issues import Issue, format_issue, has_errors, issues_to_json, sort_issues, summary_line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_UNREADABLE = {"E-FILE-READ", "E-FILE-TOO-LARGE", "E-ENCODING"}
_ARGPARSE_WORDS = (
    ("the following arguments are required", "缺少必需的参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "该选项需要一个值"),
    ("invalid int value", "应为整数"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese error messages and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="budgetgen", description="由一个 YAML 源文件生成部门预算说明（Word）和预算公开表（Excel）。")
    parser.add_argument("--version", action="version", version=f"budgetgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    build = sub.add_parser("build", help="校验并生成说明和公开表")
    build.add_argument("sources", nargs="+", type=Path, metavar="源文件", help="部门预算 YAML 源文件")
    build.add_argument("-o", "--out", type=Path, default=Path("build"), metavar="输出目录", help="默认 ./build")
    build.add_argument("--strict", action="store_true", help="警告也视为错误")
    check = sub.add_parser("check", help="只校验，不生成文件")
    check.add_argument("sources", nargs="+", type=Path, metavar="源文件", help="部门预算 YAML 源文件")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")
    return parser


def _print_issues(issues: Sequence[Issue]) -> None:
    for issue in sort_issues(issues):
        print(format_issue(issue))


def _exit_code(issues: Sequence[Issue], strict: bool) -> int:
    if any(i.code in _UNREADABLE for i in issues):
        return EXIT_USAGE
    return EXIT_PROBLEMS if has_errors(issues, strict=strict) or (issues and strict) else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``budgetgen check``: report every issue of every source."""
    from budgetgen.pipeline import check_file

    issues = [i for p in args.sources for i in check_file(p).issues]
    if args.format == "json":
        print(issues_to_json(sort_issues(issues)))
    else:
        _print_issues(issues)
        print(summary_line(issues, wrote=False) if issues else "校验通过：没有发现问题")
    return _exit_code(issues, args.strict)


def cmd_build(args: argparse.Namespace) -> int:
    """``budgetgen build``: check, then write both publications of every source."""
    from budgetgen.pipeline import build_file

    issues: list[Issue] = []
    written: list[Path] = []
    for path in args.sources:
        built = build_file(path, args.out, strict=args.strict)
        issues += built.checked.issues
        written += built.written
    _print_issues(issues)
    for target in written:
        print(f"已生成：{target}")
    if issues:
        print(summary_line(issues, wrote=bool(written)))
    return _exit_code(issues, args.strict)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``budgetgen`` console script."""
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_USAGE
    handler = cmd_build if args.command == "build" else cmd_check
    return handler(args)
