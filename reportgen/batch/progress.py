"""What ``build`` shows as each input finishes: failures, each warning once, outputs, and when
a progress bar is due.

The library never prints: ``Progress`` returns what to show, and the CLI shows it (the bar is
click's, drawn by the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .jobs import Outcome
from .run import BatchResult, failure_line, summary_line

FONTS_NOTE = (
    "本机没有公文正式字体，PDF 使用了开源替代字体 [RG702 警告]。把方正小标宋简体、仿宋_GB2312、"
    "楷体_GB2312、黑体、宋体的字体文件装进系统字体文件夹（Linux 为 ~/.local/share/fonts）后重新生成；"
    "运行 reportgen fonts 查看每种用途实际用的字体"
)


# A batch that is done sooner needs no bar; one that is not yet done after this long gets one.
BAR_AFTER_SECONDS = 2.0


def _font(warning: str) -> bool:
    return "[RG702 " in warning


@dataclass(frozen=True)
class Shown:
    """One thing to show: on ``stream`` out or err, or ``warn`` (a warning for the log)."""

    text: str
    stream: str = "out"
    nl: bool = True


@dataclass
class Progress:
    """The display of one ``build`` run; ``tty``: standard error is a terminal (and not -q), so
    a progress bar may be shown there."""

    out_dir: Path
    single: bool = False
    tty: bool = False
    verbose: bool = False
    failed: int = 0
    seen_warnings: set[str] = field(default_factory=set)

    def __call__(self, outcome: Outcome, done: int, total: int) -> list[Shown]:
        shown: list[Shown] = []
        if outcome.status == "failed":
            self.failed += 1
            limit = len(outcome.problems) if self.verbose else 2
            shown.append(Shown(failure_line(outcome, limit=limit), "err"))
        for warning in outcome.warnings:
            # The same warning for every input is shown once; the substitute fonts (RG702, one
            # per role and input) once per run, as what to do about them.
            if warning in self.seen_warnings or (
                FONTS_NOTE in self.seen_warnings and _font(warning)
            ):
                continue
            if _font(warning):
                self.seen_warnings.add(FONTS_NOTE)
                shown.append(Shown(FONTS_NOTE, "warn"))
                continue
            self.seen_warnings.add(warning)
            named = warning if warning.startswith(outcome.input) else f"{outcome.input}: {warning}"
            shown.append(Shown(named, "warn"))
        if outcome.status == "built" and (self.single or self.verbose):
            shown += [Shown(f"已生成 {self.out_dir / o.path}") for o in outcome.outputs]
        return shown

    def bar_due(self, elapsed: float, done: int, total: int) -> bool:
        """Whether to start the progress bar now: on a terminal, when inputs remain after the
        run has taken ``BAR_AFTER_SECONDS``."""
        return self.tty and done < total and elapsed >= BAR_AFTER_SECONDS

    def finish(self, result: BatchResult) -> list[Shown]:
        """The closing lines: how many repeated warnings were not shown, and the summary."""
        shown = []
        if result.warnings > len(self.seen_warnings):
            hidden = result.warnings - len(self.seen_warnings)
            where = result.manifest or self.out_dir
            shown.append(
                Shown(f"另有 {hidden} 条相同的警告未重复显示（每个文件的警告见 {where}）", "warn")
            )
        return [*shown, Shown(summary_line(result))]
