"""What a batch builds: finding the inputs, and building one of them (in whichever process)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from ..errors import InputError, ReportgenError, display_path
from ..model.editions import AbstractInputError, load_edition
from ..model.template import Template
from ..source.loader import walk_inputs

log = logging.getLogger(__name__)

# Every format a build may write (the manifest describes whichever of them are on disk).
OUTPUT_SUFFIXES = ("docx", "pdf", "ofd")


@dataclass(frozen=True)
class Job:
    """One input to build, and the folder its outputs go to."""

    input: Path
    out_dir: Path
    explicit: bool = True

    def key(self, out_root: Path) -> str:
        """The manifest's name for the input: its real path, relative to the output folder."""
        try:
            real = self.input.resolve()
        except (OSError, RuntimeError):  # a symlink loop: loading it reports the problem
            real = self.input.absolute()
        return Path(os.path.relpath(real, out_root.resolve())).as_posix()

    def outputs(self, suffixes: Iterable[str] = OUTPUT_SUFFIXES) -> list[Path]:
        return [self.out_dir / f"{self.input.stem}.{s}" for s in suffixes]


@dataclass
class Output:
    path: str
    sha256: str
    bytes: int


@dataclass
class Outcome:
    """What happened to one input; ``status`` is built, failed, skipped (an abstract base),
    interrupted (the run stopped before it was built) or unchanged (built by an earlier run
    from the same files)."""

    input: str
    status: str
    outputs: list[Output] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    key: str = ""
    # For an incremental run: the files the build read (real path, SHA-256), and what else
    # it depended on (incremental.fingerprint).
    sources: list[tuple[str, str]] = field(default_factory=list)
    fingerprint: str = ""


def failed(job: Job, out_root: Path, problem: str) -> Outcome:
    name = display_path(job.input)
    return Outcome(name, "failed", problems=[f"{name}: {problem}"], key=job.key(out_root))


# --------------------------------------------------------------------------- discovery


def discover(paths: Iterable[Path], out_root: Path) -> tuple[list[Job], list[Outcome]]:
    """Jobs for every input file named or found (recursively) in a named folder.

    A folder's files keep their place below it under ``out_root``; a named file goes straight
    into ``out_root``. Hidden files and folders and the output folder itself are not searched.
    Inputs whose outputs would collide come back as failures.
    """
    out_resolved = out_root.resolve()
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            for file in walk_inputs(path, out_resolved):
                rel = file.relative_to(path)
                jobs.append(Job(file, out_root.joinpath(*rel.parts[:-1]), explicit=False))
        else:
            jobs.append(Job(path, out_root))  # a missing file is reported by the loader
    return _dedupe(jobs, out_root, [])


def _dedupe(
    jobs: list[Job], out_root: Path, failures: list[Outcome]
) -> tuple[list[Job], list[Outcome]]:
    out_resolved = out_root.resolve()
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
        if target != out_resolved and out_resolved not in target.parents:
            failures.append(failed(job, out_root, "输出位置超出输出文件夹"))
            continue
        key = (target, job.input.stem)
        if key in seen:
            other = display_path(seen[key])
            failures.append(failed(job, out_root, f"输出文件名与 {other} 相同，请改名后再生成"))
            continue
        seen[key] = job.input
        kept.append(job)
    return kept, failures


# --------------------------------------------------------------------------- one job


_STATE: dict[str, Any] = {}


class TimeLimit(BaseException):
    """Raised in a job that ran past the time limit (BaseException: no ``except Exception``
    inside a renderer may swallow it)."""


def init_worker(
    template: Template, formats: tuple[str, ...], seconds: float, in_process: bool
) -> None:
    """Keep the template and the time limit; in a worker process, warm the renderers once."""
    _STATE.update(template=template, formats=formats, seconds=seconds)
    if not in_process:
        # A pool worker loads fonts and styles before its first input; in this process the
        # first input does that itself, and a throw-away document would only add time.
        _warm(template, formats)


def _warm(template: Template, formats: Sequence[str]) -> None:
    from ..document.build import build_tree
    from ..model.models import document_adapter
    from ..pipeline import render

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


def _time_up(signum: int, frame: FrameType | None) -> None:
    raise TimeLimit


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimit in this (main) thread after ``seconds``; 0 is no limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_limit_problem(seconds: float) -> str:
    return (
        f"生成超过 {seconds:g} 秒的时间上限，已停止（其他文件照常生成）；"
        "请检查这个文件，或用 --timeout 放宽上限"
    )


def run_job(job: Job, out_root: Path) -> Outcome:
    """Build one input in this process (the worker side); never raises for a bad input."""
    from ..pipeline import build_file

    template: Template = _STATE["template"]
    start = time.perf_counter()
    outcome = failed(job, out_root, "")
    outcome.problems = []
    with _captured_warnings() as warnings:
        try:
            with _time_limit(_STATE["seconds"]):
                built = build_file(job.input, job.out_dir, _STATE["formats"], template)
        except TimeLimit:
            outcome.problems = [f"{outcome.input}: {time_limit_problem(_STATE['seconds'])}"]
        except AbstractInputError as exc:
            if job.explicit:
                outcome.problems = exc.lines()
            else:
                outcome.status = "skipped"
        except ReportgenError as exc:
            outcome.problems = exc.lines()
        except Exception as exc:  # a renderer bug must not stop the other inputs
            log.debug("内部错误", exc_info=True)
            outcome.problems = [
                f"{outcome.input}: 内部错误（{type(exc).__name__}: {exc}），请报告此问题"
            ]
        else:
            outcome.status = "built"
            outcome.outputs = [describe(p, out_root) for p in built.outputs]
            outcome.sources = sources(job.input)
            warnings.extend(built.warnings)
    outcome.warnings = list(dict.fromkeys(warnings))
    outcome.seconds = round(time.perf_counter() - start, 4)
    return outcome


def describe(path: Path, out_root: Path) -> Output:
    """A file as the manifest lists it: path below ``out_root``, SHA-256 and size."""
    data = path.read_bytes()
    rel = Path(os.path.relpath(path.resolve(), out_root.resolve())).as_posix()
    return Output(rel, hashlib.sha256(data).hexdigest(), len(data))


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(path: Path) -> list[tuple[str, str]]:
    """The files an input's build read (itself, the bases it extends, the files its 附件 come
    from, its previous edition and that one's bases), each as (real path, SHA-256)."""
    files: list[Path] = []
    try:
        edition = load_edition(path, with_previous=False)
        files += edition.chain
        files += edition.attached
        data = edition.loaded.data
        ref = data.get("previous") if isinstance(data, dict) else None
        if isinstance(ref, str) and ref.strip():
            previous = (path.parent / ref.strip()).resolve()
            files.append(previous)
            files += load_edition(previous, with_previous=False).chain
    except InputError:
        pass  # it built, so this cannot happen unless a file changed meanwhile: rebuilt next run
    out: dict[str, str] = {}
    for file in files:
        real = str(file.resolve())
        with contextlib.suppress(OSError):
            out.setdefault(real, file_hash(Path(real)))
    return sorted(out.items())
