"""Each bundled input rendered once to PDF and to OFD, shared by the OFD tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from reportgen.document.tree import DocumentTree, Meta
from reportgen.model.editions import load_edition
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.ofd.render import render_ofd, write_ofd
from reportgen.render.pdf.layout import layout_document
from reportgen.render.pdf.placed import PlacedDocument, PlacedImage, Rule
from reportgen.render.pdf.render import render_pdf
from reportgen.source.loader import walk_inputs
from tests.conftest import INPUTS, SAMPLE

# Every input in inputs/ that builds (base files only exist to be extended).
BUILDABLE = [p for p in walk_inputs(INPUTS) if not load_edition(p, with_previous=False).abstract]


@dataclass
class Both:
    tree: DocumentTree
    pdf: bytes
    ofd: bytes
    pages: int


_CACHE: dict[Path, Both] = {}


def rendered(path: Path) -> Both:
    """``path`` rendered with the built-in template, once per test session."""
    if path not in _CACHE:
        template = load_template()
        tree = prepare(path, template).tree
        pdf = render_pdf(tree, template)
        ofd = render_ofd(tree, template)
        assert ofd.pages == pdf.pages
        _CACHE[path] = Both(tree, pdf.data, ofd.data, ofd.pages)
    return _CACHE[path]


@pytest.fixture(params=BUILDABLE, ids=lambda p: str(p.relative_to(INPUTS)))
def example(request: pytest.FixtureRequest) -> Both:
    """Each buildable input of inputs/, rendered to PDF and OFD."""
    path: Path = request.param
    return rendered(path)


@pytest.fixture(scope="module")
def red_placed(tmp_path_factory: pytest.TempPathFactory) -> tuple[PlacedDocument, Meta]:
    """The sample as the 公文 layout will draw it: a red title, a red 版头 rule and a seal image
    (40 mm square, its top 200 mm from the top of the page, 130 mm from the left)."""
    template = load_template()
    tree = prepare(SAMPLE, template).tree
    placed = layout_document(tree, template)
    page = placed.pages[0]
    page.lines[0].colour = (230, 0, 18)
    left, right = 28 / MM_PER_PT, 184 / MM_PER_PT
    y = placed.height - 80 / MM_PER_PT
    page.rules.append(Rule(left, y, right, y, 1.0, (230, 0, 18)))
    seal = tmp_path_factory.mktemp("seal") / "seal.png"
    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 116, 116), outline=(230, 0, 18, 255), width=6)
    image.save(seal)
    side = 40 / MM_PER_PT
    x, y = 130 / MM_PER_PT, placed.height - 240 / MM_PER_PT
    page.images.append(PlacedImage(str(seal), x, y, side, side))
    return placed, tree.meta


@pytest.fixture(scope="module")
def red_header(red_placed: tuple[PlacedDocument, Meta]) -> bytes:
    """:func:`red_placed` as OFD."""
    return write_ofd(*red_placed)
