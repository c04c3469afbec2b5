"""The PDF layout: the document tree placed on the GB/T 9704 22 × 28 grid as :mod:`.placed` pages."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ...document.tree import (
    AttachmentNote,
    AttachmentPage,
    Attendance,
    Closing,
    DocumentTree,
    Heading,
    Note,
    Paragraph,
    Recipient,
    SealedClosing,
    Table,
    Title,
)
from ...errors import RenderError
from ...model.template import MM_PER_PT, Role, Template
from .closing import closing_findings
from .fonts import coverage, fontset
from .glyphs import DocFonts, font_file
from .linebreak import Line, break_lines
from .official import OfficialLayout
from .paginate import Block, Row, paginate
from .placed import Bookmark, FontFile, GlyphRun, PlacedDocument, PlacedLine, PlacedPage
from .runs import line_runs
from .tables import TableLayout

PT_PER_MM = 1 / MM_PER_PT
# Where the baseline sits in a grid line: the em box is centred in the line, and CJK faces put
# the baseline 0.12 em above the bottom of the em box.
_DESCENT_EM = 0.12
_EPSILON = 1e-6
_NUMBERED = re.compile(r"^[0-9]+[.．]\s*")


@dataclass
class Geometry:
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
    def turned(cls, template: Template) -> Geometry:
        """The 版心 of a 横排 page (§8) in the frame of the page turned a quarter: 297 × 210 mm,
        the text block 225 mm wide and 156 mm high (15 lines), its top along the portrait page's
        left edge, so the table's head faces the binding side of odd pages, the cut side of even
        ones."""
        page, grid = template.page, template.grid
        portrait = cls.of(template)
        height = page.text_width_mm * PT_PER_MM
        return cls(
            width=page.height_mm * PT_PER_MM,
            height=page.width_mm * PT_PER_MM,
            left=page.margin_bottom_mm * PT_PER_MM,
            top=(page.width_mm - page.margin_left_mm) * PT_PER_MM,
            bottom=page.margin_right_mm * PT_PER_MM,
            text_width=page.text_height_mm * PT_PER_MM,
            pitch=grid.line_pitch_pt,
            lines=int(height / grid.line_pitch_pt + _EPSILON),
            cell=portrait.cell,
        )

    @classmethod
    def of(cls, template: Template) -> Geometry:
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
    """Turns the tree into blocks of grid rows (line breaking, alignment, fonts); a
    :class:`BlockVisitor` with one method per kind of block."""

    def __init__(self, tree: DocumentTree, template: Template, doc_fonts: DocFonts) -> None:
        self.tree = tree
        self.template = template
        self.fonts = doc_fonts
        self.geo = Geometry.of(template)
        self.official = OfficialLayout(self)
        self.tables = TableLayout(self)

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
        bold: tuple[int, int] = (-1, -1),
        right_indent: float = 0.0,
    ) -> list[Row]:
        role: Role = getattr(self.template.roles, role_name)
        hscale, em, _ = self._scale(role)
        size = role.size_pt
        table = self.fonts.glyphs(role_name)
        left = self.geo.left
        rows = []
        for line in lines:
            width = line.right - line.indent
            shift = 0.0
            if align == "center":
                shift = (self.geo.text_width - width * em) / 2 - line.indent * em
            elif align == "right":
                shift = self.geo.text_width - right_indent * em - line.right * em
            row = Row(size=size, hscale=hscale)
            line_runs(row.runs, line, table, shift, em, size, hscale, bold, left)
            rows.append(row)
        return rows

    def _paragraph(
        self,
        role_name: str,
        text: str,
        rest_indent: float = 0.0,
        bold: tuple[int, int] = (-1, -1),
    ) -> list[Row]:
        role: Role = getattr(self.template.roles, role_name)
        _, _, cells = self._scale(role)
        lines = break_lines(
            text,
            self.fonts.cells(role_name).__getitem__,
            cells=cells,
            first_indent=role.first_line_indent_chars,
            rest_indent=rest_indent,
            justify=role.align == "justify",
            squeeze=self._squeeze(role_name),
        )
        return self._rows(role_name, lines, role.align, bold)

    def _squeeze(self, role_name: str) -> Callable[[str], int] | None:
        if self.template.linebreak.line_end == "push-out":
            return None
        return self.fonts.squeeze(role_name)

    def blocks(self) -> list[Block]:
        """The tree's blocks as blocks of rows, in order (one walk: see :class:`BlockVisitor`)."""
        walked = [block for block in self.tree.walk(self) if block is not None]
        for before, block in itertools.pairwise(walked):
            if before.units and block.units and not block.caption:
                block.space_before = 1  # two tables in a row: a blank line, as the DOCX has
        return [*self.official.head(), *walked]

    def title(self, block: Title) -> Block | None:
        role = self.template.roles.title
        rows: list[Row] = []
        for line in block.lines:
            rows.extend(self._paragraph("title", line))
        if not rows:
            return None
        rows[0].bookmark = (block.text, 0)
        return Block(rows, role.space_before_lines, role.space_after_lines, keep_together=True)

    def recipient(self, block: Recipient) -> Block:
        role = self.template.roles.recipient
        rows = self._paragraph("recipient", block.text)
        return Block(rows, role.space_before_lines, role.space_after_lines)

    def heading(self, block: Heading) -> Block:
        role = self.template.roles.heading(block.level)
        rows = self._paragraph(f"heading{block.level}", block.full_text)
        rows[0].bookmark = (block.full_text, block.level)
        return Block(
            rows,
            role.space_before_lines,
            role.space_after_lines,
            keep_with_next=role.keep_with_next,
        )

    def paragraph(self, block: Paragraph) -> Block:
        bold = (-1, -1)
        if self.template.lead_bold and block.runs and block.runs[0].role == "lead":
            bold = (0, len(block.runs[0].text))
        role = self.template.roles.body
        rows = self._paragraph("body", block.text, bold=bold)
        return Block(rows, role.space_before_lines, role.space_after_lines)

    def attachment_note(self, block: AttachmentNote) -> Block:
        role = self.template.roles.attachment
        rows = []
        measure = self.fonts.cells("attachment")
        for i, text in enumerate(block.lines):
            # §7.3.4: wrapped lines of an entry align with the first character of its name
            prefix = block.label if i == 0 else "\u3000" * len(block.label)
            number = _NUMBERED.match(text[len(prefix) :])
            hang = sum(measure[c] for c in prefix + (number.group() if number else ""))
            rows.extend(
                self._paragraph("attachment", text, rest_indent=role.first_line_indent_chars + hang)
            )
        # the 附件说明 stays together (the DOCX keeps its entries with the next one)
        return Block(rows, role.space_before_lines, role.space_after_lines, keep_together=True)

    def closing(self, block: Closing) -> Block:
        roles = self.template.roles
        rows = self._closing_line("signature", block.signature, block.signature_right_indent)
        if block.date:
            rows += self._closing_line("date", block.date, block.date_right_indent)
        return Block(
            rows,
            roles.signature.space_before_lines,
            roles.date.space_after_lines,
            keep_together=True,
            keep_with_previous=self.template.closing.keep_lines,
        )

    def sealed_closing(self, block: SealedClosing) -> Block:
        return self.official.sealed_closing(block)

    def note(self, block: Note) -> Block:
        return self.official.note(block)

    def attachment_page(self, block: AttachmentPage) -> Block:
        return self.official.attachment_page(block)

    def attendance(self, block: Attendance) -> Block:
        return self.official.attendance(block)

    def table(self, block: Table) -> Block:
        return self.tables.block(block)

    def _closing_line(self, role_name: str, text: str, right_indent: float) -> list[Row]:
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


