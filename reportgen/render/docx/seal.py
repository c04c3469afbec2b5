"""The seal image in the DOCX (§7.3.5.1): a floating picture anchored to the date's paragraph,
in front of the text and without wrapping (the layout does not move), and its package part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement

EMU_PER_PT = 12700
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


@dataclass(frozen=True)
class Media:
    """An image the document part refers to: its relationship id, part name and bytes."""

    rel_id: str
    part: str  # word/media/seal1.png
    data: bytes


def seal_run(rel_id: str, number: int, x_pt: float, y_pt: float, size_pt: float) -> BaseOxmlElement:
    """A run holding the seal as wp:anchor (CT_Anchor children in schema order): ``x_pt`` from
    the left margin, ``y_pt`` from the top of the anchoring paragraph (negative: above it)."""
    x, y, side = (round(v * EMU_PER_PT) for v in (x_pt, y_pt, size_pt))
    xml = (
        f"<w:r {_NAMESPACES}><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251659264 + number}" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{side}" cy="{side}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        "<wp:wrapNone/>"
        f'<wp:docPr id="{1000 + number}" name="印章{number}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{1000 + number}" name="seal{number}.png"/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{side}" cy="{side}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    element: BaseOxmlElement = parse_xml(xml)
    return element


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
