"""Our OFD read by independent readers: easyofd (parse, then draw again as PDF) and ofdkit (text
runs, document information) find the same pages, text and character positions as pdfplumber
finds in our PDF."""

from __future__ import annotations

import io
from pathlib import Path

import ofdkit
import pdfplumber
import pytest

from reportgen.document.tree import Meta
from reportgen.model.template import MM_PER_PT
from reportgen.pipeline import prepare
from reportgen.render.pdf.placed import PlacedDocument
from reportgen.render.pdf.write import write_pdf
from tests.conftest import SAMPLE
from tests.render.ofd import reader
from tests.render.ofd.conftest import Both

# The acceptance bound; the measured worst case is 0.0015 mm (number rounding in both files).
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


def _rgb(colour: object) -> tuple[int, ...]:
    """A pdfplumber colour (gray or RGB, 0-1) or an easyofd one (strings, 0-255; none: black)."""
    values = tuple(colour) if isinstance(colour, (tuple, list)) else (colour,)
    if values in ((), ("",)):
        return (0, 0, 0)
    if isinstance(values[0], str):
        return tuple(int(v) for v in values)
    numbers = tuple(round(float(v) * 255) for v in values)
    return numbers * 3 if len(numbers) == 1 else numbers


def _same_drawing(pdf_data: bytes, ofd_data: bytes, folder: Path) -> None:
    """Whatever the PDF draws besides black text (a red 版头, rules, a seal) the OFD has too: the
    colour of every character, as many stroked paths as the PDF has lines, rectangles and curves,
    and as many images."""
    ofd_pages = reader.pages(reader.read(ofd_data, folder))
    with pdfplumber.open(io.BytesIO(pdf_data)) as pdf:
        assert len(pdf.pages) == len(ofd_pages)
        for number, (page, parsed) in enumerate(zip(pdf.pages, ofd_pages, strict=True), start=1):
            ours = [_rgb(c["non_stroking_color"]) for c in page.chars if not c["text"].isspace()]
            theirs = [_rgb(cell["color"]) for cell in parsed["text_list"] for _ in cell["text"]]
            assert ours == theirs, f"page {number}"
            drawn = len(page.lines) + len(page.rects) + len(page.curves)
            assert len(parsed["line_list"]) == drawn, f"page {number}"
            assert len(parsed["img_list"]) == len(page.images), f"page {number}"


def test_reader_gets_every_colour_and_drawn_line_of_the_pdf(example: Both, tmp_path: Path) -> None:
    _same_drawing(example.pdf, example.ofd, tmp_path)


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
            # the runs in the file's order are the PDF's text; page.text() is ofdkit's own reading
            # order, which takes a table's columns one after another: the same characters
            assert "".join(run.text for run in page.runs) == _text(ours), f"page {number}"
            assert sorted("".join(page.text().split())) == sorted(_text(ours)), f"page {number}"
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


def test_reader_gets_the_colours_rules_and_images_of_the_pdf(
    red_placed: tuple[PlacedDocument, Meta], red_header: bytes, tmp_path: Path
) -> None:
    _same_drawing(write_pdf(*red_placed), red_header, tmp_path)


def test_reader_gets_colours_rules_and_images(red_header: bytes, tmp_path: Path) -> None:
    ofd = reader.read(red_header, tmp_path)
    (first, *_) = reader.pages(ofd)
    (rule,) = first["line_list"]
    assert rule["pos"] == pytest.approx([28 - 0.176, 80 - 0.176, 156.353, 0.353], abs=1e-3)
    assert rule["LineWidth"] == "0.353"
    assert rule["StrokeColor"] == ["230", "0", "18"]
    colours = [cell["color"] for cell in first["text_list"]]
    assert colours[0] == ("230", "0", "18")
    assert set(colours[1:]) == {("",)}  # black: no colour written
    (image,) = first["img_list"]
    assert image["pos"] == pytest.approx([130, 200, 40, 40], abs=1e-3)
    resource = ofd.data[0]["images"][image["ResourceID"]]
    assert (resource["type"], resource["format"], resource["suffix"]) == ("Image", "PNG", "png")


def test_reader_draws_colours_rules_and_images(red_header: bytes, tmp_path: Path) -> None:
    drawn = reader.to_pdf(reader.read(red_header, tmp_path), tmp_path)
    red = (230 / 255, 0, 18 / 255)
    to_mm = 1 / reader.UNITS_PER_MM
    with pdfplumber.open(io.BytesIO(drawn)) as pdf:
        page = pdf.pages[0]
        (line,) = page.lines
        assert tuple(line["stroking_color"]) == pytest.approx(red, abs=1e-4)
        assert (line["x0"] * to_mm, line["x1"] * to_mm) == pytest.approx((28, 184), abs=0.01)
        assert line["top"] * to_mm == pytest.approx(80, abs=0.01)
        reds = {
            c["text"]
            for c in page.chars
            if tuple(c["non_stroking_color"]) == pytest.approx(red, abs=1e-4)
        }
        assert reds == set(prepare(SAMPLE).tree.title.lines[0]) - {" "}
        (image,) = page.images
        box = [image[k] * to_mm for k in ("x0", "top", "width", "height")]
        assert box == pytest.approx([130, 200, 40, 40], abs=0.01)
