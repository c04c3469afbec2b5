"""What ``build`` shows per input: failures, each warning once, outputs when asked, and when a
progress bar (the CLI's, click's) is due."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.batch.jobs import Outcome, Output
from reportgen.batch.progress import BAR_AFTER_SECONDS, FONTS_NOTE, Progress, Shown
from reportgen.batch.run import BatchResult


def _built(name: str, warnings: list[str]) -> Outcome:
    return Outcome(name, "built", [Output(f"{name}.pdf", "0" * 64, 10)], warnings)


def test_each_warning_once_named_by_its_input() -> None:
    progress = Progress(Path("out"))
    first = progress(_built("a", ["模板: 使用替代字体"]), 1, 2)
    second = progress(_built("b", ["模板: 使用替代字体", "b:3:1: 末页只有落款"]), 2, 2)
    assert first == [Shown("a: 模板: 使用替代字体", "warn")]
    assert second == [Shown("b:3:1: 末页只有落款", "warn")]
    result = BatchResult([_built("a", ["x"]), _built("b", ["x", "y"])], 1.0, 1)
    hidden, summary = progress.finish(result)
    assert hidden == Shown("另有 1 条相同的警告未重复显示（每个文件的警告见 out）", "warn")
    assert summary.stream == "out" and summary.text.startswith("完成：生成 2 个")


def test_failures_and_outputs() -> None:
    progress = Progress(Path("out"), single=True, tty=True)
    failed = Outcome("c", "failed", problems=["c: 一", "c: 二", "c: 三"])
    [shown] = progress(failed, 1, 2)  # no bar drawn here: the CLI draws click's
    assert shown.stream == "err" and "c: 一；c: 二" in shown.text and "c: 三" not in shown.text
    assert progress.failed == 1
    last = progress(_built("d", []), 2, 2)
    assert last == [Shown(f"已生成 {Path('out') / 'd.pdf'}")]
    quiet = Progress(Path("out"))
    assert quiet(_built("e", []), 1, 3) == []
    unchanged = Outcome("f", "unchanged", [Output("f.pdf", "0" * 64, 10)])
    assert Progress(Path("out"), single=True)(unchanged, 1, 1) == []  # nothing was written


# (a terminal, seconds so far, inputs done, of how many, whether the bar starts)
BAR_DUE = [
    (True, BAR_AFTER_SECONDS, 1, 4, True),
    (True, BAR_AFTER_SECONDS + 10, 3, 4, True),
    (True, BAR_AFTER_SECONDS - 0.1, 1, 4, False),  # a quick run never shows one
    (True, BAR_AFTER_SECONDS + 10, 4, 4, False),  # nothing left to wait for
    (False, BAR_AFTER_SECONDS + 10, 1, 4, False),  # not a terminal, or -q
]


@pytest.mark.parametrize(("tty", "elapsed", "done", "total", "due"), BAR_DUE)
def test_bar_due(tty: bool, elapsed: float, done: int, total: int, due: bool) -> None:
    assert Progress(Path("out"), tty=tty).bar_due(elapsed, done, total) is due
    assert 1 <= BAR_AFTER_SECONDS <= 5  # "longer than a few seconds"


def test_substitute_fonts_said_once_per_run_with_what_to_do() -> None:
    progress = Progress(Path("out"))
    font = "模板 gbt9704: fonts.{0}: 未安装{0}，PDF 使用替代字体 X [RG702 警告]"
    first = progress(_built("a", [font.format("黑体"), font.format("宋体")]), 1, 3)
    later = progress(_built("b", [font.format("仿宋_GB2312"), "b:3:1: 末页只有落款"]), 2, 3)
    assert [s.text for s in first] == [FONTS_NOTE]
    assert "reportgen fonts" in FONTS_NOTE and "~/.local/share/fonts" in FONTS_NOTE
    assert later == [Shown("b:3:1: 末页只有落款", "warn")]
