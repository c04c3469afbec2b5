"""Our DOCX as LibreOffice lays it out: lines per page, characters per line, headings, page numbers.

LibreOffice is the real consumer most Linux users have; pdfplumber measures its PDF. A missing
soffice or font makes these tests fail, never skip.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from reportgen.document.build import text_width
from reportgen.document.tree import Closing, DocumentTree
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from reportgen.render.pdf.render import render_pdf
from tests.conftest import INPUTS, SAMPLE
from tests.libreoffice import LibreOfficeError, convert_to_pdf

TEMPLATE = load_template()
PAGE = TEMPLATE.page
LEFT, RIGHT = PAGE.margin_left_mm, PAGE.width_mm - PAGE.margin_right_mm
TOP, BOTTOM = PAGE.margin_top_mm, PAGE.height_mm - PAGE.margin_bottom_mm
CHAR_MM = PAGE.text_width_mm / TEMPLATE.grid.chars_per_line  # one 字 of the 28-character line
PITCH_MM = TEMPLATE.grid.line_pitch_pt * MM_PER_PT
BODY_PT = TEMPLATE.roles.body.size_pt
SONG = "BousungEG-Light-GB"  # AR PL SungtiL GB (fonts-arphic-gbsn00lp), fonts.conf's 宋体
INPUT_FILES = [SAMPLE, INPUTS / "shili-union-2024-summary.yaml"]


@dataclass
class Line:
    page: int
    text: str
    top: float  # mm from the page top, of the first character's box
    bottom: float
    baseline: float
    x0: float
    x1: float
    size: float
    fonts: set[str]
    chars: list[dict[str, Any]]

    @property
    def in_block(self) -> str:
        """The characters inside the text block (LibreOffice hangs ，。 into the right margin)."""
        return "".join(c["text"] for c in self.chars if c["x1"] * MM_PER_PT <= RIGHT + 0.5)


@dataclass
class Rendering:
    tree: DocumentTree
    pdf: Path
    pages: list[list[Line]]

    @property
    def body_lines(self) -> list[Line]:
        return [ln for page in self.pages for ln in page if ln.size == BODY_PT]


def _lines(pdf_path: Path) -> list[list[Line]]:
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            rows: dict[float, list[dict[str, Any]]] = defaultdict(list)
            for char in page.chars:
                if char["text"].strip():
                    # Group by baseline (the text matrix), not by box: faces differ in ascent.
                    rows[round(page.height - char["matrix"][5])].append(char)
            lines = []
            for key in sorted(rows):
                chars = sorted(rows[key], key=lambda c: c["x0"])
                lines.append(
                    Line(
                        page=number,
                        text="".join(c["text"] for c in chars),
                        top=chars[0]["top"] * MM_PER_PT,
                        bottom=chars[0]["bottom"] * MM_PER_PT,
                        baseline=(page.height - chars[0]["matrix"][5]) * MM_PER_PT,
                        x0=chars[0]["x0"] * MM_PER_PT,
                        x1=chars[-1]["x1"] * MM_PER_PT,
                        size=round(chars[0]["size"], 1),
                        fonts={c["fontname"].split("+")[-1] for c in chars},
                        chars=chars,
                    )
                )
            pages.append(lines)
    return pages


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendering]:
    """Every sample input rendered to DOCX and converted in a single soffice run."""
    folder = tmp_path_factory.mktemp("lo")
    trees, docx_paths = {}, []
    for path in INPUT_FILES:
        tree = prepare(path, TEMPLATE).tree
        target = folder / f"{path.stem}.docx"
        target.write_bytes(render_docx(tree, TEMPLATE).data)
        trees[path.stem] = tree
        docx_paths.append(target)
    pdfs = convert_to_pdf(docx_paths, folder)
    return {p.stem: Rendering(trees[p.stem], p, _lines(p)) for p in pdfs}


def _page_content(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.top < BOTTOM]


def _full_lines(r: Rendering) -> list[Line]:
    """Body lines that run from margin to margin: neither a first (indented) nor a last line."""
    return [
        ln
        for ln in r.body_lines
        if abs(ln.x0 - LEFT) < 0.5 and ln.x1 >= RIGHT - 0.5 and ln.top < BOTTOM
    ]


@pytest.mark.parametrize("stem", [p.stem for p in INPUT_FILES])
def test_text_matches_tree(rendered: dict[str, Rendering], stem: str) -> None:
    r = rendered[stem]
    text = "".join(ln.text for page in r.pages for ln in _page_content(page))
    expected = "".join(r.tree.text_lines())
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", expected)


def _last_rows(pages: list[list[Line]]) -> list[int]:
    """The last grid row (0-based, from the top of the text block) that holds text, per page."""
    return [
        max(int((ln.baseline - TOP) / PITCH_MM) for ln in _page_content(page)) for page in pages
    ]


@pytest.mark.parametrize("stem", [p.stem for p in INPUT_FILES])
def test_full_pages_hold_22_lines_on_the_grid(
    rendered: dict[str, Rendering], stem: str, tmp_path: Path
) -> None:
    r = rendered[stem]
    assert len(r.pages) > 1
    # LibreOffice breaks the pages about where our PDF does: widow/orphan control (the
    # template's pagination rule), headings kept with their text and the 附件说明 kept together.
    # Within a row: its own line breaking of lines with digits differs (autospace, see below).
    ours = tmp_path / "ours.pdf"
    ours.write_bytes(render_pdf(r.tree, TEMPLATE).data)
    theirs, mine = _last_rows(r.pages), _last_rows(_lines(ours))
    assert len(theirs) == len(mine)
    assert all(abs(a - b) <= 1 for a, b in zip(theirs[:-1], mine[:-1], strict=True)), (theirs, mine)
    last_row = TEMPLATE.grid.lines_per_page - 1
    for page in r.pages[:-1]:
        content = _page_content(page)
        # Rows of the 22-line grid, counted from the top of the text block: the title's lines
        # sit on the pitch too, and the blank line after it is a row without text.
        rows = {int((ln.baseline - TOP) / PITCH_MM) for ln in content}
        assert max(rows) <= last_row, (page[0].page, sorted(rows))
        assert content[-1].bottom <= BOTTOM
        body = [ln for ln in content if ln.size == BODY_PT]
        gaps = [b.baseline - a.baseline for a, b in itertools.pairwise(body)]
        # Consecutive lines one row apart (faces differ in ascent, hence the 0.3 mm).
        assert all(g == pytest.approx(PITCH_MM, abs=0.3) for g in gaps if g < 1.5 * PITCH_MM)


def _is_full_width(text: str) -> bool:
    return all(not ch.isascii() for ch in text)


def test_full_lines_hold_28_characters(rendered: dict[str, Rendering]) -> None:
    full = [ln for r in rendered.values() for ln in _full_lines(r)]
    hanzi = [ln.in_block for ln in full if _is_full_width(ln.in_block)]
    assert len(hanzi) > 30
    counts = [len(text) for text in hanzi]
    exact = counts.count(TEMPLATE.grid.chars_per_line)
    assert exact / len(hanzi) >= 0.9, sorted(counts)
    # The condensing never lets a 29th character into the block, with or without digits.
    assert max(text_width(ln.in_block) for ln in full) <= TEMPLATE.grid.chars_per_line


def test_lines_with_digits_lose_at_most_the_autospace(rendered: dict[str, Rendering]) -> None:
    """Word and LibreOffice both add space between hanzi and digits (LibreOffice ignores
    w:autoSpaceDE), so such lines hold a little less than 28 characters' worth of text."""
    mixed = [
        text_width(ln.in_block)
        for r in rendered.values()
        for ln in _full_lines(r)
        if not _is_full_width(ln.in_block)
    ]
    assert mixed
    assert min(mixed) >= TEMPLATE.grid.chars_per_line - 3.5, sorted(mixed)


