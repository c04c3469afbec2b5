"""Building many inputs in one run: discovery, worker processes, atomic outputs and the manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from . import __version__
from .errors import ReportgenError, display_path
from .model.editions import AbstractInputError
from .model.template import Template, load_template
from .output import write_atomic
from .source.loader import walk_inputs

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
_LOCK = ".manifest.lock"


class Interrupted(ReportgenError):
    """The run was stopped (Ctrl-C or SIGTERM); every file already written is complete."""

    exit_code = 130


@dataclass(frozen=True)
class Job:
    """One input to build, and the folder its outputs go to."""

    input: Path
    out_dir: Path
    explicit: bool = True


@dataclass
class Output:
    path: str
    sha256: str
    bytes: int


@dataclass
class Outcome:
    """What happened to one input; ``status`` is built, failed or skipped (an abstract base)."""

    input: str
    status: str
    outputs: list[Output] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


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
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)


# --------------------------------------------------------------------------- discovery


def discover(paths: Iterable[Path], out_root: Path) -> tuple[list[Job], list[Outcome]]:
    """Jobs for every input file named or found (recursively) in a named folder.

    A folder's files keep their place below it under ``out_root``; a named file goes straight
    into ``out_root``. Hidden files and folders and the output folder itself are not searched.
    Inputs whose outputs would collide come back as failures.
    """
    out_resolved = out_root.resolve()
    jobs: list[Job] = []
    failures: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            for file in walk_inputs(path, out_resolved):
                rel = file.relative_to(path)
                jobs.append(Job(file, out_root.joinpath(*rel.parts[:-1]), explicit=False))
        else:
            jobs.append(Job(path, out_root))  # a missing file is reported by the loader
    return _dedupe(jobs, out_resolved, failures)


def _dedupe(
    jobs: list[Job], out_resolved: Path, failures: list[Outcome]
) -> tuple[list[Job], list[Outcome]]:
    seen: dict[tuple[Path, str], Path] = {}
    inputs: set[Path] = set()
    kept: list[Job] = []
    for job in jobs:
        try:
            resolved = job.input.resolve()
        except (OSError, RuntimeError):  # a symlink loop: loading it reports the problem
            resolved = job.input.absolute()
        if resolved in inputs:
            continue  # the same file named twice (or a file inside a named folder)
        inputs.add(resolved)
        target = job.out_dir.resolve()
        name = display_path(job.input)
        if target != out_resolved and out_resolved not in target.parents:
            failures.append(Outcome(name, "failed", problems=[f"{name}: 输出位置超出输出文件夹"]))
            continue
        key = (target, job.input.stem)
        if key in seen:
            other = display_path(seen[key])
            failures.append(
                Outcome(
                    name, "failed", problems=[f"{name}: 输出文件名与 {other} 相同，请改名后再生成"]
                )
            )
            continue
        seen[key] = job.input
        kept.append(job)
    return kept, failures


# --------------------------------------------------------------------------- one job


_STATE: dict[str, Any] = {}


def _init_worker(template: Template, formats: tuple[str, ...], in_process: bool) -> None:
    """Keep the template and warm the renderers (fonts, styles) once per worker process."""
    if not in_process:
        # A killed run must not leave partial files: SIGTERM becomes SystemExit, which lets
        # write_atomic remove its temporary file. Ctrl-C is the parent's to handle.
        signal.signal(signal.SIGTERM, _raise_exit)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE.update(template=template, formats=formats)
    if not in_process:
        # A pool worker loads fonts and styles while the others start; in this process the
        # first input does that itself, and a throw-away document would only add time.
        _warm(template, formats)


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _warm(template: Template, formats: Sequence[str]) -> None:
    from .document.build import build_tree
    from .model.models import document_adapter
    from .pipeline import render

    model = document_adapter.validate_python(
        {"kind": "report", "title": "预热", "organization": "预热", "body": ["预热，一二三。"]}
    )
    tree = build_tree(model, title_chars=template.limits.title_chars_per_line)
    for fmt in formats:
        try:
            render(tree, fmt, template)
        except Exception as exc:  # a broken renderer is reported per input, not here
            log.debug("预热 %s 失败：%s", fmt, exc)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Warnings of one input, kept with its outcome instead of interleaving on stderr."""
    logger = logging.getLogger("reportgen")
    handler = _Capture()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def run_job(job: Job, out_root: Path) -> Outcome:
    """Build one input in this process (the worker side); never raises for a bad input."""
    from .pipeline import build_file

    name = display_path(job.input)
    template: Template = _STATE["template"]
    formats: tuple[str, ...] = _STATE["formats"]
    start = time.perf_counter()
    outcome = Outcome(name, "failed")
    with _captured_warnings() as warnings:
        try:
            built = build_file(job.input, job.out_dir, formats, template)
        except AbstractInputError as exc:
            if job.explicit:
                outcome.problems = exc.lines()
            else:
                outcome.status = "skipped"
        except ReportgenError as exc:
            outcome.problems = exc.lines()
        except Exception as exc:  # a renderer bug must not stop the other inputs
            log.debug("内部错误", exc_info=True)
            outcome.problems = [f"{name}: 内部错误（{type(exc).__name__}: {exc}），请报告此问题"]
        else:
            outcome.status = "built"
            outcome.outputs = [_describe(p, out_root) for p in built.outputs]
            warnings.extend(built.warnings)
    outcome.warnings = list(dict.fromkeys(warnings))
    outcome.seconds = round(time.perf_counter() - start, 4)
    return outcome


