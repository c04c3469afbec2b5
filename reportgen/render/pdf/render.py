"""The PDF renderer: the document tree placed on the GB/T 9704 22 × 28 grid with reportlab."""

from __future__ import annotations

import io
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ... import __version__
from ...document.tree import (
    AttachmentNote,
    Closing,
    DocumentTree,
    Heading,
    Paragraph,
    Recipient,
    Rendered,
)
from ...errors import Problem, RenderError
from ...model.template import MM_PER_PT, Role, Template
from .fonts import fontset as fonts
from .linebreak import Line, break_lines, cell_width

# Content streams Flate-compressed only: ASCII85 on top adds a quarter to their size for nothing
# (PDFs are binary files anyway). reportlab reads this setting when it writes a stream.
rl_config.useA85 = 0

# Flate level 2 instead of zlib's default 6. Embedded font subsets are nine tenths of a PDF's
# bytes and compressing them was a third of the render time: level 2 halves that time for 7 %
# more bytes (sample: 165 KB instead of 154 KB; 100 pages: 450 KB instead of 404 KB), still
# smaller than LibreOffice's PDF of the same DOCX (186 KB; 497 KB). reportlab looks the filter
# up in pdfdoc each time it writes a stream (page contents, font files, ToUnicode maps).
_FLATE_LEVEL = 2


class _Flate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]
    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, _FLATE_LEVEL)


pdfdoc.PDFZCompress = _Flate()

PT_PER_MM = 1 / MM_PER_PT
# Where the baseline sits in a grid line: the em box is centred in the line, and CJK faces put
# the baseline 0.12 em above the bottom of the em box.
_DESCENT_EM = 0.12
_EPSILON = 1e-6
_NUMBERED = re.compile(r"^[0-9]+[.．]\s*")

# reportlab keeps registered fonts for the whole process; so do we (path, index → font name).
_REGISTERED: dict[tuple[str, int], str] = {}
_ADVANCES: dict[tuple[str, str], float] = {}


# reportlab's fp_str, reimplemented: the same text for every number (so the same bytes), without
# its per-call argument handling, and remembered (x positions, sizes and gaps repeat a lot).
_FP_FORMATS = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")
_LOG_E_10 = math.log(10.0)
_NUMBERS: dict[float, str] = {}
_NUMBERS_MAX = 1 << 16


def _format_number(value: float) -> str:
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


def _num(value: float) -> str:
    text = _NUMBERS.get(value)
    if text is None:
        text = _format_number(value)
        if len(_NUMBERS) < _NUMBERS_MAX:
            _NUMBERS[value] = text
    return text


# reportlab formats every number of every PDF object (a subset's Widths array: one per glyph) with
# fp_str; _num gives the very same text (tests compare them), remembered.
pdfdoc.fp_str = _num

# Each byte of a subset-encoded string as a PDF literal string, as canvas._escape writes it.
_LITERALS = tuple(f"({escapePDF(bytes((b,)))})" for b in range(256))


def _register(path: str, index: int, name: str, extra: bool = False) -> str:
    key = (path, index)
    found = _REGISTERED.get(key)
    if found is None:
        # Not asciiReadable: that would embed all 95 printable ASCII glyphs in every face.
        font = TTFont(name, path, subfontIndex=index, asciiReadable=False)
        # Subset tags (AAAAAA+) restart per font: a second copy of the same face (the whole file
        # for characters outside the cached core) needs its own base name, or readers that cache
        # fonts by name (poppler) use the wrong ToUnicode map.
        font.face.subfontNameX = b""
        if extra:
            font.face.name = font.face.name + b"-Ext"
        pdfmetrics.registerFont(font)
        _REGISTERED[key] = found = name
    return found


def _advance(font_name: str, ch: str) -> float:
    """A character's advance in em, as reportlab will draw it."""
    key = (font_name, ch)
    adv = _ADVANCES.get(key)
    if adv is None:
        adv = pdfmetrics.getFont(font_name).stringWidth(ch, 1.0)
        _ADVANCES[key] = adv
    return adv


# (font name, advance in em) of a character, or None for a space no face needs to draw.
_Drawn = tuple[str, float] | None
# Per font set and role, what _DocFonts.get answers for characters of the faces' cached core
# sets: those answers do not depend on the document (characters outside the core come from a
# per-document face and are never kept here).
_SHARED: dict[int, tuple[fonts.FontSet, dict[str, dict[str, _Drawn]], dict[str, dict[str, float]]]]
_SHARED = {}