def test_text_block_edges(rendered: dict[str, Rendering]) -> None:
    for r in rendered.values():
        body = [ln for ln in r.body_lines if ln.top < BOTTOM]
        assert min(ln.x0 for ln in body) == pytest.approx(LEFT, abs=0.3)
        full = _full_lines(r)
        for ln in full:
            inside = [c["x1"] * MM_PER_PT for c in ln.chars if c["x1"] * MM_PER_PT <= RIGHT + 0.5]
            assert max(inside) == pytest.approx(RIGHT, abs=0.6), ln.text
        first = r.pages[0][0]
        assert first.top == pytest.approx(TOP, abs=1.5)  # the title starts on the first row


@pytest.mark.parametrize(
    ("level", "font"), [(1, "WenQuanYiMicroHei"), (2, "GBZenKai-Medium"), (3, "UMingCN")]
)
def test_headings_indented_two_characters_in_their_face(
    rendered: dict[str, Rendering], level: int, font: str
) -> None:
    checked = 0
    for r in rendered.values():
        headings = [h.full_text for h in r.tree.headings() if h.level == level]
        lines = {ln.text: ln for page in r.pages for ln in page}
        for text in headings:
            line = lines[text]
            assert line.x0 == pytest.approx(LEFT + 2 * CHAR_MM, abs=0.5), text
            hanzi_fonts = {
                c["fontname"].split("+")[-1] for c in line.chars if not c["text"].isascii()
            }
            assert hanzi_fonts == {font}, (text, hanzi_fonts)
            checked += 1
    assert checked


