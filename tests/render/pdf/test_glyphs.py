"""Which loaded font draws each character, its advance, its grid width, and its glyph id."""

from __future__ import annotations

import pytest

from reportgen.errors import RenderError
from reportgen.model.template import load_template
from reportgen.render.pdf import glyphs
from reportgen.render.pdf.fonts import fontset
from reportgen.render.pdf.placed import GlyphRun, PlacedLine

TEMPLATE = load_template()
FONTS = fontset.font_set(TEMPLATE)


def test_answers_are_shared_between_documents_of_one_font_set() -> None:
    first = glyphs.DocFonts(FONTS, [])
    drawn = first.get("body", "国")
    assert drawn is not None and drawn[1] == pytest.approx(1.0)
    assert fontset.font_set(TEMPLATE).key == FONTS.key != ""
    # a second document asks a dict: the answer is already in its copy of the shared table
    second = glyphs.DocFonts(fontset.font_set(TEMPLATE), [])
    assert dict.get(second.glyphs("body"), "国") == drawn


def test_a_font_set_resolved_again_does_not_reuse_old_answers() -> None:
    again = fontset.FontSet(FONTS.logical, FONTS.roles, FONTS.latin, FONTS.key)
    first = glyphs.DocFonts(FONTS, [])
    first.get("body", "国")
    assert "国" not in dict(glyphs.DocFonts(again, []).glyphs("body"))
    assert "国" not in dict(glyphs.DocFonts(FONTS, []).glyphs("body"))  # and back: afresh again


@pytest.mark.parametrize(
    ("role", "char", "cells"),
    [("body", "\u3000", 1.0), ("body", "国", 1.0), ("body", "—", 1.0), ("body", " ", 0.25)],
)
def test_grid_widths(role: str, char: str, cells: float) -> None:
    assert glyphs.DocFonts(FONTS, []).cells(role)[char] == pytest.approx(cells, abs=0.01)


def test_a_character_no_face_has_fails() -> None:
    doc = glyphs.DocFonts(FONTS, [])
    with pytest.raises(RenderError, match="U\\+E000"):
        doc.get("body", "\ue000")


def test_register_is_once_per_file_and_records_it() -> None:
    face = FONTS.primary("body")
    assert face is not None
    path, index = face.face.core_file()
    name = glyphs.register(str(path), index, face.face.font_name)
    assert glyphs.register(str(path), index, "another-name") == name
    assert glyphs.font_file(name).path == str(path)
    assert glyphs.glyph_ids(name, "国国") == [glyphs.glyph_ids(name, "国")[0]] * 2


def test_glyph_positions_add_advances_and_gaps() -> None:
    name = glyphs.DocFonts(FONTS, []).get("body", "国")
    assert name is not None
    line = PlacedLine(700.0, 16.0, 0.9, [])
    run = GlyphRun(100.0, name[0], False, 0.5, "国家")
    assert glyphs.glyph_xs(run, line) == pytest.approx([100.0, 100.0 + 16 * 0.9 + 0.5])
