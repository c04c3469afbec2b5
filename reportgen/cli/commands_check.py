"""Commands that read inputs and report: check, rules, outline, schema, compare."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..pipeline import prepare
from ..render.outline import outline_lines
from .app import (
    SCHEMA_FILE,
    DateParam,
    cli,
    format_option,
    output_file_option,
    template_for,
    template_option,
)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@format_option(
    ("text", "json"), "输出格式：text（文件:行:列）或 json（见 schemas/findings.schema.json）。"
)
@click.option("--strict", is_flag=True, help="警告也算失败（退出码 1）。")
@click.option(
    "--fix", "fix", is_flag=True, help="把可以自动修复的问题写回文件（只改有问题的字符）。"
)
@click.option("--today", type=DateParam(), help="以此日期为“今天”检查成文日期（默认今天）。")
@template_option
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
    from ..checks.engine import collect_inputs
    from ..checks.report import CheckRun

    run = CheckRun(
        template_for(ctx, template_name),
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
@format_option(("text", "json"), "输出格式。")
def rules(fmt: str) -> None:
    """列出全部检查规则：代码、级别、说明、示例。"""
    from ..checks.rules import rule_lines, rules_json

    if fmt == "json":
        click.echo(json.dumps(rules_json(), ensure_ascii=False, indent=2))
        return
    for line in rule_lines():
        click.echo(line)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, readable=False))
@template_option
@click.pass_context
def outline(ctx: click.Context, file: Path, template_name: str | None) -> None:
    """以纯文本显示带编号的文档结构（生成前先看一遍）。"""
    prepared = prepare(file, template_for(ctx, template_name))
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
    from ..model.models import json_schema
    from ..output import write_atomic

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


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@format_option(("table", "csv"), "输出格式：对齐的表格或 CSV。")
@click.option(
    "--encoding",
    type=click.Choice(["utf-8-sig", "gbk", "utf-8"]),
    default="utf-8-sig",
    show_default=True,
    help="CSV 的编码：utf-8-sig（带 BOM，Excel 直接打开中文不乱码）、gbk（旧版 Excel/WPS）或 utf-8。",
)
@output_file_option("写入文件（默认输出到标准输出）。")
def compare(files: tuple[Path, ...], fmt: str, encoding: str, out: Path | None) -> None:
    """比较各年度版本的全部指标（完成数、目标数、完成率、比上年）。"""
    from ..model.compare import compare_editions, encode_csv, to_table
    from ..output import write_atomic

    rows = compare_editions(files)
    data = to_table(rows).encode("utf-8") if fmt == "table" else encode_csv(rows, encoding)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, data)
