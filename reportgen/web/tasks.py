"""The render pool's entry points, kept light: the serving process imports this, never the renderers."""

from __future__ import annotations

import logging
import os
from typing import Any


def init_worker(root: str) -> None:
    os.chdir(root)
    logging.getLogger("reportgen").setLevel(logging.ERROR)


def call(job: str, *args: Any) -> Any:
    from . import jobs

    return getattr(jobs, job)(*args)
