"""The page number of a 横排 page (§8: "页码位置与公文其他页码保持一致"): a landscape section's own
footers, each a text box turned a quarter clockwise on the page's left edge, so that the page,
turned back upright as it is bound, shows "— N —" where every other page has it."""

from __future__ import annotations

from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...model.template import MM_PER_PT
from .drawing import Place, text_box_run
from .ooxml import FOOTER, WordLayout, el, page_number_runs, paragraph

_FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
# (relationship id, part, Word's footer type, which page: the template's odd/even alignment)
FOOTERS = (
    ("rIdTurnedOdd", "word/footerTurned1.xml", "default", "odd"),
    ("rIdTurnedEven", "word/footerTurned2.xml", "even", "even"),
)
_LENGTH_MM = 40.0  # the box along the number's line: room for "— 1000 —"
_THICKNESS_MM = 8.0  # across it: the number is centred in it


def footer_references() -> list[BaseOxmlElement]:
    """The landscape section's w:footerReference elements (first in CT_SectPr)."""
    refs = []
    for rel, _, kind, _ in FOOTERS:
        ref = el("footerReference", type=kind)
        ref.set(qn("r:id"), rel)
        refs.append(ref)
    return refs


def add_turned_footers(parts: dict[str, bytes], layout: WordLayout) -> None:
    """Put the two footers in the package: their parts, relationships and content types."""
    rels_name, types_name = "word/_rels/document.xml.rels", "[Content_Types].xml"
    rels = parts[rels_name].decode("utf-8")
    types = parts[types_name].decode("utf-8")
    for number, (rel, part, _, side) in enumerate(FOOTERS, start=1):
        parts[part] = _footer_xml(layout, side, number)
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="{rel}" Type="{_FOOTER_REL}" Target="{part[5:]}"/></Relationships>',
        )
        types = types.replace(
            "</Types>", f'<Override PartName="/{part}" ContentType="{_FOOTER_TYPE}"/></Types>'
        )
    parts[rels_name] = rels.encode()
    parts[types_name] = types.encode()


def _place(layout: WordLayout, align: str) -> Place:
    """Where the box goes on the landscape page (its frame: 297 wide, 210 high, y down), from
    where the portrait page has its number: a portrait point (x, y) is at (297 - y, x) here.
    The number's dash sits ``below_text_mm`` under the 版心 (§7.5); the box runs along the
    版心's width as the portrait footer does, one 字 in on the side the number keeps."""
    t = layout.template
    page, number = t.page, t.page_number
    indent = number.indent_chars * t.roles.page_number.size_pt * MM_PER_PT
    middle = page.height_mm - page.margin_bottom_mm + number.below_text_mm  # portrait y
    left, right = page.margin_left_mm, page.width_mm - page.margin_right_mm  # portrait x
    start = {
        "right": right - indent - _LENGTH_MM,
        "left": left + indent,
    }.get(align, (left + right - _LENGTH_MM) / 2)
    return Place(
        x=(page.height_mm - middle - _THICKNESS_MM / 2) / MM_PER_PT,
        y=start / MM_PER_PT,
        width=_THICKNESS_MM / MM_PER_PT,
        height=_LENGTH_MM / MM_PER_PT,
        vertical_from="page",
        horizontal_from="page",
    )


def _footer_xml(layout: WordLayout, side: str, number: int) -> bytes:
    """A footer holding only the turned number: a 1 pt anchor paragraph, so the footer never
    takes room from the 版心."""
    spec = layout.template.page_number
    align = spec.odd if side == "odd" else spec.even
    inner = paragraph(el("body"), FOOTER)
    inner.find(qn("w:pPr")).append(el("jc", val=align))
    page_number_runs(inner, spec.format)
    root = el("ftr")
    anchor = paragraph(root, None)
    ppr = el("pPr")
    ppr.append(el("spacing", before=0, after=0, line=20, lineRule="exact"))
    anchor.append(ppr)
    anchor.append(text_box_run(900 + number, _place(layout, align), inner, "页码", vert="vert"))
    return serialize_part_xml(root)