def _folio(number: int, template: Template, geo: Geometry, doc_fonts: DocFonts) -> PlacedLine:
    """§7.5: "— N —" in 4号宋体, the dashes 7 mm below the text block; odd pages right-aligned,
    even pages left-aligned, one character in from the edge."""
    spec = template.page_number
    size = template.roles.page_number.size_pt
    glyphs: list[tuple[str, str, float]] = []
    width = 0.0
    for ch in spec.format.format(n=number):
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
    runs = [GlyphRun(x + dx, font, False, 0.0, ch) for ch, font, dx in glyphs]
    return PlacedLine(baseline, size, 1.0, runs)


def _place(
    pages: list[list[Row | None]], template: Template, portrait: Geometry, doc_fonts: DocFonts
) -> list[PlacedPage]:
    """Grid rows to placed lines: each row's baseline from its line on the page (a 横排 page's
    in the frame of the turned page)."""
    placed = []
    level = -1
    turned_geo = Geometry.turned(template)
    for number, rows in enumerate(pages, start=1):
        turned = any(row is not None and row.turned for row in rows)
        geo = turned_geo if turned else portrait
        page = PlacedPage(number, turned=turned)
        for r, row in enumerate(rows):
            if row is None:
                continue
            row_top = geo.top - r * geo.pitch
            if row.bookmark is not None:
                title, wanted = row.bookmark
                level = min(wanted, level + 1)  # an outline may not skip a level
                page.bookmarks.append(Bookmark(title, level, r, row_top + geo.pitch))
            baseline = row_top - (geo.pitch - row.size) / 2 - (1 - _DESCENT_EM) * row.size
            if row.runs:
                page.lines.append(PlacedLine(baseline, row.size, row.hscale, row.runs))
            if row.half_runs:
                lower = baseline - geo.pitch / 2
                page.lines.append(PlacedLine(lower, row.size, row.hscale, row.half_runs))
            for rule in row.rules:
                page.rules.append(
                    replace(rule, y0=row_top - rule.y0, y1=row_top - rule.y1),
                )
        page.folio = _folio(number, template, portrait, doc_fonts)  # §8: where other pages have it
        placed.append(page)
    return placed


