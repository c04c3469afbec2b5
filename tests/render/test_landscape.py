"""横排 tables (§8) in our PDF, in our DOCX as LibreOffice lays it out, and refused by OFD."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree  # type: ignore[import-untyped]

from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from reportgen.render.ofd.render import render_ofd
from reportgen.render.pdf.render import render_pdf
from tests.libreoffice import convert_to_pdf

TEMPLATE = load_template()
PAGE = TEMPLATE.page
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROWS = "\n".join(
    f"        - [第{i}村, {1000 + 37 * i}, {i % 7 + 1}, {100 + 13 * i}, 无]" for i in range(1, 21)
)
SOURCE = f"""\
kind: report
title: 横排表格测试
organization: 测试单位
body:
  - 下表为横排表格。
  - table:
      caption: 表1 各村（社区）基本情况
      landscape: true
      columns: [村（社区）, 户籍人口（人）, 工会组织（个）, 会员（人）, 备注]
      rows:
{ROWS}
  - 表格之后的正文。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, bytes, Any, Any]:
    folder = tmp_path_factory.mktemp("landscape")
    source = folder / "landscape.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    tree = prepare(source, TEMPLATE).tree
    docx = render_docx(tree, TEMPLATE).data
    (folder / "landscape.docx").write_bytes(docx)
    (lo,) = convert_to_pdf([folder / "landscape.docx"], folder)
    ours = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))
    return tree, docx, ours, pdfplumber.open(io.BytesIO(lo.read_bytes()))


def _rows_on(pdf: Any, number: int) -> list[str]:
    """The table rows (第N村) on a page, in order. Our turned text is read line by line from
    pdfplumber's characters (a turned line has one x, read bottom to top); LibreOffice's page
    is landscape itself, read as it is."""
    page = pdf.pages[number - 1]
    # (LibreOffice's landscape page has turned glyphs too: its page number, §8)
    turned = [c for c in page.chars if not c["upright"]] if page.height > page.width else []
    if turned:
        lines: dict[int, list[Any]] = {}
        for c in turned:  # a turned line's baseline is upright: one x of the glyph origins
            lines.setdefault(round(c["matrix"][4]), []).append(c)
        text = "\n".join(
            "".join(c["text"] for c in sorted(lines[x], key=lambda c: c["matrix"][5]))
            for x in sorted(lines)
        )
    else:
        text = page.extract_text() or ""
    return re.findall(r"第[0-9]+村", text.replace(" ", ""))


def test_turned_pages_of_their_own(built: tuple[Any, bytes, Any, Any]) -> None:
    """Body, then the table alone on turned pages (15 lines each, the head again on each), then
    the body again on a new page; every page stays A4 portrait."""
    _, _, ours, _ = built
    assert len(ours.pages) == 4
    assert all((round(p.width), round(p.height)) == (595, 842) for p in ours.pages)
    assert _rows_on(ours, 1) == [] and _rows_on(ours, 4) == []
    assert _rows_on(ours, 2) == [f"第{i}村" for i in range(1, 14)]  # caption, head, 13 rows
    assert _rows_on(ours, 3) == [f"第{i}村" for i in range(14, 21)]
    for page in ours.pages[1:3]:
        turned = [c for c in page.chars if not c["upright"]]
        assert len(turned) == len([c for c in page.chars if c["text"].strip()]) - 3  # "— N —"


def test_head_toward_the_left_edge_and_folio_in_place(built: tuple[Any, bytes, Any, Any]) -> None:
    """§8: the table's head on the binding side of the odd page and the cut side of the even
    one, both the page's left edge: the 村（社区） head is the leftmost text, within the 28 mm
    margin's reach; the rules span the 225 mm 版心 height; the page number is where other pages
    have it (odd right, even left, 7 mm below the 版心)."""
    _, _, ours, _ = built
    top, bottom = PAGE.margin_top_mm, PAGE.height_mm - PAGE.margin_bottom_mm
    for page in ours.pages[1:3]:
        chars = [c for c in page.chars if not c["upright"]]
        head = [c for c in chars if c["text"] == "村"]
        assert min(c["x0"] for c in chars) * MM_PER_PT >= PAGE.margin_left_mm - 0.5
        assert min(c["x0"] for c in head) * MM_PER_PT - PAGE.margin_left_mm < 20
        verticals = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]
        assert abs(min(ln["top"] for ln in verticals) * MM_PER_PT - top) <= 0.5
        assert abs(max(ln["bottom"] for ln in verticals) * MM_PER_PT - bottom) <= 0.5
        folio = [c for c in page.chars if c["upright"] and c["text"].isdigit()]
        assert folio and abs(folio[0]["top"] * MM_PER_PT - bottom - 7) < 3
        odd = page.page_number % 2
        x = folio[0]["x0"] * MM_PER_PT
        assert (x > PAGE.width_mm / 2) if odd else (x < PAGE.width_mm / 2)


def test_docx_landscape_section(built: tuple[Any, bytes, Any, Any]) -> None:
    _, docx, _, _ = built
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    sections = root.findall(f".//{W}sectPr")
    assert len(sections) == 3  # body, the table's (landscape), body again
    orient = [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections]
    assert orient == [None, "landscape", None]
    size = sections[1].find(f"{W}pgSz")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (16838, 11906)
    margins = sections[1].find(f"{W}pgMar")
    assert int(margins.get(f"{W}top")) == round(PAGE.margin_left_mm / MM_PER_PT * 20)


