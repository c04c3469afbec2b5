"""The command line: the only module that imports click, prints, or exits."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import ReportgenError, cli_ngettext, cli_text, hoist_verbosity, usage_message
from .model.template import Template, load_template
from .pipeline import FORMATS, prepare
from .render.outline import outline_lines
from .source.loader import MAX_INPUT_ENV

if TYPE_CHECKING:
    from .batch.progress import Shown

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


def _setup_logging(verbose: int, quiet: int) -> None:
    for level, name in ((logging.WARNING, "警告"), (logging.ERROR, "错误"), (logging.INFO, "信息")):
        logging.addLevelName(level, name)
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(logging.DEBUG, level), format="%(levelname)s：%(message)s", stream=sys.stderr
    )


def _announce_font_cache(ctx: click.Context) -> None:
    """The first PDF on a machine builds a font cache (about half a minute): say so, unless -q.
    Only the commands that load fonts call this, so the others do not import the fonts module."""
    if ctx.find_root().params.get("quiet"):
        return
    from .render.pdf.fonts import convert

    convert.set_notifier(lambda message: click.echo(message, err=True))


def _format_option(choices: tuple[str, ...], help: str) -> Callable[[F], F]:
    """``--format`` as one of ``choices`` (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


_template_option = click.option(
    "--template", "template_name", metavar="NAME|PATH", help="样式模板（默认 gbt9704）。"
)


def _template(ctx: click.Context, name: str | None) -> Template:
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
    _setup_logging(verbose, quiet)
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


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@_format_option(
    ("text", "json"), "输出格式：text（文件:行:列）或 json（见 schemas/findings.schema.json）。"
)
@click.option("--strict", is_flag=True, help="警告也算失败（退出码 1）。")
@click.option(
    "--fix", "fix", is_flag=True, help="把可以自动修复的问题写回文件（只改有问题的字符）。"
)
@click.option("--today", type=DateParam(), help="以此日期为“今天”检查成文日期（默认今天）。")
@_template_option
@click.pass_context
def check(
    ctx: click.Context,
    files: tuple[Path, ...],
    fmt: str,
    strict: bool,
    fix: bool,
    today: dt.date | None,
    template_name: str | None,
) -> None:
    """检查输入文件：格式校验和发文前的全部检查（文件:行:列: 字段: 说明 [规则 级别]）。

    FILES 可以是文件或文件夹（查找其中的 .yaml/.yml/.json，跳过基础文件）。

    退出码：0 没有错误，1 有错误（--strict 时有警告也算），2 用法错误。
    reportgen rules 列出全部规则；在文件中写 checks: {disable: [RG207]} 停用规则，
    或在某一行末尾写注释 # reportgen: disable=RG207 只停用这一行的。
    """
    from .checks.engine import collect_inputs
    from .checks.report import CheckRun

    run = CheckRun(
        _template(ctx, template_name),
        today,
        fix,
        strict,
        fmt,
        explicit={p for p in files if not p.is_dir()},
        quiet=bool(ctx.find_root().params.get("quiet")),
    )
    for path in collect_inputs(files):
        for line in run.check(path):
            click.echo(line.text, err=line.err)
    for line in run.finish():
        click.echo(line.text, err=line.err)
    if run.failed:
        raise SystemExit(1)


@cli.command()
@_format_option(("text", "json"), "输出格式。")
def rules(fmt: str) -> None:
    """列出全部检查规则：代码、级别、说明、示例。"""
    from .checks.rules import rule_lines, rules_json

    if fmt == "json":
        click.echo(json.dumps(rules_json(), ensure_ascii=False, indent=2))
        return
    for line in rule_lines():
        click.echo(line)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, readable=False))
@_template_option
@click.pass_context
def outline(ctx: click.Context, file: Path, template_name: str | None) -> None:
    """以纯文本显示带编号的文档结构（生成前先看一遍）。"""
    prepared = prepare(file, _template(ctx, template_name))
    for line in outline_lines(prepared.tree):
        click.echo(line)


@cli.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="写入的文件夹。",
)
@click.option("--check", "check_only", is_flag=True, help="只检查现有文件是否与模型一致。")
def schema(out_dir: Path, check_only: bool) -> None:
    """重新生成输入文件的 JSON Schema（schemas/reportgen.schema.json）。"""
    from .model.models import json_schema
    from .output import write_atomic

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    target = out_dir / SCHEMA_FILE.name
    if check_only:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            raise click.ClickException(f"{target} 与模型不一致，请运行 reportgen schema")
        click.echo(f"{target} 与模型一致")
        return
    write_atomic(target, text.encode("utf-8"))
    click.echo(f"已写入 {target}")


