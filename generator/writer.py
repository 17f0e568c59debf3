"""Write a batch's rendered results into the output folder and keep the manifest in step.

:class:`Writer` writes one department at a time, in source order, so the files
on disk never depend on which worker finished first. For each department:

1. two departments that would write the same file name (the same 全称 and
   year, in this run or in an earlier one) are a located error for the later,
   never a silent overwrite;
2. both files are staged to flushed temp files (:func:`budgetgen.atomic.stage`);
3. the department is noted in the manifest's journal, then both files are
   renamed into place, so a kill between the renames is noticed next time;
4. files it wrote under an earlier name are removed, but only when the
   manifest recorded them and their content is still what budgetgen wrote;
5. the manifest records each file's hash and the build it belongs to.

``publish`` and other writers of derived files can use the same class with
their own :class:`~budgetgen.outcome.Result` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from budgetgen.atomic import UnsafeTarget, stage
from budgetgen.codes import E_OUTPUT_CLASH, E_OUTPUT_NAME, E_OUTPUT_WRITE, W_MANIFEST_IGNORED, W_OUTPUT_KEPT
from budgetgen.discover import shown_path
from budgetgen.issues import Issue, Loc, error, issue_to_dict, warning
from budgetgen.manifest import MANIFEST_NAME, Digests, Entry, Journal, Manifest, build_id, key_of
from budgetgen.outcome import Outcome, Result, Status


def _collision(src: Path, name: str, other: Path) -> Issue:
    msg = f"输出文件“{name}”与 {shown_path(other)} 的输出重名（部门全称和预算年度相同？），本部门未生成"
    return error(E_OUTPUT_CLASH, Loc(shown_path(src), 1, 1), "部门.全称", msg)


def _unwritable(out_dir: Path, exc: OSError) -> Issue:
    reason = "它是一个文件，不是文件夹" if out_dir.is_file() else (exc.strerror or str(exc))
    msg = f"无法写入输出目录“{shown_path(out_dir)}”：{reason}；本部门未生成，原有文件保持不变"
    return error(E_OUTPUT_WRITE, Loc(shown_path(out_dir), 0, 0), "", msg)


def _unsafe(src: Path, exc: UnsafeTarget) -> Issue:
    return error(E_OUTPUT_NAME, Loc(shown_path(src), 1, 1), "部门.全称", f"{exc}；本部门未生成")


def manifest_warnings(manifest: Manifest) -> list[Issue]:
    """One warning per output name in the manifest file that budgetgen ignored."""
    where = Loc(shown_path(manifest.out_dir / MANIFEST_NAME), 1, 1)
    return [
        warning(
            W_MANIFEST_IGNORED, where, "", f"清单中记录的“{name[:80]}”不是 budgetgen 的输出文件名，已忽略（不会删除）"
        )
        for name in manifest.ignored
    ]


class Writer:
    """Writes results into ``out_dir`` one department at a time, recording each in ``manifest``."""

    def __init__(
        self,
        out_dir: Path,
        manifest: Manifest,
        digests: Digests,
        *,
        rebuilding: Iterable[Path] = (),
        between: Callable[[Path], None] = lambda _target: None,
    ) -> None:
        self.out_dir = out_dir
        self.manifest = manifest
        self.digests = digests
        self.journal = Journal(out_dir)
        self.between = between
        self.wrote = False
        rebuilt = {key_of(s) for s in rebuilding}
        #: Output name → the source that owns it: every other recorded source that still exists.
        self.claimed: dict[str, Path] = {
            name: Path(key)
            for key, entry in manifest.entries.items()
            if key not in rebuilt and Path(key).is_file()
            for name in entry.outputs
        }

    def write(self, result: Result, status: Status) -> Outcome:
        """Write one result if ``status`` says it was built; return the department's outcome."""
        src = result.source
        if status is not Status.BUILT or result.outputs is None:
            # Keep the entry: the earlier good outputs are still on disk, and a failed build
            # must leave the output folder byte-for-byte unchanged (issue 4), manifest included.
            for name in self.manifest.outputs_of(src):
                self.claimed.setdefault(name, src)
            return Outcome(src, Status.FAILED, result.issues)
        clash = next(((n, self.claimed[n]) for n in result.outputs if self.claimed.get(n, src) != src), None)
        if clash is not None:
            return Outcome(src, Status.FAILED, [*result.issues, _collision(src, *clash)])
        try:
            written = self.publish(src, result.outputs)
        except UnsafeTarget as exc:
            return Outcome(src, Status.FAILED, [*result.issues, _unsafe(src, exc)])
        except OSError as exc:  # a file where the folder should be, no permission, disk full…
            return Outcome(src, Status.FAILED, [*result.issues, _unwritable(self.out_dir, exc)])
        issues = [*result.issues, *self._remove_stale(src, set(result.outputs))]
        warnings = sum(1 for i in issues if not i.is_error)
        entry = Entry(config=str(result.config) if result.config else None, pinned=result.pinned, warnings=warnings)
        entry.issues = [issue_to_dict(i) for i in issues if not i.is_error]
        self.manifest.record(src, result.deps, result.outputs, entry, self.digests)
        return Outcome(src, Status.BUILT, issues, tuple(written))

    def publish(self, src: Path, outputs: Mapping[str, bytes]) -> list[Path]:
        """Stage every file, note the build in the journal, then rename every file into place."""
        staged = stage(self.out_dir, outputs)
        try:
            self.journal.note(src, build_id(outputs))
        except BaseException:
            staged.discard()
            raise
        self.wrote = True
        try:
            written = staged.publish(self.between)
        except BaseException:
            self.manifest.entries.pop(key_of(src), None)  # maybe half renamed: rebuild next time
            raise
        self.claimed.update(dict.fromkeys(outputs, src))
        return written

    def _remove_stale(self, src: Path, new: set[str]) -> list[Issue]:
        """Remove what ``src`` wrote under names it no longer uses, if it is still exactly that."""
        kept: list[Issue] = []
        for name, recorded in sorted(self.manifest.outputs_of(src).items()):
            if name in new or self.claimed.get(name, src) != src:
                continue
            if self.manifest.removable(name, recorded):
                (self.out_dir / name).unlink(missing_ok=True)
            elif (self.out_dir / name).exists():
                msg = f"部门改名后，旧的输出文件“{name}”已被改动过，未删除，请自行处理"
                kept.append(warning(W_OUTPUT_KEPT, Loc(shown_path(src), 1, 1), "部门.全称", msg))
        return kept
