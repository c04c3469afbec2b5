"""What ``build`` shows as each input finishes: failures, each warning once, outputs, a bar.

The library never prints: ``Progress`` returns what to show, and the CLI shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .jobs import Outcome
from .run import BatchResult, failure_line, progress_line, summary_line


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
            # The same warning for every input (a substituted font) is shown once.
            if warning in self.seen_warnings:
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
