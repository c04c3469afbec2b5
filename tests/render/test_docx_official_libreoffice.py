"""The 公文 DOCX as LibreOffice lays it out, against our PDF: same pages, same elements on them."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pdfplumber
import pytest
from PIL import Image, ImageDraw

from reportgen.document.tree import AttachmentPage, DocumentTree
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from reportgen.render.pdf.layout import layout_document
from reportgen.render.pdf.render import render_pdf
from tests.conftest import INPUTS
from tests.libreoffice import convert_to_pdf

TEMPLATE = load_template()
PAGE = TEMPLATE.page
BOTTOM = PAGE.height_mm - PAGE.margin_bottom_mm
PITCH_MM = TEMPLATE.grid.line_pitch_pt * MM_PER_PT
EXAMPLES = sorted((INPUTS / "gongwen").glob("*.yaml"))
RED = (1.0, 0.0, 0.0)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DocumentTree, Any, Any]]:
    """Every 公文 example: its tree, our PDF, and LibreOffice's PDF of our DOCX (one soffice run)."""
    folder = tmp_path_factory.mktemp("gongwen-lo")
    trees, ours, docx_paths = {}, {}, []
    for path in EXAMPLES:
        tree = prepare(path, TEMPLATE).tree
        trees[path.stem] = tree
        ours[path.stem] = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))
        target = folder / f"{path.stem}.docx"
        target.write_bytes(render_docx(tree, TEMPLATE).data)
        docx_paths.append(target)
    converted = convert_to_pdf(docx_paths, folder)
    return {
        p.stem: (trees[p.stem], ours[p.stem], pdfplumber.open(io.BytesIO(p.read_bytes())))
        for p in converted
    }


def _page_of(pdf: Any, text: str) -> int:
    """The 1-based page whose text (spaces removed) holds ``text`` first."""
    for number, page in enumerate(pdf.pages, start=1):
        if text in (page.extract_text() or "").replace(" ", "").replace("\n", ""):
            return number
    raise AssertionError(f"{text!r} not found")


def _elements(tree: DocumentTree) -> list[str]:
    assert tree.masthead is not None and tree.imprint is not None
    texts = [tree.masthead.issuers[0], tree.masthead.number, tree.title.lines[0]]
    texts += [b.label for b in tree.blocks if isinstance(b, AttachmentPage)]
    texts += [tree.meta.author]
    texts += [t.replace(" ", "") for t in (tree.imprint.printed_on, tree.imprint.copy_to) if t]
    return texts


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_same_pages_as_our_pdf(rendered: dict[str, Any], stem: str) -> None:
    tree, ours, lo = rendered[stem]
    assert len(lo.pages) == len(ours.pages)
    assert len(lo.pages) % 2 == 0
    for text in _elements(tree):
        assert _page_of(lo, text) == _page_of(ours, text), text


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_red_header_and_rule(rendered: dict[str, Any], stem: str) -> None:
    """LibreOffice draws the red 标志 and the red line (a paragraph border) within 1 mm of ours."""
    _, ours, lo = rendered[stem]
    red_text = [c for c in lo.pages[0].chars if tuple(c["non_stroking_color"] or ()) == RED]
    assert red_text
    ours_rule = next(x for x in ours.pages[0].lines if tuple(x["stroking_color"]) == RED)
    lo_rules = [x for x in lo.pages[0].lines if tuple(x["stroking_color"] or ()) == RED]
    assert lo_rules
    assert abs(lo_rules[0]["top"] - ours_rule["top"]) * MM_PER_PT <= 1.0
    assert abs(lo_rules[0]["width"] - ours_rule["width"]) * MM_PER_PT <= 1.0


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_imprint_rules_at_the_bottom(rendered: dict[str, Any], stem: str) -> None:
    tree, ours, lo = rendered[stem]
    if tree.masthead.letter:  # §10.1: a 函's 版记 has no rules; its 抄送 on the last line
        assert sorted(lo.pages[-1].lines, key=lambda x: x["top"]) == []
        assert sorted(ours.pages[-1].lines, key=lambda x: x["top"]) == []
        lo_line = lo.pages[-1].extract_text_lines()[-2]  # the page number is the last
        assert lo_line["text"].replace(" ", "") == tree.imprint.copy_to
        assert BOTTOM - PITCH_MM <= lo_line["top"] * MM_PER_PT <= BOTTOM
        return
    count = 3 if tree.imprint.copy_to else 2

    def rules(pdf: Any) -> list[Any]:
        """The 版记's: the page's lowest horizontal rules (a 附件's table may draw more above)."""
        flat = [x for x in pdf.pages[-1].lines if abs(x["top"] - x["bottom"]) < 1]
        return sorted(flat, key=lambda x: x["top"])[-count:]

    lo_rules, ours_rules = rules(lo), rules(ours)
    assert len(lo_rules) == len(ours_rules) == count
    for a, b in zip(lo_rules, ours_rules, strict=True):
        assert abs(a["top"] - b["top"]) * MM_PER_PT <= 1.0
    assert abs(lo_rules[-1]["bottom"] * MM_PER_PT - BOTTOM) <= 1.0


