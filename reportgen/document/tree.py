"""The renderer-neutral document tree: every text decision already made, ready to be placed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import Location, Problem
from ..source.loader import PathKey, SourceMap


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


@dataclass(frozen=True)
class Recipient:
    """主送机关, flush left, ending with a full-width colon (§7.3.2)."""

    text: str
    origin: PathKey = ()


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


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (``kind`` "body") or an 一是/二是 item (``kind`` "item")."""

    runs: tuple[Run, ...]
    kind: str = "body"
    origin: PathKey = ()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


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


Block = Recipient | Heading | Paragraph | AttachmentNote | Closing


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

    def text_lines(self) -> list[str]:
        """The document as plain lines: what a reader sees, in order (no page furniture)."""
        lines = list(self.title.lines)
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(block.full_text)
            elif isinstance(block, (Paragraph, Recipient)):
                lines.append(block.text)
            elif isinstance(block, AttachmentNote):
                lines.extend(block.lines)
            elif isinstance(block, Closing):
                lines.append(block.signature)
                if block.date:
                    lines.append(block.date)
        return lines

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
