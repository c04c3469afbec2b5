"""Subsets for OFD: the PDF's glyphs, found by Unicode."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont, newTable
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

from reportgen.model.template import load_template
from reportgen.render.pdf.embed import _runs, _unicode_cmap, embedded_subset
from reportgen.render.pdf.glyphs import font_file
from reportgen.render.pdf.layout import layout_document
from tests.conftest import SAMPLE

TEXT = "党建引领，凝聚群众力量“堡垒”（一）—1A、。"


@pytest.fixture(scope="module")
def fonts() -> list[str]:
    """The reportlab names of every face the sample's PDF uses."""
    from reportgen.pipeline import prepare

    template = load_template()
    placed = layout_document(prepare(SAMPLE, template).tree, template)
    return sorted(placed.fonts)


def _outline(font: TTFont, glyph: str) -> tuple[object, ...]:
    table = font["glyf"]
    g = table[glyph]
    coords, ends, flags = g.getCoordinates(table)
    return (tuple(coords), tuple(ends), bytes(flags), font["hmtx"][glyph][0])


def test_every_character_maps_to_the_pdf_glyph(fonts: list[str]) -> None:
    for name in fonts:
        source_file = font_file(name)
        with TTFont(source_file.path, fontNumber=source_file.index, lazy=True) as source:
            chars = [c for c in TEXT if ord(c) in source.getBestCmap()]
            embedded = embedded_subset(name, chars)
            subset = TTFont(io.BytesIO(embedded.data))
            cmap = subset.getBestCmap()
            for ch in chars:
                want = source.getBestCmap()[ord(ch)]
                assert _outline(subset, cmap[ord(ch)]) == _outline(source, want), (name, ch)
            assert set(cmap) == {ord(c) for c in chars}
            names = source["name"]
            assert (embedded.family, embedded.full_name) == (
                names.getDebugName(1),
                names.getDebugName(4),
            )


def test_format4_and_format12_agree(fonts: list[str]) -> None:
    subset = TTFont(io.BytesIO(embedded_subset(fonts[0], TEXT).data))
    tables = {(t.platformID, t.platEncID, t.format): t.cmap for t in subset["cmap"].tables}
    assert set(tables) == {(3, 1, 4), (3, 10, 12)}
    assert tables[3, 1, 4] == tables[3, 10, 12]


def test_reportlab_loads_the_subset(fonts: list[str]) -> None:
    """easyofd (and reportlab-based readers) load embedded fonts with reportlab's parser."""
    data = embedded_subset(fonts[0], TEXT).data
    font = ReportlabFont("OFDSubsetCheck", io.BytesIO(data))
    assert font.face.charToGlyph[ord("党")] > 0


@pytest.mark.parametrize(
    ("mapping", "runs"),
    [
        ({0x41: 1, 0x42: 2, 0x43: 3}, [(0x41, 0x43, 1)]),
        ({0x41: 1, 0x43: 2}, [(0x41, 0x41, 1), (0x43, 0x43, 2)]),
        ({0x41: 2, 0x42: 1}, [(0x41, 0x41, 2), (0x42, 0x42, 1)]),
        ({0x4E00: 5, 0x20000: 6}, [(0x4E00, 0x4E00, 5), (0x20000, 0x20000, 6)]),
    ],
)
def test_runs_group_consecutive_codes_and_glyphs(
    mapping: dict[int, int], runs: list[tuple[int, int, int]]
) -> None:
    assert _runs(mapping) == runs


class _GlyphOrder:
    """What fontTools' cmap reader asks of a font: glyph names by id."""

    lazy = False

    def __init__(self, count: int) -> None:
        self.order = [f"g{i}" for i in range(count)]

    def getGlyphOrder(self) -> list[str]:
        return self.order

    def getGlyphName(self, glyph: int) -> str:
        return self.order[glyph]

    def getGlyphNameMany(self, glyphs: list[int]) -> list[str]:
        return [self.order[g] for g in glyphs]


@pytest.mark.parametrize(
    ("mapping", "tables"),
    [
        ({0x41: 3, 0x42: 4, 0x4E00: 7, 0x20000: 1}, [(3, 1, 4), (3, 10, 12)]),
        # more separate segments than a format 4 table can hold: format 12 alone
        ({0x4E00 + 2 * i: i + 1 for i in range(9000)}, [(3, 10, 12)]),
    ],
)
def test_unicode_cmap_is_what_fonttools_reads(
    mapping: dict[int, int], tables: list[tuple[int, int, int]]
) -> None:
    cmap = newTable("cmap")
    cmap.decompile(_unicode_cmap(mapping), _GlyphOrder(10_000))
    assert [(t.platformID, t.platEncID, t.format) for t in cmap.tables] == tables
    for table in cmap.tables:
        got = {code: int(name[1:]) for code, name in table.cmap.items()}
        assert got == {c: g for c, g in mapping.items() if table.format == 12 or c < 0xFFFF}
