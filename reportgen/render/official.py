"""Where the 公文 elements go for both renderers: 版头, seal space and 版记, and when the 版记 needs a page.

Shared by both renderers so that the PDF and the DOCX agree on which grid lines the 版头 takes.
Lengths are pt unless a name says otherwise; rows are 0-based lines of the 22-line body grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..document.build import text_width
from ..document.tree import Masthead
from ..model.template import MM_PER_PT, Template

PT_PER_MM = 1 / MM_PER_PT
_EPSILON = 1e-6
# A shrunk 标志 fills 97 % of the line: Word and LibreOffice wrap a line that fills it exactly.
_FIT = 0.97


@dataclass(frozen=True)
class MastheadGeometry:
    """The 版头 of one document on its first page."""

    corner_rows: tuple[int, ...]  # rows of 份号, 密级, 紧急程度 (§7.2.1-7.2.3)
    issuer_size: float  # pt, shrunk so the widest line fits the 版心 (§7.2.4)
    issuer_top: float  # the em box top of the first 标志 line (35 mm, §7.2.4)
    issuer_pitch: float  # distance between stacked names of a joint 标志
    issuer_lines: int
    first_signer_row: int  # §7.2.6: 标志下空二行
    number_row: int  # §7.2.5: the 发文字号's row (the last 签发人 row on 上行文)
    rule_y: float  # centre of the red separator line (§7.2.7)
    rule_width: float  # its thickness
    title_row: int  # the first row after the 版头 (§7.3.1: 分隔线下空二行)

    @property
    def issuer_bottom(self) -> float:
        return self.issuer_top + (self.issuer_lines - 1) * self.issuer_pitch + self.issuer_size


def issuer_size(masthead: Masthead, template: Template) -> float:
    """The 标志's size: the template's, shrunk until its widest line fits the 版心 width."""
    text_width_pt = template.page.text_width_mm * PT_PER_MM
    widest = max(text_width(i) for i in masthead.issuers) + text_width(masthead.suffix)
    size = template.roles.issuer.size_pt
    return min(size, text_width_pt / widest * _FIT) if widest else size


def text_bottom(row: int, pitch: float, size: float) -> float:
    """The em box bottom of text of ``size`` centred in grid row ``row``."""
    return row * pitch + (pitch + size) / 2


def masthead_geometry(masthead: Masthead, template: Template) -> MastheadGeometry:
    """Lay out the 版头 top-down as §7.2 chains it: corner lines, 标志 at 35 mm, two blank lines,
    签发人 and 发文字号, the red line 4 mm below, two blank lines, then the title's row."""
    official = template.official
    pitch = template.grid.line_pitch_pt
    size = issuer_size(masthead, template)
    lines = len(masthead.issuers)
    issuer_pitch = size * (1 + official.issuer_line_gap_em)
    top = official.issuer_top_mm * PT_PER_MM
    bottom = top + (lines - 1) * issuer_pitch + size
    first_signer = math.ceil(bottom / pitch - _EPSILON) + official.number_gap_lines
    number_row = first_signer + max(len(masthead.signer_rows), 1) - 1
    number_size = template.roles.doc_number.size_pt
    rule_y = text_bottom(number_row, pitch, number_size) + official.rule_below_number_mm * PT_PER_MM
    title_row = math.ceil(rule_y / pitch - _EPSILON) + official.title_gap_lines
    return MastheadGeometry(
        corner_rows=tuple(range(len(masthead.corner))),
        issuer_size=size,
        issuer_top=top,
        issuer_pitch=issuer_pitch,
        issuer_lines=lines,
        first_signer_row=first_signer,
        number_row=number_row,
        rule_y=rule_y,
        rule_width=official.rule_mm * PT_PER_MM,
        title_row=title_row,
    )


@dataclass(frozen=True)
class LetterGeometry:
    """The 信函格式 letterhead of a 函 on page 1 (§10.1). Lengths are pt; y is measured down from
    the 版心's top edge (negative above it), x from the 版心's left edge."""

    issuer_size: float
    issuer_top: float  # the em box top of the 标志 (30 mm below the page's top edge)
    rules: tuple[tuple[float, float], ...]  # (y of the centre, thickness) of the four red lines
    rule_x: float  # the left end of the 170 mm rules, centred on the 版心
    rule_length: float
    top_rule_bottom: float  # the lower edge of the first double rule
    element_top: float  # the em box top of the first 份号 / 发文字号 line (7/8 em below it)
    element_lines: int
    title_row: int  # §10.1: the title two lines below the last element


