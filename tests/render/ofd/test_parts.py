"""The OFD parts: numbers, DeltaX arrays, text and path objects, outlines."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from reportgen.model.template import MM_PER_PT
from reportgen.render.ofd import parts
from reportgen.render.pdf.placed import Bookmark, GlyphRun, PlacedLine, PlacedPage, Rule

NS = {"ofd": parts.NAMESPACE}
PAGE_HEIGHT_PT = 297 / MM_PER_PT


def _element(xml: str) -> ET.Element:
    return ET.fromstring(f'<ofd:Root xmlns:ofd="{parts.NAMESPACE}">{xml}</ofd:Root>')[0]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (210.0, "210"),
        (5.5708, "5.571"),
        (0.0004, "0"),
        (-0.0004, "0"),
        (-1.25, "-1.25"),
        (37.2950001, "37.295"),
    ],
)
def test_mm(value: float, text: str) -> None:
    assert parts.mm(value) == text


@pytest.mark.parametrize(
    ("xs", "delta"),
    [
        ([10.0], ""),
        ([10.0, 15.5], "5.5"),
        ([0.0, 5.571, 11.142, 16.713], "g 3 5.571"),
        ([0.0, 5.571, 11.142, 14.0, 16.0], "5.571 5.571 2.858 2"),
        ([0.0, 2.0, 4.0, 6.0, 11.0, 16.0, 21.0, 22.0], "g 3 2 g 3 5 1"),
    ],
)
def test_delta_x(xs: list[float], delta: str) -> None:
    assert parts.delta_x(xs) == delta


@pytest.mark.parametrize(
    ("xs", "not_delta"),
    [
        ([0.0, 5.571, 11.142, 16.713], "5.571 5.571 5.571"),  # three repeats are abbreviated
        ([0.0, 1.0, 2.0], "g 2 1"),  # two are not: "g 2 1" is no shorter
    ],
)
def test_delta_x_abbreviates_only_from_three(xs: list[float], not_delta: str) -> None:
    assert parts.delta_x(xs) != not_delta


@pytest.mark.parametrize(
    ("text", "quote", "escaped"),
    [
        ("a&b<c>", False, "a&amp;b&lt;c&gt;"),
        ('“引号”"x"', False, '“引号”"x"'),
        ('"x" & y', True, "&quot;x&quot; &amp; y"),
    ],
)
def test_escape(text: str, quote: bool, escaped: str) -> None:
    assert parts.escape(text, quote) == escaped


def test_text_object_places_each_glyph_and_marks_bold_and_colour() -> None:
    line = PlacedLine(700.0, 16.0, 0.987, [GlyphRun(100.0, "F", True, 0.0, "一是")], (255, 0, 0))
    xml = parts.text_object(
        line,
        "一是A&",
        [x / MM_PER_PT for x in (35.0, 40.571, 46.142, 49.112)],
        (9, 2),
        PAGE_HEIGHT_PT,
        0.48,
    )
    obj = _element(xml)
    assert (obj.get("ID"), obj.get("Font"), obj.get("Size")) == ("9", "2", "5.644")
    assert obj.get("HScale") == "0.9870"
    assert (obj.get("Stroke"), obj.get("LineWidth")) == ("true", "0.169")
    assert obj.find("ofd:FillColor", NS).get("Value") == "255 0 0"  # type: ignore[union-attr]
    assert obj.find("ofd:StrokeColor", NS).get("Value") == "255 0 0"  # type: ignore[union-attr]
    code = obj.find("ofd:TextCode", NS)
    assert code is not None and code.text == "一是A&"
    left, top, _, _ = (float(v) for v in obj.get("Boundary", "").split())
    assert left + float(code.get("X", "")) == pytest.approx(35.0, abs=1e-3)
    baseline_mm = (PAGE_HEIGHT_PT - 700.0) * MM_PER_PT
    assert top + float(code.get("Y", "")) == pytest.approx(baseline_mm, abs=1e-3)
    assert code.get("DeltaX") == "5.571 5.571 2.97"


def test_plain_text_object_writes_no_defaults() -> None:
    line = PlacedLine(700.0, 16.0, 1.0, [])
    obj = _element(parts.text_object(line, "国", [100.0], (3, 1), PAGE_HEIGHT_PT))
    for name in ("HScale", "Stroke", "LineWidth"):
        assert obj.get(name) is None
    assert obj.find("ofd:FillColor", NS) is None
    code = obj.find("ofd:TextCode", NS)
    assert code is not None and code.get("DeltaX") is None


def test_path_object_draws_the_rule_inside_its_box() -> None:
    # a red rule 1 pt (0.353 mm) wide across the 156 mm text block, 100 pt below the top edge
    x0, x1 = 28 / MM_PER_PT, 184 / MM_PER_PT
    rule = Rule(x0, PAGE_HEIGHT_PT - 100, x1, PAGE_HEIGHT_PT - 100, 1.0, (230, 0, 18))
    obj = _element(parts.path_object(rule, 12, PAGE_HEIGHT_PT))
    left, top, width, height = (float(v) for v in obj.get("Boundary", "").split())
    assert (left, top) == pytest.approx((28 - 0.176, 100 * MM_PER_PT - 0.176), abs=1e-3)
    assert (width, height) == pytest.approx((156 + 0.353, 0.353), abs=1e-3)
    assert obj.get("LineWidth") == "0.353"
    assert obj.find("ofd:StrokeColor", NS).get("Value") == "230 0 18"  # type: ignore[union-attr]
    data = obj.find("ofd:AbbreviatedData", NS)
    assert data is not None
    assert data.text == "M 0.176 0.176 L 156.176 0.176"


def _outline(marks: list[tuple[str, int]]) -> ET.Element:
    page = PlacedPage(
        1, bookmarks=[Bookmark(t, level, i, 700.0 - i * 20) for i, (t, level) in enumerate(marks)]
    )
    entries = parts.outline_entries([page], [5], PAGE_HEIGHT_PT)
    doc = parts.document_xml(40, "0 0 210 297", [5], entries)
    found = ET.fromstring(doc).find("ofd:Outlines", NS)
    assert found is not None
    return found


def _shape(elem: ET.Element) -> list[object]:
    return [(e.get("Title"), _shape(e)) for e in elem.findall("ofd:OutlineElem", NS)]


@pytest.mark.parametrize(
    ("marks", "shape"),
    [
        ([("题", 0)], [("题", [])]),
        (
            [("题", 0), ("一、", 1), ("（一）", 2), ("二、", 1)],
            [("题", [("一、", [("（一）", [])]), ("二、", [])])],
        ),
        # a level that skips one hangs one level below the entry before it
        ([("题", 0), ("（一）", 2)], [("题", [("（一）", [])])]),
    ],
)
def test_outline_nests_headings_under_the_title(
    marks: list[tuple[str, int]], shape: list[object]
) -> None:
    assert _shape(_outline(marks)) == shape


def test_outline_entry_goes_to_its_page_and_line() -> None:
    outline = _outline([("题", 0)])
    dest = outline.find(".//ofd:Dest", NS)
    assert dest is not None
    assert (dest.get("Type"), dest.get("PageID")) == ("XYZ", "5")
    assert float(dest.get("Top", "")) == pytest.approx((PAGE_HEIGHT_PT - 700) * MM_PER_PT, abs=1e-3)


def test_document_without_bookmarks_has_no_outlines() -> None:
    doc = ET.fromstring(parts.document_xml(3, "0 0 210 297", [2], []))
    assert doc.find("ofd:Outlines", NS) is None
    assert doc.findtext("ofd:CommonData/ofd:MaxUnitID", namespaces=NS) == "3"


def test_image_object_scales_the_unit_square_to_its_box() -> None:
    # a 40 mm seal whose top is 200 mm below the top of the page, 130 mm from the left
    side = 40 / MM_PER_PT
    box = (130 / MM_PER_PT, PAGE_HEIGHT_PT - 240 / MM_PER_PT, side, side)
    obj = _element(parts.image_object(box, 7, 5, PAGE_HEIGHT_PT))
    assert obj.attrib == {
        "ID": "7",
        "Boundary": "130 200 40 40",
        "CTM": "40 0 0 40 0 0",
        "ResourceID": "5",
    }


def test_document_res_lists_images() -> None:
    res = ET.fromstring(parts.document_res_xml([parts.ImageResource(5, "image_5.png")]))
    (media,) = res.iter(f"{{{parts.NAMESPACE}}}MultiMedia")
    assert (media.get("ID"), media.get("Type"), media.get("Format")) == ("5", "Image", "PNG")
    assert media.findtext("ofd:MediaFile", namespaces=NS) == "image_5.png"
    assert ET.fromstring(parts.document_res_xml()).find("ofd:MultiMedias", NS) is None


def _apply(ctm: str, u: float, v: float) -> tuple[float, float]:
    a, b, c, d, e, f = (float(n) for n in ctm.split())
    return a * u + c * v + e, b * u + d * v + f


@pytest.mark.parametrize(
    ("corner", "page"),
    # an image 40 × 20 mm at (100, 50) of the turned frame (297 wide, 210 high): its unit
    # square's corners land a quarter turn anticlockwise on the upright A4 page, as in the PDF
    [((0, 0), (50, 197)), ((1, 0), (50, 157)), ((0, 1), (70, 197)), ((1, 1), (70, 157))],
)
def test_turned_objects_land_a_quarter_turn_anticlockwise(
    corner: tuple[float, float], page: tuple[float, float]
) -> None:
    turned_height = 210 / MM_PER_PT  # the turned frame's height is the page's width
    box = (100 / MM_PER_PT, turned_height - 70 / MM_PER_PT, 40 / MM_PER_PT, 20 / MM_PER_PT)
    obj = _element(parts.image_object(box, 7, 5, turned_height, upright=(210, 297)))
    assert obj.get("Boundary") == "0 0 210 297"
    x, y = _apply(obj.attrib["CTM"], *corner)
    assert (x, y) == pytest.approx(page)


def test_turned_text_keeps_its_codes_and_gets_one_ctm() -> None:
    run = GlyphRun(x=100.0, font="F1", bold=False, gap=0.0, text="表头")
    line = PlacedLine(y=400.0, size=14.0, hscale=1.0, runs=[run])
    plain = parts.text_object(line, "表头", [100.0, 114.0], (3, 1), 210 / MM_PER_PT)
    obj = _element(
        parts.text_object(line, "表头", [100.0, 114.0], (3, 1), 210 / MM_PER_PT, upright=(210, 297))
    )
    assert obj.get("Boundary") == "0 0 210 297" and obj.get("CTM", "").startswith("0 -1 1 0 ")
    assert _element(plain).find("ofd:TextCode", NS).attrib == obj.find("ofd:TextCode", NS).attrib
