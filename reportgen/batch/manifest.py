"""The output folder's manifest.json: exactly the files on disk, with their hashes."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..output import write_atomic
from .jobs import Job, Outcome, Output, describe

MANIFEST = "manifest.json"
_OLD_LOCK = ".manifest.lock"  # earlier versions left this file in every output folder

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; the write is still atomic
    fcntl = None  # type: ignore[assignment]


def write_manifest(
    out_root: Path, outcomes: Sequence[Outcome], jobs: Mapping[str, Job] | None = None
) -> Path:
    """Write ``out_root/manifest.json``, keeping the entries of earlier runs for other inputs.

    Every entry lists the outputs of its input that are on disk now, hashed now: files that
    disappeared are dropped (an entry left with none is dropped), and an input this run did
    not finish lists what it left. ``jobs`` (by key) says where each input's outputs go.
    Entries are keyed by the input's real path relative to ``out_root`` and sorted, so runs
    from different working folders share them. Runs into one folder lock it for the update.
    """
    target = out_root / MANIFEST
    jobs = jobs or {}
    with locked(out_root):
        entries: dict[str, dict[str, Any]] = {}
        for entry in read_manifest(out_root):
            paths = [out_root / o["path"] for o in entry["outputs"]]
            entry["outputs"] = _present(paths, out_root)
            if entry["outputs"] or not paths:
                entries[entry["input"]] = entry
        for outcome in outcomes:
            if outcome.status == "skipped":
                entries.pop(outcome.key, None)
                continue
            job = jobs.get(outcome.key)
            paths = [out_root / o.path for o in outcome.outputs]
            if job is not None:
                paths = job.outputs()
            entries[outcome.key] = _entry(outcome, _present(paths, out_root), out_root)
        doc = {
            "generator": f"reportgen {__version__}",
            "inputs": [entries[k] for k in sorted(entries)],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(target, text.encode("utf-8"), hint="请检查输出文件夹是否可写")
    return target


def _entry(outcome: Outcome, outputs: list[dict[str, Any]], out_root: Path) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "input": outcome.key,
        "status": "built" if outcome.status == "unchanged" else outcome.status,
        "outputs": outputs,
        "warnings": outcome.warnings,
        "problems": outcome.problems,
        "render_seconds": outcome.seconds,
    }
    if entry["status"] == "built" and outcome.fingerprint:
        root = out_root.resolve()
        entry["fingerprint"] = outcome.fingerprint
        entry["sources"] = [
            {"path": Path(os.path.relpath(real, root)).as_posix(), "sha256": digest}
            for real, digest in outcome.sources
        ]
    return entry


def _present(paths: Sequence[Path], out_root: Path) -> list[dict[str, Any]]:
    """The regular files among ``paths``, described (hashed) as they are now."""
    out: list[Output] = []
    for path in paths:
        with contextlib.suppress(OSError):
            if stat.S_ISREG(path.lstat().st_mode):
                out.append(describe(path, out_root))
    return [vars(o) for o in sorted(out, key=lambda o: o.path)]


def read_manifest(out_root: Path) -> list[dict[str, Any]]:
    """The entries of the manifest in ``out_root`` that are well formed (none if it is not)."""
    try:
        doc = json.loads((out_root / MANIFEST).read_text(encoding="utf-8"))
        entries = doc["inputs"]
        if not isinstance(entries, list):
            return []
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [e for e in entries if _well_formed(e)]


def _well_formed(entry: Any) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("input"), str):
        return False
    outputs = entry.get("outputs")
    return isinstance(outputs, list) and all(
        isinstance(o, dict) and isinstance(o.get("path"), str) and _inside(o["path"])
        for o in outputs
    )


def _inside(path: str) -> bool:
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself: no lock file to leave behind or to follow."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_old_lock(folder)
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _remove_old_lock(folder: Path) -> None:
    """Remove the lock file of earlier versions, if it is a plain file (never through a link)."""
    path = folder / _OLD_LOCK
    with contextlib.suppress(OSError):
        if stat.S_ISREG(path.lstat().st_mode):
            path.unlink()