class _GlyphTable(dict[str, _Drawn]):
    """One document's answers for one role: a copy of the shared answers, filled on demand."""

    def __init__(self, doc_fonts: _DocFonts, role: str, shared: dict[str, _Drawn]) -> None:
        super().__init__(shared)
        self.doc_fonts = doc_fonts
        self.role = role
        self.shared = shared

    def __missing__(self, ch: str) -> _Drawn:
        found, shareable = self.doc_fonts.lookup(self.role, ch)
        self[ch] = found
        if shareable:
            self.shared[ch] = found
        return found


class _CellTable(dict[str, float]):
    """One document's grid widths (cells) for one role, as :func:`break_lines` measures them."""

    def __init__(self, glyphs: _GlyphTable, shared: dict[str, float]) -> None:
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


class _DocFonts:
    """Which loaded font draws each (role, character) of one document."""

    def __init__(self, font_set: fonts.FontSet, uses: list[fonts.CharUse]) -> None:
        self.font_set = font_set
        self.extra: dict[str, str] = {}
        found = _SHARED.get(id(font_set))
        if found is None or found[0] is not font_set:
            found = _SHARED[id(font_set)] = (font_set, {}, {})
        _, self._shared_glyphs, self._shared_cells = found
        self._glyphs: dict[str, _GlyphTable] = {}
        self._cells: dict[str, _CellTable] = {}
        wanted: dict[str, tuple[fonts.Face, set[str]]] = {}
        for use in uses:
            if not use.face.in_core(use.char):
                wanted.setdefault(use.face.key, (use.face, set()))[1].add(use.char)
        for key, (face, chars) in wanted.items():
            path, index = fonts.extra_face(face, chars)
            self.extra[key] = _register(
                str(path), index, f"{face.font_name}-{path.stem[-6:]}", True
            )

    def glyphs(self, role: str) -> _GlyphTable:
        """character → (font name, advance in em) or None, for ``role``."""
        table = self._glyphs.get(role)
        if table is None:
            shared = self._shared_glyphs.setdefault(role, {})
            table = self._glyphs[role] = _GlyphTable(self, role, shared)
        return table

    def cells(self, role: str) -> _CellTable:
        """character → width in grid cells, for ``role`` (the line breaker's measure)."""
        table = self._cells.get(role)
        if table is None:
            shared = self._shared_cells.setdefault(role, {})
            table = self._cells[role] = _CellTable(self.glyphs(role), shared)
        return table

    def get(self, role: str, ch: str) -> _Drawn:
        """(font name, advance in em), or None for a space no face needs to draw."""
        return self.glyphs(role)[ch]

    def lookup(self, role: str, ch: str) -> tuple[_Drawn, bool]:
        """What :meth:`get` answers, and whether every document would get the same answer."""
        face = self.font_set.face_for(role, ch)
        if face is None:
            if not ch.isspace():
                raise RenderError(f"字符“{ch}”（U+{ord(ch):04X}）没有可用字体")
            return None, True
        if face.in_core(ch):
            path, index = face.core_file()
            name = _register(str(path), index, face.font_name)
            return (name, _advance(name, ch)), True
        name = self.extra.get(face.key) or _register(
            face.installed.path, face.installed.index, face.font_name + "-full", True
        )
        return (name, _advance(name, ch)), False


# What one text-show operation draws: the x of its first glyph in pt from the left margin, its
# font, whether it is set bold (stroked), the gap in pt after each glyph, and its characters.
# A run is glyphs of one font and look that are evenly spaced. Plain tuples: a document has
# thousands.
_Run = tuple[float, str, bool, float, str]


@dataclass
class _Row:
    """One line of the grid: its runs of glyphs (all of one role, so one size and horizontal
    scale), and an outline entry if a title or heading starts here."""

    runs: list[_Run] = field(default_factory=list)
    size: float = 16
    hscale: float = 1.0
    bookmark: tuple[str, int] | None = None
    closing: bool = False


