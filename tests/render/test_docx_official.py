"""The 公文 DOCX XML: schema order, red 标志 and rule, 附件 page breaks, the framed 版记."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from lxml import etree

from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from tests.conftest import INPUTS

TEMPLATE = load_template()
EXAMPLES = sorted((INPUTS / "gongwen").glob("*.yaml"))
# the §7.2 版头 (the 函's 信函格式 is tested on its own below)
STANDARD = [p for p in EXAMPLES if "\nkind: letter\n" not in p.read_text("utf-8")]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"

# CT_PPrBase and CT_RPr child order (ECMA-376 Part 1 §17.3.1.26, §17.3.2.28), the children used.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "pBdr",
    "tabs",
    "overflowPunct",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "sectPr",
]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "color", "spacing", "position", "sz", "szCs", "lang"]
SECT_ORDER = ["footerReference", "type", "pgSz", "pgMar", "cols", "titlePg", "docGrid"]


@pytest.fixture(scope="module")
def documents() -> dict[str, Any]:
    out = {}
    for path in EXAMPLES:
        data = render_docx(prepare(path, TEMPLATE).tree, TEMPLATE).data
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            out[path.stem] = etree.fromstring(package.read("word/document.xml"))
    return out


def _names(element: Any) -> list[str]:
    return [etree.QName(c).localname for c in element]


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_children_in_schema_order(documents: dict[str, Any], stem: str) -> None:
    root = documents[stem]
    for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("sectPr", SECT_ORDER)):
        for element in root.iter(f"{{{W}}}{tag}"):
            names = _names(element)
            assert all(n in order for n in names), names
            assert names == sorted(names, key=order.index), names


@pytest.mark.parametrize("stem", [p.stem for p in STANDARD])
def test_red_issuer_and_rule(documents: dict[str, Any], stem: str) -> None:
    root = documents[stem]
    red_runs = root.xpath(".//w:r[w:rPr/w:color/@w:val='FF0000']", namespaces=NS)
    red_text = "".join(t.text or "" for r in red_runs for t in r.iter(f"{{{W}}}t"))
    assert "文件" in red_text or red_text.endswith("纪要")
    borders = root.xpath(".//w:pBdr/w:bottom[@w:color='FF0000']", namespaces=NS)
    assert len(borders) == 1
    assert borders[0].get(f"{{{W}}}sz") == "8"  # 0.35 mm in eighths of a point


def test_attachment_labels_start_pages(documents: dict[str, Any]) -> None:
    root = documents["tanzhou-request-2024"]
    breaks = root.xpath(".//w:p[w:pPr/w:pageBreakBefore]", namespaces=NS)
    labels = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in breaks]
    assert labels == ["附件1", "附件2"]


@pytest.mark.parametrize("stem", [p.stem for p in STANDARD])
def test_imprint_framed_at_the_bottom(documents: dict[str, Any], stem: str) -> None:
    root = documents[stem]
    frames = root.findall(".//w:pPr/w:framePr", NS)
    assert frames
    ys = [int(f.get(f"{{{W}}}y")) for f in frames]
    pitch = TEMPLATE.grid.line_pitch_twips
    top = round(TEMPLATE.page.margin_top_mm / 25.4 * 1440)
    # the last line of the 版记 takes the 版心's last grid line (less the rules' widths)
    assert abs(ys[-1] + pitch - (top + TEMPLATE.grid.lines_per_page * pitch)) <= 80
    assert ys == sorted(ys)


def test_letterhead_floats_and_title_page(documents: dict[str, Any]) -> None:
    """§10.1: the 标志 (no “文件”, in a text box) and the four red lines are floating objects
    (wp:anchor, wp:wrapNone) that never move the text, at the template's positions; the
    section has a title page (no page number on page 1); the 版记 has no rules."""
    root = documents["tanzhou-letter-2024"]
    red_runs = root.xpath(".//w:r[w:rPr/w:color/@w:val='FF0000']", namespaces=NS)
    assert "".join(t.text or "" for r in red_runs for t in r.iter(f"{{{W}}}t")) == "坦洲镇总工会"
    anchors = root.findall(".//wp:anchor", {"wp": WP})
    assert len(anchors) == 5 and all(a.find("wp:wrapNone", {"wp": WP}) is not None for a in anchors)
    assert all(a.get("behindDoc") == "0" for a in anchors)

    letter, emu_per_mm = TEMPLATE.official.letter, 36000
    lines = [a for a in anchors if a.find(".//a:prstGeom[@prst='line']", {"a": A}) is not None]
    widths = [int(a.find(".//a:ln", {"a": A}).get("w")) / emu_per_mm for a in lines]
    assert [round(w, 2) for w in widths] == [
        letter.thick_mm,
        letter.thin_mm,
        letter.thin_mm,
        letter.thick_mm,
    ]
    for a in lines:
        length = int(a.find("wp:extent", {"wp": WP}).get("cx")) / emu_per_mm
        assert abs(length - letter.rule_length_mm) <= 0.01
        assert a.find("wp:positionV", {"wp": WP}).get("relativeFrom") == "page"
    lowest = int(lines[-1].find("wp:positionV/wp:posOffset", {"wp": WP}).text) / emu_per_mm
    bottom_edge = lowest + letter.thick_mm / 2
    assert abs(TEMPLATE.page.height_mm - bottom_edge - letter.bottom_rule_above_page_mm) <= 0.01
    box = next(a for a in anchors if a not in lines)
    top = int(box.find("wp:positionV/wp:posOffset", {"wp": WP}).text) / emu_per_mm
    assert abs(top - letter.issuer_top_mm) <= 0.01
    assert not root.findall(".//w:framePr", NS)[:-1]  # only the 版记's 抄送 line is framed
    assert root.find("w:body/w:sectPr/w:titlePg", NS) is not None
    assert not root.xpath(".//w:pBdr/*", namespaces=NS)  # no rules in the 版记


def test_office_2010_shapes_sit_in_alternate_content(documents: dict[str, Any]) -> None:
    """The lines and the text box are Office 2010 shapes (wps): each drawing that holds one is
    the Choice of an mc:AlternateContent that requires wps, as Word writes them, so a reader of
    the plain standard skips them (scripts/check_docx_xsd.py then finds the part valid)."""
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    root = documents["tanzhou-letter-2024"]
    shapes = root.findall(f".//{{{wps}}}wsp")
    assert len(shapes) == 5  # 4 rules and the 标志's text box
    for shape in shapes:
        choice = next(a for a in shape.iterancestors() if a.tag == f"{{{mc}}}Choice")
        assert choice.get("Requires") == "wps"
        assert choice.nsmap.get("wps") == wps  # the prefix Requires names is in scope
        assert choice.getparent().tag == f"{{{mc}}}AlternateContent"
    # the seal and other pictures are plain DrawingML: never wrapped
    for picture in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"):
        assert not any(a.tag.startswith(f"{{{mc}}}") for a in picture.iterancestors())
