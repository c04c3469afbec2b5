"""What the OFD writer draws: pages of placed glyph runs and rules, in PDF units and axes."""

from __future__ import annotations

from dataclasses import dataclass, field

# An sRGB colour as 0-255 components (OFD's default colour space writes them so).
Colour = tuple[int, int, int]
BLACK: Colour = (0, 0, 0)


@dataclass(frozen=True)
class GlyphRun:
    """Glyphs of one face, size and look on one baseline, each at its own x.

    Coordinates are PDF points: x from the page's left edge, y from its bottom edge.
    """

    font: str  # the PDF renderer's name for the face (its subset is embedded under that name)
    size_pt: float
    hscale: float  # horizontal glyph scale (the PDF's Tz / 100)
    baseline_pt: float
    xs_pt: tuple[float, ...]  # the origin of each glyph
    text: str  # one character per x
    stroke_pt: float = 0.0  # > 0: stroked as well as filled (bold), with this line width
    colour: Colour = BLACK


@dataclass(frozen=True)
class Rule:
    """A straight line (the 版头 separator, the 版记 rules), from (x0, y0) to (x1, y1)."""

    x0_pt: float
    y0_pt: float
    x1_pt: float
    y1_pt: float
    width_pt: float
    colour: Colour = BLACK


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: the title (level 0) or a heading, and the top of its line."""

    title: str
    level: int
    top_pt: float


@dataclass
class PlacedPage:
    runs: list[GlyphRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)


@dataclass
class PlacedDocument:
    """Every page of a document as the PDF draws it."""

    width_pt: float
    height_pt: float
    pages: list[PlacedPage]
