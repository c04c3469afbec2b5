"""The 信函格式 letterhead of a 函 in the PDF (§10.1): red 标志 and double rules, 份号 and 发文字号."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document.build import text_width
from ...document.tree import Masthead, corner_role
from .. import official as geometry
from .placed import PlacedLine, PlacedPage, Rule

if TYPE_CHECKING:
    from .official import OfficialLayout

_DESCENT_EM = 0.12  # as the layout: CJK baselines sit 0.12 em above the em box bottom


def draw_letterhead(official: OfficialLayout, m: Masthead, page: PlacedPage) -> None:
    """Page 1 of a 函: the 标志 centred 30 mm from the page top, the double rules (unless the
    paper is preprinted), the 份号/密级/紧急程度 flush left and the 发文字号 flush right 7/8 of a
    3号 character below the first rule, and no page number."""
    layout = official.layout
    geo = layout.geo
    g = geometry.letter_geometry(m, official.template)
    if not m.preprinted:
        name = m.issuers[0] + m.suffix  # §10.1: joint letters carry the lead organ's 标志
        x0 = geo.left + (geo.text_width - text_width(name) * g.issuer_size) / 2
        page.lines.append(official._drawn(name, x0, g.issuer_top, g.issuer_size))
        x1 = geo.left + g.rule_x
        for y, width in g.rules:
            page.rules.append(
                Rule(x1, geo.top - y, x1 + g.rule_length, geo.top - y, width, official.red)
            )
    for k in range(g.element_lines):
        parts = []
        if k < len(m.corner):
            parts.append(official._at(corner_role(m.corner[k]), m.corner[k]))
        if k == 0 and m.number:
            parts.append(official._at("doc_number", m.number, right=0.0))
        for row in parts:
            top = g.element_top + k * geo.pitch
            baseline = geo.top - top - (1 - _DESCENT_EM) * row.size
            page.lines.append(PlacedLine(baseline, row.size, row.hscale, row.runs))
    page.lines.sort(key=lambda line: -line.y)
    page.folio = None
