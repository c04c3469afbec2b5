"""``build``: many inputs in worker processes, what each one gave, and a progress bar."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from ..batch.jobs import Outcome
    from ..batch.progress import Progress, Shown

from .app import FormatList, announce_font_cache, cli, template_for, template_option


def _show(shown: Iterable[Shown]) -> None:
    for item in shown:
        if item.stream == "warn":
            logging.getLogger("reportgen").warning("%s", item.text)
        else:
            click.echo(item.text, nl=item.nl, err=item.stream == "err")


class _Display:
    """What ``build`` shows as inputs finish: ``Progress``'s lines and, once ``Progress`` says
    a bar is due (a terminal, a run of more than a few seconds), click's progress bar below them."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.start = time.monotonic()
        self.bar: ProgressBar[int] | None = None

    def __call__(self, outcome: Outcome, done: int, total: int) -> None:
        shown = self.progress(outcome, done, total)
        if self.bar is not None and shown:
            # The lines go where the bar was; update() below draws it again under them (its
            # count has changed, and click redraws a changed line).
            click.echo("\r\x1b[K", nl=False, err=True)
        _show(shown)
        if self.bar is None and self.progress.bar_due(time.monotonic() - self.start, done, total):
            self.bar = click.progressbar(
                length=total,
                label="生成",
                file=sys.stderr,
                fill_char="█",
                empty_char="░",
                show_pos=True,
                item_show_func=lambda failed: f"失败 {failed}" if failed else None,
            )
            self.bar.update(done, self.progress.failed)
        elif self.bar is not None:
            self.bar.update(done - self.bar.pos, self.progress.failed)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),  # a file there is reported by batch, in one Chinese line
    default=Path("out"),
    show_default=True,
    help="输出文件夹。",
)
@click.option(
    "--format",
    "formats",
    type=FormatList(),
    help="输出格式，逗号分隔：docx、pdf、ofd（默认取模板的 formats，内置模板为 docx,pdf）。",
)
@template_option
@click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(min=1),
    help="并行的工作进程数（默认：CPU 核数）。",
)
@click.option(
    "--timeout",
    "seconds",
    type=click.FloatRange(min=0),
    help="单个文件的生成时间上限（秒），超时的文件算失败，其他文件照常生成"
    "（默认取模板的 limits.seconds_per_document；0 为不限）。",
)
@click.option("--force", is_flag=True, help="全部重新生成（默认跳过自上次以来没有变化的输入）。")
@click.pass_context
def build(
    ctx: click.Context,
    files: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...] | None,
    template_name: str | None,
    workers: int | None,
    seconds: float | None,
    force: bool,
) -> None:
    """生成 DOCX、PDF 和/或 OFD：可给多个文件和文件夹（递归查找 .yaml/.yml/.json，跳过基础文件）。

    输出按输入的目录结构放在输出文件夹下，并写出 manifest.json（各文件的 SHA-256、警告、用时）。
    """
    from .. import batch
    from ..batch.progress import Progress

    template = template_for(ctx, template_name)  # a bad --template fails here, before any worker
    formats = formats or template.formats
    if "pdf" in formats or "ofd" in formats:
        announce_font_cache(ctx)
    jobs, failures = batch.discover(files, out_dir)
    if not jobs and not failures:
        raise click.ClickException("没有找到输入文件（.yaml、.yml、.json）")
    verbose, tty = logging.getLogger().getEffectiveLevel() <= logging.INFO, sys.stderr.isatty()
    quiet = bool(ctx.find_root().params.get("quiet"))  # -q: only failures are shown
    progress = Progress(out_dir, len(jobs) == 1 and not quiet, tty and not quiet, verbose)
    display = _Display(progress)
    try:
        result = batch.build_many(
            jobs,
            out_dir,
            formats,
            template,
            workers,
            display,
            failures,
            seconds=seconds,
            force=force,
        )
    finally:
        display.close()
    closing = progress.finish(result)  # the repeated-warnings note, then the summary
    _show(closing[:-1] if quiet else closing)
    if result.failed:
        raise SystemExit(1)