def letter_geometry(masthead: Masthead, template: Template) -> LetterGeometry:
    """§10.1: 标志 30 mm from the page top; a red double rule (thick over thin) 4 mm below it and
    one (thin over thick) 20 mm above the page's bottom edge, both 170 mm and centred; 份号 and
    发文字号 7/8 of a 3号 character below the first; the title two lines below the last."""
    page, letter = template.page, template.official.letter
    pitch = template.grid.line_pitch_pt
    size = issuer_size(masthead, template)
    top = (letter.issuer_top_mm - page.margin_top_mm) * PT_PER_MM
    thick, thin = letter.thick_mm * PT_PER_MM, letter.thin_mm * PT_PER_MM
    height = letter.rule_height_mm * PT_PER_MM
    upper = top + size + letter.rule_below_issuer_mm * PT_PER_MM
    lower = (page.height_mm - page.margin_top_mm - letter.bottom_rule_above_page_mm) * PT_PER_MM
    rules = (
        (upper + thick / 2, thick),
        (upper + height - thin / 2, thin),
        (lower - height + thin / 2, thin),
        (lower - thick / 2, thick),
    )
    element_size = template.roles.doc_number.size_pt
    element_top = upper + height + letter.element_gap_em * element_size
    lines = max(len(masthead.corner), 1)
    last_bottom = element_top + (lines - 1) * pitch + element_size + (pitch - element_size) / 2
    return LetterGeometry(
        issuer_size=size,
        issuer_top=top,
        rules=rules,
        rule_x=(page.text_width_mm - letter.rule_length_mm) / 2 * PT_PER_MM,
        rule_length=letter.rule_length_mm * PT_PER_MM,
        top_rule_bottom=upper + height,
        element_top=element_top,
        element_lines=lines,
        title_row=math.ceil(last_bottom / pitch - _EPSILON) + letter.title_gap_lines,
    )


@dataclass(frozen=True)
class ImprintGeometry:
    """The 版记 at the bottom of its page: the rows of its lines and the y of its rules (§7.4)."""

    rows: tuple[int, ...]  # rows of the 抄送 line (if any) and the 印发 line
    rules: tuple[tuple[float, float], ...]  # (y, thickness): thick, (thin), thick


def imprint_geometry(
    has_copy_to: bool, template: Template, letter: bool = False
) -> ImprintGeometry:
    """§7.4.1: the last rule on the 版心's bottom edge; the 印发 line just above it, the 抄送 line
    above that with the thin rule between; the first (thick) rule above the first item. A 函's
    版记 is its 抄送 line alone on the 版心's last line, without rules (§10.1)."""
    official = template.official
    pitch = template.grid.line_pitch_pt
    lines = template.grid.lines_per_page
    if letter:
        return ImprintGeometry((lines - 1,), ())
    bottom = template.page.text_height_mm * PT_PER_MM
    thick = official.imprint_thick_mm * PT_PER_MM
    thin = official.imprint_thin_mm * PT_PER_MM
    printed = lines - 1
    rows = (printed - 1, printed) if has_copy_to else (printed,)
    # each item's grid row ends where the next rule is; the rules sit between the rows
    first_top = rows[0] * pitch
    rules = [(first_top, thick)]
    if has_copy_to:
        rules.append((printed * pitch, thin))
    rules.append((bottom - thick / 2, thick))
    return ImprintGeometry(rows, tuple(rules))


def seal_blank_lines(template: Template) -> int:
    """Blank lines between the body and a sealed signature: the seal, centred on the top of the
    signature's row, must clear the body yet start within one line of it (§7.3.5.1)."""
    radius = template.official.seal_diameter_mm * PT_PER_MM / 2
    return math.ceil(radius / template.grid.line_pitch_pt - _EPSILON)


def imprint_breaks(pages: int, rows_used: int, imprint_rows: int, lines: int) -> int:
    """Page breaks between the body's end and the 版记 (§7.4, §7.5): none when the body's last
    page is even and keeps a blank line above the 版记; one when it is odd (the 版记 page is the
    next, even, page); two when it is even and full (a blank page, then the 版记 page)."""
    if pages % 2 == 0 and rows_used + 1 + imprint_rows <= lines:
        return 0
    return 1 if pages % 2 else 2
