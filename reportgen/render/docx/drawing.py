"""Floating DrawingML objects that never move the text (wp:anchor with wp:wrapNone): the seal
picture (§7.3.5.1), and the 函's red lines and 标志 text box (§10.1). CT_Anchor children are
written in schema order (ECMA-376 Part 1, §20.4.2.3)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement

EMU_PER_PT = 12700
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_PICTURE = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_SHAPE = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NAMESPACES = (
    f'xmlns:mc="{_MC}" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    f'xmlns:pic="{_PICTURE}" xmlns:wps="{_SHAPE}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
# wp:docPr ids: unique in the document part, apart from anything else's.
_FIRST_ID = 1000


@dataclass(frozen=True)
class Place:
    """Where an anchored object goes: x from the left margin, y from the top of the page
    (``page``) or of the anchoring paragraph (``paragraph``), and its size; pt."""

    x: float
    y: float
    width: float
    height: float
    vertical_from: str = "page"
    horizontal_from: str = "margin"


@dataclass(frozen=True)
class Media:
    """An image the document part refers to: its relationship id, part name and bytes."""

    rel_id: str
    part: str  # word/media/seal1.png
    data: bytes


def _emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)


def _anchor(
    number: int, name: str, place: Place, graphic: str, requires: str = ""
) -> BaseOxmlElement:
    """A run holding one floating object in front of the text, not wrapped. An object of an
    Office 2010 extension (``requires="wps"``: a shape, a text box) goes inside
    mc:AlternateContent, as Word itself writes it (ECMA-376 Part 3), so a reader that does not
    know the extension skips it instead of calling the file damaged."""
    drawing = (
        "<w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251659264 + number}" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="{place.horizontal_from}">'
        f"<wp:posOffset>{_emu(place.x)}</wp:posOffset>"
        "</wp:positionH>"
        f'<wp:positionV relativeFrom="{place.vertical_from}">'
        f"<wp:posOffset>{_emu(place.y)}</wp:posOffset></wp:positionV>"
        f'<wp:extent cx="{_emu(place.width)}" cy="{_emu(place.height)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        "<wp:wrapNone/>"
        f'<wp:docPr id="{_FIRST_ID + number}" name="{name}"/>'
        f"<wp:cNvGraphicFramePr/><a:graphic>{graphic}</a:graphic>"
        "</wp:anchor></w:drawing>"
    )
    if requires:
        drawing = (
            f'<mc:AlternateContent><mc:Choice Requires="{requires}">{drawing}</mc:Choice>'
            "</mc:AlternateContent>"
        )
    element: BaseOxmlElement = parse_xml(f"<w:r {_NAMESPACES}>{drawing}</w:r>")
    return element


def _xfrm(place: Place) -> str:
    return (
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{_emu(place.width)}" '
        f'cy="{_emu(place.height)}"/></a:xfrm>'
    )


def picture_run(number: int, rel_id: str, place: Place) -> BaseOxmlElement:
    """The seal: a PNG stretched over ``place``."""
    graphic = (
        f'<a:graphicData uri="{_PICTURE}"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="{_FIRST_ID + number}" name="seal{number}.png"/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr>{_xfrm(place)}<a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData>"
    )
    return _anchor(number, f"印章{number}", place, graphic)


def line_run(
    number: int, x: float, y: float, length: float, width: float, colour: str
) -> BaseOxmlElement:
    """A horizontal line ``length`` pt long from (x, y), ``width`` pt thick, centred on y."""
    place = Place(x, y, length, 0.0)
    graphic = (
        f'<a:graphicData uri="{_SHAPE}"><wps:wsp><wps:cNvSpPr/>'
        f'<wps:spPr>{_xfrm(place)}<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{_emu(width)}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData>"
    )
    return _anchor(number, f"红色双线{number}", place, graphic, requires="wps")


def text_box_run(
    number: int,
    place: Place,
    paragraph: BaseOxmlElement,
    name: str = "发文机关标志",
    vert: str = "horz",
) -> BaseOxmlElement:
    """A text box without border, fill or insets over ``place``, holding ``paragraph``;
    ``vert="vert"`` turns its text a quarter clockwise (a 横排 page's number)."""
    content = paragraph.xml
    graphic = (
        f'<a:graphicData uri="{_SHAPE}"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr>{_xfrm(place)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        "<a:ln><a:noFill/></a:ln></wps:spPr>"
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
        f'<wps:bodyPr rot="0" vert="{vert}" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        f'anchor="{"t" if vert == "horz" else "ctr"}" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData>"
    )
    return _anchor(number, name, place, graphic, requires="wps")


def seal_media(number: int, path: str) -> Media:
    return Media(f"rIdSeal{number}", f"word/media/seal{number}.png", Path(path).read_bytes())


def add_media(parts: dict[str, bytes], media: list[Media]) -> None:
    """Put the images in the package: their parts, the document's relationships to them, and
    the PNG content type."""
    if not media:
        return
    rels_name = "word/_rels/document.xml.rels"
    rels = parts[rels_name].decode("utf-8")
    added = "".join(
        f'<Relationship Id="{m.rel_id}" Type="{_IMAGE_REL}" Target="{m.part[5:]}"/>' for m in media
    )
    parts[rels_name] = rels.replace("</Relationships>", added + "</Relationships>").encode()
    types_name = "[Content_Types].xml"
    types = parts[types_name].decode("utf-8")
    if 'Extension="png"' not in types:
        png = '<Default Extension="png" ContentType="image/png"/>'
        types = types.replace("<Default ", png + "<Default ", 1)
        parts[types_name] = types.encode()
    for m in media:
        parts[m.part] = m.data
