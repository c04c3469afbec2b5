"""Commands around the inputs: import pasted text or Word files, list fonts, serve the editor."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import prepare
from .app import (
    announce_font_cache,
    cli,
    output_file_option,
    template_for,
    template_option,
)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@output_file_option("写入的 YAML 文件（默认输出到标准输出）。")
@click.option(
    "--kind",
    type=click.Choice(["auto", "brand-submission", "report"]),
    default="auto",
    show_default=True,
    help="文档类型：自动判断、党建品牌申报材料或报告。",
)
def import_(file: Path, out: Path | None, kind: str) -> None:
    """把粘贴的网页文字（.txt）或 Word 文件（.docx）整理成可校验的输入文件。"""
    from ..importer.structure import import_file, summary_lines
    from ..importer.yamlout import dump
    from ..output import write_atomic

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
@template_option
@click.pass_context
def fonts_(ctx: click.Context, file: Path | None, template_name: str | None) -> None:
    """列出 PDF 各角色使用的字体和字体文件；给出 FILE 时再列出需要回退字体的字符。"""
    from ..render.pdf.fonts.fontset import font_set
    from ..render.pdf.fonts.report import coverage_lines, role_lines

    announce_font_cache(ctx)
    template = template_for(ctx, template_name)
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
    from ..web.server import is_loopback
    from ..web.server import serve as run

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
