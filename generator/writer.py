"""Write a batch's rendered results into the output folder and keep the manifest in step.

Results are written in source order, each department atomically, so the files
on disk never depend on which worker finished first. Two departments that would
write the same file name (the same 全称 and year) are a located error for the
second, not a silent overwrite. When a department's file names change (it was
renamed), the files it wrote before are removed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetgen.batch import Outcome, Result, Status
from budgetgen.discover import shown_path
from budgetgen.issues import Issue, Loc, error, issue_to_dict
from budgetgen.manifest import Digests, Entry, Manifest, key_of


def _collision(src: Path, name: str, other: Path) -> Issue:
    msg = f"输出文件“{name}”与 {shown_path(other)} 的输出重名（部门全称和预算年度相同？），本部门未生成"
    return error("E-OUTPUT-CLASH", Loc(shown_path(src), 1, 1), "部门.全称", msg)


def _unwritable(out_dir: Path, exc: OSError) -> Issue:
    reason = "它是一个文件，不是文件夹" if out_dir.is_file() else (exc.strerror or str(exc))
    msg = f"无法写入输出目录“{shown_path(out_dir)}”：{reason}；本部门未生成，原有文件保持不变"
    return error("E-OUTPUT-WRITE", Loc(shown_path(out_dir), 0, 0), "", msg)


def _remove_stale(old: set[str], new: set[str], out_dir: Path, claimed: dict[str, Path], src: Path) -> None:
    for name in sorted(old - new):
        if claimed.get(name, src) == src:
            (out_dir / name).unlink(missing_ok=True)


def write_results(
    results: dict[Path, Result],
    out_dir: Path,
    *,
    manifest: Manifest,
    claimed: dict[str, Path],
    digests: Digests,
    status_of: Callable[[Result], Status],
) -> dict[Path, Outcome]:
    """Write every result that has outputs; return each department's outcome."""
    from budgetgen.pipeline import write_atomic

    outcomes: dict[Path, Outcome] = {}
    for src in sorted(results, key=str):
        result = results[src]
        status = status_of(result)
        if status is not Status.BUILT or result.outputs is None:
            # Keep the entry: the earlier good outputs are still on disk, and a failed build
            # must leave the output folder byte-for-byte unchanged (issue 4), manifest included.
            outcomes[src] = Outcome(src, Status.FAILED, result.issues)
            continue
        clash = next(((n, claimed[n]) for n in result.outputs if claimed.get(n, src) != src), None)
        if clash is not None:
            manifest.entries.pop(key_of(src), None)
            outcomes[src] = Outcome(src, Status.FAILED, [*result.issues, _collision(src, *clash)])
            continue
        try:
            written = write_atomic(out_dir, result.outputs)
        except OSError as exc:  # a file where the folder should be, no permission, disk full…
            outcomes[src] = Outcome(src, Status.FAILED, [*result.issues, _unwritable(out_dir, exc)])
            continue
        claimed.update(dict.fromkeys(result.outputs, src))
        old = set(manifest.outputs_of(src))
        _remove_stale(old, set(result.outputs), out_dir, claimed, src)
        warnings = sum(1 for i in result.issues if not i.is_error)
        entry = Entry(config=str(result.config) if result.config else None, pinned=result.pinned, warnings=warnings)
        entry.issues = [issue_to_dict(i) for i in result.issues if not i.is_error]
        manifest.record(src, result.deps, written, entry, digests)
        outcomes[src] = Outcome(src, Status.BUILT, result.issues, tuple(written))
    return outcomes