@dataclass
class _Block:
    rows: list[_Row]
    space_before: int = 0
    space_after: int = 0
    keep_with_next: bool = False
    keep_together: bool = False
    # Carry lines of what precedes onto a new page rather than start one alone (the closing).
    keep_with_previous: int = 0


@dataclass
class _Geometry:
    width: float
    height: float
    left: float
    top: float  # y of the top of the text block (PDF coordinates, from the bottom)
    bottom: float
    text_width: float
    pitch: float
    lines: int
    cell: float  # the grid's character pitch (15.79 pt for 156 mm / 28)

    @classmethod
    def of(cls, template: Template) -> _Geometry:
        page, grid = template.page, template.grid
        text_width = page.text_width_mm * PT_PER_MM
        return cls(
            width=page.width_mm * PT_PER_MM,
            height=page.height_mm * PT_PER_MM,
            left=page.margin_left_mm * PT_PER_MM,
            top=(page.height_mm - page.margin_top_mm) * PT_PER_MM,
            bottom=page.margin_bottom_mm * PT_PER_MM,
            text_width=text_width,
            pitch=grid.line_pitch_pt,
            lines=grid.lines_per_page,
            cell=text_width / grid.chars_per_line,
        )


class _Layout:
    """Turns the tree into blocks of grid rows (line breaking, alignment, fonts)."""

    def __init__(self, tree: DocumentTree, template: Template, doc_fonts: _DocFonts) -> None:
        self.tree = tree
        self.template = template
        self.fonts = doc_fonts
        self.geo = _Geometry.of(template)

    def _scale(self, role: Role) -> tuple[float, float, int]:
        """(horizontal scale, em in pt, cells per line) for a role: grid roles condense 16 pt
        glyphs to the 15.79 pt cell (§5.2.3: 28 characters fill the 156 mm line)."""
        hscale = 1.0
        if role.snap_to_grid and role.size_pt > self.geo.cell:
            hscale = self.geo.cell / role.size_pt
        em = role.size_pt * hscale
        return hscale, em, int(self.geo.text_width / em + _EPSILON)

    def _rows(
        self,
        role_name: str,
        lines: list[Line],
        align: str,
        bold_from: int = -1,
        bold_to: int = -1,
        right_indent: float = 0.0,
    ) -> list[_Row]:
        role: Role = getattr(self.template.roles, role_name)
        hscale, em, _ = self._scale(role)
        size = role.size_pt
        table = self.fonts.glyphs(role_name)
        rows = []
        for line in lines:
            width = line.right - line.indent
            shift = 0.0
            if align == "center":
                shift = (self.geo.text_width - width * em) / 2 - line.indent * em
            elif align == "right":
                shift = self.geo.text_width - right_indent * em - line.right * em
            row = _Row(size=size, hscale=hscale)
            _line_runs(row.runs, line, table, shift, em, size, hscale, bold_from, bold_to)
            rows.append(row)
        return rows

    def _paragraph(
        self,
        role_name: str,
        text: str,
        rest_indent: float = 0.0,
        bold: tuple[int, int] = (-1, -1),
    ) -> list[_Row]:
        role: Role = getattr(self.template.roles, role_name)
        _, _, cells = self._scale(role)
        lines = break_lines(
            text,
            self.fonts.cells(role_name).__getitem__,
            cells=cells,
            first_indent=role.first_line_indent_chars,
            rest_indent=rest_indent,
            justify=role.align == "justify",
        )
        return self._rows(role_name, lines, role.align, *bold)

    def blocks(self) -> Iterator[_Block]:
        roles = self.template.roles
        title_rows: list[_Row] = []
        for line in self.tree.title.lines:
            title_rows.extend(self._paragraph("title", line))
        if title_rows:
            title_rows[0].bookmark = (self.tree.title.text, 0)
            yield _Block(
                title_rows,
                roles.title.space_before_lines,
                roles.title.space_after_lines,
                keep_together=True,
            )
        for block in self.tree.blocks:
            if isinstance(block, Heading):
                role_name = f"heading{block.level}"
                role = roles.heading(block.level)
                rows = self._paragraph(role_name, block.full_text)
                rows[0].bookmark = (block.full_text, block.level)
                yield _Block(
                    rows,
                    role.space_before_lines,
                    role.space_after_lines,
                    keep_with_next=role.keep_with_next,
                )
            elif isinstance(block, Paragraph):
                bold = (-1, -1)
                if self.template.lead_bold and block.runs and block.runs[0].role == "lead":
                    bold = (0, len(block.runs[0].text))
                rows = self._paragraph("body", block.text, bold=bold)
                yield _Block(rows, roles.body.space_before_lines, roles.body.space_after_lines)
            elif isinstance(block, Recipient):
                rows = self._paragraph("recipient", block.text)
                yield _Block(
                    rows, roles.recipient.space_before_lines, roles.recipient.space_after_lines
                )
            elif isinstance(block, AttachmentNote):
                rows = []
                measure = self.fonts.cells("attachment")
                for i, text in enumerate(block.lines):
                    # §7.3.4: wrapped lines of an entry align with the first character of its name
                    prefix = block.label if i == 0 else "\u3000" * len(block.label)
                    number = _NUMBERED.match(text[len(prefix) :])
                    hang = sum(measure[c] for c in prefix + (number.group() if number else ""))
                    rows.extend(
                        self._paragraph(
                            "attachment",
                            text,
                            rest_indent=roles.attachment.first_line_indent_chars + hang,
                        )
                    )
                yield _Block(
                    rows, roles.attachment.space_before_lines, roles.attachment.space_after_lines
                )
            elif isinstance(block, Closing):
                rows = self._closing_line(
                    "signature", block.signature, block.signature_right_indent
                )
                if block.date:
                    rows += self._closing_line("date", block.date, block.date_right_indent)
                yield _Block(
                    rows,
                    roles.signature.space_before_lines,
                    roles.date.space_after_lines,
                    keep_together=True,
                    keep_with_previous=_CLOSING_CARRY,
                )

    def _closing_line(self, role_name: str, text: str, right_indent: float) -> list[_Row]:
        """§7.3.5.2: signature and date right-aligned at the indents the tree computed."""
        lines = break_lines(
            text,
            self.fonts.cells(role_name).__getitem__,
            cells=10_000,
            first_indent=0,
            justify=False,
        )
        rows = self._rows(role_name, lines, "right", right_indent=right_indent)
        for row in rows:
            row.closing = True
        return rows


