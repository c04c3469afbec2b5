"""The render pool: checks, renders and imports run in worker processes, off the event loop."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from . import tasks

log = logging.getLogger(__name__)

TIMEOUT_S = 60.0


class PoolError(Exception):
    """A job did not finish (timeout or a worker that died); the message is for the user."""


class RenderPool:
    """A lazily started process pool; a worker that dies is replaced by a new pool."""

    def __init__(self, root: Path, workers: int = 2) -> None:
        self.root = root
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: forking a process that runs an event loop and threads is unsafe.
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=tasks.init_worker,
                initargs=(str(self.root),),
            )
        return self._pool

    def warm(self) -> None:
        """Start every worker and load fonts in it (in the background: serve starts at once)."""
        pool = self._executor()
        for _ in range(self.workers):
            pool.submit(tasks.call, "warm")

    async def run(self, job: str, *args: Any) -> Any:
        """``jobs.<job>(*args)`` in a worker (named, so this process never imports the renderers)."""
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._executor(), tasks.call, job, *args)
            return await asyncio.wait_for(future, TIMEOUT_S)
        except asyncio.TimeoutError:
            raise PoolError("生成超时，请稍后再试") from None
        except BrokenProcessPool:
            log.warning("render worker died; starting a new pool")
            self.close()
            raise PoolError("生成进程意外退出，请重试") from None

    def close(self) -> None:
        """Stop the workers and wait for them (a job under way finishes first): a worker left
        behind would outlive the server."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)
