"""Shared helpers of the batch tests: many inputs, a real run, the manifest against the disk."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT, SAMPLE


def many_inputs(root: Path, count: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(count):
        path = root / f"unit{i % 4}" / f"doc{i:03}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def reportgen(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "reportgen", *(str(a) for a in args)]


def start(*args: str | Path) -> subprocess.Popen[bytes]:
    """``reportgen ARGS`` as a real process in its own session (its id names its workers)."""
    return subprocess.Popen(
        reportgen(*args),
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def session(sid: int) -> list[int]:
    """Every live process of session ``sid`` (a run and its workers, re-parented or not)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state (after "pid (name)"), fields[3] the session id
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry))
    return pids


def outputs_on_disk(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.rglob("*")
        if p.suffix in (".docx", ".pdf") and p.is_file()
    }


def assert_manifest_matches_disk(out: Path) -> dict[str, dict[str, object]]:
    """Every output file is listed once with its hash, and nothing else is listed."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    for entry in manifest["inputs"]:
        for output in entry["outputs"]:
            assert output["path"] not in listed, output
            listed[output["path"]] = output["sha256"]
    assert listed == outputs_on_disk(out)
    return {e["input"]: e for e in manifest["inputs"]}


def temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*.part"))