# §7.3.5: the signature and date belong with the body. When they would open a page alone, the
# last lines of the body go with them (as a typesetter would) rather than leave a page holding
# only the closing.
_CLOSING_CARRY = 2


def _paginate(blocks: list[_Block], per_page: int) -> list[list[_Row | None]]:
    """Rows onto pages of ``per_page`` lines; None is a blank line. A heading stays with the
    first line of what follows it; blank lines never open a page; the closing never stands alone
    on the last page when lines of the body can go with it."""
    pages: list[list[_Row | None]] = [[]]

    def need(i: int) -> int:
        block = blocks[i]
        n = len(block.rows) if block.keep_with_next or block.keep_together else 1
        if block.keep_with_next and i + 1 < len(blocks):
            n += block.space_after + blocks[i + 1].space_before + need(i + 1)
        return n

    for i, block in enumerate(blocks):
        page = pages[-1]
        blanks = block.space_before + (blocks[i - 1].space_after if i else 0)
        if not page:
            blanks = 0
        wanted = min(need(i), per_page)
        if page and blanks + wanted > per_page - len(page):
            carried = _carry(page, block.keep_with_previous)
            pages.append(carried)
            page = pages[-1]
            if not carried:
                blanks = 0
        page.extend([None] * blanks)
        for row in block.rows:
            if len(page) >= per_page:
                pages.append([])
                page = pages[-1]
            page.append(row)
    return pages


def _carry(page: list[_Row | None], count: int) -> list[_Row | None]:
    """Take the last ``count`` lines of a page (after trailing blanks) to start the next one,
    unless that would leave a heading at the bottom or take the whole page."""
    while page and page[-1] is None:
        page.pop()
    if count <= 0 or len(page) <= count:
        return []
    rest = page[:-count]
    if rest and rest[-1] is not None and rest[-1].bookmark is not None and rest[-1].bookmark[1] > 0:
        return []  # the line before is a heading: moving would strand it
    carried = page[-count:]
    del page[-count:]
    return carried


