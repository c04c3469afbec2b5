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


@dataclass(frozen=True)
class Note:
    """附注 (§7.3.6): on the line after the date, indented 2 characters, in full-width parentheses."""

    text: str
    origin: PathKey = ()


@dataclass(frozen=True)
class AttachmentPage:
    """The head of a bound 附件 (§7.3.7): it starts a new page; ``label`` ("附件2") in 黑体 flush
    left on line 1, the title centred on line 3. The attachment's own blocks follow it."""

    label: str
    title: Title
    origin: PathKey = ()


Block = (
    Recipient
    | Heading
    | Paragraph
    | AttachmentNote
    | Closing
    | SealedClosing
    | Note
    | AttachmentPage
)


@dataclass(frozen=True)
class Masthead:
    """版头 (§7.2), every text final. Renderers place it from the template's ``official`` numbers.

    ``corner`` holds the 份号, 密级和保密期限 and 紧急程度 lines present, top to bottom (§7.2.1-7.2.3);
    ``issuers`` the organs of the 发文机关标志, lead organ first, and ``suffix`` its “文件”;
    ``signer_rows`` the 签发人 names two to a row (§7.2.6), the 发文字号 sharing the last row.
    ``preprinted`` leaves the 标志 and the red line to the paper (红头纸)."""

    corner: tuple[str, ...]
    issuers: tuple[str, ...]
    suffix: str
    number: str
    signer_label: str = "签发人："
    signer_rows: tuple[tuple[str, ...], ...] = ()
    preprinted: bool = False
    origin: PathKey = ("header",)

    @property
    def issuer_text(self) -> str:
        return "".join(self.issuers) + self.suffix


@dataclass(frozen=True)
class Imprint:
    """版记 (§7.4): the 抄送 line (“抄送：……。”), and 印发机关 with 印发日期 (“2024年12月1日印发”),
    between rules, at the bottom of the last page, which is even."""

    copy_to: str
    printed_by: str
    printed_on: str
    origin: PathKey = ("imprint",)


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
    masthead: Masthead | None = None
    imprint: Imprint | None = None

    def text_lines(self) -> list[str]:
        """The document as plain lines: what a reader sees, in order (no page furniture)."""
        lines: list[str] = []
        if self.masthead is not None:
            m = self.masthead
            lines += [*m.corner, m.issuer_text] if not m.preprinted else list(m.corner)
            lines += [m.signer_label + "　".join(row) for row in m.signer_rows]
            lines += [m.number] if m.number else []
        lines += list(self.title.lines)
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(block.full_text)
            elif isinstance(block, (Paragraph, Recipient)):
                lines.append(block.text)
            elif isinstance(block, AttachmentNote):
                lines.extend(block.lines)
            elif isinstance(block, (Closing, SealedClosing)):
                lines.append(block.signature)
                if block.date:
                    lines.append(block.date)
            elif isinstance(block, Note):
                lines.append(block.text)
            elif isinstance(block, AttachmentPage):
                lines.append(block.label)
                lines.extend(block.title.lines)
        if self.imprint is not None:
            i = self.imprint
            lines += [t for t in (i.copy_to, i.printed_by, i.printed_on) if t]
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
