"""One batch run: the jobs in worker processes (or this one), stops, the manifest, the summary."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from ..errors import ReportgenError, display_path
from ..model.template import Template, load_template
from ..output import ensure_folder
from .incremental import fingerprint, partition
from .jobs import Job, Outcome, init_worker, run_job
from .manifest import write_manifest
from .workers import Pool


class Interrupted(ReportgenError):
    """The run was stopped (Ctrl-C or SIGTERM); every file already written is complete."""

    exit_code = 130


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: float
    workers: int
    manifest: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def built(self) -> int:
        return self.count("built")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)


Progress = Callable[[Outcome, int, int], None]

OUTPUT_HINT = "请用 -o 指定另一个可写的输出文件夹"


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def build_many(
    jobs: Sequence[Job],
    out_root: Path,
    formats: Sequence[str],
    template: Template | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    failures: Sequence[Outcome] = (),
    manifest: bool = True,
    seconds: float | None = None,
    force: bool = False,
) -> BatchResult:
    """Build every job in ``workers`` processes, keep going past failures, write the manifest.

    ``progress`` is called in this process after each input. ``seconds`` limits the time of
    one input (default: the template's ``limits.seconds_per_document``; 0 is no limit).
    Inputs unchanged since the manifest (files, template, fonts, version; outputs as written)
    are not built again unless ``force``. An output folder that cannot be written raises
    OutputError before anything is built. Raises Interrupted on Ctrl-C or SIGTERM, after
    writing the manifest of what is on disk.
    """
    start = time.perf_counter()
    ensure_folder(out_root, OUTPUT_HINT)
    template = template or load_template()
    limit = template.limits.seconds_per_document if seconds is None else seconds
    outcomes: list[Outcome] = []
    total = len(jobs) + len(failures)

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(outcomes), total)

    for failure in failures:
        done(failure)
    stamp = fingerprint(template, formats) if manifest else ""
    todo = list(jobs)
    if manifest and not force:
        todo, unchanged = partition(jobs, out_root, formats, stamp)
        for outcome in unchanged:
            done(outcome)
    workers = max(1, min(workers or default_workers(), len(todo) or 1))
    interrupted = False
    try:
        _run(todo, out_root, tuple(formats), template, workers, limit, done)
    except KeyboardInterrupt:
        interrupted = True
    _finish(outcomes, jobs, out_root, stamp)
    result = BatchResult(outcomes, round(time.perf_counter() - start, 3), workers)
    if manifest:
        by_key = {job.key(out_root): job for job in jobs}
        result.manifest = write_manifest(out_root, outcomes, by_key)
    if interrupted:
        raise Interrupted(f"已中断：完成 {result.built} 个，已写出的文件都是完整的")
    return result


def _finish(outcomes: list[Outcome], jobs: Sequence[Job], out_root: Path, stamp: str) -> None:
    """Stamp what was built; an input the run did not get to (it was stopped) is interrupted."""
    for outcome in outcomes:
        if outcome.status == "built":
            outcome.fingerprint = stamp
    finished = {o.key for o in outcomes}
    for job in jobs:
        key = job.key(out_root)
        if key not in finished:
            name = display_path(job.input)
            outcomes.append(Outcome(name, "interrupted", problems=[f"{name}: 未完成"], key=key))
    outcomes.sort(key=lambda o: o.input)


def _run(
    jobs: Sequence[Job],
    out_root: Path,
    formats: tuple[str, ...],
    template: Template,
    workers: int,
    seconds: float,
    done: Callable[[Outcome], None],
) -> None:
    with _sigterm_as_interrupt():
        if workers == 1:
            init_worker(template, formats, seconds, in_process=True)
            for job in jobs:
                done(run_job(job, out_root))
            return
        pool = Pool(workers, out_root, template, formats, seconds)
        try:
            pool.run(jobs, done)
        finally:
            pool.close()


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """In the main thread, SIGTERM stops the run like Ctrl-C does (so the workers are stopped)."""
    try:
        previous = signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


# --------------------------------------------------------------------------- text for the CLI


def failure_line(outcome: Outcome, limit: int = 2) -> str:
    """One line for a failed input: its name and its first problems."""
    first = "；".join(outcome.problems[:limit])
    more = len(outcome.problems) - limit
    tail = f"（另有 {more} 个问题，用 reportgen check 查看全部）" if more > 0 else ""
    if not first.startswith(outcome.input):  # e.g. a problem in an inherited base file
        first = f"{outcome.input}: {first}"
    return f"失败 {first}{tail}"


def summary_line(result: BatchResult) -> str:
    rate = result.built / result.seconds if result.seconds > 0 else 0.0
    parts = [f"生成 {result.built} 个", f"失败 {result.failed} 个", f"警告 {result.warnings} 条"]
    if result.skipped:
        parts.append(f"跳过基础文件 {result.skipped} 个")
    if result.unchanged:
        parts.append(f"未变化跳过 {result.unchanged} 个（--force 全部重新生成）")
    # A rate says something only over several documents ("0.0 个/秒" for one slow first build
    # read as a fault).
    speed = f"{rate:.1f} 个/秒，" if result.built >= 2 else ""
    return (
        f"完成：{'，'.join(parts)}；用时 {result.seconds:.1f} 秒（{speed}{result.workers} 个进程）"
    )
