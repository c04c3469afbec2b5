"""The XML parts of an OFD package (GB/T 33190-2016 §7): OFD.xml, Document.xml, resources, pages.

Every length is in millimetres (ST_Box, ST_Pos), measured from the page's top-left corner.
The parts are written as text: a handful of fixed element shapes, always in the order the
standard's schema gives, so the bytes depend on nothing but the layout.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...model.template import MM_PER_PT
from ..pdf.placed import BLACK, PlacedLine, PlacedPage, Rule

Colour = tuple[int, int, int]

NAMESPACE = "http://www.ofdspec.org/2016"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
# A glyph reaches about 1 em above its baseline and 0.3 em below it; the text object's boundary
# holds that, and a quarter em more on the right for Latin glyphs wider than their advance.
_ASCENT_EM = 1.0
_DESCENT_EM = 0.3
_RIGHT_EM = 1.25
# "g N d" (N deltas of d) is shorter than writing d out from three repeats on.
_REPEATS = 3
_DELTA_PLACES = 4


def escape(text: str, quote: bool = False) -> str:
    """XML character data (or an attribute value, with ``quote``)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def mm(value: float, places: int = 3) -> str:
    """A length in mm to 1 µm (or ``places`` decimals): no trailing zeros, never "-0"."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pt_mm(value_pt: float) -> str:
    return mm(value_pt * MM_PER_PT)


def delta_x(xs_mm: Sequence[float]) -> str:
    """The DeltaX array of glyphs at ``xs_mm``: each glyph's offset from the one before, with
    runs of equal offsets written as ``g N d`` (§11.3, Table 46).

    Offsets have four decimals: a reader adds them up, and 27 offsets rounded to 1 µm could put
    the end of a line 14 µm off.
    """
    steps = [mm(b - a, _DELTA_PLACES) for a, b in itertools.pairwise(xs_mm)]
    out: list[str] = []
    i = 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j] == steps[i]:
            j += 1
        if j - i >= _REPEATS:
            out += ["g", str(j - i), steps[i]]
        else:
            out += steps[i:j]
        i = j
    return " ".join(out)


def _colour(tag: str, colour: Colour) -> str:
    return f'<ofd:{tag} Value="{colour[0]} {colour[1]} {colour[2]}"/>'


@dataclass(frozen=True)
class DocInfo:
    """OFD.xml's document information (CT_DocInfo)."""

    doc_id: str
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: dt.date
    creator: str
    creator_version: str


def ofd_xml(info: DocInfo) -> bytes:
    """The package's entry (§7.4): one document body, its information and its root."""
    fields = [f"<ofd:DocID>{info.doc_id}</ofd:DocID>"]
    for tag, value in (("Title", info.title), ("Author", info.author), ("Subject", info.subject)):
        if value:
            fields.append(f"<ofd:{tag}>{escape(value)}</ofd:{tag}>")
    fields.append(f"<ofd:CreationDate>{info.created.isoformat()}</ofd:CreationDate>")
    if info.keywords:
        words = "".join(f"<ofd:Keyword>{escape(k)}</ofd:Keyword>" for k in info.keywords)
        fields.append(f"<ofd:Keywords>{words}</ofd:Keywords>")
    fields.append(f"<ofd:Creator>{escape(info.creator)}</ofd:Creator>")
    fields.append(f"<ofd:CreatorVersion>{escape(info.creator_version)}</ofd:CreatorVersion>")
    return (
        f'{_HEAD}<ofd:OFD xmlns:ofd="{NAMESPACE}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo>{''.join(fields)}</ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n"
    ).encode()


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    level: int
    page_id: int
    top_mm: float


def outline_entries(
    pages: Sequence[PlacedPage], page_ids: Sequence[int], height_pt: float
) -> list[OutlineEntry]:
    """The bookmarks of every page, in order, as outline entries (top in mm from the top)."""
    entries = []
    for page, page_id in zip(pages, page_ids, strict=True):
        for mark in page.bookmarks:
            top = (height_pt - mark.top) * MM_PER_PT
            entries.append(OutlineEntry(mark.title, mark.level, page_id, max(top, 0.0)))
    return entries


