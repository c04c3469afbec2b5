"""The DOCX body: the tree's blocks as paragraphs of the template's styles."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...document.build import text_width
from ...document.tree import AttachmentNote, Closing, DocumentTree, Heading, Paragraph, Recipient
from .ooxml import (
    ATTACHMENT,
    DATE,
    HEADINGS,
    LEAD,
    RECIPIENT,
    SIGNATURE,
    TITLE,
    WordLayout,
    el,
    paragraph,
    run_of,
)


def write_content(body: BaseOxmlElement, tree: DocumentTree, layout: WordLayout) -> None:
    sect_pr = body.find(qn("w:sectPr"))
    body.remove(sect_pr)
    for p in body.findall(qn("w:p")):
        body.remove(p)

    title = paragraph(body, TITLE)
    for i, line in enumerate(tree.title.lines):
        line_run = run_of(title, line)
        if i:  # each printed line of the title, as the tree broke it (§7.3.1)
            line_run.insert(0, el("br"))

    for block in tree.blocks:
        if isinstance(block, Heading):
            run_of(paragraph(body, HEADINGS[block.level]), block.full_text)
        elif isinstance(block, Paragraph):
            p = paragraph(body, None)
            for run in block.runs:
                run_of(p, run.text, LEAD if run.role == "lead" else None)
        elif isinstance(block, Recipient):
            run_of(paragraph(body, RECIPIENT), block.text)
        elif isinstance(block, AttachmentNote):
            _attachments(body, block, layout)
        elif isinstance(block, Closing):
            _closing(body, block, layout)
    body.append(sect_pr)


def _attachments(body: BaseOxmlElement, note: AttachmentNote, layout: WordLayout) -> None:
    """§7.3.4: "附件：" at the body indent; later entries and wrapped lines align after the label."""
    indent = layout.template.roles.attachment.first_line_indent_chars
    label = text_width(note.label)
    left = indent + label
    for i, entry in enumerate(note.entries):
        p = paragraph(body, ATTACHMENT)
        ppr = p.find(qn("w:pPr"))
        if i:
            ppr.append(el("spacing", before=0, beforeLines=0))
            ppr.append(
                el(
                    "ind",
                    leftChars=round(left * 100),
                    left=layout.chars(left),
                    firstLineChars=0,
                    firstLine=0,
                )
            )
            run_of(p, entry)
        else:
            ppr.append(
                el(
                    "ind",
                    leftChars=round(left * 100),
                    left=layout.chars(left),
                    hangingChars=round(label * 100),
                    hanging=layout.chars(label),
                )
            )
            run_of(p, note.label + entry)


# The longest last paragraph (in lines) that moves to the closing's page with it.
_KEEP_WITH_CLOSING_LINES = 4


def _keep_next(p: BaseOxmlElement) -> None:
    """Keep a paragraph on the page of the next one (``w:keepNext`` right after ``w:pStyle``)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is not None:
        return
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(0 if style is None else 1, el("keepNext"))


def _closing(body: BaseOxmlElement, closing: Closing, layout: WordLayout) -> None:
    """§7.3.5.2: signature and date right-aligned at the indents the tree computed.

    The signature keeps with the date. The last paragraph before them keeps with the closing when
    it is short, so the closing never stands alone on the last page (§7.3.5); a long one does not,
    because LibreOffice moves a kept paragraph whole rather than its last lines as Word does."""
    previous = body.findall(qn("w:p"))
    if previous:
        text = "".join(t.text or "" for t in previous[-1].iter(qn("w:t")))
        if text_width(text) <= _KEEP_WITH_CLOSING_LINES * layout.template.grid.chars_per_line:
            _keep_next(previous[-1])
    for style_id, text, indent in (
        (SIGNATURE, closing.signature, closing.signature_right_indent),
        (DATE, closing.date, closing.date_right_indent),
    ):
        if not text:
            continue
        p = paragraph(body, style_id)
        p.find(qn("w:pPr")).append(
            el("ind", rightChars=round(indent * 100), right=layout.chars(indent))
        )
        run_of(p, text)
        if style_id == SIGNATURE and closing.date:
            _keep_next(p)
