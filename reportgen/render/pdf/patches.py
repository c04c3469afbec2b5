"""Every change reportgen makes to reportlab, and every reach into its private attributes, in one place.

:func:`apply` is called when the PDF renderer is first used (never at ``import reportgen``); the
changes are process-wide, as reportlab's settings are. tests/render/pdf/test_patches.py pins the
bytes they produce, so a reportlab upgrade that changes any of them fails loudly.
"""

from __future__ import annotations

import math
import re
import time
import zlib
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

# Flate level 2 instead of zlib's default 6. Embedded font subsets are nine tenths of a PDF's
# bytes and compressing them was a third of the render time: level 2 halves that time for 7 %
# more bytes (sample: 165 KB instead of 154 KB; 100 pages: 450 KB instead of 404 KB), still
# smaller than LibreOffice's PDF of the same DOCX (186 KB; 497 KB). reportlab looks the filter
# up in pdfdoc each time it writes a stream (page contents, font files, ToUnicode maps).
FLATE_LEVEL = 2


class _Flate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]
    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, FLATE_LEVEL)


class _TimeStamp(TimeStamp):  # type: ignore[misc]
    """reportlab's document time stamp, with invariant documents (all of reportgen's) ignoring
    SOURCE_DATE_EPOCH: reportlab lets it override ``invariant``, and the stamp seeds the file's
    /ID, so the same input gave other bytes in a reproducible-build environment. reportgen's
    PDF dates come from the input (a date formatter), never from this stamp."""

    _INVARIANT = 946684800.0  # what reportlab uses for invariant documents: 2000-01-01 UTC

    def __init__(self, invariant: bool | None = None) -> None:
        super().__init__(invariant)
        if invariant:
            self.t = self._INVARIANT
            self.lt = time.gmtime(self._INVARIANT)
            self.YMDhms = tuple(self.lt)[:6]
            self.dhh = self.dmm = 0
            self.tzname = "UTC"


# reportlab's fp_str, reimplemented: the same text for every number (so the same bytes), without
# its per-call argument handling, and remembered (x positions, sizes and gaps repeat a lot).
_FP_FORMATS = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")
_LOG_E_10 = math.log(10.0)
_NUMBERS: dict[float, str] = {}
_NUMBERS_MAX = 1 << 16


def format_number(value: float) -> str:
    """``value`` as reportlab's fp_str writes it: at most 6 significant decimals, trailing
    zeros and a leading zero dropped (``.5``)."""
    size = abs(value)
    if size <= 1e-7:
        return "0"
    # log(x)/log(10), not log10: fp_str's rounding of the digit count, exactly
    places = 6 if size <= 1 else min(max(0, 6 - int(math.log(size) / _LOG_E_10)), 6)
    text = _FP_FORMATS[places] % value
    if places:
        text = text.rstrip("0")
        if text[-1] == ".":
            text = text[:-1]
    return text if text[0] != "0" or len(text) == 1 else text[1:]


def num(value: float) -> str:
    """:func:`format_number`, remembered."""
    text = _NUMBERS.get(value)
    if text is None:
        text = format_number(value)
        if len(_NUMBERS) < _NUMBERS_MAX:
            _NUMBERS[value] = text
    return text


# reportlab's own, kept for the test that pins to_unicode_cmap to its bytes for BMP text.
REPORTLAB_TO_UNICODE_CMAP = ttfonts.makeToUnicodeCMap
# A bfchar destination reportlab wrote as a bare code point beyond the BMP (5 or 6 hex digits;
# source codes are 2 digits, BMP destinations 4).
_ASTRAL_DESTINATION = re.compile(r"(?<=> )<([0-9A-F]{5,6})>$", re.M)


def _surrogates(match: re.Match[str]) -> str:
    cp = int(match.group(1), 16) - 0x10000
    return f"<{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}>"


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters outside the BMP written in UTF-16BE as the
    PDF format requires (PDF 32000 §9.10.3): reportlab writes ``<2000B>``, which readers drop
    (pdftotext lost 𠀋 from 𠀋李). BMP characters give the very same bytes."""
    return _ASTRAL_DESTINATION.sub(_surrogates, REPORTLAB_TO_UNICODE_CMAP(fontname, subset))


# Each byte of a subset-encoded string as a PDF literal string, as canvas._escape writes it.
LITERALS = tuple(f"({escapePDF(bytes((b,)))})" for b in range(256))

_applied = False


def apply() -> None:
    """Set reportlab up for reportgen's PDFs (once per process)."""
    global _applied
    if _applied:
        return
    # Content streams Flate-compressed only: ASCII85 on top adds a quarter to their size for
    # nothing (PDFs are binary files anyway). reportlab reads this when it writes a stream.
    rl_config.useA85 = 0
    pdfdoc.PDFZCompress = _Flate()
    # reportlab formats every number of every PDF object (a subset's Widths array: one per
    # glyph) with fp_str; num gives the very same text (tests compare them), remembered.
    pdfdoc.fp_str = num
    pdfdoc.TimeStamp = _TimeStamp
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    _applied = True


def load_ttfont(name: str, path: str, index: int, extra: bool) -> TTFont:
    """A reportlab TrueType font of a face, named as the PDF should name it."""
    # Not asciiReadable: that would embed all 95 printable ASCII glyphs in every face.
    font = TTFont(name, path, subfontIndex=index, asciiReadable=False)
    # Subset tags (AAAAAA+) restart per font: a second copy of the same face (the whole file
    # for characters outside the cached core) needs its own base name, or readers that cache
    # fonts by name (poppler) use the wrong ToUnicode map.
    font.face.subfontNameX = b""
    if extra:
        font.face.name = font.face.name + b"-Ext"
    return font


def glyph_id(font: TTFont, ch: str) -> int:
    """The glyph id ``ch`` has in the font file reportlab loaded (0: .notdef)."""
    return int(font.face.charToGlyph.get(ord(ch), 0))


def canvas_document(canvas: Canvas) -> Any:
    """The PDFDocument a canvas writes into (subset names are registered with it)."""
    return canvas._doc


def text_code(text: PDFTextObject) -> list[str]:
    """The operator list of a text object, for writing text operators directly."""
    code: list[str] = text._code
    return code


def forget_font(text: PDFTextObject) -> None:
    """After operators were written directly, reportlab's idea of the current font is wrong:
    make it set the font again rather than reuse it."""
    text._fontname = ""