def _outlines(entries: Sequence[OutlineEntry]) -> str:
    """Nested OutlineElem elements (§7.5 Table 11); an entry is at most one level below the one
    before it (the layout's levels already are)."""
    out: list[str] = []
    depth = -1
    for entry in entries:
        level = min(entry.level, depth + 1)
        while depth >= level:
            out.append("</ofd:OutlineElem>")
            depth -= 1
        dest = f'<ofd:Dest Type="XYZ" PageID="{entry.page_id}" Left="0" Top="{mm(entry.top_mm)}"/>'
        out.append(
            f'<ofd:OutlineElem Title="{escape(entry.title, quote=True)}">'
            f'<ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto>{dest}</ofd:Goto></ofd:Action>'
            "</ofd:Actions>"
        )
        depth = level
    out.extend(["</ofd:OutlineElem>"] * (depth + 1))
    return "".join(out)


def document_xml(
    max_id: int,
    page_box: str,
    page_ids: Sequence[int],
    outline: Sequence[OutlineEntry],
) -> bytes:
    """Doc_0/Document.xml (§7.5): common data, the page list and the outline."""
    pages = "".join(
        f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
        for i, pid in enumerate(page_ids)
    )
    outlines = f"<ofd:Outlines>{_outlines(outline)}</ofd:Outlines>" if outline else ""
    return (
        f'{_HEAD}<ofd:Document xmlns:ofd="{NAMESPACE}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{max_id}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>{page_box}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        f"</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages>{outlines}</ofd:Document>\n"
    ).encode()


@dataclass(frozen=True)
class FontResource:
    id: int
    name: str
    family: str
    file: str  # relative to the resource folder (Res/)


def public_res_xml(fonts: Iterable[FontResource]) -> bytes:
    """Doc_0/PublicRes.xml (§7.9): the fonts, each with its embedded file."""
    entries = "".join(
        f'<ofd:Font ID="{f.id}" FontName="{escape(f.name, True)}" '
        f'FamilyName="{escape(f.family, True)}"><ofd:FontFile>{escape(f.file)}</ofd:FontFile>'
        "</ofd:Font>"
        for f in fonts
    )
    fonts_xml = f"<ofd:Fonts>{entries}</ofd:Fonts>" if entries else ""
    return (
        f'{_HEAD}<ofd:Res xmlns:ofd="{NAMESPACE}" BaseLoc="Res">{fonts_xml}</ofd:Res>\n'
    ).encode()


@dataclass(frozen=True)
class ImageResource:
    id: int
    file: str  # relative to the resource folder (Res/)
    format: str = "PNG"


def document_res_xml(images: Iterable[ImageResource] = ()) -> bytes:
    """Doc_0/DocumentRes.xml (§7.9): the document's images (a 公文's seal)."""
    entries = "".join(
        f'<ofd:MultiMedia ID="{i.id}" Type="Image" Format="{i.format}">'
        f"<ofd:MediaFile>{escape(i.file)}</ofd:MediaFile></ofd:MultiMedia>"
        for i in images
    )
    if not entries:
        return f'{_HEAD}<ofd:Res xmlns:ofd="{NAMESPACE}" BaseLoc="Res"/>\n'.encode()
    return (
        f'{_HEAD}<ofd:Res xmlns:ofd="{NAMESPACE}" BaseLoc="Res">'
        f"<ofd:MultiMedias>{entries}</ofd:MultiMedias></ofd:Res>\n"
    ).encode()


