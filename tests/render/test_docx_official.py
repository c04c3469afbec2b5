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


def test_letterhead_frames_and_title_page(documents: dict[str, Any]) -> None:
    """§10.1: the 标志 (no “文件”) and the two red double rules are frames pinned to the page that
    leave the flow alone; the section has a title page (no page number on page 1)."""
    root = documents["tanzhou-letter-2024"]
    red_runs = root.xpath(".//w:r[w:rPr/w:color/@w:val='FF0000']", namespaces=NS)
    assert "".join(t.text or "" for r in red_runs for t in r.iter(f"{{{W}}}t")) == "坦洲镇总工会"
    ruled = root.xpath(".//w:p[w:pPr/w:pBdr/w:top[@w:color='FF0000']]", namespaces=NS)
    sizes = [
        [b.get(f"{{{W}}}sz") for b in p.find("w:pPr/w:pBdr", NS)] for p in ruled
    ]  # eighths of a point: 0.53 mm = 12, 0.26 mm = 6
    assert sizes == [["12", "6"], ["6", "12"]]
    letter = TEMPLATE.official.letter
    for p in ruled:
        frame = p.find("w:pPr/w:framePr", NS)
        assert frame.get(f"{{{W}}}wrap") == "none"
        assert frame.get(f"{{{W}}}vAnchor") == "page"
        assert abs(int(frame.get(f"{{{W}}}w")) - letter.rule_length_mm / 25.4 * 1440) <= 1
    bottom_y = int(ruled[1].find("w:pPr/w:framePr", NS).get(f"{{{W}}}y"))
    lower_top = TEMPLATE.page.height_mm - letter.bottom_rule_above_page_mm - letter.rule_height_mm
    assert abs(bottom_y - lower_top / 25.4 * 1440) <= 1
    assert root.find("w:body/w:sectPr/w:titlePg", NS) is not None
    assert not root.xpath(".//w:pBdr/*[@w:color='000000']", namespaces=NS)  # 版记 without rules
