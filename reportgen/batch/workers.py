"""Worker processes for a batch: they die with the run, stop promptly, and obey the time limit."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType

from ..errors import ReportgenError
from ..model.template import Template
from .jobs import Job, Outcome, failed, init_worker, run_job, time_limit_problem

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
# A worker past the time limit that did not stop itself (stuck outside Python) is killed
# this much later; one that ignores SIGTERM this long after it was asked to stop, too.
_GRACE_SECONDS = 5.0
_STOP_SECONDS = 2.0


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: Job | None = None
    started: float = 0.0
    ready: bool = False


def _die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM to this process when the run that started it dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


_RESEND_SECONDS = 0.01


def quiet_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """``sys.unraisablehook`` of a worker. A SIGTERM handled while Python runs a finalizer
    (a ``__del__``, a weakref callback) raises SystemExit where it cannot propagate, and Python
    would print it as "Exception ignored … Traceback" into the run's error output. Say nothing
    and have the signal sent again, so the worker still stops, from ordinary code."""
    if isinstance(unraisable.exc_value, SystemExit | KeyboardInterrupt):
        # Sent from another thread a moment later: sent from here, the handler would run at
        # once, inside this hook, and raise where nothing can catch it again.
        threading.Timer(_RESEND_SECONDS, os.kill, (os.getpid(), signal.SIGTERM)).start()
        return
    sys.__unraisablehook__(unraisable)


def _worker_main(
    conn: Connection,
    others: Sequence[Connection],
    parent: int,
    template: Template,
    formats: tuple[str, ...],
    seconds: float,
    out_root: Path,
) -> None:
    """Build the jobs the run sends until the pipe closes. SIGTERM becomes SystemExit, which
    lets write_atomic remove its temporary file; Ctrl-C is the run's to handle."""
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.unraisablehook = quiet_unraisable
    _die_with_parent(parent)
    for other in others:  # the run's ends of the other workers' pipes, inherited by fork
        other.close()
    init_worker(template, formats, seconds, in_process=False)
    try:
        conn.send(None)  # ready: the time limit counts from the first job, not from warming up
        while True:
            job = conn.recv()
            conn.send(run_job(job, out_root))
    except (EOFError, OSError):
        return  # the run is over (or gone): its end of the pipe is closed


class Pool:
    """``workers`` processes, each building one job at a time, replaced when one dies."""

    def __init__(
        self,
        workers: int,
        out_root: Path,
        template: Template,
        formats: tuple[str, ...],
        seconds: float,
    ) -> None:
        self.args = (os.getpid(), template, formats, seconds, out_root)
        self.out_root = out_root
        self.seconds = seconds
        self.context = multiprocessing.get_context()
        self.workers: list[_Worker] = []
        self.pending: deque[Job] = deque()
        for _ in range(workers):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        # Only a forked worker holds copies of the other pipes (a spawned one gets what it is sent).
        fork = self.context.get_start_method() == "fork"
        others = [w.conn for w in self.workers] + [mine] if fork else []
        process = self.context.Process(
            target=_worker_main,
            args=(theirs, others, *self.args),
            daemon=True,
            name="reportgen-worker",
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def run(self, jobs: Sequence[Job], done: Callable[[Outcome], None]) -> None:
        self.pending = pending = deque(jobs)
        while pending or any(w.job for w in self.workers):
            conns = [w.conn for w in self.workers]
            for conn in wait(conns, timeout=self._next_deadline()):
                worker = next((w for w in self.workers if w.conn is conn), None)
                if worker is not None:
                    self._receive(worker, done)
            for worker in self.workers:
                if worker.ready and worker.job is None and pending:
                    self._give(worker, pending.popleft())
            self._enforce_time_limit(done)

    def _receive(self, worker: _Worker, done: Callable[[Outcome], None]) -> None:
        try:
            outcome = worker.conn.recv()
        except (EOFError, OSError):
            job = worker.job
            if job is None and not worker.ready:
                raise ReportgenError("无法启动工作进程；请用 -j 1 再试") from None
            self._replace(worker)
            if job is not None:
                done(failed(job, self.out_root, "工作进程意外退出（内存不足？），未生成"))
            return
        if outcome is None:
            worker.ready = True
            return
        worker.job = None
        done(outcome)

    def _give(self, worker: _Worker, job: Job) -> None:
        worker.job, worker.started = job, time.monotonic()
        worker.conn.send(job)

    def _next_deadline(self) -> float | None:
        if self.seconds <= 0:
            return None
        busy = [w.started for w in self.workers if w.job is not None]
        if not busy:
            return None
        return max(0.0, min(busy) + self.seconds + _GRACE_SECONDS - time.monotonic())

    def _enforce_time_limit(self, done: Callable[[Outcome], None]) -> None:
        """Kill a worker whose job is well past the limit (it did not stop by itself)."""
        if self.seconds <= 0:
            return
        now = time.monotonic()
        for worker in list(self.workers):
            job = worker.job
            if job is not None and now - worker.started > self.seconds + _GRACE_SECONDS:
                log.debug("工作进程 %s 超时，强制结束", worker.process.pid)
                self._replace(worker)
                done(failed(job, self.out_root, time_limit_problem(self.seconds)))

    def _replace(self, worker: _Worker) -> None:
        _stop([worker])
        index = self.workers.index(worker)
        if self.pending:
            self.workers[index] = self._start()
        else:  # nothing left to give it: the run goes on with the others
            del self.workers[index]

    def close(self) -> None:
        """Stop every worker: idle ones see their pipe close, busy ones get SIGTERM."""
        _stop(self.workers)
        self.workers = []


def _stop(workers: Sequence[_Worker]) -> None:
    for worker in workers:
        worker.conn.close()
        if worker.job is not None and worker.process.is_alive():
            with contextlib.suppress(OSError):
                os.kill(worker.process.pid or 0, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_SECONDS
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(1.0)
