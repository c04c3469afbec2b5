"""The 公文 elements in the PDF layout: 版头 (red 标志 and line), sealed closing, 附注, 附件 pages, 版记."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ...document.build import text_width
from ...document.tree import (
    AttachmentPage,
    Attendance,
    Masthead,
    Note,
    SealedClosing,
    corner_role,
)
from .. import official as geometry
from .letterhead import draw_letterhead
from .linebreak import break_lines
from .paginate import Block as RowBlock
from .paginate import Row
from .placed import GlyphRun, PlacedImage, PlacedLine, PlacedPage, Rule

if TYPE_CHECKING:
    from .layout import _Layout

_DESCENT_EM = 0.12  # as the layout: CJK baselines sit 0.12 em above the em box bottom
_ONE_LINE = 10_000  # cells: a line that never breaks


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16))


class OfficialLayout:
    """The 公文 part of one document's layout (nothing happens for the other kinds)."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.template = layout.template
        self.tree = layout.tree
        self.red = rgb(self.template.official.red)
        # the signature row of a sealed closing, with the seal image and the date's centre x
        self.seals: list[tuple[Row, str, float]] = []
        self.breaks = 0  # page breaks before the 版记
        self.used = 0  # grid lines the body takes on its last page

    # ------------------------------------------------------------------ rows

    def _at(self, role: str, text: str, indent: float = 0.0, right: float | None = None) -> Row:
        """One unbroken line of ``role``: ``indent`` cells from the left, or ending ``right``
        cells from the right edge."""
        lines = break_lines(
            text,
            self.layout.fonts.cells(role).__getitem__,
            cells=_ONE_LINE,
            first_indent=0 if right is not None else indent,
            justify=False,
        )
        align = "left" if right is None else "right"
        return self.layout._rows(role, lines, align, right_indent=right or 0.0)[0]

    def head(self) -> Iterator[RowBlock]:
        """§7.2: the 版头's grid rows (corner lines, 签发人 and 发文字号, blank lines around the 标志
        and the red line) up to the title's row."""
        m = self.tree.masthead
        if m is None:
            return
        if m.letter:  # §10.1: the letterhead is drawn; the grid rows above the title stay empty
            title_row = geometry.letter_geometry(m, self.template).title_row
            yield RowBlock([Row() for _ in range(title_row)], keep_together=True)
            return
        geo = geometry.masthead_geometry(m, self.template)
        rows = [Row() for _ in range(geo.title_row)]
        for r, text in zip(geo.corner_rows, m.corner, strict=True):
            rows[r] = self._at(corner_role(text), text)
        self._signers(m, rows, geo)
        yield RowBlock(rows, keep_together=True)

    def _signers(self, m: Masthead, rows: list[Row], geo: geometry.MastheadGeometry) -> None:
        """§7.2.5-7.2.6: 签发人 right, two names a row, later rows aligned with the first name;
        the 发文字号 on the last row, 1 character in (centred when there is no 签发人)."""
        official = self.template.official
        cells = self.layout.fonts.cells
        number_row = Row()
        if m.number:
            if m.signer_rows:
                number_row = self._at("doc_number", m.number, official.number_indent_chars)
            else:
                number_row = self.layout._paragraph("doc_number", m.number)[0]
        rows[geo.number_row] = number_row
        if not m.signer_rows:
            return
        indent = official.signer_indent_chars
        cell = self.layout.geo.cell
        names = ["\u3000".join(row) for row in m.signer_rows]
        first_width = sum(cells("signer_name")[c] for c in names[0])
        names_start = self.layout.geo.text_width / cell - indent - first_width
        for i, text in enumerate(names):
            row = rows[geo.first_signer_row + i]
            if i == 0:
                label = self._at("signer", m.signer_label, right=indent + first_width)
                parts = [label, self._at("signer_name", text, right=indent)]
            else:
                parts = [self._at("signer_name", text, names_start)]
            for part in parts:
                row.runs.extend(part.runs)
            row.size, row.hscale = parts[-1].size, parts[-1].hscale

    def sealed_closing(self, block: SealedClosing) -> RowBlock:
        """§7.3.5.1: room for the seal above the signature, which is centred over the date."""
        rows = [
            self._at("signature", block.signature, right=block.signature_right_indent),
            self._at("date", block.date, right=block.date_right_indent),
        ]
        for row in rows:
            row.closing = True
        if block.seal_image:
            geo = self.layout.geo
            date_right = geo.text_width - block.date_right_indent * geo.cell
            date_left = rows[1].runs[0].x - geo.left if rows[1].runs else 0.0
            self.seals.append((rows[0], block.seal_image, (date_left + date_right) / 2))
        blanks = geometry.seal_blank_lines(self.template)
        keep = self.template.closing.keep_lines
        return RowBlock(rows, blanks, 0, keep_together=True, keep_with_previous=keep)

    def note(self, block: Note) -> RowBlock:
        role = self.template.roles.note
        rows = self.layout._paragraph("note", block.text)
        return RowBlock(rows, role.space_before_lines, role.space_after_lines)

    def attachment_page(self, block: AttachmentPage) -> RowBlock:
        """§7.3.7: a new page; 附件N flush left on line 1, the title centred from line 3."""
        rows = [self._at("attachment_label", block.label), Row()]
        for line in block.title.lines:
            rows.extend(self.layout._paragraph("attachment_title", line))
        rows[2].bookmark = (f"{block.label}　{block.title.text}", 1)
        after = self.template.roles.title.space_after_lines
        return RowBlock(rows, 0, after, keep_with_next=True, keep_together=True, new_page=True)

    def attendance(self, block: Attendance) -> RowBlock:
        """§10.3: “出席：” in 黑体 2 characters in, the names after it in 仿宋, wrapped lines aligned
        with the first name."""
        role = self.template.roles.attendance_label
        indent = role.first_line_indent_chars
        _, _, cells = self.layout._scale(self.template.roles.body)
        lines = break_lines(
            block.label + block.names,
            self.layout.fonts.cells("body").__getitem__,
            cells=cells,
            first_indent=indent,
            rest_indent=indent + text_width(block.label),
        )
        rows = self.layout._rows("body", lines, "justify")
        first = rows[0].runs[0]
        got = self.layout.fonts.get("body", first.text[0])
        step = (got[1] if got else 1.0) * rows[0].size * rows[0].hscale + first.gap
        labels = []
        for k, ch in enumerate(block.label):
            face = self.layout.fonts.get("attendance_label", ch)
            if face is not None:
                labels.append(GlyphRun(first.x + k * step, face[0], False, 0.0, ch))
        n = len(block.label)
        rest = first.text[n:]
        tail = (
            [GlyphRun(first.x + n * step, first.font, first.bold, first.gap, rest)] if rest else []
        )
        rows[0].runs[:1] = [*labels, *tail]
        return RowBlock(rows, 1 if block.blank_before else 0, role.space_after_lines)

    # ------------------------------------------------------------------ drawn

    def finish(
        self,
        rows: list[list[Row | None]],
        pages: list[PlacedPage],
        folio: Callable[[int], PlacedLine],
    ) -> None:
        """What is drawn off the grid: the red 标志 and line on page 1, seals, the 版记 page."""
        m = self.tree.masthead
        if m is not None and m.letter and pages:
            draw_letterhead(self, m, pages[0])
        elif m is not None and not m.preprinted and pages:
            self._masthead(m, pages[0])
        for row, image, centre in self.seals:
            self._seal(rows, pages, row, image, centre)
        if self.tree.imprint is not None:
            last = rows[-1] if rows else []
            used = max((i + 1 for i, row in enumerate(last) if row is not None), default=0)
            if any(row is not None and row.turned for row in last):
                used = self.layout.geo.lines  # a 横排 last page: the 版记 goes on a page after it
            self.used = used
            self._imprint(pages, used, folio)

    def _masthead(self, m: Masthead, page: PlacedPage) -> None:
        """§7.2.4 and §7.2.7: the 标志 centred, its top 35 mm below the 版心's; joint issuers
        stacked and spread to one width, “文件” centred beside them; the red line below."""
        geo = self.layout.geo
        g = geometry.masthead_geometry(m, self.template)
        size = g.issuer_size
        widest = max(text_width(i) for i in m.issuers)
        suffix = text_width(m.suffix)
        x0 = geo.left + (geo.text_width - (widest + suffix) * size) / 2
        for i, name in enumerate(m.issuers):
            top = g.issuer_top + i * g.issuer_pitch
            spread = len(m.issuers) > 1 and len(name) > 1
            gap = (widest - text_width(name)) * size / (len(name) - 1) if spread else 0.0
            page.lines.append(self._drawn(name, x0, top, size, gap))
        if m.suffix:
            middle = (g.issuer_top + g.issuer_bottom) / 2
            page.lines.append(self._drawn(m.suffix, x0 + widest * size, middle - size / 2, size))
        page.lines.sort(key=lambda line: -line.y)  # reading order: the 标志 above the number
        y = geo.top - g.rule_y
        page.rules.append(Rule(geo.left, y, geo.left + geo.text_width, y, g.rule_width, self.red))

    def _drawn(self, text: str, x: float, top: float, size: float, gap: float = 0.0) -> PlacedLine:
        """Red 标志 text, one glyph a run, its em box top ``top`` pt below the 版心's top."""
        runs = []
        for ch in text:
            got = self.layout.fonts.get("issuer", ch)
            if got is not None:
                runs.append(GlyphRun(x, got[0], False, 0.0, ch))
            x += (got[1] if got else 1.0) * size + gap
        baseline = self.layout.geo.top - top - (1 - _DESCENT_EM) * size
        return PlacedLine(baseline, size, 1.0, runs, self.red)

    def _seal(
        self,
        rows: list[list[Row | None]],
        pages: list[PlacedPage],
        row: Row,
        image: str,
        centre: float,
    ) -> None:
        """§7.3.5.1: the seal centred on the date, its centre on the top of the signature's row
        (署名 and date below the centre)."""
        geo = self.layout.geo
        for number, page_rows in enumerate(rows):
            if row in page_rows:
                r = next(i for i, x in enumerate(page_rows) if x is row)
                d = self.template.official.seal_diameter_mm * geometry.PT_PER_MM
                y = geo.top - r * geo.pitch
                pages[number].images.append(
                    PlacedImage(image, geo.left + centre - d / 2, y - d / 2, d, d)
                )
                return

    def _imprint(
        self, pages: list[PlacedPage], used: int, folio: Callable[[int], PlacedLine]
    ) -> None:
        """§7.4 and §7.5: the 版记 at the bottom of an even last page: the body's own when it is
        even and has room, else the next even page; a blank page between them and the 版记 page
        carry no page number."""
        imprint = self.tree.imprint
        assert imprint is not None
        letter = self.tree.masthead is not None and self.tree.masthead.letter
        g = geometry.imprint_geometry(bool(imprint.copy_to), self.template, letter)
        self.breaks = geometry.imprint_breaks(len(pages), used, len(g.rows), self.layout.geo.lines)
        if self.breaks == 2:
            pages.append(PlacedPage(len(pages) + 1))
        if self.breaks:
            pages.append(PlacedPage(len(pages) + 1))
            if self.breaks == 1:
                pages[-1].folio = folio(len(pages))
        page = pages[-1]
        geo = self.layout.geo
        indent = self.template.official.imprint_indent_chars
        size = self.template.roles.imprint.size_pt
        lines: list[Row] = []
        if imprint.copy_to:
            lines.append(self._at("imprint", imprint.copy_to, indent))
        printed = self._at("imprint", imprint.printed_by, indent)
        if imprint.printed_on:
            printed.runs.extend(self._at("imprint", imprint.printed_on, right=indent).runs)
        if not letter:  # §10.1: a 函's 版记 has no 印发机关 and 印发日期
            lines.append(printed)
        for r, row in zip(g.rows, lines, strict=True):
            row_top = geo.top - r * geo.pitch
            baseline = row_top - (geo.pitch - size) / 2 - (1 - _DESCENT_EM) * size
            page.lines.append(PlacedLine(baseline, size, row.hscale, row.runs))
        for y, width in g.rules:
            page.rules.append(
                Rule(geo.left, geo.top - y, geo.left + geo.text_width, geo.top - y, width)
            )
