"""The 信函格式 letterhead of a 函 in the DOCX (§10.1): the 标志 and the red double rules float
over page 1; exact-height paragraphs hold 份号 and 发文字号 down to the title's row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...document.tree import Masthead, corner_role
from .. import official as geometry
from .drawing import Place, line_run, text_box_run
from .ooxml import el, pt_to_twips

if TYPE_CHECKING:
    from .official import OfficialWriter

# CT_SectPr child order (ECMA-376 Part 1, §17.6.17) from titlePg on.
_AFTER_TITLE_PG = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")


_ISSUER_LINE_EM = 1.25


def write_letterhead(writer: OfficialWriter, m: Masthead) -> None:
    """§10.1 on page 1: the 份号 / 发文字号 line 7/8 of a 3号 character below the first double
    rule and the other corner lines on the grid's pitch, then space down to the title's row.
    The 标志 (a text box) and the four red lines float over the page, anchored to the first of
    those lines, and never move the text."""
    _Letterhead(writer, m).write()


class _Letterhead:
    def __init__(self, writer: OfficialWriter, m: Masthead) -> None:
        self.writer, self.m = writer, m
        self.template = writer.template
        self.g = geometry.letter_geometry(m, self.template)
        self.top_margin = self.template.page.margin_top_mm * geometry.PT_PER_MM

    def write(self) -> None:
        g, pitch = self.g, self.template.grid.line_pitch_pt
        element_line_top = g.element_top - (pitch - self.template.roles.doc_number.size_pt) / 2
        first, last = self.elements(element_line_top)
        if not self.m.preprinted:
            first.append(self.issuer())
            for i, (y, width) in enumerate(g.rules, start=1):
                top = self.top_margin + y
                first.append(line_run(i, g.rule_x, top, g.rule_length, width, self.writer.red))
        used = element_line_top + g.element_lines * pitch
        self.writer.spacing(last, after=pt_to_twips(g.title_row * pitch - used))

    def issuer(self) -> BaseOxmlElement:
        """The 标志 centred in a text box 170 mm wide over the 版心's centre; its line 1.25 em
        tall, whose glyphs LibreOffice sets from the line's top (measured)."""
        g, writer = self.g, self.writer
        line = g.issuer_size * _ISSUER_LINE_EM
        p = writer.para("issuer", line_pt=line)
        writer.body.remove(p)
        rpr = writer.run(p, "issuer", self.m.issuers[0] + self.m.suffix, red=True).find(qn("w:rPr"))
        half = str(round(g.issuer_size * 2))
        rpr.find(qn("w:sz")).set(qn("w:val"), half)
        rpr.find(qn("w:szCs")).set(qn("w:val"), half)
        place = Place(g.rule_x, self.top_margin + g.issuer_top, g.rule_length, line)
        return text_box_run(len(g.rules) + 1, place, p)

    def elements(self, before_pt: float) -> tuple[BaseOxmlElement, BaseOxmlElement]:
        """份号, 密级 and 紧急程度 flush left, one a line; the 发文字号 flush right on the first
        (§10.1: 顶格居版心右边缘). Returns the first and the last line's paragraphs."""
        from .official import _PPR_ORDER, _put

        writer, m = self.writer, self.m
        width = writer.layout.chars(self.template.grid.chars_per_line)
        lines = []
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
            lines.append(p)
        return lines[0], lines[-1]


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