def _show(shown: Iterable[Shown]) -> None:
    for item in shown:
        if item.stream == "warn":
            logging.getLogger("reportgen").warning("%s", item.text)
        else:
            click.echo(item.text, nl=item.nl, err=item.stream == "err")


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
@_template_option
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
    from . import batch
    from .batch.progress import Progress

    template = _template(ctx, template_name)  # a bad --template fails here, before any worker
    formats = formats or template.formats
    if "pdf" in formats or "ofd" in formats:
        _announce_font_cache(ctx)
    jobs, failures = batch.discover(files, out_dir)
    if not jobs and not failures:
        raise click.ClickException("没有找到输入文件（.yaml、.yml、.json）")
    verbose, tty = logging.getLogger().getEffectiveLevel() <= logging.INFO, sys.stderr.isatty()
    quiet = bool(ctx.find_root().params.get("quiet"))  # -q: only failures are shown
    progress = Progress(out_dir, len(jobs) == 1 and not quiet, tty and not quiet, verbose)
    result = batch.build_many(
        jobs,
        out_dir,
        formats,
        template,
        workers,
        lambda outcome, done, total: _show(progress(outcome, done, total)),
        failures,
        seconds=seconds,
        force=force,
    )
    closing = progress.finish(result)  # the repeated-warnings note, then the summary
    _show(closing[:-1] if quiet else closing)
    if result.failed:
        raise SystemExit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@_format_option(("table", "csv"), "输出格式：对齐的表格或 CSV。")
@click.option(
    "--encoding",
    type=click.Choice(["utf-8-sig", "gbk", "utf-8"]),
    default="utf-8-sig",
    show_default=True,
    help="CSV 的编码：utf-8-sig（带 BOM，Excel 直接打开中文不乱码）、gbk（旧版 Excel/WPS）或 utf-8。",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="写入文件（默认输出到标准输出）。",
)
def compare(files: tuple[Path, ...], fmt: str, encoding: str, out: Path | None) -> None:
    """比较各年度版本的全部指标（完成数、目标数、完成率、比上年）。"""
    from .model.compare import compare_editions, encode_csv, to_table
    from .output import write_atomic

    rows = compare_editions(files)
    data = to_table(rows).encode("utf-8") if fmt == "table" else encode_csv(rows, encoding)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, data)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="写入的 YAML 文件（默认输出到标准输出）。",
)
@click.option(
    "--kind",
    type=click.Choice(["auto", "brand-submission", "report"]),
    default="auto",
    show_default=True,
    help="文档类型：自动判断、党建品牌申报材料或报告。",
)
def import_(file: Path, out: Path | None, kind: str) -> None:
    """把粘贴的网页文字（.txt）或 Word 文件（.docx）整理成可校验的输入文件。"""
    from .importer.structure import import_file, summary_lines
    from .importer.yamlout import dump
    from .output import write_atomic

    imported = import_file(file, kind)
    text = dump(imported, out)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
    for line in summary_lines(imported, out):
        click.echo(line, err=True)


@cli.command("fonts")
@click.argument("file", required=False, type=click.Path(path_type=Path, readable=False))
@_template_option
@click.pass_context
def fonts_(ctx: click.Context, file: Path | None, template_name: str | None) -> None:
    """列出 PDF 各角色使用的字体和字体文件；给出 FILE 时再列出需要回退字体的字符。"""
    from .render.pdf.fonts.fontset import font_set
    from .render.pdf.fonts.report import coverage_lines, role_lines

    _announce_font_cache(ctx)
    template = _template(ctx, template_name)
    fonts = font_set(template)
    for line in role_lines(fonts):
        click.echo(line)
    if file is not None:
        for line in coverage_lines(str(file), prepare(file, template).tree, fonts):
            click.echo(line)


@cli.command()
@click.argument(
    "folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False)
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只限本机）。")
@click.option("--open", "open_browser", is_flag=True, help="在默认浏览器中打开。")
def serve(folder: Path, port: int, host: str, open_browser: bool) -> None:
    """在浏览器中编辑、检查和生成 FOLDER（默认当前文件夹）中的文件。"""
    from .web.server import is_loopback
    from .web.server import serve as run

    if not folder.is_dir():
        raise click.BadParameter(f"文件夹不存在：{folder}", param_hint="FOLDER")
    if not is_loopback(host):
        click.echo(
            f"警告：监听 {host}，网络上能访问本机的任何人都能打开、修改和删除 {folder.resolve()} "
            "中的文件。只在可信的内部网络中这样做。",
            err=True,
        )
    click.echo(f"reportgen 编辑器：http://{host}:{port}/ （按 Ctrl-C 停止）", err=True)
    run(folder, host, port, open_browser)


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
