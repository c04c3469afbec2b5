"""The outline: the numbered document as indented plain text for a terminal (``reportgen outline``)."""

from __future__ import annotations

import unicodedata

from ..document.tree import (
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

COLUMNS = 72  # a terminal line: 28 hanzi of two columns each, plus indentation


def columns(text: str) -> int:
    """Terminal width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad_left(text: str, width: int) -> str:
    return " " * max(0, width - columns(text)) + text


class _Outline:
    """Lines of each block; paragraphs indent under the heading before them."""

    def __init__(self) -> None:
        self.level = 0

    def title(self, block: Title) -> list[str]:
        return [_pad_left(line, (COLUMNS + columns(line)) // 2) for line in block.lines] + [""]

    def recipient(self, block: Recipient) -> list[str]:
        return [block.text]

    def heading(self, block: Heading) -> list[str]:
        self.level = block.level
        return ["  " * (block.level - 1) + block.full_text]

    def paragraph(self, block: Paragraph) -> list[str]:
        return ["  " * self.level + block.text]

    def attachment_note(self, block: AttachmentNote) -> list[str]:
        return ["", *block.lines]

    def closing(self, block: Closing) -> list[str]:
        lines = ["", _pad_left(block.signature, COLUMNS - round(2 * block.signature_right_indent))]
        if block.date:
            lines.append(_pad_left(block.date, COLUMNS - round(2 * block.date_right_indent)))
        return lines

    def sealed_closing(self, block: SealedClosing) -> list[str]:
        lines = ["", _pad_left(block.signature, COLUMNS - round(2 * block.signature_right_indent))]
        return [*lines, _pad_left(block.date, COLUMNS - round(2 * block.date_right_indent))]

    def note(self, block: Note) -> list[str]:
        return ["  " + block.text]

    def attachment_page(self, block: AttachmentPage) -> list[str]:
        self.level = 0
        title = [_pad_left(line, (COLUMNS + columns(line)) // 2) for line in block.title.lines]
        return ["", "—" * (COLUMNS // 2), block.label, *title, ""]

    def attendance(self, block: Attendance) -> list[str]:
        return ["  " + block.label + block.names]

    def table(self, block: Table) -> list[str]:
        """A table as aligned text columns under its caption (each column as wide as its
        widest cell), its head row underlined."""
        rows = [block.columns, *block.rows]
        widths = [max(columns(row[j]) for row in rows) for j in range(len(block.columns))]

        def line(row: tuple[str, ...]) -> str:
            cells = [cell + " " * (w - columns(cell)) for cell, w in zip(row, widths, strict=True)]
            return ("  " * self.level + "  ".join(cells)).rstrip()

        caption = [_pad_left(block.caption, (COLUMNS + columns(block.caption)) // 2)]
        rule = "  " * self.level + "-" * (sum(widths) + 2 * (len(widths) - 1))
        return [*(caption if block.caption else []), line(rows[0]), rule, *map(line, rows[1:])]


def _masthead(tree: DocumentTree) -> list[str]:
    """A 公文's 版头 (§7.2): corner lines, the 标志 centred, 发文字号 and 签发人, a rule."""
    m = tree.masthead
    if m is None:
        return []
    lines = list(m.corner)
    if not m.preprinted:
        lines.append(_pad_left(m.issuer_text, (COLUMNS + columns(m.issuer_text)) // 2))
    signers = [m.signer_label + "\u3000".join(row) for row in m.signer_rows]
    number = m.number if signers else _pad_left(m.number, (COLUMNS + columns(m.number)) // 2)
    lines.append(number + _pad_left(signers[-1], COLUMNS - columns(number)) if signers else number)
    return [*lines, "—" * (COLUMNS // 2), ""]


def _imprint(tree: DocumentTree) -> list[str]:
    """A 公文's 版记 (§7.4) between rules."""
    i = tree.imprint
    if i is None:
        return []
    printed = i.printed_by + _pad_left(i.printed_on, COLUMNS - columns(i.printed_by))
    return ["", "—" * (COLUMNS // 2), *([i.copy_to] if i.copy_to else []), printed]


def outline_lines(tree: DocumentTree) -> list[str]:
    """The numbered document as indented plain text: title centred, closing on the right."""
    body = [line for lines in tree.walk(_Outline()) for line in lines]
    return [*_masthead(tree), *body, *_imprint(tree)]
