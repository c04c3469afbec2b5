"""The PDF layout's placed pages: what an OFD writer (or any writer of fixed pages) receives."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.pdf.glyphs import glyph_ids, glyph_xs
from reportgen.render.pdf.layout import PT_PER_MM, layout_document
from reportgen.render.pdf.placed import PlacedDocument
from reportgen.render.pdf.render import render_pdf
from tests.conftest import SAMPLE

TEMPLATE = load_template()
PITCH = TEMPLATE.grid.line_pitch_pt
LEFT = TEMPLATE.page.margin_left_mm * PT_PER_MM
RIGHT = LEFT + TEMPLATE.page.text_width_mm * PT_PER_MM


@pytest.fixture(scope="module")
def placed() -> PlacedDocument:
    return layout_document(prepare(SAMPLE, TEMPLATE).tree, TEMPLATE)


def test_pages_match_the_written_pdf(placed: PlacedDocument) -> None:
    rendered = render_pdf(prepare(SAMPLE, TEMPLATE).tree, TEMPLATE)
    assert len(placed.pages) == rendered.pages == 4
    assert [p.number for p in placed.pages] == [1, 2, 3, 4]
    assert (placed.width / PT_PER_MM, placed.height / PT_PER_MM) == pytest.approx((210, 297))
    assert [p.code for p in placed.findings] == [p.code for p in rendered.findings]


def test_every_character_of_the_tree_is_placed_in_order(placed: PlacedDocument) -> None:
    tree = prepare(SAMPLE, TEMPLATE).tree
    want = re.sub(r"\s+", "", "".join(tree.text_lines()))
    got = "".join(run.text for page in placed.pages for line in page.lines for run in line.runs)
    assert got == want


def test_lines_sit_on_the_grid_inside_the_text_block(placed: PlacedDocument) -> None:
    top = (297 - 37) * PT_PER_MM
    for page in placed.pages:
        ys = [line.y for line in page.lines]
        assert ys == sorted(ys, reverse=True)
        for line in page.lines:
            steps = (top - line.y) / PITCH
            assert 0 < steps < TEMPLATE.grid.lines_per_page
            for run in line.runs:
                xs = glyph_xs(run, line)
                assert xs == sorted(xs) and xs[0] >= LEFT - 0.01 and xs[-1] < RIGHT
        # body lines (16 pt, condensed to the 15.79 pt cell) sit a whole number of lines apart
        body = [line.y for line in page.lines if line.size == 16]
        for a, b in itertools.pairwise(body):
            assert (a - b) / PITCH == pytest.approx(round((a - b) / PITCH), abs=1e-6)


def test_folio_and_bookmarks(placed: PlacedDocument) -> None:
    for page in placed.pages:
        assert page.folio is not None
        assert "".join(r.text for r in page.folio.runs) == f"—{page.number}—"
        assert page.folio.y < TEMPLATE.page.margin_bottom_mm * PT_PER_MM
    marks = [m for page in placed.pages for m in page.bookmarks]
    assert marks[0].level == 0 and marks[0].line == 0
    assert all(m.level >= 1 for m in marks[1:])


def test_font_files_and_glyph_ids_for_every_run(placed: PlacedDocument) -> None:
    used = {run.font for page in placed.pages for line in page.lines for run in line.runs}
    assert used <= set(placed.fonts)
    for name, font in placed.fonts.items():
        assert font.name == name and Path(font.path).is_file()
        assert font.data()[:4] in (b"\0\1\0\0", b"ttcf", b"true")
    run = placed.pages[0].lines[0].runs[0]
    assert all(gid > 0 for gid in glyph_ids(run.font, run.text))
    assert glyph_ids(run.font, "\U0010fffd") == [0]  # not in the face: .notdef


def test_bold_lead_sentences_are_marked_bold() -> None:
    template = load_template("lead-bold")
    placed = layout_document(prepare(SAMPLE, template).tree, template)
    bold = [r.text for p in placed.pages for line in p.lines for r in line.runs if r.bold]
    assert bold and bold[0].startswith("一是")
    assert placed.bold_stroke_pt == pytest.approx(16 * 0.03)