class Ids:
    """The document's object identifiers (ST_ID): one sequence for every kind of object."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


# The upright page (width, height in mm) a 横排 page's objects are turned onto, or None.
Upright = tuple[float, float] | None


def _placement(box: tuple[float, float, float, float], ctm: str, upright: Upright) -> str:
    """An object's Boundary (and CTM). On a 横排 page (§8) the object is laid out in the frame
    of the page turned a quarter (upright height wide, upright width high, y down); it is put
    on the ``upright`` page as the PDF draws it, a quarter turn anticlockwise: its Boundary
    becomes the whole page and a CTM (CT_GraphicUnit, GB/T 33190) takes a point (u, v) of its
    box at (l, t) to (t + v, height - l - u), after the object's own CTM (an image's unit
    square)."""
    left, top, width, height = box
    if upright is None:
        own = f' CTM="{ctm}"' if ctm else ""
        return f'Boundary="{mm(left)} {mm(top)} {mm(width)} {mm(height)}"{own}'
    turn = (0.0, -1.0, 1.0, 0.0, top, upright[1] - left)
    if ctm:
        a, b, c, d, e, f = (float(v) for v in ctm.split())
        A, B, C, D, E, F = turn
        turn = (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d,
                A * e + C * f + E, B * e + D * f + F)  # fmt: skip
    turned = " ".join(mm(v) for v in turn)
    return f'Boundary="0 0 {mm(upright[0])} {mm(upright[1])}" CTM="{turned}"'


def text_object(
    line: PlacedLine,
    text: str,
    xs_pt: Sequence[float],
    ids: tuple[int, int],
    height_pt: float,
    stroke_pt: float = 0.0,
    upright: Upright = None,
) -> str:
    """One TextObject (§11.2) for glyphs of one font (``ids``: the object's, the font's): their
    box, size and horizontal scale, and one TextCode whose X/Y is the first glyph's origin in
    the box and whose DeltaX places every later glyph where the PDF has it."""
    object_id, font_id = ids
    size = line.size * MM_PER_PT
    xs = [x * MM_PER_PT for x in xs_pt]
    baseline = (height_pt - line.y) * MM_PER_PT
    left, top = xs[0], baseline - _ASCENT_EM * size
    width = xs[-1] - left + _RIGHT_EM * size * line.hscale
    height = (_ASCENT_EM + _DESCENT_EM) * size
    attrs = [
        f'ID="{object_id}" {_placement((left, top, width, height), "", upright)}',
        f'Font="{font_id}" Size="{mm(size)}"',
    ]
    if abs(line.hscale - 1.0) > 1e-6:
        attrs.append(f'HScale="{line.hscale:.4f}"')
    if stroke_pt > 0:
        attrs.append(f'Stroke="true" LineWidth="{pt_mm(stroke_pt)}"')
    children = []
    if line.colour != BLACK:
        children.append(_colour("FillColor", line.colour))
        if stroke_pt > 0:
            children.append(_colour("StrokeColor", line.colour))
    deltas = delta_x([x - left for x in xs])
    delta_attr = f' DeltaX="{deltas}"' if deltas else ""
    children.append(
        f'<ofd:TextCode X="0" Y="{mm(baseline - top)}"{delta_attr}>{escape(text)}</ofd:TextCode>'
    )
    return f"<ofd:TextObject {' '.join(attrs)}>{''.join(children)}</ofd:TextObject>"


def path_object(rule: Rule, object_id: int, height_pt: float, upright: Upright = None) -> str:
    """A rule as a stroked PathObject (§9.1): a move and a line inside its box."""
    half = rule.width / 2
    x0, x1 = sorted((rule.x0, rule.x1))
    y0, y1 = sorted((height_pt - rule.y0, height_pt - rule.y1))
    left, top = x0 - half, y0 - half

    def pos(x: float, y: float) -> str:
        return f"{pt_mm(x - left)} {pt_mm(height_pt - y - top)}"

    w, h = x1 - x0 + 2 * half, y1 - y0 + 2 * half
    box = (float(pt_mm(left)), float(pt_mm(top)), float(pt_mm(w)), float(pt_mm(h)))
    data = f"M {pos(rule.x0, rule.y0)} L {pos(rule.x1, rule.y1)}"
    # FillColor as well, though the path is only stroked: some readers (easyofd) take a path's
    # colour from it.
    return (
        f'<ofd:PathObject ID="{object_id}" {_placement(box, "", upright)} '
        f'LineWidth="{pt_mm(rule.width)}">'
        f"{_colour('StrokeColor', rule.colour)}{_colour('FillColor', rule.colour)}"
        f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def image_object(
    box_pt: tuple[float, float, float, float],
    object_id: int,
    resource_id: int,
    height_pt: float,
    upright: Upright = None,
) -> str:
    """An image (§10) in the box (x, y, width, height) of PDF points, y from the bottom: the
    CTM scales the image's unit square to the box."""
    x, y, width, height = box_pt
    top = height_pt - y - height
    w, h = pt_mm(width), pt_mm(height)
    box = (float(pt_mm(x)), float(pt_mm(top)), float(w), float(h))
    placement = _placement(box, f"{w} 0 0 {h} 0 0", upright)
    return f'<ofd:ImageObject ID="{object_id}" {placement} ResourceID="{resource_id}"/>'


def content_xml(objects: Iterable[str], layer_id: int, page_box: str) -> bytes:
    """Doc_0/Pages/Page_N/Content.xml (§7.7): the page's box and one body layer."""
    return (
        f'{_HEAD}<ofd:Page xmlns:ofd="{NAMESPACE}">'
        f"<ofd:Area><ofd:PhysicalBox>{page_box}</ofd:PhysicalBox></ofd:Area>"
        f'<ofd:Content><ofd:Layer ID="{layer_id}">\n'
        + "\n".join(objects)
        + "\n</ofd:Layer></ofd:Content></ofd:Page>\n"
    ).encode()
