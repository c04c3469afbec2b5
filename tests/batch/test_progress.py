"""What ``build`` shows per input: failures, each warning once, outputs when asked, a bar on a tty."""

from __future__ import annotations

from pathlib import Path

from reportgen.batch.jobs import Outcome, Output
from reportgen.batch.progress import Progress, Shown
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


def test_failures_outputs_and_bar() -> None:
    progress = Progress(Path("out"), single=True, tty=True)
    failed = Outcome("c", "failed", problems=["c: 一", "c: 二", "c: 三"])
    shown = progress(failed, 1, 2)
    assert shown[0] == Shown("\r\x1b[K", "err", nl=False)
    assert (
        shown[1].stream == "err"
        and "c: 一；c: 二" in shown[1].text
        and "c: 三" not in shown[1].text
    )
    assert shown[-1].stream == "err" and not shown[-1].nl and "失败 1" in shown[-1].text
    last = progress(_built("d", []), 2, 2)
    assert last == [Shown("\r\x1b[K", "err", nl=False), Shown(f"已生成 {Path('out') / 'd.pdf'}")]
    quiet = Progress(Path("out"))
    assert quiet(_built("e", []), 1, 3) == []
    unchanged = Outcome("f", "unchanged", [Output("f.pdf", "0" * 64, 10)])
    assert Progress(Path("out"), single=True)(unchanged, 1, 1) == []  # nothing was written