def _describe(path: Path, out_root: Path) -> Output:
    data = path.read_bytes()
    rel = path.resolve().relative_to(out_root.resolve()).as_posix()
    return Output(rel, hashlib.sha256(data).hexdigest(), len(data))


# --------------------------------------------------------------------------- the run


Progress = Callable[[Outcome, int, int], None]


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
) -> BatchResult:
    """Build every job in ``workers`` processes, keep going past failures, write the manifest.

    ``progress`` is called in this process after each input. Raises Interrupted on Ctrl-C or
    SIGTERM, after writing the manifest of what was finished.
    """
    start = time.perf_counter()
    fmts = tuple(formats)
    template = template or load_template()
    workers = max(1, min(workers or default_workers(), len(jobs) or 1))
    outcomes: list[Outcome] = list(failures)
    total = len(jobs) + len(failures)

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(outcomes), total)

    for failure in failures:
        if progress is not None:
            progress(failure, outcomes.index(failure) + 1, total)
    interrupted = False
    with _sigterm_as_interrupt():
        try:
            if workers == 1:
                _init_worker(template, fmts, in_process=True)
                for job in jobs:
                    done(run_job(job, out_root))
            else:
                _run_pool(jobs, out_root, fmts, template, workers, done)
        except KeyboardInterrupt:
            interrupted = True
    finished = {o.input for o in outcomes}
    for job in jobs:
        name = display_path(job.input)
        if name not in finished and not interrupted:
            outcomes.append(Outcome(name, "failed", problems=[f"{name}: 工作进程意外退出，未生成"]))
    outcomes.sort(key=lambda o: o.input)
    result = BatchResult(outcomes, round(time.perf_counter() - start, 3), workers)
    if manifest:
        result.manifest = write_manifest(out_root, outcomes)
    if interrupted:
        raise Interrupted(f"已中断：完成 {result.built} 个，已写出的文件都是完整的")
    return result


def _run_pool(
    jobs: Sequence[Job],
    out_root: Path,
    formats: tuple[str, ...],
    template: Template,
    workers: int,
    done: Callable[[Outcome], None],
) -> None:
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(template, formats, False)
    )
    futures: dict[Future[Outcome], Job] = {}
    try:
        for job in jobs:
            futures[pool.submit(_pool_job, job, out_root)] = job
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                name = display_path(job.input)
                problem = f"{name}: 工作进程意外退出（内存不足？），未生成"
                outcome = Outcome(name, "failed", problems=[problem])
            except BaseException as exc:
                # A worker stopped by SIGTERM hands its SystemExit back as the job's result.
                raise KeyboardInterrupt from exc
            done(outcome)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _pool_job(job: Job, out_root: Path) -> Outcome:
    return run_job(job, out_root)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """In the main thread, SIGTERM stops the run like Ctrl-C does (so the pool is shut down)."""
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


# --------------------------------------------------------------------------- manifest


def write_manifest(out_root: Path, outcomes: Sequence[Outcome]) -> Path:
    """Write ``out_root/manifest.json``, keeping the entries of earlier runs for other inputs.

    Entries are sorted and keys ordered, so two runs over the same inputs give the same file
    unless an output changed. Runs into the same folder take a lock for the read-merge-write.
    """
    target = out_root / MANIFEST
    out_root.mkdir(parents=True, exist_ok=True)
    with _locked(out_root / _LOCK):
        entries = {e["input"]: e for e in _read_manifest(target, out_root)}
        for outcome in outcomes:
            if outcome.status == "skipped":
                entries.pop(outcome.input, None)
                continue
            entry = asdict(outcome)
            entry["render_seconds"] = entry.pop("seconds")
            entries[outcome.input] = entry
        doc = {
            "generator": f"reportgen {__version__}",
            "inputs": [entries[k] for k in sorted(entries)],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(target, text.encode("utf-8"))
    return target


def _read_manifest(target: Path, out_root: Path) -> list[dict[str, Any]]:
    """The earlier run's entries whose outputs are all still there."""
    try:
        doc = json.loads(target.read_text(encoding="utf-8"))
        entries = [
            e for e in doc["inputs"] if isinstance(e, dict) and isinstance(e.get("input"), str)
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [
        e
        for e in entries
        if all(
            isinstance(o, dict) and (out_root / str(o.get("path"))).is_file()
            for o in e.get("outputs", [])
        )
    ]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; the write itself is still atomic
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------- text for the CLI


def failure_line(outcome: Outcome, limit: int = 2) -> str:
    """One line for a failed input: its name and its first problems."""
    first = "；".join(outcome.problems[:limit])
    more = len(outcome.problems) - limit
    tail = f"（另有 {more} 个问题，用 reportgen check 查看全部）" if more > 0 else ""
    if not first.startswith(outcome.input):  # e.g. a problem in an inherited base file
        first = f"{outcome.input}: {first}"
    return f"失败 {first}{tail}"


def progress_line(done: int, total: int, failed: int, width: int = 30) -> str:
    filled = width * done // total if total else width
    bar = "█" * filled + "░" * (width - filled)
    tail = f"，失败 {failed}" if failed else ""
    return f"{bar} {done}/{total}{tail}"


def summary_line(result: BatchResult) -> str:
    rate = result.built / result.seconds if result.seconds > 0 else 0.0
    parts = [f"生成 {result.built} 个", f"失败 {result.failed} 个", f"警告 {result.warnings} 条"]
    if result.skipped:
        parts.append(f"跳过基础文件 {result.skipped} 个")
    return (
        f"完成：{'，'.join(parts)}；用时 {result.seconds:.1f} 秒"
        f"（{rate:.1f} 个/秒，{result.workers} 个进程）"
    )
