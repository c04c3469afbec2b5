"""Which loaded TrueType font draws each character of a document, and how wide it is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from ...errors import RenderError
from . import patches
from .fonts import convert
from .fonts.coverage import CharUse
from .fonts.fontset import FontSet
from .linebreak import cell_width
from .placed import FontFile, GlyphRun, PlacedLine

# reportlab keeps registered fonts for the whole process; so do we (path, index → font name,
# and font name → the file it was loaded from).
_REGISTERED: dict[tuple[str, int], str] = {}
_FILES: dict[str, FontFile] = {}
_ADVANCES: dict[tuple[str, str], float] = {}


def register(path: str, index: int, name: str, extra: bool = False) -> str:
    """The reportlab name of the face at ``path``/``index``, registered on first use."""
    key = (path, index)
    found = _REGISTERED.get(key)
    if found is None:
        pdfmetrics.registerFont(patches.load_ttfont(name, path, index, extra))
        _REGISTERED[key] = found = name
        _FILES[name] = FontFile(name, path, index)
    return found


def font_file(name: str) -> FontFile:
    """The TrueType file (and index in a collection) a registered font was loaded from."""
    return _FILES[name]


def advance(font_name: str, ch: str) -> float:
    """A character's advance in em, as reportlab will draw it."""
    key = (font_name, ch)
    adv = _ADVANCES.get(key)
    if adv is None:
        adv = pdfmetrics.getFont(font_name).stringWidth(ch, 1.0)
        _ADVANCES[key] = adv
    return adv


def glyph_ids(font_name: str, text: str) -> list[int]:
    """The glyph id of each character in the font file of :func:`font_file` (0: .notdef)."""
    font = pdfmetrics.getFont(font_name)
    return [patches.glyph_id(font, ch) for ch in text]


def glyph_xs(run: GlyphRun, line: PlacedLine) -> list[float]:
    """The x (pt from the page's left edge) of each glyph's origin in a run: each glyph's advance
    (at the line's size and horizontal scale) plus the run's gap after it."""
    xs = []
    x = run.x
    em = line.size * line.hscale
    for ch in run.text:
        xs.append(x)
        x += advance(run.font, ch) * em + run.gap
    return xs


# (font name, advance in em) of a character, or None for a space no face needs to draw.
Drawn = tuple[str, float] | None
# Per font set (by its key) and role, what DocFonts.get answers for characters of the faces'
# cached core sets: those answers do not depend on the document (characters outside the core
# come from a per-document face and are never kept here). The set itself is kept too: a set
# resolved again under the same key (after its caches were cleared) starts afresh.
_SHARED: dict[str, tuple[FontSet, dict[str, dict[str, Drawn]], dict[str, dict[str, float]]]] = {}


class GlyphTable(dict[str, Drawn]):
    """One document's answers for one role: a copy of the shared answers, filled on demand."""

    def __init__(self, doc_fonts: DocFonts, role: str, shared: dict[str, Drawn]) -> None:
        super().__init__(shared)
        self.doc_fonts = doc_fonts
        self.role = role
        self.shared = shared

    def __missing__(self, ch: str) -> Drawn:
        found, shareable = self.doc_fonts.lookup(self.role, ch)
        self[ch] = found
        if shareable:
            self.shared[ch] = found
        return found


class CellTable(dict[str, float]):
    """One document's grid widths (cells) for one role, as the line breaker measures them."""

    def __init__(self, glyphs: GlyphTable, shared: dict[str, float]) -> None:
        super().__init__(shared)
        self.glyphs = glyphs
        self.shared = shared

    def __missing__(self, ch: str) -> float:
        if ch == "\u3000":
            cells = 1.0
        else:
            got = self.glyphs[ch]
            cells = cell_width(ch, got[1] if got else 0.5)
        self[ch] = cells
        if ch in self.glyphs.shared:
            self.shared[ch] = cells
        return cells


class DocFonts:
    """Which loaded font draws each (role, character) of one document."""

    def __init__(self, font_set: FontSet, uses: list[CharUse]) -> None:
        self.font_set = font_set
        self.extra: dict[str, str] = {}
        found = _SHARED.get(font_set.key)
        if found is None or found[0] is not font_set:
            found = _SHARED[font_set.key] = (font_set, {}, {})
        _, self._shared_glyphs, self._shared_cells = found
        self._glyphs: dict[str, GlyphTable] = {}
        self._cells: dict[str, CellTable] = {}
        self._squeeze: dict[str, dict[str, int]] = {}
        wanted: dict[str, tuple[convert.Face, set[str]]] = {}
        for use in uses:
            if not use.face.in_core(use.char):
                wanted.setdefault(use.face.key, (use.face, set()))[1].add(use.char)
        for key, (face, chars) in wanted.items():
            path, index = convert.extra_face(face, chars)
            self.extra[key] = register(
                str(path), index, f"{face.font_name}-{Path(path).stem[-6:]}", True
            )

    def glyphs(self, role: str) -> GlyphTable:
        """character → (font name, advance in em) or None, for ``role``."""
        table = self._glyphs.get(role)
        if table is None:
            shared = self._shared_glyphs.setdefault(role, {})
            table = self._glyphs[role] = GlyphTable(self, role, shared)
        return table

    def cells(self, role: str) -> CellTable:
        """character → width in grid cells, for ``role`` (the line breaker's measure)."""
        table = self._cells.get(role)
        if table is None:
            shared = self._shared_cells.setdefault(role, {})
            table = self._cells[role] = CellTable(self.glyphs(role), shared)
        return table

    def squeeze(self, role: str) -> Callable[[str], int]:
        """character → which half of it is empty in the face that draws it (1 right, -1 left,
        0 neither), for ``role`` (the line breaker's ``squeeze`` when a line may push in)."""
        table = self._squeeze.get(role)
        if table is None:
            table = self._squeeze[role] = {}

        def half(ch: str) -> int:
            found = table.get(ch)
            if found is None:
                face = self.font_set.face_for(role, ch)
                found = table[ch] = face.empty_half.get(ch, 0) if face else 0
            return found

        return half

    def get(self, role: str, ch: str) -> Drawn:
        """(font name, advance in em), or None for a space no face needs to draw."""
        return self.glyphs(role)[ch]

    def lookup(self, role: str, ch: str) -> tuple[Drawn, bool]:
        """What :meth:`get` answers, and whether every document would get the same answer."""
        face = self.font_set.face_for(role, ch)
        if face is None:
            if not ch.isspace():
                raise RenderError(f"字符“{ch}”（U+{ord(ch):04X}）没有可用字体")
            return None, True
        if face.in_core(ch):
            path, index = face.core_file()
            name = register(str(path), index, face.font_name)
            return (name, advance(name, ch)), True
        name = self.extra.get(face.key) or register(
            face.installed.path, face.installed.index, face.font_name + "-full", True
        )
        return (name, advance(name, ch)), False
