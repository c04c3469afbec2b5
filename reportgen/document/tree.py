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


Block = Recipient | Heading | Paragraph | AttachmentNote | Closing


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


@dataclass(frozen=True)
class Meta:
    """Document properties for both formats (DOCX core properties, PDF info)."""

    title: str
    author: str
    subject: str
    keywords: str
    created: dt.datetime
    language: str = "zh-CN"


@dataclass(frozen=True)
class DocumentTree:
    kind: str
    meta: Meta
    title: Title
    blocks: tuple[Block, ...]
    positions: SourceMap | None = field(default=None, compare=False, repr=False)

    def walk(self, visitor: BlockVisitor[R]) -> Iterator[R]:
        """The title, then every block in order, each handed to its method of ``visitor``."""
        yield self.title.accept(visitor)
        for block in self.blocks:
            yield block.accept(visitor)

    def pieces(self) -> Iterator[TextPiece]:
        """Every printed text of the document with its role, in order (no page furniture)."""
        yield from self.title.pieces()
        for block in self.blocks:
            yield from block.pieces()

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
