"""Tables in the DOCX (GB/T 9704-2012 §8): ``w:tbl`` as wide as the 版心, the head row repeated.

Children are written in schema order (CT_Tbl: tblPr, tblGrid, tr; CT_Row: trPr, tc; CT_Tc: tcPr,
p). Column widths come from :mod:`reportgen.render.tables`, shared with the PDF, and every line of
a cell is one grid line high (the cell styles' exact line pitch), as in the PDF.
"""

from __future__ import annotations

import copy
import itertools

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...document.tree import Table
from ...model.template import MM_PER_PT
from ..tables import column_bounds, row_lines
from .ooxml import (
    TABLE_CAPTION,
    TABLE_HEADING,
    TABLE_TEXT,
    WordLayout,
    children,
    el,
    mm_to_twips,
    paragraph,
    run_of,
)
from .turned import footer_references

_EIGHTHS_PER_PT = 8  # w:sz of a border is in eighths of a point


def _border(tag: str, mm: float) -> BaseOxmlElement:
    return el(
        tag, val="single", sz=round(mm / MM_PER_PT * _EIGHTHS_PER_PT), space=0, color="000000"
    )


def _table_properties(layout: WordLayout, total: int) -> BaseOxmlElement:
    rules = layout.template.table
    pad = mm_to_twips(rules.padding_mm)
    borders = el("tblBorders")
    children(
        borders,
        [
            *(_border(side, rules.frame_mm) for side in ("top", "left", "bottom", "right")),
            _border("insideH", rules.rule_mm),
            _border("insideV", rules.rule_mm),
        ],
    )
    margins = el("tblCellMar")
    children(
        margins,
        [
            el("top", w=0, type="dxa"),
            el("left", w=pad, type="dxa"),
            el("bottom", w=0, type="dxa"),
            el("right", w=pad, type="dxa"),
        ],
    )
    tbl_pr = el("tblPr")
    children(
        tbl_pr,
        [
            el("tblW", w=total, type="dxa"),
            # compatibilityMode 14: the left border lies one cell margin left of tblInd, so this
            # puts it on the 版心's edge
            el("tblInd", w=pad, type="dxa"),
            borders,
            el("tblLayout", type="fixed"),
            margins,
            el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0),
        ],
    )
    return tbl_pr


def write_table(
    body: BaseOxmlElement, table: Table, layout: WordLayout, section: BaseOxmlElement
) -> None:
    """The caption (kept with the table), then the table: its head row marked ``w:tblHeader`` so
    Word and LibreOffice repeat it on every page; no row split across pages (``w:cantSplit``).
    A 横排 table gets a landscape section of its own (:func:`landscape_section`)."""
    if table.landscape:
        _end_section(body, copy.deepcopy(section))
    _write_table(body, table, layout)
    if table.landscape:
        _end_section(body, landscape_section(section, layout), tiny=True)


def _end_section(body: BaseOxmlElement, sect_pr: BaseOxmlElement, tiny: bool = False) -> None:
    """End the section with the paragraph before (a new one after a table, or ``tiny``: 1 pt
    high off the grid, so it never needs a page of its own)."""
    last = body[-1] if len(body) else None
    if last is None or last.tag != qn("w:p") or tiny:
        last = paragraph(body, None)
        if tiny:
            ppr = el("pPr")
            children(
                ppr,
                [
                    el("snapToGrid", val=0),
                    el("spacing", before=0, after=0, line=20, lineRule="exact"),
                ],
            )
            rpr = el("rPr")
            children(rpr, [el("sz", val=2), el("szCs", val=2)])
            ppr.append(rpr)
            last.insert(0, ppr)
    ppr = last.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("pPr")
        last.insert(0, ppr)
    ppr.append(sect_pr)  # CT_PPr: sectPr after rPr, the last child we write


