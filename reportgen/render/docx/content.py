"""The DOCX body: the tree's blocks as paragraphs of the template's styles."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...document.build import text_width
from ...document.tree import (
    AttachmentNote,
    AttachmentPage,
    Attendance,
    Closing,
    DocumentTree,
    Heading,
    Note,
    Paragraph,
    Recipient,
    SealedClosing,
    Table,
    Title,
)
from .drawing import Media
from .letterhead import title_page
from .official import OfficialWriter
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
from .tables import write_table


def write_content(body: BaseOxmlElement, tree: DocumentTree, layout: WordLayout) -> list[Media]:
    """The tree's blocks as the body's paragraphs, before its section properties; returns the
    images (seals) the body refers to, for the package."""
    sect_pr = body.find(qn("w:sectPr"))
    body.remove(sect_pr)
    for p in body.findall(qn("w:p")):
        body.remove(p)
    official = OfficialWriter(body, tree, layout)
    official.masthead()
    for _ in tree.walk(_Body(body, layout, official, sect_pr)):
        pass
    if tree.masthead is not None and tree.masthead.letter:
        title_page(sect_pr)
    official.imprint(sect_pr)
    body.append(sect_pr)
    return official.media


class _Body:
    """Writes each block (a :class:`BlockVisitor`); remembers the last paragraph written and its
    text, which the closing may keep with it."""

    def __init__(
        self,
        body: BaseOxmlElement,
        layout: WordLayout,
        official: OfficialWriter,
        section: BaseOxmlElement,
    ) -> None:
        self.body = body
        self.layout = layout
        self.official = official  # the 公文 blocks
        self.section = section  # the body's section properties (a 横排 table's section copies it)
        self.last: tuple[BaseOxmlElement, str] | None = None

    def _add(self, style_id: str | None, text: str) -> BaseOxmlElement:
        p = paragraph(self.body, style_id)
        self.last = (p, text)
        return p

    def title(self, block: Title) -> None:
        p = self._add(TITLE, block.text)
        for i, line in enumerate(block.lines):
            line_run = run_of(p, line)
            if i:  # each printed line of the title, as the tree broke it (§7.3.1)
                line_run.insert(0, el("br"))

    def recipient(self, block: Recipient) -> None:
        run_of(self._add(RECIPIENT, block.text), block.text)

    def heading(self, block: Heading) -> None:
        run_of(self._add(HEADINGS[block.level], block.full_text), block.full_text)

    def paragraph(self, block: Paragraph) -> None:
        p = self._add(None, block.text)
        for run in block.runs:
            run_of(p, run.text, LEAD if run.role == "lead" else None)

    def attachment_note(self, block: AttachmentNote) -> None:
        _attachments(self, block)

    def closing(self, block: Closing) -> None:
        _closing(self, block)

    def sealed_closing(self, block: SealedClosing) -> None:
        self.official.sealed_closing(block)

    def note(self, block: Note) -> None:
        self.official.note(block)

    def attachment_page(self, block: AttachmentPage) -> None:
        self.official.attachment_page(block)

    def attendance(self, block: Attendance) -> None:
        self.official.attendance(block)

    def table(self, block: Table) -> None:
        write_table(self.body, block, self.layout, self.section)
        self.last = None  # the closing keeps no table row with it (the PDF carries none)


def _attachments(writer: _Body, note: AttachmentNote) -> None:
    """§7.3.4: "附件：" at the body indent; later entries and wrapped lines align after the label."""
    layout = writer.layout
    indent = layout.template.roles.attachment.first_line_indent_chars
    label = text_width(note.label)
    left = indent + label
    for i, entry in enumerate(note.entries):
        text = note.label + entry if i == 0 else entry
        p = writer._add(ATTACHMENT, text)
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
            run_of(p, text)
        if i < len(note.entries) - 1:
            _keep_next(p)  # the 附件说明 stays together, as the PDF keeps it


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


def _closing(writer: _Body, closing: Closing) -> None:
    """§7.3.5.2: signature and date right-aligned at the indents the tree computed.

    The signature keeps with the date. The last paragraph before them keeps with the closing when
    it has at most the template's ``closing.keep_lines`` lines, so the closing never stands alone
    on the last page (§7.3.5); a longer one does not, because LibreOffice moves a kept paragraph
    whole rather than its last lines as Word does."""
    layout = writer.layout
    if writer.last is not None:
        p, text = writer.last
        # Measured as the text's width in characters, without its indent: a line-final 。 hangs
        # in the margin in LibreOffice, and first-line indents are usually 2 characters.
        cells = layout.template.grid.chars_per_line
        if text_width(text) <= layout.template.closing.keep_lines * cells:
            _keep_next(p)
    for style_id, text, indent in (
        (SIGNATURE, closing.signature, closing.signature_right_indent),
        (DATE, closing.date, closing.date_right_indent),
    ):
        if not text:
            continue
        p = writer._add(style_id, text)
        p.find(qn("w:pPr")).append(
            el("ind", rightChars=round(indent * 100), right=layout.chars(indent))
        )
        run_of(p, text)
        if style_id == SIGNATURE and closing.date:
            _keep_next(p)
