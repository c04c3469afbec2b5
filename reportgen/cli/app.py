"""The command group, its shared options and parameter types, and ``main``, where every error ends."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import ReportgenError, cli_ngettext, cli_text, hoist_verbosity, usage_message
from ..model.template import Template, load_template
from ..pipeline import FORMATS
from ..source.loader import MAX_INPUT_ENV

SCHEMA_FILE = Path("schemas") / "reportgen.schema.json"
# click looks its texts up through gettext at call time: hand it the Chinese ones.
F = TypeVar("F", bound=Callable[..., Any])
for _name in ("core", "decorators", "exceptions", "formatting", "parser", "types"):
    _module = importlib.import_module(f"click.{_name}")
    _module._, _module.ngettext = cli_text, cli_ngettext  # type: ignore[attr-defined]


class FormatList(click.ParamType[tuple[str, ...], str]):
    """``docx,pdf`` → ("docx", "pdf"), checked against the known formats."""

    name = "格式列表"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        items = tuple(dict.fromkeys(v.strip().lower() for v in str(value).split(",") if v.strip()))
        bad = [v for v in items if v not in FORMATS]
        if bad or not items:
            self.fail(
                f"未知格式 {'、'.join(bad) or '（空）'}，可用：{','.join(FORMATS)}", param, ctx
            )
        return items


def setup_logging(verbose: int, quiet: int) -> None:
    for level, name in ((logging.WARNING, "警告"), (logging.ERROR, "错误"), (logging.INFO, "信息")):
        logging.addLevelName(level, name)
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(logging.DEBUG, level), format="%(levelname)s：%(message)s", stream=sys.stderr
    )


def announce_font_cache(ctx: click.Context) -> None:
    """The first PDF on a machine builds a font cache (about half a minute): say so, unless -q.
    Only the commands that load fonts call this, so the others do not import the fonts module."""
    if ctx.find_root().params.get("quiet"):
        return
    from ..render.pdf.fonts import convert

    convert.set_notifier(lambda message: click.echo(message, err=True))


def format_option(choices: tuple[str, ...], help: str) -> Callable[[F], F]:
    """``--format`` as one of ``choices`` (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def output_file_option(help: str) -> Callable[[F], F]:
    """``-o/--output FILE`` for a command that otherwise writes to standard output."""
    return click.option(
        "-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False), help=help
    )


template_option = click.option(
    "--template", "template_name", metavar="NAME|PATH", help="样式模板（默认 gbt9704）。"
)


def template_for(ctx: click.Context, name: str | None) -> Template:
    cache: dict[str | None, Template] = ctx.ensure_object(dict).setdefault("templates", {})
    if name not in cache:
        cache[name] = load_template(name)
    return cache[name]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen", message="%(prog)s %(version)s")
@click.option("-v", "--verbose", count=True, help="输出更多信息（可重复）。")
@click.option("-q", "--quiet", count=True, help="只输出错误。")
@click.option(
    "--max-input-mb",
    type=click.FloatRange(min=0, min_open=True),
    help="输入文件大小的上限（MB，默认 1）。",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int, max_input_mb: float | None) -> None:
    """reportgen：把经过校验的数据生成符合 GB/T 9704-2012 的公文（DOCX 和 PDF）。"""
    ctx.ensure_object(dict)
    setup_logging(verbose, quiet)
    if max_input_mb is not None:
        # Through the environment, so that batch worker processes read the same cap.
        os.environ[MAX_INPUT_ENV] = str(max_input_mb)


class DateParam(click.ParamType[dt.date, str]):
    """``2024-12-01`` → date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"日期“{value}”无效，应写成 2024-12-01", param, ctx)


def main(argv: list[str] | None = None) -> int:
    """Entry point: every error is caught here and turned into a message and an exit code."""
    args = hoist_verbosity(sys.argv[1:] if argv is None else list(argv))
    try:
        cli.main(args=args, prog_name="reportgen", standalone_mode=False)
    except click.ClickException as exc:
        if (ctx := getattr(exc, "ctx", None)) is not None:  # a usage error: how to get help
            click.echo(f"{ctx.get_usage()}\n用 {ctx.command_path} --help 查看帮助。", err=True)
        click.echo(f"错误：{usage_message(exc.format_message())}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("已中止", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except ReportgenError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BrokenPipeError:
        return 1
    return 0
