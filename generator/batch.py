"""Build or check many departments: incremental, parallel and deterministic.

The parent process finds the sources, asks the manifest which are unchanged,
loads each county config once, and hands the rest out as jobs. A job checks
and renders one department *in memory* (in this process for ``-j 1``, in a
spawned worker otherwise) and never writes. The parent then writes every
result in source order, so output names, collisions and the manifest do not
depend on which worker finished first, and one broken department never stops
or corrupts the others.

Until there is work to do, nothing heavy is imported: a no-op rebuild reads
the manifest, hashes the inputs and stats the outputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetgen.discover import ConfigFinder, find_sources
from budgetgen.issues import Issue, has_errors
from budgetgen.manifest import Digests, Manifest

if TYPE_CHECKING:
    from budgetgen.config import Settings


class Status(str, Enum):
    """What happened to one department."""

    BUILT = "built"
    UNCHANGED = "unchanged"
    CHECKED = "checked"
    FAILED = "failed"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {"built": "已生成", "unchanged": "未变化", "checked": "已校验", "failed": "失败"}[self.value]


@dataclass(frozen=True)
class Job:
    """One department to check, and to render unless ``check_only``."""

    source: Path
    settings: Settings
    strict: bool = False
    check_only: bool = False


@dataclass(frozen=True)
class Result:
    """What a job sends back: issues, and the rendered files when nothing blocked them."""

    source: Path
    issues: list[Issue]
    outputs: dict[str, bytes] | None = None
    deps: tuple[Path, ...] = ()
    pinned: bool = False
    config: Path | None = None


@dataclass
class Outcome:
    """One department's line in the summary."""

    source: Path
    status: Status
    issues: list[Issue] = field(default_factory=list)
    written: tuple[Path, ...] = ()
    #: Why it failed, for the summary: its first error, or the config's when the config is broken.
    blocked_by: Issue | None = None

    def __post_init__(self) -> None:
        if self.blocked_by is None and self.status is Status.FAILED:
            from budgetgen.issues import sort_issues

            blocking = sort_issues(i for i in self.issues if i.is_error) or sort_issues(self.issues)
            self.blocked_by = blocking[0] if blocking else None


@dataclass
class Report:
    """Everything a batch did, in source order, plus problems not tied to one department."""

    outcomes: list[Outcome] = field(default_factory=list)
    general: list[Issue] = field(default_factory=list)

    def with_status(self, status: Status) -> list[Outcome]:
        """The outcomes with ``status``."""
        return [o for o in self.outcomes if o.status is status]

    @property
    def issues(self) -> list[Issue]:
        """Every issue, general ones first."""
        return [*self.general, *(i for o in self.outcomes for i in o.issues)]


#: Progress callbacks: ``started(to_run, unchanged)`` once, then ``done(outcome-ish)`` per job.
Started = Callable[[int, int], None]
Done = Callable[[Path, Status], None]


def run_job(job: Job) -> Result:
    """Check (and render) one department; any unexpected failure becomes an issue."""
    try:
        return _run(job)
    except Exception as exc:  # a traceback shown to a user is a bug: report it as data
        from budgetgen.discover import shown_path
        from budgetgen.overrides import internal_issue

        return Result(job.source, [internal_issue(exc, shown_path(job.source))])


def _run(job: Job) -> Result:
    from budgetgen import pipeline

    if job.check_only:
        checked, outputs = pipeline.check_file(job.source, job.settings), None
    else:
        checked, outputs = pipeline.build_outputs(job.source, job.settings, strict=job.strict)
    used = checked.settings
    pinned = used.config_path != job.settings.config_path
    deps = (*checked.deps, *used.override_dirs)
    return Result(job.source, checked.issues, outputs, deps, pinned, job.settings.config_path)


def _warm() -> None:
    """Worker start-up: ignore Ctrl-C (the parent handles it) and import the renderers once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from budgetgen import pipeline  # noqa: F401
    from budgetgen.render import docx, env, xlsx  # noqa: F401


def default_workers() -> int:
    """One worker per CPU this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def execute(jobs: Sequence[Job], workers: int, done: Callable[[Result], None]) -> list[Result]:
    """Run jobs in this process (``workers`` ≤ 1) or in a pool of spawned processes."""
    if workers <= 1 or len(jobs) <= 1:
        results = []
        for job in jobs:
            results.append(run_job(job))
            done(results[-1])
        return results
    return list(_pooled(jobs, min(workers, len(jobs)), done))


#: What a worker needs; the fork server imports it once and every worker starts with it loaded.
_PRELOAD = ["budgetgen.pipeline", "budgetgen.render.docx", "budgetgen.render.xlsx", "budgetgen.tables.spec"]


