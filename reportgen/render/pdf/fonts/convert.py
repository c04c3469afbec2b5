"""The font cache: each installed face read once (coverage, metrics) and converted or subset to a
TrueType file reportlab can load, kept under the user's cache folder."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ....output import write_atomic
from .installed import InstalledFace, cache_dir

log = logging.getLogger(__name__)
# fontTools reports every subsetting step at INFO and harmless "table dropped" notes at WARNING
# while the cache is built; neither means anything to a user of reportgen.
logging.getLogger("fontTools").setLevel(logging.ERROR)

# 4: converted faces keep the source's modification time (head.modified), not the clock's.
# 5: dashes drawn across their whole cell, so —— is one unbroken line.
CACHE_VERSION = "6"
# The converted/subset faces cover GB2312 (every simplified character of ordinary documents),
# ASCII, Latin-1 and the punctuation blocks; anything else comes from the source face itself
# (TrueType) or from a small per-document conversion (CFF).
_CORE_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),
    (0x2500, 0x25FF),
    (0x2600, 0x26FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)
# A TrueType face smaller than this is used as it is: subsetting would not make it faster to load.
_SMALL_FACE_GLYPHS = 12000
_COVERAGE_LIMIT = 0x40000  # BMP and planes 1-3 (CJK Ext B-G)


def _core_chars() -> frozenset[int]:
    chars = {cp for lo, hi in _CORE_RANGES for cp in range(lo, hi + 1)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
    return frozenset(chars)


CORE_CHARS = _core_chars()


@dataclass
class Face:
    """An installed face made ready for the PDF: what it covers, and a TrueType file to load.

    ``core_path`` is a TrueType file with the GB2312 set and punctuation (a cached conversion of
    a CFF face, a cached subset of a big TrueType face, or the face itself when it is small);
    characters the face has outside that set come from ``extra_source`` — the face itself for
    TrueType, a per-document conversion for CFF (see :func:`extra_face`).
    """

    key: str
    installed: InstalledFace
    label: str
    coverage: bytes
    dash_mid_em: float
    core_covers_all: bool
    # Punctuation whose ink lies in one half of its em: 1 the left half (its right half is
    # empty), -1 the right half. What a pushed-in line may squeeze (linebreak ``squeeze``).
    empty_half: dict[str, int]
    _core: tuple[Path, int] | None = None

    def has(self, ch: str) -> bool:
        cp = ord(ch)
        return cp < _COVERAGE_LIMIT and bool(self.coverage[cp >> 3] & (1 << (cp & 7)))

    def in_core(self, ch: str) -> bool:
        return self.has(ch) and (self.core_covers_all or ord(ch) in CORE_CHARS)

    def core_file(self) -> tuple[Path, int]:
        """The TrueType file (and index) to load for characters of the core set; a big or CFF
        face is subset/converted on first use and cached on disk."""
        if self._core is None:
            target = cache_dir() / "fonts" / self.key / "core.ttf"
            if not target.exists():
                _announce()
                log.info("正在转换字体 %s（只在第一次使用时进行）", self.installed.path)
                wanted = CORE_CHARS
                if self.core_covers_all:
                    wanted = frozenset(
                        cp
                        for cp in range(_COVERAGE_LIMIT)
                        if self.coverage[cp >> 3] & (1 << (cp & 7))
                    )
                write_atomic(target, _subset_ttf(self.installed, sorted(wanted)))
            self._core = (target, 0)
        return self._core

    @cached_property
    def font_name(self) -> str:
        """A stable PDF font name (the base of the embedded subset's name)."""
        base = "".join(c for c in self.installed.family + self.installed.style if c.isalnum())
        return (base if base.isascii() else "Face") + "-" + self.key[:6]


def _face_key(face: InstalledFace) -> str:
    st = os.stat(face.path)
    raw = f"{CACHE_VERSION}|{face.path}|{face.index}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


_FACES: dict[tuple[str, int], Face] = {}


# Reading and converting faces for the cache takes half a minute, once per machine. The library
# never prints; a caller that wants to tell the user why the first build is slow sets a notifier.
_notifier: Callable[[str], None] | None = None
_announced = False


def set_notifier(callback: Callable[[str], None] | None) -> None:
    """Call ``callback`` (once per process) with a Chinese notice when slow first-use font
    preparation starts."""
    global _notifier, _announced
    _notifier, _announced = callback, False


def _announce() -> None:
    global _announced
    if _notifier is not None and not _announced:
        _announced = True
        _notifier("首次使用：正在整理 PDF 所用字体并存入缓存，约需半分钟，以后不再需要……")


def load_face(installed: InstalledFace) -> Face:
    """The face ready for use; converted and cached on first use, then loaded from the cache.

    Conversion happens once per font file (keyed by its path and modification time), never per
    document, so a build only reads a small metadata file and a coverage bitmap.
    """
    ident = (installed.path, installed.index)
    face = _FACES.get(ident)
    if face is not None:
        return face
    key = _face_key(installed)
    folder = cache_dir() / "fonts" / key
    meta_file = folder / "meta.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        coverage = (folder / "coverage.bin").read_bytes()
    except (OSError, ValueError):
        meta, coverage = _prepare(installed, folder)
    face = Face(
        key=key,
        installed=installed,
        label=f"{installed.family} {installed.style}".strip(),
        coverage=coverage,
        dash_mid_em=meta["dash_mid_em"],
        core_covers_all=meta["core_covers_all"],
        empty_half=meta["empty_half"],
    )
    _FACES[ident] = face
    return face


def _prepare(installed: InstalledFace, folder: Path) -> tuple[dict[str, Any], bytes]:
    from fontTools.ttLib import TTFont

    _announce()
    log.info("正在读取字体 %s（只在第一次使用时进行）", installed.path)
    with TTFont(installed.path, fontNumber=installed.index, lazy=True) as font:
        return _read_face(font, installed, folder)


def _read_face(font: Any, installed: InstalledFace, folder: Path) -> tuple[dict[str, Any], bytes]:
    cmap = font.getBestCmap() or {}
    bitmap = bytearray(_COVERAGE_LIMIT // 8)
    for cp in cmap:
        if cp < _COVERAGE_LIMIT:
            bitmap[cp >> 3] |= 1 << (cp & 7)
    upem = font["head"].unitsPerEm
    dash_mid = 0.3
    glyph_set = font.getGlyphSet()
    if 0x2014 in cmap:
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(glyph_set)
        glyph_set[cmap[0x2014]].draw(pen)
        if pen.bounds:
            dash_mid = (pen.bounds[1] + pen.bounds[3]) / 2 / upem
    small = not installed.cff and font["maxp"].numGlyphs < _SMALL_FACE_GLYPHS
    meta: dict[str, Any] = {
        "source": installed.path,
        "index": installed.index,
        "dash_mid_em": dash_mid,
        "core_covers_all": small,
        "empty_half": _empty_halves(font, cmap),
    }
    write_atomic(folder / "coverage.bin", bytes(bitmap))
    write_atomic(folder / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return meta, bytes(bitmap)


# Marks a line may squeeze when it pushes in: closing and pause marks (ink on the left in
# mainland faces) and opening marks (ink on the right). A face decides: AR PL UMing centres 。、
# and Noto Serif CJK draws ”’ across the em, so those are not squeezed in those faces.
_SQUEEZE_CANDIDATES = "，。、；：”’）》〕】」』〉“‘（《〔【「『〈"
_HALF_SLACK = 0.02  # ink may reach this far (in em) past the middle


def _empty_halves(font: Any, cmap: dict[int, str]) -> dict[str, int]:
    from fontTools.pens.boundsPen import BoundsPen

    glyph_set = font.getGlyphSet()
    hmtx = font["hmtx"]
    halves: dict[str, int] = {}
    for ch in _SQUEEZE_CANDIDATES:
        name = cmap.get(ord(ch))
        if name is None:
            continue
        pen = BoundsPen(glyph_set)
        glyph_set[name].draw(pen)
        advance = hmtx[name][0]
        if pen.bounds is None or advance <= 0:
            continue
        left, right = pen.bounds[0] / advance, pen.bounds[2] / advance
        if right <= 0.5 + _HALF_SLACK and left >= 0:
            halves[ch] = 1
        elif left >= 0.5 - _HALF_SLACK and right <= 1:
            halves[ch] = -1
    return halves


def _subset_ttf(installed: InstalledFace, codepoints: Iterable[int]) -> bytes:
    """A TrueType subset of a face (CFF outlines converted to quadratic glyf outlines)."""

    from fontTools.ttLib import TTFont

    with TTFont(installed.path, fontNumber=installed.index, lazy=False) as font:
        return _subset_font(font, codepoints)


def _subset_font(font: Any, codepoints: Iterable[int]) -> bytes:
    from fontTools import subset as ftsubset

    options = ftsubset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.desubroutinize = True
    # Hinting (fpgm/prep/cvt and glyph programs) is copied into every 256-glyph subset reportlab
    # embeds and does nothing for print; dropping it keeps the PDF small.
    options.hinting = False
    # Only the names a PDF reader shows (family, style, unique, full, version, PostScript): the
    # licence and description records are 15 KB per face, copied into every 256-glyph subset.
    options.name_IDs = [1, 2, 3, 4, 5, 6]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF"]
    cmap = font.getBestCmap() or {}
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=[cp for cp in codepoints if cp in cmap])
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    _join_dashes(font)
    # fontTools stamps head.modified with the clock on save, and reportlab copies the head table
    # into every embedded subset: a cache built at another time (another machine, a first build)
    # would give other PDF bytes for the same input. Keep the source face's own date.
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# The dashes that double into one mark (——, GB/T 15834 §4.1.9). Most CJK faces draw U+2014 with
# side bearings (AR PL UMing: ink from 0.07 to 0.93 em), so two of them show a gap in the middle.
_DASHES = (0x2014, 0x2015)


def _join_dashes(font: Any) -> None:
    """Redraw each dash as a bar over its whole em (its own thickness and height), so that two
    dashes in adjacent grid cells join. The grid gives a dash exactly one cell (linebreak
    ``cell_width``), so the advance becomes one em as well."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = font.getBestCmap() or {}
    upem = font["head"].unitsPerEm
    glyf, hmtx = font["glyf"], font["hmtx"]
    for cp in _DASHES:
        name = cmap.get(cp)
        if name is None or glyf[name].numberOfContours <= 0:
            continue  # no glyph, an empty one or a composite: leave it
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        if glyph.xMin <= 0 and glyph.xMax >= upem:
            continue  # it joins already
        pen = TTGlyphPen(None)
        pen.moveTo((0, glyph.yMin))  # clockwise: the outer contour of a TrueType glyph
        pen.lineTo((0, glyph.yMax))
        pen.lineTo((upem, glyph.yMax))
        pen.lineTo((upem, glyph.yMin))
        pen.closePath()
        glyf[name] = pen.glyph()
        hmtx[name] = (upem, 0)


def _cff_to_glyf(font: Any) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    maxp.recalc(font)
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"


def extra_face(face: Face, chars: Iterable[str]) -> tuple[Path, int]:
    """Where to load ``face``'s glyphs for characters outside its core set.

    A TrueType face is loaded whole. A CFF face gets a small conversion of just these characters,
    cached on disk by face and character set, so rebuilding the same document costs nothing.
    """
    if not face.installed.cff:
        return Path(face.installed.path), face.installed.index
    wanted = "".join(sorted(set(chars)))
    digest = hashlib.sha1(wanted.encode("utf-8")).hexdigest()[:16]
    target = cache_dir() / "fonts" / face.key / f"extra-{digest}.ttf"
    if not target.exists():
        write_atomic(target, _subset_ttf(face.installed, [ord(c) for c in wanted]))
    return target, 0
