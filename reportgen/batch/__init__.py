"""Building many inputs in one run: jobs, worker processes, the manifest (see each module)."""

from .jobs import Job, Outcome, Output, discover, run_job
from .manifest import MANIFEST, read_manifest, write_manifest
from .run import (
    BatchResult,
    Interrupted,
    build_many,
    default_workers,
    failure_line,
    summary_line,
)

__all__ = [
    "MANIFEST",
    "BatchResult",
    "Interrupted",
    "Job",
    "Outcome",
    "Output",
    "build_many",
    "default_workers",
    "discover",
    "failure_line",
    "read_manifest",
    "run_job",
    "summary_line",
    "write_manifest",
]
