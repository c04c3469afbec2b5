"""Worker processes: they die with a killed run, stop on SIGTERM/Ctrl-C, obey the time limit."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reportgen import batch, pipeline
from reportgen.batch import jobs, workers
from reportgen.model.template import load_template

from ..conftest import ROOT, SAMPLE, Result
from .helpers import (
    assert_manifest_matches_disk,
    many_inputs,
    session,
    start,
    temporaries,
)

Run = Callable[..., Result]


def _wait_for_pdfs(out: Path, proc: Any, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(out.rglob("*.pdf"))) >= count:
            return
        time.sleep(0.005)
    raise AssertionError("the run finished (or stalled) before it could be stopped")


def _no_survivors(sid: int, within: float = 2.0) -> list[int]:
    deadline = time.monotonic() + within
    while session(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return session(sid)


def test_sigkill_of_the_run_kills_its_workers(tmp_path: Path) -> None:
    """kill -9 of the run alone (not its group): the workers follow within 2 s; a rerun
    removes what they left and completes; the manifest matches the disk."""
    many_inputs(tmp_path / "in", 12)
    out = tmp_path / "out"
    proc = start("build", tmp_path / "in", "-o", out, "-j", "2")
    _wait_for_pdfs(out, proc, 2)
    assert len(session(proc.pid)) == 3  # the run and two workers
    proc.kill()
    proc.communicate(timeout=10)
    assert _no_survivors(proc.pid) == []
    rerun = start("build", tmp_path / "in", "-o", out, "-j", "2")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert temporaries(out) == []
    entries = assert_manifest_matches_disk(out)
    assert len(entries) == 12 and all(e["status"] == "built" for e in entries.values())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopped_run_stops_promptly_and_tells_the_truth(
    tmp_path: Path, sig: signal.Signals
) -> None:
    many_inputs(tmp_path / "in", 12)
    out = tmp_path / "out"
    proc = start("build", tmp_path / "in", "-o", out, "-j", "2")
    _wait_for_pdfs(out, proc, 2)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C reaches the whole foreground group
    else:
        proc.send_signal(sig)
    stopped = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - stopped < 5, "the run did not stop promptly"
    assert proc.returncode == 130, err.decode()
    assert "已中断" in err.decode() and "Traceback" not in err.decode()
    assert _no_survivors(proc.pid) == []
    assert temporaries(out) == []
    entries = assert_manifest_matches_disk(out)
    # Files a worker wrote before it could report them are listed too (as interrupted).
    assert sum(len(e["outputs"]) for e in entries.values()) >= 2
    assert {e["status"] for e in entries.values()} <= {"built", "interrupted"}
    for entry in entries.values():
        if entry["status"] == "built":
            assert len(entry["outputs"]) == 2


# --------------------------------------------------------------------------- time limit


def _slow_input(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Three inputs; building slow.yaml sleeps (a stand-in for a pathological input).
    Workers are forked from this process, so they see the patched build_file too."""
    many_inputs(root, 2)
    (root / "slow.yaml").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    original = pipeline.build_file

    def build_file(path: Path, *args: Any, **kwargs: Any) -> pipeline.Built:
        if path.name == "slow.yaml":
            time.sleep(60)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_file", build_file)


@pytest.mark.parametrize("j", ["1", "2"])
def test_time_limit_fails_one_input_and_builds_the_others(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, j: str
) -> None:
    _slow_input(monkeypatch, tmp_path / "in")
    begun = time.monotonic()
    # Limits of a few seconds: a normal input's first build in a fresh worker (imports, fonts,
    # no .pyc) can take most of a second on a cold machine, and must not hit the limit.
    result = run_cli("build", tmp_path / "in", "-o", tmp_path / "out", "-j", j, "--timeout", "4")
    assert time.monotonic() - begun < 30
    assert result.code == 1
    failed = [line for line in result.err.splitlines() if line.startswith("失败 ")]
    assert len(failed) == 1 and "slow.yaml: 生成超过 4 秒的时间上限" in failed[0], result.err
    assert "生成 2 个，失败 1 个" in result.out
    assert temporaries(tmp_path / "out") == []
    assert_manifest_matches_disk(tmp_path / "out")


def test_time_limit_kills_a_worker_that_does_not_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job stuck where the worker's own alarm cannot reach: the run kills the worker."""

    @contextlib.contextmanager
    def no_alarm(seconds: float) -> Iterator[None]:
        yield

    _slow_input(monkeypatch, tmp_path / "in")
    monkeypatch.setattr(jobs, "_time_limit", no_alarm)
    monkeypatch.setattr(workers, "_GRACE_SECONDS", 0.5)
    found, _ = batch.discover([tmp_path / "in"], tmp_path / "out")
    result = batch.build_many(found, tmp_path / "out", ["docx"], workers=2, seconds=4)
    assert (result.built, result.failed) == (2, 1)
    (slow,) = [o for o in result.outcomes if o.status == "failed"]
    assert slow.input.endswith("slow.yaml") and "时间上限" in slow.problems[0]


def test_time_limit_from_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _slow_input(monkeypatch, tmp_path / "in")
    base = load_template()
    template = base.model_copy(
        update={"limits": base.limits.model_copy(update={"seconds_per_document": 3.5})}
    )
    found, _ = batch.discover([tmp_path / "in"], tmp_path / "out")
    result = batch.build_many(found, tmp_path / "out", ["docx"], template, workers=1)
    assert (result.built, result.failed) == (2, 1)
    assert any("3.5 秒的时间上限" in p for o in result.outcomes for p in o.problems)


def test_workers_closed_while_warming_up_exit_quietly(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A worker whose run ends before it is ready (its pipe closed) exits without a traceback."""
    pool = workers.Pool(2, tmp_path, load_template(), ("docx", "pdf"), 0)
    processes = [w.process for w in pool.workers]
    pool.close()
    assert not any(p.is_alive() for p in processes)
    assert "Traceback" not in capfd.readouterr().err


def test_a_stop_inside_a_finalizer_is_not_printed_and_still_stops_the_worker() -> None:
    """A SIGTERM that lands while a ``__del__`` runs cannot raise out of it: the worker's hook
    keeps Python's "Exception ignored … Traceback" out of the run's error output and sends
    the signal again, so the worker stops from ordinary code (with its temporaries removed)."""
    script = """
import signal, sys, time
from reportgen.batch.workers import quiet_unraisable, _raise_exit
signal.signal(signal.SIGTERM, _raise_exit)
sys.unraisablehook = quiet_unraisable

class Finalized:
    def __del__(self):
        raise SystemExit(143)  # what _raise_exit does when SIGTERM lands in a finalizer

try:
    Finalized()
    for _ in range(500):  # ordinary work, for at most 5 s
        time.sleep(0.01)
except SystemExit as exc:
    print("stopped", exc.code)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=30
    )
    assert done.stdout.strip() == "stopped 143"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