def test_letterhead_as_in_our_pdf(rendered: dict[str, Any]) -> None:
    """§10.1 in LibreOffice: the 标志, the four red lines and the 发文字号 within 1 mm of our
    PDF's, and no page number on page 1 (w:titlePg) while page 2 has one."""
    _, ours, lo = rendered["tanzhou-letter-2024"]

    def red(page: Any) -> tuple[list[float], list[float]]:
        chars = [c for c in page.chars if tuple(c["non_stroking_color"] or ()) == RED]
        lines = [x for x in page.lines if tuple(x["stroking_color"] or ()) == RED]
        tops = [min(c["top"] for c in chars), max(c["x1"] for c in chars)]
        lines.sort(key=lambda x: x["top"])
        widths = [x["linewidth"] for x in lines]  # thick, thin, thin, thick
        return tops, [*(x["top"] for x in lines), lines[0]["x0"], lines[0]["x1"], *widths]

    for a, b in zip(red(lo.pages[0]), red(ours.pages[0]), strict=True):
        assert len(a) == len(b)
        assert all(abs(x - y) * MM_PER_PT <= 1.0 for x, y in zip(a, b, strict=True)), (a, b)
    number = [
        ln for p in (lo, ours) for ln in p.pages[0].extract_text_lines() if "〔" in ln["text"]
    ]
    assert abs(number[0]["top"] - number[1]["top"]) * MM_PER_PT <= 1.0
    assert abs(number[0]["x1"] - number[1]["x1"]) * MM_PER_PT <= 1.0
    assert "—" not in lo.pages[0].extract_text()
    assert "— 2 —" in lo.pages[1].extract_text()


def test_blank_page_and_imprint_page_unnumbered(tmp_path: Any) -> None:
    """§7.5: when a blank page precedes the 版记 page, neither shows a page number. The DOCX
    makes each a section with a title page; LibreOffice shows the same pages as our PDF, the
    numbers only on the body's pages, and the 版记 rules at the bottom."""
    source = (INPUTS / "gongwen" / "tanzhou-notice-2024.yaml").read_text("utf-8")
    long = "  - " + "坦洲镇总工会持续推进基层工会规范化建设，服务职工群众。" * 49 + "\n"
    path = tmp_path / "full-even-page.yaml"
    path.write_text(source.replace("  - 特此通知。\n", long + "  - 特此通知。\n"), "utf-8")
    tree = prepare(path, TEMPLATE).tree
    placed = layout_document(tree, TEMPLATE)
    assert placed.imprint_breaks == 2  # the body fills its even last page
    ours = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))
    target = tmp_path / "full-even-page.docx"
    target.write_bytes(render_docx(tree, TEMPLATE).data)
    (converted,) = convert_to_pdf([target], tmp_path / "lo")
    lo = pdfplumber.open(io.BytesIO(converted.read_bytes()))
    assert len(lo.pages) == len(ours.pages) == 6
    for pdf in (lo, ours):
        numbered = ["—" in (page.extract_text() or "") for page in pdf.pages]
        assert numbered == [True, True, True, True, False, False]
        assert (pdf.pages[4].extract_text() or "").strip() == ""
        assert tree.imprint.printed_on.replace(" ", "") in pdf.pages[5].extract_text()
    lo_rules = sorted(x["top"] for x in lo.pages[5].lines)
    ours_rules = sorted(x["top"] for x in ours.pages[5].lines)
    assert len(lo_rules) == len(ours_rules) == 3
    assert all(abs(a - b) * MM_PER_PT <= 1.0 for a, b in zip(lo_rules, ours_rules, strict=True))


def test_seal_image_where_our_pdf_draws_it(tmp_path: Any) -> None:
    """§7.3.5.1 in the DOCX: the seal a floating picture (wp:anchor, in front of the text, no
    wrapping) on the page and at the place our PDF draws it, within 1 mm in LibreOffice."""
    seal = tmp_path / "seal.png"
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((6, 6, 294, 294), outline=(230, 0, 18, 255), width=12)
    image.save(seal)
    source = (INPUTS / "gongwen" / "tanzhou-notice-2024.yaml").read_text("utf-8")
    path = tmp_path / "sealed.yaml"
    path.write_text(source.replace("sealed: true", "seal_image: seal.png"), "utf-8")
    tree = prepare(path, TEMPLATE).tree
    data = render_docx(tree, TEMPLATE).data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("word/media/seal1.png") == seal.read_bytes()
        assert b'Target="media/seal1.png"' in package.read("word/_rels/document.xml.rels")
        assert b'Extension="png"' in package.read("[Content_Types].xml")
        document = package.read("word/document.xml")
    assert document.count(b"<wp:anchor ") == 1 and b'behindDoc="0"' in document
    assert b"<wp:wrapNone/>" in document
    target = tmp_path / "sealed.docx"
    target.write_bytes(data)
    (converted,) = convert_to_pdf([target], tmp_path / "lo")
    lo = pdfplumber.open(io.BytesIO(converted.read_bytes()))
    ours = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))
    assert len(lo.pages) == len(ours.pages)
    found = [[(i["page_number"], i) for i in p.images] for p in (lo, ours)]
    (lo_page, lo_image), (our_page, our_image) = (f[0] for f in found if len(f) == 1)
    assert lo_page == our_page
    for key in ("x0", "x1", "top", "bottom"):
        assert abs(lo_image[key] - our_image[key]) * MM_PER_PT <= 1.0, key
