"""Build or check many departments: incremental, parallel and deterministic.

The parent process finds the sources, asks the manifest which are unchanged,
loads each county config once, and hands the rest out as jobs. A job checks
and renders one department *in memory* (in this process for ``-j 1``, in a
spawned worker otherwise) and never writes. The parent writes each result
(:class:`budgetgen.writer.Writer`) as soon as every earlier source is written,
so output names, collisions and the manifest do not depend on which worker
finished first, the progress display says 已生成 only for files really in
place, and one broken department never stops or corrupts the others.

Until there is work to do, nothing heavy is imported: a no-op rebuild reads
the manifest, hashes the inputs and stats the outputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetgen.discover import ConfigFinder, find_sources
from budgetgen.issues import Issue, has_errors
from budgetgen.manifest import Digests, Manifest, key_of
from budgetgen.outcome import Outcome, Report, Result, Status
from budgetgen.writer import Writer, manifest_warnings

__all__ = ["Batch", "Job", "Outcome", "Report", "Result", "Status", "default_workers", "execute", "run_job"]

if TYPE_CHECKING:
    from budgetgen.config import Settings
    from budgetgen.publish.convert import PublishSetup


@dataclass(frozen=True)
class Job:
    """One department to check, and to render unless ``check_only``."""

    source: Path
    settings: Settings
    strict: bool = False
    check_only: bool = False
    #: ``publish``: also make the PDFs (see :mod:`budgetgen.publish`).
    publish: PublishSetup | None = None


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
    if job.publish is not None and outputs is not None and checked.budget is not None:
        from budgetgen.publish.convert import with_pdfs

        outputs = with_pdfs(outputs, job.publish, checked)
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
    profile: str | None = None
    """A profile chosen on the command line, replacing the county config's ``模板``."""
    publish: PublishSetup | None = None
    started: Started = lambda _run, _unchanged: None
    done: Done = lambda _source, _status: None
    report: Report = field(default_factory=Report)
    config_failed: dict[Path, Issue] = field(default_factory=dict)

    @property
    def check_only(self) -> bool:
        """``check`` has no output folder."""
        return self.out_dir is None

    def run(self) -> Report:
        """Find, skip what is unchanged, build the rest, write in source order, and remember."""
        out_dir = self.out_dir
        sources, self.report.general = find_sources(self.paths, [out_dir] if out_dir else [])
        finder = ConfigFinder(self.config)
        manifest = Manifest(out_dir or Path()) if out_dir is None else Manifest.load(out_dir)
        digests = Digests()
        outcomes: dict[Path, Outcome] = {}
        todo: list[Path] = []
        for src in sources:
            fresh = not self.force and self._fresh(manifest, src, finder(src), digests)
            if out_dir is not None and fresh:
                outcomes[src] = Outcome(src, Status.UNCHANGED, manifest.warnings_of(src))
            else:
                todo.append(src)
        self.started(len(todo), len(sources) - len(todo))
        jobs = self._jobs(todo, finder, digests)
        if out_dir is None:
            results = execute(jobs, self.workers, lambda r: self.done(r.source, self._status(r)))
            outcomes.update({r.source: Outcome(r.source, self._status(r), r.issues) for r in results})
        else:
            outcomes.update(self._build_and_write(jobs, digests, out_dir, manifest))
        outcomes.update({s: Outcome(s, Status.FAILED, blocked_by=i) for s, i in self.config_failed.items()})
        self.report.outcomes = [outcomes[s] for s in sources]
        return self.report

    def _fresh(self, manifest: Manifest, src: Path, config: Path | None, digests: Digests) -> bool:
        """Unchanged since the last build; ``publish`` also needs the PDFs of that build."""
        has_pdfs = self.publish is None or any(n.endswith(".pdf") for n in manifest.outputs_of(src))
        return has_pdfs and manifest.is_fresh(src, config, digests, strict=self.strict)

    def _jobs(self, todo: list[Path], finder: ConfigFinder, digests: Digests) -> list[Job]:
        """One job per source whose county config loads; the others fail here, once per config."""
        if not todo:
            return []
        from budgetgen.config import Settings as SettingsT
        from budgetgen.config import load_settings

        settings: dict[Path | None, tuple[SettingsT | None, list[Issue]]] = {None: (SettingsT(), [])}
        jobs: list[Job] = []
        for src in todo:
            digests.of(key_of(src))  # hash the source as it is before building
            cfg = finder(src)
            if cfg not in settings:
                settings[cfg] = load_settings(cfg)  # type: ignore[arg-type]
            loaded, issues = settings[cfg]
            if loaded is None:
                self.report.general += [i for i in issues if i not in self.report.general]
                self.config_failed[src] = next(i for i in issues if i.is_error)
                self.done(src, Status.FAILED)
                continue
            if self.profile is not None:
                loaded = replace(loaded, profile=self.profile)
            jobs.append(Job(src, loaded, self.strict, self.check_only, self.publish))
        return jobs

    def _status(self, result: Result) -> Status:
        if has_errors(result.issues, strict=self.strict) or (not self.check_only and result.outputs is None):
            return Status.FAILED
        return Status.CHECKED if self.check_only else Status.BUILT

    def _build_and_write(
        self, jobs: list[Job], digests: Digests, out_dir: Path, manifest: Manifest
    ) -> dict[Path, Outcome]:
        """Build, and write each result once every earlier source is written (source order).

        Progress says 已生成 only once a department's files are really in place.
        """
        self.report.general += manifest_warnings(manifest)
        order = [job.source for job in jobs]
        writer = Writer(out_dir, manifest, digests, rebuilding=set(order))
        waiting: dict[Path, Result] = {}
        written: dict[Path, Outcome] = {}

        def arrived(result: Result) -> None:
            waiting[result.source] = result
            while len(written) < len(order) and order[len(written)] in waiting:
                src = order[len(written)]
                res = waiting.pop(src)
                written[src] = writer.write(res, self._status(res))
                self.done(src, written[src].status)

        try:
            execute(jobs, self.workers, arrived)
        finally:
            if writer.wrote or manifest.exists() or (self.force and manifest.out_dir.is_dir()):
                manifest.save()  # a run that wrote nothing into a new folder leaves no trace there
        return written
