"""Read a source as it was in a Git revision (``HEAD~1:2021/jyj.yaml``), through the ``git`` command.

No Git library: ``git`` itself runs in the repository that contains the path, so
whatever the county's Git knows (packs, worktrees, partial clones) is honoured.
Every failure is an ``E-GIT-READ`` issue with a Chinese message, never an exception.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from budgetgen.codes import E_FILE_TOO_LARGE, E_GIT_READ
from budgetgen.issues import Issue, Loc, error

GIT_READ = E_GIT_READ
_TIMEOUT = 60


@dataclass(frozen=True, slots=True)
class RevPath:
    """``REV:PATH`` as typed: ``rev`` is empty for the staged version (``:PATH``)."""

    rev: str
    path: str
    shown: str


def parse(arg: str) -> RevPath | None:
    """``REV:PATH`` when ``arg`` names no existing file; None for a plain file path.

    The colon after a ``@{…}`` date (``main@{2 days ago}:x.yaml``) is found too, and a
    Windows drive (``C:\\…``) is a path, not a revision.
    """
    if Path(arg).exists():
        return None
    cut = arg.find(":", arg.rfind("}") + 1)
    if cut < 0:
        return None
    rev, path = arg[:cut], arg[cut + 1 :]
    if len(rev) == 1 and rev.isalpha() and path[:1] in ("\\", "/"):
        return None
    return RevPath(rev, path, arg)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=_TIMEOUT,
        check=False,
    )


def _said(run: subprocess.CompletedProcess[bytes]) -> str:
    first = run.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"（Git 的原话：{first[0][:200]}）" if first else ""


def _nearest_folder(path: Path) -> Path:
    for folder in path.parents:
        if folder.is_dir():
            return folder
    return Path.cwd()


def working_path(ref: RevPath) -> Path:
    """The path in the working tree that ``ref`` is a version of (it may no longer exist)."""
    return Path(os.path.abspath(ref.path))


class _Refused(Exception):
    """A step of reading from Git failed; the message is for the user."""


class _TooLarge(Exception):
    """The file in that revision is larger than a source may be."""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return _git(args, cwd)
    except FileNotFoundError as exc:
        raise _Refused("找不到 git 命令：请先安装 Git，或直接比较两个文件") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _Refused(f"无法运行 git：{exc}") from exc


def _spec(ref: RevPath) -> tuple[Path, str]:
    """The repository's top folder and ``REV:path-inside-it`` for ``git show``."""
    if ref.rev.startswith("-") or not ref.path:
        raise _Refused("应写作“版本:路径”，如 HEAD~1:2021/jyj.yaml")
    target = working_path(ref)
    folder = _nearest_folder(target)
    top_run = _run(["rev-parse", "--show-toplevel"], folder)
    if top_run.returncode != 0:
        raise _Refused(f"文件夹“{folder}”不在 Git 仓库中{_said(top_run)}")
    top = Path(top_run.stdout.decode("utf-8", "replace").strip())
    rel = os.path.relpath(Path(os.path.realpath(folder)) / target.relative_to(folder), os.path.realpath(top))
    if rel.startswith(".."):
        raise _Refused(f"“{ref.path}”不在 Git 仓库“{top}”中")
    return top, Path(rel).as_posix()


def _show(ref: RevPath, max_bytes: int) -> bytes:
    top, rel = _spec(ref)
    if ref.rev and _run(["rev-parse", "--verify", "--quiet", f"{ref.rev}^{{commit}}"], top).returncode != 0:
        raise _Refused(f"Git 中没有版本“{ref.rev}”（可写 HEAD、HEAD~1、分支名或提交号）")
    kind = _run(["cat-file", "-t", f"{ref.rev}:{rel}"], top)
    if kind.returncode != 0:
        at = f"版本“{ref.rev}”" if ref.rev else "暂存区"
        raise _Refused(f"{at}中没有文件“{rel}”{_said(kind)}")
    if kind.stdout.strip() != b"blob":
        raise _Refused(f"“{rel}”在该版本中不是文件")
    size = _run(["cat-file", "-s", f"{ref.rev}:{rel}"], top).stdout.strip()
    if not size.isdigit() or int(size) > max_bytes:  # refused before git writes it into memory
        raise _TooLarge
    shown = _run(["show", "--no-textconv", f"{ref.rev}:{rel}"], top)
    if shown.returncode != 0:
        raise _Refused(f"无法读取“{ref.rev}:{rel}”{_said(shown)}")
    return shown.stdout


def read(ref: RevPath, max_bytes: int) -> tuple[bytes | None, list[Issue]]:
    """The bytes of ``ref.path`` in revision ``ref.rev``, or a located ``E-GIT-READ`` issue."""
    try:
        raw = _show(ref, max_bytes)
    except _Refused as exc:
        return None, [error(GIT_READ, Loc(ref.shown, 0, 0), "", str(exc))]
    except _TooLarge:
        msg = f"文件超过大小上限 {max_bytes // 1024 // 1024} MB，已拒绝读取"
        return None, [error(E_FILE_TOO_LARGE, Loc(ref.shown, 1, 1), "", msg)]
    return raw, []