def _context(multiprocessing: Any) -> Any:
    """A fork server where the platform has one (workers share one import), else spawn.

    Never plain fork: the parent may run a progress thread. Both start methods
    re-import this module in the child, so everything a job needs is picklable.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _pooled(jobs: Sequence[Job], workers: int, done: Callable[[Result], None]) -> Iterator[Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from budgetgen.discover import shown_path
    from budgetgen.overrides import internal_issue

    ctx = _context(multiprocessing)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm) as pool:
        futures = {pool.submit(run_job, job): job for job in jobs}
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker died (out of memory, killed)
                    result = Result(job.source, [internal_issue(exc, shown_path(job.source))])
                done(result)
                yield result
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


@dataclass
class Batch:
    """One ``budgetgen build`` or ``check`` over many paths."""

    paths: Sequence[Path]
    out_dir: Path | None = None
    config: Path | None = None
    workers: int = 1
    force: bool = False
    strict: bool = False
    started: Started = lambda _run, _unchanged: None
    done: Done = lambda _source, _status: None
    report: Report = field(default_factory=Report)
    config_failed: dict[Path, Issue] = field(default_factory=dict)

    @property
    def check_only(self) -> bool:
        """``check`` has no output folder."""
        return self.out_dir is None

    def run(self) -> Report:
        """Find, skip what is unchanged, build the rest, write, and remember."""
        out_dir = self.out_dir
        sources, self.report.general = find_sources(self.paths, [out_dir] if out_dir else [])
        finder = ConfigFinder(self.config)
        manifest = Manifest(out_dir or Path()) if out_dir is None or self.force else Manifest.load(out_dir)
        digests = Digests()
        outcomes: dict[Path, Outcome] = {}
        todo: list[Path] = []
        for src in sources:
            if out_dir is not None and manifest.is_fresh(src, finder(src), digests, strict=self.strict):
                outcomes[src] = Outcome(src, Status.UNCHANGED, manifest.warnings_of(src))
            else:
                todo.append(src)
        self.started(len(todo), len(sources) - len(todo))
        results = self._build(todo, finder, digests)
        if out_dir is None:
            outcomes.update({src: Outcome(src, self._status(r), r.issues) for src, r in results.items()})
        else:
            outcomes.update(self._write(results, out_dir, manifest, outcomes, digests))
        outcomes.update({s: Outcome(s, Status.FAILED, blocked_by=i) for s, i in self.config_failed.items()})
        self.report.outcomes = [outcomes[s] for s in sources]
        return self.report

    def _build(self, todo: list[Path], finder: ConfigFinder, digests: Digests) -> dict[Path, Result]:
        if not todo:
            return {}
        from budgetgen.config import Settings as SettingsT
        from budgetgen.config import load_settings

        settings: dict[Path | None, tuple[SettingsT | None, list[Issue]]] = {None: (SettingsT(), [])}
        results: dict[Path, Result] = {}
        jobs: list[Job] = []
        for src in todo:
            digests.of(str(src.resolve()))  # hash the source as it is before building
            cfg = finder(src)
            if cfg not in settings:
                settings[cfg] = load_settings(cfg)  # type: ignore[arg-type]
            loaded, issues = settings[cfg]
            if loaded is None:
                self.report.general += [i for i in issues if i not in self.report.general]
                self.config_failed[src] = next(i for i in issues if i.is_error)
                self.done(src, Status.FAILED)
                continue
            jobs.append(Job(src, loaded, self.strict, self.check_only))

        def done(result: Result) -> None:
            self.done(result.source, self._status(result))

        for result in execute(jobs, self.workers, done):
            results[result.source] = result
        return results

    def _status(self, result: Result) -> Status:
        if has_errors(result.issues, strict=self.strict) or (not self.check_only and result.outputs is None):
            return Status.FAILED
        return Status.CHECKED if self.check_only else Status.BUILT

    def _write(
        self,
        results: dict[Path, Result],
        out_dir: Path,
        manifest: Manifest,
        kept: dict[Path, Outcome],
        digests: Digests,
    ) -> dict[Path, Outcome]:
        """Write results in source order, then save the manifest if anything changed."""
        from budgetgen.writer import write_results

        if not results:
            if manifest.out_dir.is_dir() and (self.force or not manifest.exists()):
                manifest.save()
            return {}
        claimed = {name: src for src in kept for name in manifest.outputs_of(src)}
        written = write_results(
            results, out_dir, manifest=manifest, claimed=claimed, digests=digests, status_of=self._status
        )
        if manifest.exists() or any(o.status is Status.BUILT for o in written.values()):
            manifest.save()  # a run that wrote nothing into a new folder leaves no trace there
        return written
