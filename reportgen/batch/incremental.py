"""Incremental batches: an input whose files, template, fonts and reportgen are unchanged since
the manifest, and whose outputs are still as written, is not built again."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import display_path
from ..model.template import Template
from ..output import remove_stale_temps
from .jobs import Job, Outcome, Output, file_hash
from .manifest import read_manifest


def fingerprint(template: Template, formats: Sequence[str]) -> str:
    """What every output of a run depends on besides its input files."""
    digest = hashlib.sha256()
    for part in (__version__, template.model_dump_json(), ",".join(sorted(formats))):
        digest.update(part.encode("utf-8") + b"\0")
    if "pdf" in formats or "ofd" in formats:  # the formats that embed installed fonts
        digest.update(_fonts().encode("utf-8"))
    return digest.hexdigest()


def _fonts() -> str:
    """The installed font files (path, size, time), which decide the faces a PDF uses."""
    from ..render.pdf.fonts.installed import installed_faces

    seen = []
    for path in sorted({face.path for face in installed_faces()}):
        with contextlib.suppress(OSError):
            st = os.stat(path)
            seen.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(seen)


def partition(
    jobs: Sequence[Job], out_root: Path, formats: Sequence[str], stamp: str
) -> tuple[list[Job], list[Outcome]]:
    """The jobs to build, and an ``unchanged`` outcome for each of the others."""
    entries = {e["input"]: e for e in read_manifest(out_root)}
    build: list[Job] = []
    unchanged: list[Outcome] = []
    for job in jobs:
        key = job.key(out_root)
        entry = entries.get(key)
        if entry is None or not _unchanged(entry, job, out_root, formats, stamp):
            build.append(job)
            continue
        for path in job.outputs(formats):
            remove_stale_temps(path)
        outcome = Outcome(display_path(job.input), "unchanged", key=key, fingerprint=stamp)
        outcome.outputs = [Output(**o) for o in entry["outputs"]]
        outcome.warnings = [w for w in entry.get("warnings", []) if isinstance(w, str)]
        outcome.sources = [(_real(out_root, s["path"]), s["sha256"]) for s in entry["sources"]]
        outcome.seconds = float(entry.get("render_seconds") or 0)
        unchanged.append(outcome)
    return build, unchanged


def _real(out_root: Path, rel: str) -> str:
    return os.path.normpath(os.path.join(out_root.resolve(), rel))


def _unchanged(
    entry: dict[str, Any], job: Job, out_root: Path, formats: Sequence[str], stamp: str
) -> bool:
    if entry.get("status") != "built" or entry.get("fingerprint") != stamp:
        return False
    recorded = entry.get("sources")
    if not isinstance(recorded, list) or not recorded:
        return False
    outputs = {o["path"]: o.get("sha256") for o in entry["outputs"]}
    root = out_root.resolve()
    wanted = [Path(os.path.relpath(p.resolve(), root)).as_posix() for p in job.outputs(formats)]
    if not set(wanted) <= set(outputs):
        return False
    try:
        return all(
            isinstance(s, dict) and file_hash(Path(_real(out_root, s["path"]))) == s["sha256"]
            for s in recorded
        ) and all(file_hash(out_root / rel) == outputs[rel] for rel in wanted)
    except (OSError, KeyError, TypeError):
        return False
