"""The 公文 DOCX as LibreOffice lays it out, against our PDF: same pages, same elements on them."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest

from reportgen.document.tree import AttachmentPage, DocumentTree
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from reportgen.render.pdf.render import render_pdf
from tests.conftest import INPUTS
from tests.libreoffice import convert_to_pdf

TEMPLATE = load_template()
PAGE = TEMPLATE.page
BOTTOM = PAGE.height_mm - PAGE.margin_bottom_mm
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
    texts += [tree.meta.author, tree.imprint.printed_on.replace(" ", "")]
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