def closing_alone(pages: list[list[_Row | None]]) -> bool:
    """True when the last page holds nothing but the signature and date."""
    if len(pages) < 2:
        return False
    rows = [r for r in pages[-1] if r is not None]
    return bool(rows) and all(r.closing for r in rows)


def _pdf_date(tree: DocumentTree) -> str:
    created = tree.meta.created
    offset = created.utcoffset()
    if offset is None:
        zone = "+08'00'"  # Chinese documents are dated in Beijing time
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return created.strftime("D:%Y%m%d%H%M%S") + zone


def _line_runs(
    runs: list[_Run],
    line: Line,
    table: _GlyphTable,
    shift: float,
    em: float,
    size: float,
    hscale: float,
    bold_from: int,
    bold_to: int,
) -> None:
    """The runs of a line: consecutive drawn glyphs of one font and look whose gaps (each
    measured from the glyph before) differ by less than 0.005 pt. Spaces are not drawn."""
    chars: list[str] = []
    gap = first_gap = run_x = last_x = last_adv = 0.0
    last_font = ""
    last_bold = False
    index = line.start
    for ch, cx in zip(line.text, line.xs, strict=True):
        got = table[ch]
        index += 1
        if got is None or ch.isspace():
            continue
        x = shift + cx * em
        font = got[0]
        adv = got[1] * size * hscale
        bold = bold_from <= index - 1 < bold_to
        if chars:
            this_gap = x - (last_x + last_adv)
            if font == last_font and bold == last_bold:
                if len(chars) == 1:
                    first_gap = gap = this_gap
                    chars.append(ch)
                    last_x, last_adv = x, adv
                    continue
                if abs(this_gap - gap) < 0.005:
                    gap = this_gap
                    chars.append(ch)
                    last_x, last_adv = x, adv
                    continue
            runs.append((run_x, last_font, last_bold, first_gap, "".join(chars)))
        chars = [ch]
        gap = first_gap = 0.0
        run_x = last_x = x
        last_adv, last_font, last_bold = adv, font, bold
    if chars:
        runs.append((run_x, last_font, last_bold, first_gap, "".join(chars)))


class _Writer:
    """Writes rows into a document's pages; remembers reportlab fonts and subset names."""

    def __init__(self, canvas: Canvas, geo: _Geometry, lead_stroke: float) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.geo = geo
        self.lead_stroke = lead_stroke
        self._fonts: dict[str, Any] = {}
        self._names: dict[tuple[str, int], str] = {}

    def rows(self, rows: list[_Row | None]) -> None:
        """Every row of a page in one text object. The text matrix (Tm) and horizontal scale
        (Tz) are written here with reportlab's number format, as setTextOrigin/setHorizScale
        would."""
        canvas, geo = self.canvas, self.geo
        text = canvas.beginText()
        code: list[str] = text._code
        stroke = False
        left = geo.left
        for r, row in enumerate(rows):
            if row is None or not row.runs:
                continue
            row_top = geo.top - r * geo.pitch
            baseline = _num(row_top - (geo.pitch - row.size) / 2 - (1 - _DESCENT_EM) * row.size)
            scale = f"{_num(row.hscale * 100)} Tz"
            for x, font, bold, gap, chars in row.runs:
                if bold != stroke:
                    text.setTextRenderMode(2 if bold else 0)
                    stroke = bold
                code.append(scale)
                code.append(f"1 0 0 1 {_num(left + x)} {baseline} Tm")
                self._show(code, font, row.size, row.hscale, chars, gap)
        text._fontname = ""  # reportlab's own font state is now unknown; never reuse it
        if stroke:
            text.setTextRenderMode(0)
        canvas.setLineWidth(self.lead_stroke)
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
        adjust = "" if abs(gap) < 1e-4 else " " + _num(-gap / (size * hscale) * 1000) + " "
        size_text = _num(size)
        for subset, data in font.splitString(chars, doc):
            key = (font_name, subset)
            name = self._names.get(key)
            if name is None:
                # the first call registers the subset with the document; the name never changes
                name = self._names[key] = font.getSubsetInternalName(subset, doc)
            glyphs = adjust.join([_LITERALS[b] for b in data])
            code.append(f"{name} {size_text} Tf [{glyphs}{adjust}] TJ")