def test_title_centred_in_its_face(rendered: dict[str, Rendering]) -> None:
    for r in rendered.values():
        titles = r.pages[0][: len(r.tree.title.lines)]
        assert [t.text for t in titles] == list(r.tree.title.lines)
        for line in titles:
            assert line.size == TEMPLATE.roles.title.size_pt
            assert (line.x0 + line.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.6)
            assert any("NotoSerifCJK" in f and "Bold" in f for f in line.fonts)


def _dash_rows_mm(pdf_path: Path, page_number: int, line: Line) -> tuple[float, float]:
    """The vertical extent of the first dash's ink, in mm from the page top (rasterised)."""
    dpi = 600
    scale = dpi / 72
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_number - 1]
        dash = line.chars[0]
        box = (dash["x0"], dash["top"], dash["x1"], dash["bottom"])
        image = page.crop(box).to_image(resolution=dpi).original.convert("L")
    width, height = image.size
    rows = [y for y in range(height) if any(image.getpixel((x, y)) < 128 for x in range(width))]
    assert rows, "no ink in the page number's dash"
    return (box[1] + rows[0] / scale) * MM_PER_PT, (box[1] + (rows[-1] + 1) / scale) * MM_PER_PT


def test_page_numbers_where_the_standard_puts_them(rendered: dict[str, Rendering]) -> None:
    for r in rendered.values():
        for number, page in enumerate(r.pages, start=1):
            footer = [ln for ln in page if ln.top >= BOTTOM]
            assert [ln.text for ln in footer] == [f"—{number}—"]
            (line,) = footer
            assert line.size == TEMPLATE.roles.page_number.size_pt
            assert line.fonts == {SONG}, line.fonts  # §7.5: 宋体, digits included
            if number % 2:  # §7.5: odd pages right, one 字 in
                assert line.x1 == pytest.approx(RIGHT - CHAR_MM, abs=0.6)
            else:  # even pages left, one 字 in
                assert line.x0 == pytest.approx(LEFT + CHAR_MM, abs=0.6)
            top, bottom = _dash_rows_mm(r.pdf, number, line)
            # The dash stroke 7 mm below the text block (tolerance: GB/T 9704 §6.1 allows 1 mm).
            assert (top + bottom) / 2 - BOTTOM == pytest.approx(
                TEMPLATE.page_number.below_text_mm, abs=0.25
            )


def test_fonts_embedded_per_role(rendered: dict[str, Rendering]) -> None:
    fonts = {f for r in rendered.values() for page in r.pages for ln in page for f in ln.fonts}
    for face in ("UMingCN", "WenQuanYiMicroHei", "GBZenKai-Medium", "LiberationSerif"):
        assert face in fonts, fonts
    assert any("NotoSerifCJK" in f for f in fonts)
    assert SONG in fonts


def test_closing_right_aligned_per_tree(rendered: dict[str, Rendering]) -> None:
    r = rendered["shili-union-2024-summary"]
    last = _page_content(r.pages[-1])
    signature, date = last[-2], last[-1]
    (closing,) = [b for b in r.tree.blocks if isinstance(b, Closing)]
    assert (signature.text, date.text) == (closing.signature, closing.date)
    assert date.x1 == pytest.approx(RIGHT - closing.date_right_indent * CHAR_MM, abs=0.6)
    assert signature.x1 == pytest.approx(RIGHT - closing.signature_right_indent * CHAR_MM, abs=0.6)


def test_missing_soffice_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LibreOfficeError, match="soffice not found"):
        convert_to_pdf([tmp_path / "x.docx"], tmp_path)


def test_closing_never_alone_on_the_last_page(tmp_path: Path) -> None:
    """§7.3.5: keep-with-next on a short last paragraph and on the signature keeps body text
    with the closing, whatever the length of what comes before (a sweep around the page edge)."""
    template = load_template()
    sources = []
    for lines in range(33, 41):
        text = ("示例镇总工会推进基层工会规范化建设" * 200)[: 26 + 28 * (lines - 1)] + "。"
        paragraphs = [text[i : i + 600] for i in range(0, len(text), 600)]
        paragraphs.append("特此报告，请审阅。示例镇总工会将继续推进基层工会规范化建设，" * 2)
        body = "\n".join(f"  - {p}" for p in paragraphs)
        path = tmp_path / f"closing-{lines}.yaml"
        path.write_text(
            "kind: report\ntitle: 示例镇总工会工作报告\norganization: 示例镇总工会\n"
            f"date: 2024-12-20\nbody:\n{body}\n",
            encoding="utf-8",
        )
        docx = tmp_path / f"closing-{lines}.docx"
        docx.write_bytes(render_docx(prepare(path, template).tree, template).data)
        sources.append(docx)
    for pdf_path in convert_to_pdf(sources, tmp_path / "pdf"):
        with pdfplumber.open(pdf_path) as pdf:
            last = pdf.pages[-1].extract_text() or ""
        assert sum(ch in "推进基层规范化建设" for ch in last) > 0, (pdf_path.name, last)
