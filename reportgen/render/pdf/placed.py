"""Placed pages: the PDF layout's result, renderer-neutral, for any writer of fixed pages (PDF, OFD).

What :func:`reportgen.render.pdf.layout.layout_document` returns; nothing here knows reportlab.
Units are points (1/72 in); ``x`` grows rightwards from the page's left edge and ``y`` upwards from
its bottom edge (PDF's convention; an OFD writer converts to mm from the top:
``mm = (height_pt - y) * MM_PER_PT``).

- :class:`PlacedDocument` — page size, the pages, the font files every run refers to, the
  build's warnings, and how faux-bold text is stroked.
- :class:`PlacedPage` — its number, its text lines, its page number (``folio``), its outline
  entries and its drawn rules.
- :class:`PlacedLine` — one line of glyphs on a common baseline: size, horizontal scale, colour.
- :class:`GlyphRun` — glyphs of one font and look, evenly spaced: the x of the first glyph's
  origin, then each glyph's advance (``glyphs.advance(font, ch)`` em × size × hscale) plus
  ``gap`` pt; ``glyphs.glyph_xs(run, line)`` computes every glyph's x.
- :class:`FontFile` — a TrueType file (``index`` within a collection) a run's ``font`` names;
  ``glyphs.glyph_ids(font, text)`` gives the glyph ids in that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ...errors import Problem

BLACK = (0, 0, 0)


class GlyphRun(NamedTuple):
    """Glyphs of one font and look (a tuple: a document has thousands)."""

    x: float  # pt, the first glyph's origin
    font: str  # a key of PlacedDocument.fonts
    bold: bool  # faux bold: filled and stroked with PlacedDocument.bold_stroke_pt
    gap: float  # pt after each glyph's advance
    text: str


@dataclass
class PlacedLine:
    """A line of text: ``runs`` on the baseline ``y``, at ``size`` pt, glyphs scaled horizontally
    by ``hscale`` (grid roles condense 16 pt glyphs into a 15.79 pt cell)."""

    y: float
    size: float
    hscale: float
    runs: list[GlyphRun]
    colour: tuple[int, int, int] = BLACK  # RGB 0-255


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: ``title`` at ``level`` (0 the document title), pointing at ``top`` pt on
    the page, where grid line ``line`` (0-based) begins."""

    title: str
    level: int
    line: int
    top: float


@dataclass(frozen=True)
class Rule:
    """A straight line drawn on the page (a 版头 separator, …), ``width`` pt wide."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    colour: tuple[int, int, int] = BLACK


@dataclass(frozen=True)
class PlacedImage:
    """A PNG drawn in the box from (x, y) to (x + width, y + height) (a seal, §7.3.5.1)."""

    path: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class PlacedPage:
    number: int  # 1-based
    lines: list[PlacedLine] = field(default_factory=list)
    folio: PlacedLine | None = None  # the page number (§7.5): one run per glyph
    bookmarks: list[Bookmark] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    # A 横排 page (§8): its lines and rules are placed on the page turned a quarter (297 × 210 mm
    # in the same units); a writer draws them through (x, y) → (width - y, x). The folio is not
    # turned: it stays where other pages have it.
    turned: bool = False


@dataclass(frozen=True)
class FontFile:
    """A loaded TrueType file: ``name`` is how runs refer to it."""

    name: str
    path: str
    index: int

    def data(self) -> bytes:
        """The file's bytes (for a collection, the whole .ttc: pick ``index``)."""
        with open(self.path, "rb") as f:
            return f.read()


@dataclass
class PlacedDocument:
    width: float  # pt
    height: float  # pt
    pages: list[PlacedPage]
    fonts: dict[str, FontFile]
    findings: list[Problem]
    bold_stroke_pt: float
    body_font: str | None  # the face of body text (a writer's initial font)
    body_size: float  # pt
    # Page breaks between the end of the body and the 版记 (0: on the body's last page).
    imprint_breaks: int = 0
    # Grid lines the body takes on its last page (where a 版记 sharing that page starts below).
    body_last_rows: int = 0