def render_pdf(tree: DocumentTree, template: Template) -> Rendered:
    """Render the tree to PDF bytes on the template's grid.

    Raises RenderError (with every character and its input location) when some character has
    no face at all. Faces that are substitutes for the official ones, and characters drawn from
    a fallback face, come back as warnings in ``Rendered.findings``.
    """
    font_set = fonts.font_set(template)
    roles_used = sorted({p.role for p in fonts.tree_pieces(tree)} | {"page_number"})
    missing = fonts.missing_role_fonts(font_set, roles_used)
    if missing:
        raise RenderError(
            f"找不到可用的字体：{'、'.join(missing)}（请安装官方字体，或 Debian 软件包 "
            "fonts-arphic-uming fonts-arphic-gkai00mp fonts-wqy-microhei fonts-noto-cjk）"
        )
    uses = fonts.check_coverage(tree, font_set)
    doc_fonts = _DocFonts(font_set, uses)
    layout = _Layout(tree, template, doc_fonts)
    geo = layout.geo
    pages = _paginate(list(layout.blocks()), geo.lines)

    body = doc_fonts.get("body", "国")
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=(geo.width, geo.height),
        invariant=True,
        pageCompression=True,
        initialFontName=body[0] if body else None,
        initialFontSize=template.roles.body.size_pt,
        lang=tree.meta.language,
    )
    canvas.setTitle(tree.meta.title)
    canvas.setAuthor(tree.meta.author)
    canvas.setSubject(tree.meta.subject)
    canvas.setKeywords(tree.meta.keywords)
    canvas.setCreator(f"reportgen {__version__}")
    canvas.setProducer(f"reportgen {__version__}")
    stamp = _pdf_date(tree)
    canvas.setDateFormatter(lambda *_: stamp)

    writer = _Writer(canvas, geo, template.roles.body.size_pt * 0.03)
    level = -1
    for number, rows in enumerate(pages, start=1):
        for r, row in enumerate(rows):
            if row is not None and row.bookmark is not None:
                title, wanted = row.bookmark
                level = min(wanted, level + 1)  # an outline may not skip a level
                key = f"b{number}-{r}"
                canvas.bookmarkPage(key, fit="XYZ", left=0, top=geo.top - r * geo.pitch + geo.pitch)
                canvas.addOutlineEntry(title, key, level=level, closed=False)
        writer.rows(rows)
        _page_number(canvas, number, template, geo, doc_fonts)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    findings = fonts.findings(font_set, roles_used, uses, template)
    if closing_alone(pages):
        findings.append(
            Problem(
                tree.locate(("organization",)),
                "organization",
                "最后一页只有署名和成文日期，没有正文：请调整内容或行距、字距，"
                "使落款与正文在同一页（GB/T 9704-2012 §7.3.5）",
                severity="warning",
                code="last-page-closing",
            )
        )
    return Rendered(out.getvalue(), findings, len(pages))


def _page_number(
    canvas: Canvas, number: int, template: Template, geo: _Geometry, doc_fonts: _DocFonts
) -> None:
    """§7.5: "— N —" in 4号宋体, the dashes 7 mm below the text block; odd pages right-aligned,
    even pages left-aligned, one character in from the edge."""
    spec = template.page_number
    role = template.roles.page_number
    text = spec.format.format(n=number)
    size = role.size_pt
    glyphs: list[tuple[str, str, float]] = []
    width = 0.0
    for ch in text:
        got = doc_fonts.get("page_number", ch)
        adv = (got[1] if got else 0.5) * size
        if got is not None and not ch.isspace():
            glyphs.append((ch, got[0], width))
        width += adv
    align = spec.odd if number % 2 else spec.even
    indent = spec.indent_chars * size
    if align == "right":
        x = geo.left + geo.text_width - indent - width
    elif align == "left":
        x = geo.left + indent
    else:
        x = geo.left + (geo.text_width - width) / 2
    dash_face = doc_fonts.font_set.face_for("page_number", "—")
    dash_mid = dash_face.dash_mid_em if dash_face else 0.3
    baseline = geo.bottom - spec.below_text_mm * PT_PER_MM - dash_mid * size
    text_obj = canvas.beginText()
    for ch, font, dx in glyphs:
        text_obj.setFont(font, size)
        text_obj.setTextOrigin(x + dx, baseline)
        text_obj.textOut(ch)
    canvas.drawText(text_obj)
