"""TrueType subsets of the PDF's faces with a Unicode cmap, for formats that draw text by Unicode (OFD)."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontMaker

_BMP_END = 0xFFFF
# (65535 - 16) // 8 segments fit a format 4 table, the closing 0xFFFF segment included.
_FORMAT4_SEGMENTS = 8000


@dataclass(frozen=True)
class EmbeddedFont:
    """A subset font file and the names a reader may show for it."""

    data: bytes
    family: str
    full_name: str  # the family and its style ("Noto Serif CJK SC Bold")


def embedded_subset(font_name: str, chars: Iterable[str]) -> EmbeddedFont:
    """The glyphs of ``chars`` from the face the PDF registered as ``font_name``.

    reportlab's own subsetter makes the file (the glyph outlines, metrics and hinting the PDF
    embeds); its cmap, which maps the PDF's one-byte codes, is replaced by a Unicode one (format 4
    for the BMP, format 12 for all), because an OFD reader looks characters up by Unicode.
    """
    face = pdfmetrics.getFont(font_name).face
    codes = sorted({ord(c) for c in chars})
    tables = _tables(face.makeSubset(codes))
    glyphs = _format6_glyphs(tables["cmap"])
    mapping = dict(zip(codes, glyphs, strict=True))
    tables["cmap"] = _unicode_cmap(mapping)
    advances = _advances(face.get_table("hhea"), face.get_table("hmtx"))
    wanted = {new: advances(face.charToGlyph.get(code, 0)) for code, new in mapping.items()}
    tables["hhea"], tables["hmtx"] = _fix_advances(tables["hhea"], tables["hmtx"], wanted)
    maker = TTFontMaker()
    for tag, table in sorted(tables.items()):
        maker.add(tag, table)
    return EmbeddedFont(maker.makeStream(), _text(face.familyName), _text(face.fullName))


def _advances(hhea: bytes, hmtx: bytes) -> Callable[[int], int]:
    """A glyph's advance in font units, from the font's own tables."""
    full = struct.unpack_from(">H", hhea, 34)[0]

    def advance(glyph: int) -> int:
        return int(struct.unpack_from(">H", hmtx, 4 * min(glyph, full - 1))[0])

    return advance


def _fix_advances(hhea: bytes, hmtx: bytes, wanted: dict[int, int]) -> tuple[bytes, bytes]:
    """The subset's metrics with the advances of its characters' glyphs set to ``wanted``.

    reportlab keeps the advance of glyphs past the last full metric (most CJK glyphs) scaled to
    1000 units per em instead of the font's own units; its PDFs give widths separately, so only
    a format that reads the font's own metrics (OFD) needs them right.
    """
    full = struct.unpack_from(">H", hhea, 34)[0]
    count = full + (len(hmtx) - 4 * full) // 2
    metrics: list[tuple[int, int]] = []
    for glyph in range(count):
        if glyph < full:
            advance, lsb = struct.unpack_from(">Hh", hmtx, 4 * glyph)
        else:
            advance = metrics[-1][0]
            lsb = struct.unpack_from(">h", hmtx, 4 * full + 2 * (glyph - full))[0]
        metrics.append((wanted.get(glyph, advance), lsb))
    table = b"".join(struct.pack(">Hh", advance, lsb) for advance, lsb in metrics)
    return hhea[:34] + struct.pack(">H", count) + hhea[36:], table


def _text(name: bytes | str) -> str:
    """A name from reportlab's face: its TTFNameBytes keep the decoded text as ``ustr``."""
    text = getattr(name, "ustr", None)
    if isinstance(text, str):
        return text
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


def _tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


def _format6_glyphs(cmap: bytes) -> list[int]:
    """The glyph ids of reportlab's subset cmap: one format 6 table, code i → i-th character."""
    offset = struct.unpack_from(">L", cmap, 8)[0]
    fmt, _, _, first, count = struct.unpack_from(">5H", cmap, offset)
    if fmt != 6 or first != 0:
        raise ValueError(f"unexpected subset cmap (format {fmt}, first code {first})")
    return list(struct.unpack_from(f">{count}H", cmap, offset + 10))


def _unicode_cmap(mapping: dict[int, int]) -> bytes:
    """A cmap with a (3, 1) format 4 table for the BMP and a (3, 10) format 12 table for all.

    Format 4's length is a 16-bit number: past about 8000 separate segments (a document with
    that many characters of one face that are not neighbours in the font) only format 12,
    which every current renderer reads, is written.
    """
    tables = []
    runs = _runs({c: g for c, g in mapping.items() if c < _BMP_END})
    if len(runs) < _FORMAT4_SEGMENTS:
        tables.append((3, 1, _format4(runs)))
    tables.append((3, 10, _format12(_runs(mapping))))
    offset = 4 + 8 * len(tables)
    records = b""
    for platform, encoding, table in tables:
        records += struct.pack(">HHL", platform, encoding, offset)
        offset += len(table)
    return struct.pack(">HH", 0, len(tables)) + records + b"".join(t for *_, t in tables)


def _runs(mapping: dict[int, int]) -> list[tuple[int, int, int]]:
    """(first code, last code, first glyph) of consecutive codes with consecutive glyphs."""
    runs: list[tuple[int, int, int]] = []
    for code in sorted(mapping):
        glyph = mapping[code]
        if runs:
            start, end, first_glyph = runs[-1]
            if code == end + 1 and glyph == first_glyph + (code - start):
                runs[-1] = (start, code, first_glyph)
                continue
        runs.append((code, code, glyph))
    return runs


def _format4(runs: list[tuple[int, int, int]]) -> bytes:
    segments = [*runs, (_BMP_END, _BMP_END, 0)]
    count = len(segments)
    search = 1
    selector = 0
    while search * 2 <= count:
        search *= 2
        selector += 1
    ends = [end for _, end, _ in segments]
    starts = [start for start, _, _ in segments]
    deltas = [(glyph - start) % 0x10000 if start != _BMP_END else 1 for start, _, glyph in segments]
    body = struct.pack(
        f">HHHH{count}HH{count}H{count}H{count}H",
        count * 2,
        search * 2,
        selector,
        (count - search) * 2,
        *ends,
        0,
        *starts,
        *deltas,
        *([0] * count),
    )
    return struct.pack(">HHH", 4, 6 + len(body), 0) + body


def _format12(groups: list[tuple[int, int, int]]) -> bytes:
    data = b"".join(struct.pack(">LLL", *group) for group in groups)
    return struct.pack(">HHLLL", 12, 0, 16 + len(data), 0, len(groups)) + data
