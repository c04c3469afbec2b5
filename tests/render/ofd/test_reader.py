"""Our OFD read by independent readers: easyofd (parse, then draw again as PDF) and ofdkit (text
runs, document information) find the same pages, text and character positions as pdfplumber
finds in our PDF."""

from __future__ import annotations

import io
from pathlib import Path

import ofdkit
import pdfplumber
import pytest

from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.ofd.render import write_ofd
from reportgen.render.pdf.layout import layout_document
from reportgen.render.pdf.placed import Rule
from tests.conftest import SAMPLE
from tests.render.ofd import reader
from tests.render.ofd.conftest import Both

# The acceptance bound; the measured worst case is about 0.01 mm (number rounding in both files).
TOLERANCE_MM = 0.5
Chars = list[tuple[str, float, float]]


def _text(chars: Chars) -> str:
    return "".join(c for c, _, _ in chars)


def _worst(ours: Chars, theirs: Chars) -> float:
    assert _text(ours) == _text(theirs)
    return max(
        max(abs(x1 - x2), abs(y1 - y2))
        for (_, x1, y1), (_, x2, y2) in zip(ours, theirs, strict=True)
    )


def _pdf_pages(data: bytes, unit_mm: float = MM_PER_PT) -> list[Chars]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [reader.pdf_chars(page, unit_mm) for page in pdf.pages]


def test_reader_places_every_character_where_the_pdf_has_it(example: Both, tmp_path: Path) -> None:
    """easyofd's reading of TextCode X/Y and DeltaX against pdfplumber's reading of our PDF."""
    ofd_pages = [reader.placed_chars(p) for p in reader.pages(reader.read(example.ofd, tmp_path))]
    pdf_pages = _pdf_pages(example.pdf)
    assert len(ofd_pages) == len(pdf_pages) == example.pages
    for number, (ours, theirs) in enumerate(zip(pdf_pages, ofd_pages, strict=True), start=1):
        assert len(ours) > 10, f"page {number} has no text"
        assert _worst(ours, theirs) <= TOLERANCE_MM, f"page {number}"


def test_reader_draws_the_same_pages(example: Both, tmp_path: Path) -> None:
    """easyofd's own rendering (to PDF) has our pages: their number, text and glyph positions."""
    drawn = reader.to_pdf(reader.read(example.ofd, tmp_path), tmp_path)
    theirs = _pdf_pages(drawn, 1 / reader.UNITS_PER_MM)
    ours = _pdf_pages(example.pdf)
    assert len(theirs) == len(ours) == example.pages
    for number, (mine, drawn_page) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert _worst(mine, drawn_page) <= TOLERANCE_MM, f"page {number}"


def test_ofdkit_reads_the_same_pages_and_information(example: Both) -> None:
    """ofdkit's runs start at the PDF's first glyph of each run; its page text is the PDF's."""
    pdf_pages = _pdf_pages(example.pdf)
    with ofdkit.open(example.ofd) as doc:
        assert doc.warnings == []
        meta = example.tree.meta
        info = doc.info
        assert (info.title, info.author, info.subject) == (meta.title, meta.author, meta.subject)
        assert info.creation_date == meta.created.date().isoformat()
        assert info.keywords == ((meta.keywords,) if meta.keywords else ())
        assert len(doc.pages) == len(pdf_pages) == example.pages
        for number, (page, ours) in enumerate(zip(doc.pages, pdf_pages, strict=True), start=1):
            assert page.box == (0, 0, 210, 297)
            assert "".join(page.text().split()) == _text(ours), f"page {number}"
            starts = [(run.text[0], run.x, run.y) for run in page.runs]
            firsts = _run_starts(ours, [run.text for run in page.runs])
            assert _worst(firsts, starts) <= TOLERANCE_MM, f"page {number}"


def _run_starts(chars: Chars, texts: list[str]) -> Chars:
    """The first glyph of each run, in the order the runs were written."""
    starts = []
    at = 0
    for text in texts:
        assert _text(chars[at : at + len(text)]) == text
        starts.append(chars[at])
        at += len(text)
    return starts


@pytest.fixture(scope="module")
def red_header() -> bytes:
    """The sample with a red title and a red 版头 rule, as the 公文 layout will draw them."""
    template = load_template()
    tree = prepare(SAMPLE, template).tree
    placed = layout_document(tree, template)
    page = placed.pages[0]
    page.lines[0].colour = (230, 0, 18)
    left, right = 28 / MM_PER_PT, 184 / MM_PER_PT
    y = placed.height - 80 / MM_PER_PT
    page.rules.append(Rule(left, y, right, y, 1.0, (230, 0, 18)))
    return write_ofd(placed, tree.meta)


def test_reader_gets_colours_and_rules(red_header: bytes, tmp_path: Path) -> None:
    (first, *_) = reader.pages(reader.read(red_header, tmp_path))
    (rule,) = first["line_list"]
    assert rule["pos"] == pytest.approx([28 - 0.176, 80 - 0.176, 156.353, 0.353], abs=1e-3)
    assert rule["LineWidth"] == "0.353"
    assert rule["StrokeColor"] == ["230", "0", "18"]
    colours = [cell["color"] for cell in first["text_list"]]
    assert colours[0] == ("230", "0", "18")
    assert set(colours[1:]) == {("",)}  # black: no colour written


def test_reader_draws_colours_and_rules(red_header: bytes, tmp_path: Path) -> None:
    drawn = reader.to_pdf(reader.read(red_header, tmp_path), tmp_path)
    red = (230 / 255, 0, 18 / 255)
    with pdfplumber.open(io.BytesIO(drawn)) as pdf:
        page = pdf.pages[0]
        (line,) = page.lines
        assert tuple(line["stroking_color"]) == pytest.approx(red, abs=1e-4)
        to_mm = 1 / reader.UNITS_PER_MM
        assert (line["x0"] * to_mm, line["x1"] * to_mm) == pytest.approx((28, 184), abs=0.01)
        assert line["top"] * to_mm == pytest.approx(80, abs=0.01)
        reds = {
            c["text"]
            for c in page.chars
            if tuple(c["non_stroking_color"]) == pytest.approx(red, abs=1e-4)
        }
        assert reds == set(prepare(SAMPLE).tree.title.lines[0]) - {" "}
