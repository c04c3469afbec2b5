"""The 信函格式 letterhead of a 函 in the DOCX (§10.1): frames pinned to page 1 for the 标志 and
the red double rules, exact-height paragraphs for 份号 and 发文字号 down to the title's row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...document.tree import Masthead, corner_role
from .. import official as geometry
from .ooxml import el, pt_to_twips

if TYPE_CHECKING:
    from .official import OfficialWriter

# A border's width in eighths of a point (w:sz), from mm.
_EIGHTHS_PER_MM = 8 / 25.4 * 72
# CT_SectPr child order (ECMA-376 Part 1, §17.6.17) from titlePg on.
_AFTER_TITLE_PG = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")


# The flow height of the paragraph that keeps two frames apart.
_SPACER_PT = 1.0
_ISSUER_LINE_EM = 1.25


def _eighths(mm: float) -> int:
    return max(2, round(mm * _EIGHTHS_PER_MM))


def write_letterhead(writer: OfficialWriter, m: Masthead) -> None:
    """§10.1 on page 1: the 标志 30 mm from the page top and the double rule 4 mm below it in one
    frame, whose bottom edge is the top of the first 份号 / 发文字号 line; that line and the
    other corner lines on the grid's pitch; the lower double rule a frame 20 mm above the page's
    bottom edge; then space down to the title's row."""
    from .official import _PPR_ORDER, _put

    template, layout = writer.template, writer.layout
    letter = template.official.letter
    g = geometry.letter_geometry(m, template)
    pitch = template.grid.line_pitch_pt
    top_margin = template.page.margin_top_mm * geometry.PT_PER_MM
    element_line_top = g.element_top - (pitch - template.roles.doc_number.size_pt) / 2
    gap = letter.rule_gap_mm * geometry.PT_PER_MM

    def framed(p: BaseOxmlElement, y_pt: float) -> None:
        # wrap none: the frames leave the flow alone (LibreOffice pushes text below a frame
        # that wraps “around” it)
        frame = el(
            "framePr",
            w=pt_to_twips(g.rule_length),
            wrap="none",
            vAnchor="page",
            hAnchor="margin",
            x=pt_to_twips(g.rule_x),
            y=pt_to_twips(top_margin + y_pt),
            hRule="auto",
        )
        _put(p.find(qn("w:pPr")), frame, _PPR_ORDER)

    def double_rule(p: BaseOxmlElement, upper_mm: float, lower_mm: float) -> None:
        borders = el("pBdr")
        red = writer.red
        borders.append(el("top", val="single", sz=_eighths(upper_mm), space=0, color=red))
        borders.append(el("bottom", val="single", sz=_eighths(lower_mm), space=0, color=red))
        _put(p.find(qn("w:pPr")), borders, _PPR_ORDER)

    # a line 1.25 em tall: LibreOffice sets the glyphs' top on the frame's top edge (measured)
    issuer = writer.para("issuer", line_pt=g.issuer_size * _ISSUER_LINE_EM)
    framed(issuer, g.issuer_top)
    if not m.preprinted:
        rpr = writer.run(issuer, "issuer", m.issuers[0] + m.suffix, red=True).find(qn("w:rPr"))
        half = str(round(g.issuer_size * 2))
        rpr.find(qn("w:sz")).set(qn("w:val"), half)
        rpr.find(qn("w:szCs")).set(qn("w:val"), half)
    # LibreOffice drops the frame of a framed paragraph right before another
    writer.para("issuer", line_pt=_SPACER_PT)
    rule = writer.para("issuer", line_pt=gap)
    framed(rule, g.top_rule_bottom - letter.rule_height_mm * geometry.PT_PER_MM)
    if not m.preprinted:
        double_rule(rule, letter.thick_mm, letter.thin_mm)
    width = layout.chars(template.grid.chars_per_line)
    last = None
    for k in range(g.element_lines):
        role = corner_role(m.corner[k]) if k < len(m.corner) else "doc_number"
        p = writer.para(role, line_pt=pitch)
        _put(p.find(qn("w:pPr")), el("jc", val="left"), _PPR_ORDER)
        if k == 0:
            writer.spacing(p, before=pt_to_twips(element_line_top - _SPACER_PT))
        if k < len(m.corner):
            writer.run(p, role, m.corner[k])
        if k == 0 and m.number:  # §10.1: 发文字号顶格居版心右边缘
            tabs = el("tabs")
            tabs.append(el("tab", val="right", pos=width))
            _put(p.find(qn("w:pPr")), tabs, _PPR_ORDER)
            writer.run(p, "doc_number", "\t")
            writer.run(p, "doc_number", m.number)
        last = p
    assert last is not None
    bottom = writer.para("issuer", line_pt=gap)
    page_height = template.page.height_mm * geometry.PT_PER_MM
    lower_top = page_height - top_margin - letter.bottom_rule_above_page_mm * geometry.PT_PER_MM
    framed(bottom, lower_top - letter.rule_height_mm * geometry.PT_PER_MM)
    if not m.preprinted:
        double_rule(bottom, letter.thin_mm, letter.thick_mm)
    used = element_line_top + g.element_lines * pitch
    writer.spacing(last, after=pt_to_twips(g.title_row * pitch - used))


def title_page(sect_pr: BaseOxmlElement) -> None:
    """Page 1 takes the first-page footer, which is not defined, so it is blank: a 函 shows no
    page number on its first page (§10.1)."""
    if sect_pr.find(qn("w:titlePg")) is not None:
        return
    for i, child in enumerate(sect_pr):
        if child.tag.rsplit("}", 1)[-1] in _AFTER_TITLE_PG:
            sect_pr.insert(i, el("titlePg"))
            return
    sect_pr.append(el("titlePg"))