def landscape_section(section: BaseOxmlElement, layout: WordLayout) -> BaseOxmlElement:
    """A 横排 table's section (§8): the page turned (orient landscape), so its margins are the
    portrait page's turned: top the 订口 side (28 mm), left the foot (35 mm), right the head
    (37 mm), bottom the right margin (26 mm); the 版心 225 × 156 mm. Its footers hold the page
    number turned, where the portrait pages have it (render/docx/turned.py)."""
    page = layout.template.page
    sect_pr = copy.deepcopy(section)
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for ref in sect_pr.findall(qn(tag)):
            sect_pr.remove(ref)
    for at, ref in enumerate(footer_references()):  # its own footers: the number turned
        sect_pr.insert(at, ref)
    size = sect_pr.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(mm_to_twips(page.height_mm)))
    size.set(qn("w:h"), str(mm_to_twips(page.width_mm)))
    size.set(qn("w:orient"), "landscape")
    margins = sect_pr.find(qn("w:pgMar"))
    for attr, mm in (
        ("top", page.margin_left_mm),
        ("right", page.margin_top_mm),
        ("bottom", page.margin_right_mm),
        ("left", page.margin_bottom_mm),
        # the page number within the (narrower) bottom margin: LibreOffice would otherwise
        # shorten the 版心 to make room for it, and the pages would break apart from the PDF's
        ("footer", page.margin_right_mm / 2),
    ):
        margins.set(qn(f"w:{attr}"), str(mm_to_twips(mm)))
    return sect_pr


def _write_table(body: BaseOxmlElement, table: Table, layout: WordLayout) -> None:
    if table.caption:
        p = paragraph(body, TABLE_CAPTION)
        run_of(p, table.caption)
    elif len(body) and body[-1].tag == qn("w:tbl"):
        paragraph(body, None)  # two tables in a row would merge into one: a blank line between
    bounds = column_bounds(table, layout.template)
    widths = [b - a for a, b in itertools.pairwise(bounds)]
    tbl = el("tbl")
    grid = el("tblGrid")
    children(grid, [el("gridCol", w=w) for w in widths])
    children(tbl, [_table_properties(layout, bounds[-1]), grid])
    lines = row_lines(table, layout.template)
    pitch = layout.pitch
    # LibreOffice sets the table's top rule above its first row rather than within it: the head
    # row gives up that width, so the table still takes whole grid lines (measured in LO 7.4)
    frame = mm_to_twips(layout.template.table.frame_mm)
    head = lines[0] * pitch - frame
    tbl.append(_row(table.columns, widths, TABLE_HEADING, (), head, head=True))
    room = layout.template.grid.lines_per_page - lines[0]
    for row, n in zip(table.rows, lines[1:], strict=True):
        tall = n > room
        tbl.append(_row(row, widths, TABLE_TEXT, table.align, n * pitch, head=False, tall=tall))
    body.append(tbl)


def _row(
    cells: tuple[str, ...],
    widths: list[int],
    style_id: str,
    align: tuple[str, ...],
    height: int,
    *,
    head: bool,
    tall: bool = False,
) -> BaseOxmlElement:
    """A row exactly ``height`` twips high, so the rules' widths do not add to it; a row taller
    than a page under the head is split across pages (as the PDF splits it), at least that high."""
    tr = el("tr")
    tr_pr = el("trPr")
    children(
        tr_pr,
        [
            None if tall else el("cantSplit"),
            el("trHeight", val=height, hRule="atLeast" if tall else "exact"),
            el("tblHeader") if head else None,
        ],
    )
    tr.append(tr_pr)
    for j, (text, width) in enumerate(zip(cells, widths, strict=True)):
        tc = el("tc")
        tc_pr = el("tcPr")
        children(tc_pr, [el("tcW", w=width, type="dxa"), el("vAlign", val="center")])
        tc.append(tc_pr)
        p = paragraph(tc, style_id)
        if j < len(align):
            p[0].append(el("jc", val=align[j]))
        if text:
            run_of(p, text)
        tr.append(tc)
    return tr
