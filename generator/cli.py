"""The command line: with :mod:`budgetgen.console`, the only module that prints or exits.

Commands: ``build`` and ``check`` (many files and folders, in parallel,
incremental), ``new-year`` (roll a county's sources over) and ``init`` (a
starter source). Every command imports only what it needs, so ``check`` on one
file and a no-op ``build`` start quickly.

Exit codes: 0 clean, 1 problems found, 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from budgetgen import __version__
from budgetgen.codes import E_ENCODING, E_FILE_KIND, E_FILE_READ, E_FILE_TOO_LARGE
from budgetgen.helpfmt import WidthHelpFormatter
from budgetgen.issues import Issue, check_line, has_errors, issues_to_json, sort_issues, summary_line

if TYPE_CHECKING:
    from budgetgen.batch import Report

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: The default output folder, in the working directory; never pip's ``build/``.
DEFAULT_OUT = Path("输出")
_UNREADABLE = {E_FILE_READ, E_FILE_KIND, E_FILE_TOO_LARGE, E_ENCODING}
_ARGPARSE_WORDS = (
    ("the following arguments are required", "缺少必需的参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "该选项需要一个值"),
    ("invalid int value", "应为整数"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese error messages, exit code 2 and help aligned by display width."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", WidthHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n")


def _workers(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"-j 应为正整数，实际为“{text}”")
    return value


#: argparse's own words (headings, built-in help and errors), through its gettext hook.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "expected one argument": "该选项需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def _batch_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "sources", nargs="+", type=Path, metavar="源文件或文件夹", help="部门预算 YAML 源文件，或含源文件的文件夹"
    )
    cmd.add_argument(
        "-j", "--jobs", type=_workers, default=None, metavar="N", help="同时处理的部门数，默认等于 CPU 核数"
    )
    cmd.add_argument(
        "--config", type=Path, default=None, metavar="配置文件", help="县级配置文件，默认向上查找 budgetgen.yaml"
    )
    cmd.add_argument("--strict", action="store_true", help="警告也视为错误")
    _profile_option(cmd, "公开格式（模板方案），覆盖县级配置的“模板”；给出时总是重新生成")


def _profile_option(cmd: argparse.ArgumentParser, text: str) -> None:
    from budgetgen.resources import shipped_profiles

    cmd.add_argument("--profile", choices=shipped_profiles(), default=None, metavar="格式", help=text)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="budgetgen", description="由 YAML 源文件生成部门预算的说明（Word）和公开表（Excel）。")
    parser.add_argument("--version", action="version", version=f"budgetgen {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, about in (
        ("build", "校验并生成说明和公开表（只重新生成有变化的部门）"),
        ("publish", "同 build，并生成说明和公开表的 PDF 以及全县预算公开网站（需要 LibreOffice）"),
    ):
        build = sub.add_parser(name, help=about)
        _batch_options(build)
        build.add_argument(
            "-o", "--out", type=Path, default=DEFAULT_OUT, metavar="输出目录", help=f"默认 ./{DEFAULT_OUT}"
        )
        build.add_argument("--force", action="store_true", help="全部重新生成，不管有没有变化")
    check = sub.add_parser("check", help="只校验，不生成文件")
    _batch_options(check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    roll = sub.add_parser("new-year", help="把一个文件夹的源文件结转为下一年度")
    roll.add_argument("src", type=Path, metavar="上年文件夹", help="上一年度源文件所在的文件夹")
    roll.add_argument("--to", type=int, required=True, metavar="年度", help="新的预算年度，如 2021")
    roll.add_argument(
        "-o", "--out", type=Path, default=None, metavar="新文件夹", help="默认为上年文件夹旁边以新年度命名的文件夹"
    )
    diff = sub.add_parser("diff", help="比较一个源文件的两个版本：数字、项目和说明文字的变动")
    diff.add_argument("old", metavar="旧版本", help="源文件，或 Git 中的版本，如 HEAD~1:2021/jyj.yaml")
    diff.add_argument("new", metavar="新版本", help="源文件，或 Git 中的版本，如 HEAD:2021/jyj.yaml")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    init = sub.add_parser("init", help="为新部门生成一个带中文注释的源文件模板")
    init.add_argument("name", type=Path, metavar="名称", help="新源文件的名称或路径，如 2021/gaj（自动加 .yaml）")
    init.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    _profile_option(init, "按该公开格式的要求生成模板（mof 含上年逐项预算数和变动原因）")
    imp = sub.add_parser("import", help="从已公开的预算公开表（和说明）导入，生成源文件")
    imp.add_argument("workbook", type=Path, metavar="公开表", help="已公开的预算公开表 .xlsx")
    imp.add_argument(
        "--docx", type=Path, default=None, metavar="说明", help="同一部门的说明 .docx，用于主要职能、落款日期等文字"
    )
    imp.add_argument("-o", "--out", type=Path, required=True, metavar="源文件", help="要生成的源文件，如 dept.yaml")
    imp.add_argument("--force", action="store_true", help="源文件已存在时覆盖")
    imp.add_argument("--profile", default="hunan-county", metavar="格式", help="公开表的格式，默认 hunan-county")
    audit = sub.add_parser("audit", help="审核已公开的预算公开表和说明（任何工具制作的 .xlsx、.docx、.pdf）")
    audit.add_argument("files", type=Path, nargs="+", metavar="文件", help="同一部门的公开表、说明（可多个）")
    audit.add_argument("--profile", default="hunan-county", metavar="格式", help="公开格式，默认 hunan-county")
    audit.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    audit.add_argument("--strict", action="store_true", help="警告也视为问题")
    return parser


def _exit_code(issues: Sequence[Issue], strict: bool) -> int:
    if any(i.code in _UNREADABLE for i in issues):
        return EXIT_USAGE
    return EXIT_PROBLEMS if has_errors(issues, strict=strict) or (issues and strict) else EXIT_OK


def _run_batch(args: argparse.Namespace, out: Path | None, *, show_progress: bool) -> Report:
    from budgetgen.batch import Batch, default_workers
    from budgetgen.console import Progress

    progress = Progress(enabled=show_progress)
    batch = Batch(
        args.sources,
        out_dir=out,
        config=args.config,
        workers=args.jobs or default_workers(),
        force=getattr(args, "force", False) or args.profile is not None,
        strict=args.strict,
        profile=args.profile,
        publish=getattr(args, "publish_setup", None),
        started=progress.started,
        done=progress.done,
    )
    try:
        return batch.run()
    finally:
        progress.close()


def _batch_exit(report: Report, strict: bool) -> int:
    from budgetgen.batch import Status

    code = _exit_code(report.issues, strict)
    return max(code, EXIT_PROBLEMS) if report.with_status(Status.FAILED) else code


def _many(args: argparse.Namespace) -> bool:
    return len(args.sources) > 1 or any(p.is_dir() for p in args.sources)


def cmd_check(args: argparse.Namespace) -> int:
    """``budgetgen check``: report every issue of every source."""
    from budgetgen.console import print_issues, print_summary

    json_out = args.format == "json"
    report = _run_batch(args, None, show_progress=_many(args) and not json_out)
    issues = report.issues
    if json_out:
        print(issues_to_json(sort_issues(issues)))
        return _batch_exit(report, args.strict)
    print_issues(issues)
    if _many(args):
        print_summary(report, building=False)
    print(check_line(issues, strict=args.strict))
    return _batch_exit(report, args.strict)


def cmd_build(args: argparse.Namespace) -> int:
    """``budgetgen build``: check, then write both publications of every changed source."""
    return _build(args)[1]


def _build(args: argparse.Namespace) -> tuple[Report, int]:
    from budgetgen.batch import Status
    from budgetgen.console import print_issues, print_summary

    report = _run_batch(args, args.out, show_progress=_many(args))
    issues = report.issues
    print_issues(issues)
    if _many(args) or report.general:
        print_summary(report, building=True)
    else:
        for outcome in report.outcomes:
            for target in outcome.written:
                print(f"已生成：{target}")
            if outcome.status is Status.UNCHANGED:
                print(f"没有变化，未重新生成：{outcome.source}（用 --force 强制重新生成）")
    if issues:
        print(summary_line(issues, wrote=bool(report.with_status(Status.BUILT))))
    if report.with_status(Status.BUILT) or report.with_status(Status.UNCHANGED):
        print(f"生成的文件在：{args.out}")  # the last line of build: where to look, as the user typed it
    return report, _batch_exit(report, args.strict)


def cmd_publish(args: argparse.Namespace) -> int:
    """``budgetgen publish``: ``build``, plus a PDF of each publication and the county website."""
    from budgetgen.publish.convert import prepare

    setup, issues = prepare()
    if setup is None:
        _print(issues)
        return EXIT_USAGE
    print("PDF 字体（仅用于 PDF；Word 文件仍使用公文字体）：")
    for choice in setup.fonts:
        print(f"  {choice.line}")
    args.publish_setup = setup
    report, code = _build(args)
    return max(code, _publish_site(args, report))


def _publish_site(args: argparse.Namespace, report: Report) -> int:
    """Write ``OUTDIR/site/``; print what changed. Exit code: 1 when the site could not be written."""
    from budgetgen.discover import shown_path
    from budgetgen.publish.website import publish_site
    from budgetgen.site import SITE_DIR

    result = publish_site(report, args.out, args.config, force=args.force)
    _print(result.issues)
    if result.skipped:
        print(result.skipped)
    elif result.written or result.removed:
        print(f"网站：{shown_path(args.out / SITE_DIR / 'index.html')}（更新 {len(result.written)} 个文件）")
    else:
        print(f"网站没有变化：{shown_path(args.out / SITE_DIR / 'index.html')}")
    return EXIT_PROBLEMS if result.issues else EXIT_OK


def cmd_new_year(args: argparse.Namespace) -> int:
    """``budgetgen new-year``: copy a year's sources forward, linked to last year's files."""
    from budgetgen.discover import shown_path
    from budgetgen.rollover import roll_folder

    out = args.out or args.src.resolve().parent / str(args.to)
    issues, written = roll_folder(args.src, out, args.to)
    _print(issues)
    for path in written:
        print(f"已生成：{shown_path(path)}")
    if written and not has_errors(issues):
        print("请核对各文件的说明日期和文中的年份；较上年的增减将从上年文件计算")
        print(f"下一步：运行 budgetgen check {shown_path(out)}，按提示补写“变动原因”")
    return _exit_code(issues, strict=False) if issues else EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """``budgetgen init``: write a starter source with a comment on every field."""
    from budgetgen.discover import shown_path
    from budgetgen.scaffold import write_scaffold

    requires: tuple[str, ...] = ()
    if args.profile is not None:
        from budgetgen.profile import shipped_profile

        fmt, _ = shipped_profile(args.profile)
        requires = () if fmt is None else fmt.requires
    issues, written, copies = write_scaffold(args.name, force=args.force, requires=requires)
    _print(issues)
    if written is not None:
        print(f"已生成：{shown_path(written)}")
        if copies:  # init created or refreshed the schemas/ folder: say so, it is a new folder to keep
            folder = shown_path(copies[0].parent)
            why = "源文件第一行的 $schema 指向这里，供 VS Code 等编辑器提示和校验，请一并保存"
            print(f"已把校验规则复制到文件夹 {folder}（{why}）")
        print("下一步：填写标有“必填”的项，填写或删去标有“可选”的项，然后运行 budgetgen check 检查")
    return _exit_code(issues, strict=False) if issues else EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """``budgetgen audit``: every audit rule on a published package; exit 1 on findings, 2 if unreadable."""
    from budgetgen.audit.context import AuditDataError
    from budgetgen.audit.package import PackageError
    from budgetgen.audit.run import audit_files, format_report
    from budgetgen.codes import E_AUDIT_READ

    try:
        report = audit_files(args.files, args.profile)
    except (PackageError, AuditDataError) as exc:
        print(f"错误 {E_AUDIT_READ}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(report.to_json() if args.format == "json" else "\n".join(format_report(report)))
    blocking = [f for f in report.findings if f.severity.value == "error" or args.strict]
    return EXIT_PROBLEMS if blocking else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """``budgetgen import``: a published workbook (and 说明) → a source; 2 and nothing written if unreadable."""
    from budgetgen.atomic import UnsafeTarget
    from budgetgen.codes import E_IMPORT_READ, W_IMPORT_GUESS
    from budgetgen.discover import shown_path
    from budgetgen.importer.run import ImportError_, import_workbook, write_source

    out = args.out if args.out.suffix in (".yaml", ".yml") else args.out.with_name(args.out.name + ".yaml")
    try:
        result = import_workbook(args.workbook, args.docx, args.profile)
        copies = write_source(result.text, out, args.force)
    except (ImportError_, UnsafeTarget, OSError) as exc:
        print(f"错误 {E_IMPORT_READ}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for problem in result.problems:
        print(f"{'错误' if problem.startswith('E-') else '警告'} {problem}")
    for warning in result.warnings:
        print(f"警告 {W_IMPORT_GUESS} {warning}")
    print(f"已生成：{shown_path(out)}")
    if copies:
        print(f"已把校验规则复制到文件夹 {shown_path(copies[0].parent)}（源文件第一行的 $schema 指向这里，请一并保存）")
    print(f"下一步：运行 budgetgen check {shown_path(out)}，核对行尾注释标出的推定数字")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """``budgetgen diff``: what changed between two versions; 0 none, 1 changes or errors, 2 unreadable."""
    from budgetgen.compare import diff, report

    result = diff.compare(args.old, args.new)
    print(report.to_json(result) if args.format == "json" else report.to_text(result))
    return {"same": EXIT_OK, "unreadable": EXIT_USAGE}.get(result.status, EXIT_PROBLEMS)


def _print(issues: Sequence[Issue]) -> None:
    from budgetgen.console import print_issues

    print_issues(issues)


_COMMANDS = {
    "build": cmd_build,
    "publish": cmd_publish,
    "check": cmd_check,
    "new-year": cmd_new_year,
    "init": cmd_init,
    "diff": cmd_diff,
    "audit": cmd_audit,
    "import": cmd_import,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``budgetgen`` console script."""
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_USAGE
    from budgetgen.console import safe_streams

    try:
        with safe_streams():  # a source's text never writes terminal codes; any console can show any message
            return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("已中断：已完成的部门已写入，其余未生成", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `budgetgen check … | head`): stop quietly, no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
