"""The renderer-neutral document tree: every text decision already made, ready to be placed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from ..errors import Location, Problem
from ..source.loader import PathKey, SourceMap

R = TypeVar("R", covariant=True)


@dataclass(frozen=True)
class TextPiece:
    """A stretch of printed text, the template role it is set in and where it came from."""

    role: str
    text: str
    origin: PathKey = ()


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look; ``role`` is "" (plain) or "lead" (an item's lead sentence)."""

    text: str
    role: str = ""


@dataclass(frozen=True)
class Title:
    """The document title, already broken into its printed lines (GB/T 9704 §7.3.1)."""

    lines: tuple[str, ...]
    origin: PathKey = ()

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.title(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return tuple(TextPiece("title", line, self.origin) for line in self.lines)


@dataclass(frozen=True)
class Recipient:
    """主送机关, flush left, ending with a full-width colon (§7.3.2)."""

    text: str
    origin: PathKey = ()

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.recipient(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return (TextPiece("recipient", self.text, self.origin),)


@dataclass(frozen=True)
class Heading:
    """A numbered heading; ``level`` 1-4 prints as 一、 （一） 1. （1）."""

    level: int
    number: str
    text: str
    origin: PathKey = ()

    @property
    def full_text(self) -> str:
        return self.number + self.text

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.heading(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return (TextPiece(f"heading{self.level}", self.full_text, self.origin),)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (``kind`` "body") or an 一是/二是 item (``kind`` "item")."""

    runs: tuple[Run, ...]
    kind: str = "body"
    origin: PathKey = ()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.paragraph(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return (TextPiece("body", self.text, self.origin),)


@dataclass(frozen=True)
class AttachmentNote:
    """附件说明 (§7.3.4): the label and one entry per attachment ("1. 名称" when several)."""

    label: str
    entries: tuple[str, ...]
    origin: PathKey = ()

    @property
    def lines(self) -> tuple[str, ...]:
        pad = "\u3000" * len(self.label)
        return tuple((self.label if i == 0 else pad) + e for i, e in enumerate(self.entries))

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.attachment_note(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return tuple(TextPiece("attachment", line, self.origin) for line in self.lines)


@dataclass(frozen=True)
class Closing:
    """Signature and date of a document without a seal (§7.3.5.2).

    Both lines are right-aligned; the indents, in characters of body text, are computed so that
    the signature ends two characters from the right edge and the date starts two characters to
    the right of the signature's start (or, when the date is longer, the other way round).
    """

    signature: str
    date: str
    signature_right_indent: float
    date_right_indent: float
    origin: PathKey = ()

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.closing(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        date = (TextPiece("date", self.date, self.origin),) if self.date else ()
        return (TextPiece("signature", self.signature, self.origin), *date)


@dataclass(frozen=True)
class SealedClosing:
    """Signature and date of a sealed document (§7.3.5.1): the date right-indented 4 characters,
    the signature centred over it, the seal (an image, or space left for one) pressing on both."""

    signature: str
    date: str
    signature_right_indent: float
    date_right_indent: float
    seal_image: str = ""  # absolute path of a PNG, or "" to leave the space
    origin: PathKey = ()

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.sealed_closing(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        date = (TextPiece("date", self.date, self.origin),) if self.date else ()
        return (TextPiece("signature", self.signature, self.origin), *date)


@dataclass(frozen=True)
class Note:
    """附注 (§7.3.6): on the line after the date, indented 2 characters, in full-width parentheses."""

    text: str
    origin: PathKey = ()

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.note(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return (TextPiece("note", self.text, self.origin),)


@dataclass(frozen=True)
class AttachmentPage:
    """The head of a bound 附件 (§7.3.7): it starts a new page; ``label`` ("附件2") in 黑体 flush
    left on line 1, the title centred on line 3. The attachment's own blocks follow it."""

    label: str
    title: Title
    origin: PathKey = ()

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.attachment_page(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        label = TextPiece("attachment_label", self.label, self.origin)
        lines = (
            TextPiece("attachment_title", line, self.title.origin) for line in self.title.lines
        )
        return (label, *lines)


@dataclass(frozen=True)
class Attendance:
    """A 纪要's 出席 / 请假 / 列席 line (§10.3): the label in 黑体 indented 2 characters, the names in
    仿宋 after it, wrapped lines aligned with the first name."""

    label: str  # “出席：”
    names: str
    origin: PathKey = ()
    blank_before: bool = False  # the first list: 正文（或附件说明）下空一行

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.attendance(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        return (
            TextPiece("attendance_label", self.label, self.origin),
            TextPiece("body", self.names, self.origin),
        )


@dataclass(frozen=True)
class Table:
    """A 表格 (§8), every cell's text final: ``columns`` is the head row (repeated on each page the
    table spans), ``rows`` the body rows, as wide as the head. ``widths`` are the columns' shares
    of the 版心 width, or () to share it by content; ``align`` is each column's alignment."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()
    align: tuple[str, ...] = ()
    origin: PathKey = ()
    # 横排 (§8): on pages of its own, turned a quarter so that its head faces the page's left
    # edge (the binding side of an odd page, the cut side of an even one)
    landscape: bool = False

    def accept(self, visitor: BlockVisitor[R]) -> R:
        return visitor.table(self)

    def pieces(self) -> tuple[TextPiece, ...]:
        caption = (TextPiece("table_caption", self.caption, self.origin),) if self.caption else ()
        head = tuple(TextPiece("table_header", c, self.origin) for c in self.columns)
        cells = tuple(TextPiece("table_cell", c, self.origin) for row in self.rows for c in row)
        return (*caption, *head, *cells)


Block = (
    Recipient
    | Heading
    | Paragraph
    | AttachmentNote
    | Closing
    | SealedClosing
    | Note
    | AttachmentPage
    | Attendance
    | Table
)


def corner_role(text: str) -> str:
    """份号 (digits) is set in 仿宋; 密级 and 紧急程度 in 黑体 (§7.2.1-7.2.3)."""
    return "copy_number" if text.isdigit() else "classification"


@dataclass(frozen=True)
class Masthead:
    """版头 (§7.2), every text final. Renderers place it from the template's ``official`` numbers.

    ``corner`` holds the 份号, 密级和保密期限 and 紧急程度 lines present, top to bottom (§7.2.1-7.2.3);
    ``issuers`` the organs of the 发文机关标志, lead organ first, and ``suffix`` its “文件”;
    ``signer_rows`` the 签发人 names two to a row (§7.2.6), the 发文字号 sharing the last row.
    ``preprinted`` leaves the 标志 and the red line to the paper (红头纸); ``letter`` lays it out as
    the 信函格式 of a 函 (§10.1): red double rules, 发文字号 flush right under the first."""

    corner: tuple[str, ...]
    issuers: tuple[str, ...]
    suffix: str
    number: str
    signer_label: str = "签发人："
    signer_rows: tuple[tuple[str, ...], ...] = ()
    preprinted: bool = False
    origin: PathKey = ("header",)
    letter: bool = False

    @property
    def issuer_text(self) -> str:
        return "".join(self.issuers) + self.suffix

    def pieces(self) -> Iterator[TextPiece]:
        for text in self.corner:
            yield TextPiece(corner_role(text), text, self.origin)
        if not self.preprinted:
            for i, issuer in enumerate(self.issuers):
                suffix = self.suffix if i == len(self.issuers) - 1 else ""
                yield TextPiece("issuer", issuer + suffix, self.origin)
        for row in self.signer_rows:
            yield TextPiece("signer", self.signer_label, self.origin)
            yield TextPiece("signer_name", "\u3000".join(row), self.origin)
        if self.number:
            yield TextPiece("doc_number", self.number, self.origin)


@dataclass(frozen=True)
class Imprint:
    """版记 (§7.4): the 抄送 line (“抄送：……。”), and 印发机关 with 印发日期 (“2024年12月1日印发”),
    between rules, at the bottom of the last page, which is even."""

    copy_to: str
    printed_by: str
    printed_on: str
    origin: PathKey = ("imprint",)

    def pieces(self) -> Iterator[TextPiece]:
        for text in (self.copy_to, self.printed_by, self.printed_on):
            if text:
                yield TextPiece("imprint", text, self.origin)


class BlockVisitor(Protocol[R]):
    """One method per kind of block: what a renderer (or any other walk) implements and hands to
    :meth:`DocumentTree.walk`. A new kind of block is a class above with ``accept`` and
    ``pieces``, plus its method here; mypy then names every visitor that lacks it."""

    def title(self, block: Title) -> R: ...
    def recipient(self, block: Recipient) -> R: ...
    def heading(self, block: Heading) -> R: ...
    def paragraph(self, block: Paragraph) -> R: ...
    def attachment_note(self, block: AttachmentNote) -> R: ...
    def closing(self, block: Closing) -> R: ...
    def sealed_closing(self, block: SealedClosing) -> R: ...
    def note(self, block: Note) -> R: ...
    def attachment_page(self, block: AttachmentPage) -> R: ...
    def attendance(self, block: Attendance) -> R: ...
    def table(self, block: Table) -> R: ...


@dataclass(frozen=True)
class Meta:
    """Document properties for both formats (DOCX core properties, PDF info)."""

    title: str
    author: str
    subject: str
    keywords: str
    created: dt.datetime
    language: str = "zh-CN"
    # Custom document properties (name, text) kept invisibly in the file, e.g. the metric
    # definitions that let `reportgen import` read last year's DOCX back with its keys.
    properties: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DocumentTree:
    kind: str
    meta: Meta
    title: Title
    blocks: tuple[Block, ...]
    positions: SourceMap | None = field(default=None, compare=False, repr=False)
    masthead: Masthead | None = None  # 版头 of the 公文 kinds (§7.2)
    imprint: Imprint | None = None  # 版记 of the 公文 kinds (§7.4)

    def walk(self, visitor: BlockVisitor[R]) -> Iterator[R]:
        """The title, then every block in order, each handed to its method of ``visitor``."""
        yield self.title.accept(visitor)
        for block in self.blocks:
            yield block.accept(visitor)

    def pieces(self) -> Iterator[TextPiece]:
        """Every printed text of the document with its role, in order (no page furniture)."""
        if self.masthead is not None:
            yield from self.masthead.pieces()
        yield from self.title.pieces()
        for block in self.blocks:
            yield from block.pieces()
        if self.imprint is not None:
            yield from self.imprint.pieces()

    def text_lines(self) -> list[str]:
        """The document as plain lines: what a reader sees, in order (no page furniture)."""
        return [piece.text for piece in self.pieces()]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def locate(self, origin: PathKey, char: str | None = None) -> Location:
        """Where a block (and, if given, a character of it) was written in the input."""
        if self.positions is None:
            return Location("<input>")
        node = self.positions.info(origin)
        if char is not None and node is not None and isinstance(node.value, str):
            index = node.value.find(char)
            if index >= 0:
                return self.positions.char_location(origin, index)
        return self.positions.nearest(origin)


@dataclass
class Rendered:
    """What a renderer returns: the file's bytes, plus what the user should know about the layout
    (fonts that fell back to substitutes, characters drawn from a fallback face, …) as warnings."""

    data: bytes
    findings: list[Problem] = field(default_factory=list)
    pages: int = 0
