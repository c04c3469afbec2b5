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
    """§10.1 on page 1: the 标志 30 mm from the page top and the double rule 4 mm below it, each
    a frame pinned to the page; the 份号 / 发文字号 line 7/8 of a 3号 character below the rule and
    the other corner lines on the grid's pitch; the lower double rule a frame 20 mm above the
    page's bottom edge; then space down to the title's row."""
    _Letterhead(writer, m).write()


class _Letterhead:
    def __init__(self, writer: OfficialWriter, m: Masthead) -> None:
        self.writer, self.m = writer, m
        self.template = writer.template
        self.g = geometry.letter_geometry(m, self.template)
        self.top_margin = self.template.page.margin_top_mm * geometry.PT_PER_MM

    def write(self) -> None:
        writer, m, g = self.writer, self.m, self.g
        letter = self.template.official.letter
        pitch = self.template.grid.line_pitch_pt
        gap = letter.rule_gap_mm * geometry.PT_PER_MM
        height = letter.rule_height_mm * geometry.PT_PER_MM
        # a line 1.25 em tall: LibreOffice sets the glyphs' top on the frame's top edge (measured)
        issuer = writer.para("issuer", line_pt=g.issuer_size * _ISSUER_LINE_EM)
        self.framed(issuer, g.issuer_top)
        if not m.preprinted:
            rpr = writer.run(issuer, "issuer", m.issuers[0] + m.suffix, red=True).find(qn("w:rPr"))
            half = str(round(g.issuer_size * 2))
            rpr.find(qn("w:sz")).set(qn("w:val"), half)
            rpr.find(qn("w:szCs")).set(qn("w:val"), half)
        # LibreOffice drops the frame of a framed paragraph right before another
        writer.para("issuer", line_pt=_SPACER_PT)
        rule = writer.para("issuer", line_pt=gap)
        self.framed(rule, g.top_rule_bottom - height)
        self.double_rule(rule, letter.thick_mm, letter.thin_mm)
        element_line_top = g.element_top - (pitch - self.template.roles.doc_number.size_pt) / 2
        last = self.elements(element_line_top - _SPACER_PT)
        bottom = writer.para("issuer", line_pt=gap)
        page_height = self.template.page.height_mm * geometry.PT_PER_MM
        lower = (
            page_height - self.top_margin - letter.bottom_rule_above_page_mm * geometry.PT_PER_MM
        )
        self.framed(bottom, lower - height)
        self.double_rule(bottom, letter.thin_mm, letter.thick_mm)
        used = element_line_top + g.element_lines * pitch
        writer.spacing(last, after=pt_to_twips(g.title_row * pitch - used))

    def elements(self, before_pt: float) -> BaseOxmlElement:
        """份号, 密级 and 紧急程度 flush left, one a line; the 发文字号 flush right on the first
        (§10.1: 顶格居版心右边缘). Returns the last line's paragraph."""
        from .official import _PPR_ORDER, _put

        writer, m = self.writer, self.m
        width = writer.layout.chars(self.template.grid.chars_per_line)
        last = None
        for k in range(self.g.element_lines):
            role = corner_role(m.corner[k]) if k < len(m.corner) else "doc_number"
            p = writer.para(role, line_pt=self.template.grid.line_pitch_pt)
            _put(p.find(qn("w:pPr")), el("jc", val="left"), _PPR_ORDER)
            if k == 0:
                writer.spacing(p, before=pt_to_twips(before_pt))
            if k < len(m.corner):
                writer.run(p, role, m.corner[k])
            if k == 0 and m.number:
                tabs = el("tabs")
                tabs.append(el("tab", val="right", pos=width))
                _put(p.find(qn("w:pPr")), tabs, _PPR_ORDER)
                writer.run(p, "doc_number", "\t")
                writer.run(p, "doc_number", m.number)
            last = p
        assert last is not None
        return last

    def framed(self, p: BaseOxmlElement, y_pt: float) -> None:
        """Pin ``p`` to page 1, ``y_pt`` below the 版心's top, 170 mm wide and centred on the
        版心. Wrap none: the frames leave the flow alone (LibreOffice pushes text below a frame
        that wraps “around” it)."""
        from .official import _PPR_ORDER, _put

        frame = el(
            "framePr",
            w=pt_to_twips(self.g.rule_length),
            wrap="none",
            vAnchor="page",
            hAnchor="margin",
            x=pt_to_twips(self.g.rule_x),
            y=pt_to_twips(self.top_margin + y_pt),
            hRule="auto",
        )
        _put(p.find(qn("w:pPr")), frame, _PPR_ORDER)

    def double_rule(self, p: BaseOxmlElement, upper_mm: float, lower_mm: float) -> None:
        """The two red lines as the top and bottom borders of an empty paragraph as tall as the
        gap between them (nothing on preprinted paper)."""
        from .official import _PPR_ORDER, _put

        if self.m.preprinted:
            return
        borders = el("pBdr")
        red = self.writer.red
        borders.append(el("top", val="single", sz=_eighths(upper_mm), space=0, color=red))
        borders.append(el("bottom", val="single", sz=_eighths(lower_mm), space=0, color=red))
        _put(p.find(qn("w:pPr")), borders, _PPR_ORDER)


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
