"""What ``build`` shows as each input finishes: failures, each warning once, outputs, a bar.

The library never prints: ``Progress`` returns what to show, and the CLI shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .jobs import Outcome
from .run import BatchResult, failure_line, progress_line, summary_line

FONTS_NOTE = (
    "本机没有公文正式字体，PDF 使用了开源替代字体 [RG702 警告]。把方正小标宋简体、仿宋_GB2312、"
    "楷体_GB2312、黑体、宋体的字体文件装进系统字体文件夹（Linux 为 ~/.local/share/fonts）后重新生成；"
    "运行 reportgen fonts 查看每种用途实际用的字体"
)


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
    """The display of one ``build`` run; ``tty`` adds a progress bar on standard error."""

    out_dir: Path
    single: bool = False
    tty: bool = False
    verbose: bool = False
    failed: int = 0
    seen_warnings: set[str] = field(default_factory=set)

    def __call__(self, outcome: Outcome, done: int, total: int) -> list[Shown]:
        shown = [Shown("\r\x1b[K", "err", nl=False)] if self.tty else []
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
        if self.tty and done < total:
            shown.append(Shown(progress_line(done, total, self.failed), "err", nl=False))
        return shown

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
