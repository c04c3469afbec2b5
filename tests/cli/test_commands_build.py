"""``build``'s progress bar: click's, on a terminal only, once a run takes a few seconds, not -q."""

from __future__ import annotations

import io
import os
import pty
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.batch import progress
from reportgen.cli import main
from tests.conftest import SAMPLE, Result

REPORT = (
    "kind: report\ntitle: 关于工作的报告\norganization: 示例镇\ndate: 2024-12-01\nbody: [正文。]\n"
)


def _inputs(tmp: Path, count: int) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    for i in range(count):
        (folder / f"r{i}.yaml").write_text(REPORT, encoding="utf-8")
    return folder


def _on_a_terminal(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> tuple[int, str]:
    """Run ``reportgen ARGS`` with standard error on a pseudo-terminal; what it showed there."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    terminal = io.TextIOWrapper(os.fdopen(slave, "wb", buffering=0), encoding="utf-8")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stderr", terminal)
            code = main([str(a) for a in args])
    finally:
        terminal.close()
        reader.join(timeout=10)
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("after", "quiet", "bar"),
    [(0.0, False, True), (0.0, True, False), (3600.0, False, False)],
    ids=["slow-run", "quiet", "quick-run"],
)
def test_a_bar_on_a_terminal_when_the_run_takes_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: float, quiet: bool, bar: bool
) -> None:
    monkeypatch.setattr(progress, "BAR_AFTER_SECONDS", after)
    folder = _inputs(tmp_path, 3)
    flags = ["-q"] if quiet else []
    code, shown = _on_a_terminal(
        monkeypatch, *flags, "build", folder, "-o", tmp_path / "out", "--format", "docx", "-j", "1"
    )
    assert code == 0, shown
    assert ("生成  [" in shown and "█" in shown and "3/3" in shown) is bar, shown
    if bar:  # drawn from the first input on, redrawn in place, finished with a line break
        assert shown.index("1/3") < shown.index("2/3") < shown.index("3/3"), shown
        assert shown.count("\n") == 1 and shown.endswith("3/3\x1b[?25h\r\n"), shown


def test_no_bar_when_standard_error_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., Result]
) -> None:
    monkeypatch.setattr(progress, "BAR_AFTER_SECONDS", 0.0)
    result = run_cli("build", _inputs(tmp_path, 3), "-o", tmp_path / "out", "--format", "docx")
    assert result.code == 0, result.err
    assert "█" not in result.err and "\r" not in result.err and "生成  [" not in result.err
    assert result.out.startswith("完成：生成 3 个")


def test_a_failure_is_shown_above_the_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "BAR_AFTER_SECONDS", 0.0)
    folder = _inputs(tmp_path, 2)
    (folder / "r1.yaml").write_text("kind: report\ntitle:坏\norganization: x\n", encoding="utf-8")
    (folder / "r2.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, shown = _on_a_terminal(
        monkeypatch, "build", folder, "-o", tmp_path / "out", "--format", "docx", "-j", "1"
    )
    assert code == 1
    # the bar's line is cleared, the failure printed on a line of its own, the bar drawn again
    assert "\r\x1b[K失败 " in shown and "冒号后面要加一个空格" in shown, shown
    assert "失败 1" in shown.split("冒号后面要加一个空格", 1)[1], shown
