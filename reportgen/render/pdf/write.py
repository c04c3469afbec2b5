"""The PDF writer: placed pages (:mod:`.placed`) written as PDF with reportlab."""

from __future__ import annotations

import io
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ... import __version__
from ...document.tree import Meta
from . import patches
from .patches import LITERALS, num
from .placed import BLACK, PlacedDocument, PlacedLine, PlacedPage


def _pdf_date(meta: Meta) -> str:
    created = meta.created
    offset = created.utcoffset()
    if offset is None:
        zone = "+08'00'"  # Chinese documents are dated in Beijing time
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return created.strftime("D:%Y%m%d%H%M%S") + zone


class _Writer:
    """Writes placed lines into a document's pages; remembers reportlab fonts and subset names."""

    def __init__(self, canvas: Canvas, bold_stroke_pt: float) -> None:
        self.canvas = canvas
        self.doc = patches.canvas_document(canvas)
        self.bold_stroke_pt = bold_stroke_pt
        self._fonts: dict[str, Any] = {}
        self._names: dict[tuple[str, int], str] = {}

    def lines(self, lines: list[PlacedLine]) -> None:
        """Every line of a page in one text object. The text matrix (Tm) and horizontal scale
        (Tz) are written here with reportlab's number format, as setTextOrigin/setHorizScale
        would."""
        canvas = self.canvas
        text = canvas.beginText()
        code = patches.text_code(text)
        stroke = False
        colour = BLACK
        for line in lines:
            if line.colour != colour:  # the 公文's red elements (§7.2.4)
                colour = line.colour
                code.append(" ".join(num(c / 255) for c in colour) + " rg")
            baseline = num(line.y)
            scale = f"{num(line.hscale * 100)} Tz"
            for x, font, bold, gap, chars in line.runs:
                if bold != stroke:
                    text.setTextRenderMode(2 if bold else 0)
                    stroke = bold
                code.append(scale)
                code.append(f"1 0 0 1 {num(x)} {baseline} Tm")
                self._show(code, font, line.size, line.hscale, chars, gap)
        if colour != BLACK:
            code.append("0 0 0 rg")
        patches.forget_font(text)
        if stroke:
            text.setTextRenderMode(0)
        canvas.setLineWidth(self.bold_stroke_pt)
        canvas.drawText(text)

    def _show(
        self, code: list[str], font_name: str, size: float, hscale: float, chars: str, gap: float
    ) -> None:
        """Show ``chars`` with ``gap`` points after each glyph, as TJ arrays.

        Char spacing (Tc) would be shorter, but PDF readers disagree on whether it applies after
        the last glyph of a string, and reportlab starts a new string at every 256-glyph subset
        switch.
        """
        font = self._fonts.get(font_name)
        if font is None:
            font = self._fonts[font_name] = pdfmetrics.getFont(font_name)
        doc = self.doc
        adjust = "" if abs(gap) < 1e-4 else " " + num(-gap / (size * hscale) * 1000) + " "
        size_text = num(size)
        for subset, data in font.splitString(chars, doc):
            key = (font_name, subset)
            name = self._names.get(key)
            if name is None:
                # the first call registers the subset with the document; the name never changes
                name = self._names[key] = font.getSubsetInternalName(subset, doc)
            glyphs = adjust.join([LITERALS[b] for b in data])
            code.append(f"{name} {size_text} Tf [{glyphs}{adjust}] TJ")

    def folio(self, line: PlacedLine) -> None:
        """The page number, a glyph at a time (each may come from another face)."""
        text = self.canvas.beginText()
        for run in line.runs:
            text.setFont(run.font, line.size)
            text.setTextOrigin(run.x, line.y)
            text.textOut(run.text)
        self.canvas.drawText(text)

    def images(self, page: PlacedPage) -> None:
        for image in page.images:
            self.canvas.drawImage(
                image.path, image.x, image.y, image.width, image.height, mask="auto"
            )

    def rules(self, page: PlacedPage) -> None:
        canvas = self.canvas
        for rule in page.rules:
            canvas.saveState()
            canvas.setStrokeColorRGB(*(c / 255 for c in rule.colour))
            canvas.setLineWidth(rule.width)
            canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
            canvas.restoreState()


def _canvas(out: io.BytesIO, placed: PlacedDocument, meta: Meta) -> Canvas:
    canvas = Canvas(
        out,
        pagesize=(placed.width, placed.height),
        invariant=True,
        pageCompression=True,
        initialFontName=placed.body_font,
        initialFontSize=placed.body_size,
        lang=meta.language,
    )
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(meta.keywords)
    canvas.setCreator(f"reportgen {__version__}")
    canvas.setProducer(f"reportgen {__version__}")
    stamp = _pdf_date(meta)
    canvas.setDateFormatter(lambda *_: stamp)
    return canvas


def write_pdf(placed: PlacedDocument, meta: Meta) -> bytes:
    """The placed pages as PDF bytes, with the document's properties and outline."""
    patches.apply()
    out = io.BytesIO()
    canvas = _canvas(out, placed, meta)
    writer = _Writer(canvas, placed.bold_stroke_pt)
    for page in placed.pages:
        for mark in page.bookmarks:
            key = f"b{page.number}-{mark.line}"
            canvas.bookmarkPage(key, fit="XYZ", left=0, top=mark.top)
            canvas.addOutlineEntry(mark.title, key, level=mark.level, closed=False)
        if page.turned:  # 横排 (§8): the page's content a quarter turn anticlockwise
            canvas.saveState()
            canvas.transform(0, 1, -1, 0, placed.width, 0)
        writer.rules(page)
        writer.lines(page.lines)
        writer.images(page)
        if page.turned:
            canvas.restoreState()
        if page.folio is not None:
            writer.folio(page.folio)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    return out.getvalue()