def test_docx_landscape_section_has_its_turned_footers(built: tuple[Any, bytes, Any, Any]) -> None:
    """The landscape section's footers are its own (odd and even), each a text box turned a
    quarter clockwise; the portrait sections keep the numbered footers of the body."""
    _, docx, _, _ = built
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
        turned = [etree.fromstring(z.read(f"word/footerTurned{n}.xml")) for n in (1, 2)]
        assert "footerTurned1.xml" in z.read("[Content_Types].xml").decode()
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    sections = root.findall(f".//{W}sectPr")
    refs = [
        [(f.get(f"{W}type"), f.get(r_id)) for f in s.findall(f"{W}footerReference")]
        for s in sections
    ]
    assert refs[1] == [("default", "rIdTurnedOdd"), ("even", "rIdTurnedEven")]
    assert refs[0] == refs[2] and refs[0] and "rIdTurned" not in str(refs[0])
    assert 'Id="rIdTurnedOdd"' in rels and 'Target="footerTurned1.xml"' in rels
    for footer, align in zip(turned, ("right", "left"), strict=True):
        body = footer.find(".//{*}bodyPr")
        assert body is not None and body.get("vert") == "vert"
        jc = footer.find(f".//{W}txbxContent/{W}p/{W}pPr/{W}jc")
        assert jc is not None and jc.get(f"{W}val") == align
        assert "PAGE" in "".join(t.text or "" for t in footer.iter(f"{W}instrText"))


def test_libreoffice_turned_page_numbers_where_the_portrait_ones_are(
    built: tuple[Any, bytes, Any, Any],
) -> None:
    """§8: on LibreOffice's landscape pages the number is turned on the left edge; turned back
    upright, as the page is bound, each of its glyphs is within 1.5 mm of our PDF's."""
    _, _, ours, lo = built
    for number in (2, 3):
        page = lo.pages[number - 1]
        glyphs = [
            c
            for c in page.chars
            if not c["upright"] and c["x0"] * MM_PER_PT < 40 and c["text"].strip()
        ]
        assert "".join(c["text"] for c in sorted(glyphs, key=lambda c: c["top"])) == (f"—{number}—")
        upright = [  # landscape (x, y) from the top left → portrait (y, 297 - x)
            (c["top"] * MM_PER_PT, PAGE.height_mm - c["x1"] * MM_PER_PT)
            for c in sorted(glyphs, key=lambda c: c["top"])
        ]
        folio = sorted(
            (c for c in ours.pages[number - 1].chars if c["upright"] and c["text"].strip()),
            key=lambda c: c["x0"],
        )
        expected = [(c["x0"] * MM_PER_PT, c["top"] * MM_PER_PT) for c in folio]
        assert len(expected) == len(upright) == 3
        for (x, y), (ex, ey) in zip(upright, expected, strict=True):
            assert abs(x - ex) <= 1.5 and abs(y - ey) <= 1.5, (number, x, y, ex, ey)


def test_libreoffice_pages_match(built: tuple[Any, bytes, Any, Any]) -> None:
    _, _, ours, lo = built
    assert len(lo.pages) == len(ours.pages)
    assert [round(p.width) > round(p.height) for p in lo.pages] == [False, True, True, False]
    for number in range(1, len(ours.pages) + 1):
        assert _rows_on(ours, number) == _rows_on(lo, number), number
    for page in lo.pages[1:3]:
        assert "村（社区）" in "".join((page.extract_text() or "").split())  # the head again


def test_ofd_turns_the_same_pages(tmp_path: Path) -> None:
    """横排 pages in OFD: every object of a turned page carries a CTM that turns it as the PDF
    does. ofdkit (which applies CTM) finds each text run where pdfplumber finds its first glyph
    in our PDF, on every page; easyofd parses the same pages with the same text."""
    import ofdkit

    from tests.render.ofd import reader

    source = tmp_path / "landscape.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    tree = prepare(source, TEMPLATE).tree
    pdf, ofd = render_pdf(tree, TEMPLATE), render_ofd(tree, TEMPLATE)
    assert ofd.pages == pdf.pages == 4
    with pdfplumber.open(io.BytesIO(pdf.data)) as opened:
        pdf_pages = [reader.pdf_chars(page) for page in opened.pages]
    with ofdkit.open(ofd.data) as doc:
        assert doc.warnings == []
        for number, (page, chars) in enumerate(zip(doc.pages, pdf_pages, strict=True), start=1):
            assert page.box == (0, 0, 210, 297)
            assert "".join(run.text for run in page.runs) == "".join(c for c, _, _ in chars)
            at = 0
            for run in page.runs:
                _, x, y = chars[at]
                assert abs(run.x - x) <= 0.5 and abs(run.y - y) <= 0.5, (number, run.text)
                at += len(run.text)
    parsed = reader.pages(reader.read(ofd.data, tmp_path))
    assert len(parsed) == 4
    for cells, chars in zip(parsed, pdf_pages, strict=True):
        text = "".join(cell["text"] for cell in cells["text_list"])
        assert sorted(text.replace(" ", "")) == sorted(c for c, _, _ in chars)
