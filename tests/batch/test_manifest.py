"""The manifest: one entry per real input, exactly the files on disk, no lock file left."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen import batch

from ..conftest import SAMPLE, Result
from .helpers import assert_manifest_matches_disk, many_inputs, session, start, temporaries

Run = Callable[..., Result]


def test_three_working_folders_give_one_entry(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "data" / "in" / "a.yaml"
    src.parent.mkdir(parents=True)
    src.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    for cwd, name in (
        (tmp_path, "data/in/a.yaml"),
        (src.parent, "a.yaml"),
        (out, "../data/in/a.yaml"),
    ):
        out.mkdir(exist_ok=True)
        monkeypatch.chdir(cwd)
        result = run_cli("build", name, "-o", out, "--format", "docx", "-j", "1")
        assert result.code == 0, result.err
    entries = assert_manifest_matches_disk(out)
    assert list(entries) == ["../data/in/a.yaml"]


def test_symlinked_lock_file_is_not_followed_and_no_lock_is_left(
    run_cli: Run, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".manifest.lock").symlink_to(tmp_path / "outside")
    result = run_cli("build", SAMPLE, "-o", out, "--format", "docx", "-j", "1")
    assert result.code == 0, result.err
    assert not (tmp_path / "outside").exists()
    assert sorted(p.name for p in out.iterdir() if p.name != ".manifest.lock") == [
        "manifest.json",
        "tanzhou-2024.docx",
    ]
    (out / ".manifest.lock").unlink()
    (out / ".manifest.lock").write_bytes(b"")  # an old version's lock file is cleaned up
    run_cli("build", SAMPLE, "-o", out, "--format", "docx", "-j", "1")
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "tanzhou-2024.docx"]


def test_manifest_lists_what_is_on_disk(run_cli: Run, tmp_path: Path) -> None:
    """A failed input keeps listing the outputs an earlier run left; a changed file is re-hashed."""
    src = tmp_path / "a.yaml"
    src.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", src, "-o", out, "-j", "1").code == 0
    src.write_text("kind: report\ntitle: [未闭合\n", "utf-8")
    (out / "a.pdf").write_bytes(b"changed by hand")
    assert run_cli("build", src, "-o", out, "-j", "1").code == 1
    entries = assert_manifest_matches_disk(out)
    (entry,) = entries.values()
    assert entry["status"] == "failed" and entry["problems"]
    assert [o["path"] for o in entry["outputs"]] == ["a.docx", "a.pdf"]
    assert entry["outputs"][1]["bytes"] == len(b"changed by hand")


def test_a_killed_worker_fails_its_input_and_the_manifest_stays_true(tmp_path: Path) -> None:
    many_inputs(tmp_path / "in", 10)
    out = tmp_path / "out"
    proc = start("build", tmp_path / "in", "-o", out, "-j", "2")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
        time.sleep(0.005)
    workers = [pid for pid in session(proc.pid) if pid != proc.pid]
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    text = err.decode()
    assert proc.returncode == 1, text
    assert "工作进程意外退出" in text and "Traceback" not in text
    entries = assert_manifest_matches_disk(out)
    assert len(entries) == 10
    statuses = sorted(e["status"] for e in entries.values())
    assert statuses.count("failed") == 1 and statuses.count("built") == 9
    # A rerun removes what the killed worker left and builds everything.
    rerun = start("build", tmp_path / "in", "-o", out, "-j", "2")
    rerun.communicate(timeout=300)
    assert rerun.returncode == 0
    assert temporaries(out) == []
    assert all(e["status"] == "built" for e in assert_manifest_matches_disk(out).values())


def test_manifest_ignores_entries_that_point_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"x")
    doc = {"inputs": [{"input": "x", "outputs": [{"path": "../secret.pdf"}]}, "junk"]}
    (out / "manifest.json").write_text(json.dumps(doc), "utf-8")
    batch.write_manifest(out, [])
    assert json.loads((out / "manifest.json").read_text("utf-8"))["inputs"] == []
