"""RG701 (§7.3.5): when the signature and date stand alone on the last page, what to shorten.

The PDF carries up to ``closing.keep_lines`` lines of the last paragraph over with the closing;
it cannot when that would strand a heading. The DOCX keeps the last paragraph with the closing
only when it has at most ``keep_lines`` lines (LibreOffice moves a kept paragraph whole), so a
longer one leaves the closing alone in Word and LibreOffice where the PDF carried lines over.
Either way the message names the paragraph (its line in the input), how many lines the body
must lose for the closing to go back to the page before, and how many characters that is.
"""

from __future__ import annotations

from dataclasses import replace

from ...document.build import text_width
from ...document.tree import Closing, DocumentTree, Paragraph
from ...errors import Problem
from ...model.template import Template
from .paginate import Block, Row, closing_alone, paginate

_CLAUSE = "GB/T 9704-2012 §7.3.5"


def closing_findings(
    tree: DocumentTree, blocks: list[Block], pages: list[list[Row | None]], template: Template
) -> list[Problem]:
    """RG701 for the PDF (``pages``) and for the DOCX of the same blocks, with what to cut."""
    at = _closing_index(blocks)
    if at is None or at == 0:
        return []
    per_page = template.grid.lines_per_page
    cells = template.grid.chars_per_line
    last = blocks[at - 1]
    paragraph = _last_paragraph(tree)
    if closing_alone(pages):
        over = _lines_over(pages, per_page, blocks, at)
        return [_problem(tree, paragraph, last, over, cells, None)]
    keep = template.closing.keep_lines
    if paragraph is None or text_width(paragraph.text) <= keep * cells:
        return []  # the DOCX keeps this paragraph with the closing, as the PDF does
    # What Word and LibreOffice do: the closing takes no lines of the paragraph with it.
    loose = [*blocks[:at], replace(blocks[at], keep_with_previous=0), *blocks[at + 1 :]]
    docx_pages = paginate(loose, per_page, template.pagination.min_lines_at_break)
    if not closing_alone(docx_pages):
        return []
    over = _lines_over(docx_pages, per_page, blocks, at)
    return [_problem(tree, paragraph, last, over, cells, keep)]


def _closing_index(blocks: list[Block]) -> int | None:
    for i, block in enumerate(blocks):
        if block.rows and all(r.closing for r in block.rows):
            return i
    return None


def _last_paragraph(tree: DocumentTree) -> Paragraph | None:
    """The body paragraph right before the closing, if that is what comes before it."""
    blocks = list(tree.blocks)
    for i, block in enumerate(blocks):
        if isinstance(block, Closing) and i and isinstance(blocks[i - 1], Paragraph):
            found = blocks[i - 1]
            assert isinstance(found, Paragraph)
            return found
    return None


def _lines_over(pages: list[list[Row | None]], per_page: int, blocks: list[Block], at: int) -> int:
    """Lines the body must lose for everything on the last page to fit on the page before."""
    used = pages[-2][:]
    while used and used[-1] is None:
        used.pop()
    last = pages[-1][:]
    while last and last[-1] is None:
        last.pop()
    body_on_last = sum(1 for r in last if r is not None and not r.closing)
    blanks = blocks[at].space_before + blocks[at - 1].space_after
    closing_rows = len(blocks[at].rows)
    return max(1, body_on_last + blanks + closing_rows - (per_page - len(used)))


def _problem(
    tree: DocumentTree,
    paragraph: Paragraph | None,
    last: Block,
    over: int,
    cells: int,
    keep: int | None,
) -> Problem:
    """The message: which paragraph, how many lines and characters to cut."""
    origin = paragraph.origin if paragraph is not None else ("organization",)
    where = tree.locate(origin)
    what = "DOCX 中" if keep is not None else ""
    head = f"{what}最后一页只有署名和成文日期，没有正文（{_CLAUSE}）："
    rows = len(last.rows)
    if paragraph is None:
        cut = f"正文需缩短 {over} 行（约 {over * cells} 字），落款才能回到上一页"
    elif over >= rows:
        cut = (
            f"正文需缩短 {over} 行（约 {over * cells} 字），落款才能回到上一页；"
            f"第 {where.line} 行的最后一段只有 {rows} 行，请在它前面的段落中删减"
        )
    else:
        chars = _chars(last.rows[-1]) + (over - 1) * cells
        cut = (
            f"把第 {where.line} 行的这一段（排成 {rows} 行）删去至少 {chars} 个字"
            f"（少 {over} 行），落款就能回到上一页"
        )
    if keep is not None and paragraph is not None:
        extra = round(text_width(paragraph.text)) - keep * cells
        cut += (
            f"；或把这一段删到 {keep * cells} 字以内（删去至少 {extra} 个字），"
            "它就会与落款排在同一页"
        )
    code = "closing-alone" if keep is not None else "last-page-closing"
    field = "" if paragraph is not None else "organization"
    return Problem(where, field, head + cut, severity="warning", code=code)


def _chars(row: Row) -> int:
    return sum(len(run.text) for run in row.runs)
