"""easyofd, an independent OFD reader from PyPI, driven for the tests: parse, then render to PDF.

easyofd parses every XML part with xmltodict, places each
character from TextCode X/Y and DeltaX (its own ``cmp_offset``) and draws the pages with
reportlab at 200 units per inch. It draws all text in the one face it registers as "宋体"
(SimSun, which it expects in the system's font folder, as on Windows); here that face is the
body face reportgen itself uses. Its start-up scan of every installed font (25 s on this
machine, used only to pick among system fonts) is replaced by that one name.
"""

from __future__ import annotations

import contextlib
import gc
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reportgen.model.template import MM_PER_PT, load_template
from reportgen.render.pdf.fonts import fontset

with warnings.catch_warnings():
    # easyofd imports PyMuPDF by its old name (fitz), which PyMuPDF 2 warns about
    warnings.simplefilter("ignore", FutureWarning)
    from easyofd.draw import draw_pdf, font_tools
    from easyofd.ofd import OFD

# easyofd's page unit: it draws 1 mm as 200 / 25.4 units.
UNITS_PER_MM = 200 / 25.4
SONG = "宋体"


def _register_song() -> None:
    if SONG in pdfmetrics.getRegisteredFontNames():
        return
    face = fontset.font_set(load_template()).face_for("body", "国")
    assert face is not None
    path, index = face.core_file()
    pdfmetrics.registerFont(TTFont(SONG, str(path), subfontIndex=index))


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    """easyofd unpacks the package into, and writes font files to, the current folder; it
    leaves the files it reads open (ResourceWarning when they are collected)."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            yield
            gc.collect()
    finally:
        os.chdir(old)


def read(data: bytes, folder: Path) -> OFD:
    """The package parsed by easyofd (``.data[0]`` is its one document)."""
    ofd = OFD()
    with _in(folder):
        ofd.read(data, fmt="binary")
    return ofd


def to_pdf(ofd: OFD, folder: Path) -> bytes:
    """easyofd's rendering of a parsed package, as PDF bytes."""
    _register_song()
    scan = font_tools.FontTool.get_installed_fonts
    font_tools.FontTool.get_installed_fonts = lambda self: [SONG]  # type: ignore[method-assign]
    try:
        with _in(folder):
            pdf: bytes = ofd.to_pdf()
    finally:
        font_tools.FontTool.get_installed_fonts = scan  # type: ignore[method-assign]
    return pdf


def pages(ofd: OFD) -> list[dict[str, Any]]:
    """The parsed pages in page order."""
    info = ofd.data[0]["page_info"]
    return [info[k] for k in sorted(info)]


def placed_chars(page: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(character, x mm, baseline y mm from the top) of every character of a parsed page, as
    easyofd computes them (its cmp_offset over Boundary, X/Y and DeltaX)."""
    out = []
    offset = draw_pdf.DrawPDF.cmp_offset
    for cell in page["text_list"]:
        text = cell["text"]
        xs = offset(None, cell["pos"][0], cell["X"], cell["DeltaX"], text, {}, "X")
        ys = offset(None, cell["pos"][1], cell["Y"], cell["DeltaY"], text, {}, "Y")
        out += [(ch, x, y) for ch, x, y in zip(text, xs, ys, strict=True)]
    return out


def pdf_chars(page: Any, unit_mm: float = MM_PER_PT) -> list[tuple[str, float, float]]:
    """(character, x mm, baseline y mm from the top) of every glyph pdfplumber finds on a PDF
    page: the origin of its text matrix, in a PDF whose unit is ``unit_mm``."""
    height = float(page.height)
    return [
        (c["text"], c["matrix"][4] * unit_mm, (height - c["matrix"][5]) * unit_mm)
        for c in page.chars
        if not c["text"].isspace()
    ]