def _font_files(pages: list[PlacedPage]) -> dict[str, FontFile]:
    names: dict[str, None] = {}
    for page in pages:
        for line in [*page.lines, *([page.folio] if page.folio else [])]:
            for run in line.runs:
                names[run.font] = None
    return {name: font_file(name) for name in names}


def layout_document(tree: DocumentTree, template: Template) -> PlacedDocument:
    """The tree laid out on the template's grid: pages of placed lines, ready for a writer.

    Raises RenderError (with every character and its input location) when some character has
    no face at all. Faces that are substitutes for the official ones, and characters drawn from
    a fallback face, come back as warnings in ``findings``.
    """
    font_set = fontset.font_set(template)
    roles_used = sorted({p.role for p in tree.pieces()} | {"page_number"})
    missing = fontset.missing_role_fonts(font_set, roles_used)
    if missing:
        raise RenderError(
            f"找不到可用的字体：{'、'.join(missing)}（请安装官方字体，或 Debian 软件包 "
            "fonts-arphic-uming fonts-arphic-gkai00mp fonts-wqy-microhei fonts-noto-cjk）"
        )
    uses = coverage.check_coverage(tree, font_set)
    doc_fonts = DocFonts(font_set, uses)
    layout = _Layout(tree, template, doc_fonts)
    geo = layout.geo
    blocks = layout.blocks()
    rows = paginate(blocks, geo.lines, template.pagination.min_lines_at_break)
    findings = coverage.findings(font_set, roles_used, uses, template)
    findings += closing_findings(tree, blocks, rows, template)
    body = doc_fonts.get("body", "国")
    pages = _place(rows, template, geo, doc_fonts)
    layout.official.finish(rows, pages, lambda n: _folio(n, template, geo, doc_fonts))
    return PlacedDocument(
        width=geo.width,
        height=geo.height,
        pages=pages,
        fonts=_font_files(pages),
        findings=findings,
        bold_stroke_pt=template.roles.body.size_pt * 0.03,
        body_font=body[0] if body else None,
        body_size=template.roles.body.size_pt,
        imprint_breaks=layout.official.breaks,
        body_last_rows=layout.official.used,
    )
