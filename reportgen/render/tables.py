"""Where a table's column rules go, for both renderers (GB/T 9704-2012 §8).

Shared so that the PDF and the DOCX give each column the same width, and so break its cells into
the same number of lines. Boundaries are twips from the 版心's left edge, the last one its right.
"""

from __future__ import annotations

from ..document.tree import Table
from ..model.template import MM_PER_PT, TWIPS_PER_PT, Template
from .pdf.linebreak import break_lines

_TWIPS_PER_MM = TWIPS_PER_PT / MM_PER_PT
# Widths in ems that no face exceeds much: hanzi and full-width marks 1, Times/Liberation digits
# and separators 0.5, other Latin letters (W and M aside) and % at most 0.85.
_NARROW = frozenset("0123456789 .,:;")


def text_width_mm(table: Table, template: Template) -> float:
    """The width a table fills: the 版心's, or its height for a 横排 table (225 mm, §8)."""
    page = template.page
    return page.text_height_mm if table.landscape else page.text_width_mm


def column_bounds(table: Table, template: Template) -> tuple[int, ...]:
    """The x of every column rule, left edge first: the table fills the 版心 width (156 mm).

    The columns share that width by the table's ``widths`` when it gives them; otherwise each
    column asks for its widest cell (in the cell and head sizes, plus padding) and, when all of
    them fit, the spare width is shared in proportion; when they do not, the widest columns are
    narrowed to one common width (their cells wrap) and no column is narrower than
    ``min_column_chars`` characters."""
    total = round(text_width_mm(table, template) * _TWIPS_PER_MM)
    shares = list(table.widths) if table.widths else _content_widths(table, template, total)
    whole = sum(shares)
    bounds, acc = [0], 0.0
    for share in shares:
        acc += share
        bounds.append(round(total * acc / whole))
    bounds[-1] = total
    return tuple(bounds)


def _content_widths(table: Table, template: Template, total: int) -> list[float]:
    roles, rules = template.roles, template.table
    pad = 2 * rules.padding_mm * _TWIPS_PER_MM
    head_em = roles.table_header.size_pt * TWIPS_PER_PT
    cell_em = roles.table_cell.size_pt * TWIPS_PER_PT
    least = rules.min_column_chars * cell_em + pad
    wanted = []
    for j, head in enumerate(table.columns):
        widest = max([_ems(head) * head_em, *(_ems(row[j]) * cell_em for row in table.rows)])
        # a quarter character of slack: a cell exactly as wide as its text wraps in Word
        wanted.append(max(least, widest + pad + cell_em / 4))
    if sum(wanted) <= total:
        return wanted
    # the common width c of the narrowed columns: sum(min(w, c)) over the columns == total
    if least * len(wanted) >= total:
        return [least] * len(wanted)
    low, high = least, max(wanted)
    for _ in range(60):
        middle = (low + high) / 2
        if sum(max(least, min(w, middle)) for w in wanted) > total:
            high = middle
        else:
            low = middle
    return [max(least, min(w, low)) for w in wanted]


def inner_width_pt(bounds: tuple[int, ...], j: int, template: Template) -> float:
    """The width a cell's text may take in column ``j``: the column less its padding."""
    pad = template.table.padding_mm / MM_PER_PT
    return (bounds[j + 1] - bounds[j]) / TWIPS_PER_PT - 2 * pad


def _ems(text: str) -> float:
    return sum(cell_measure(ch) for ch in text)


def cell_measure(ch: str) -> float:
    """A character's width in ems for counting a cell's lines, a little over any real face's."""
    if ch in _NARROW:
        return 0.5
    return 0.85 if ch.isascii() else 1.0


def cells_per_line(bounds: tuple[int, ...], j: int, template: Template, size_pt: float) -> float:
    """How many ems of ``size_pt`` text a line of column ``j`` holds (a fraction: digits are
    half an em wide)."""
    return max(1.0, inner_width_pt(bounds, j, template) / size_pt)


def row_lines(table: Table, template: Template) -> tuple[int, ...]:
    """Grid lines of each row, the head row first: its cell with most lines, broken by the line
    breaker with :func:`cell_measure`. Both renderers give every row this height (Word and
    LibreOffice would otherwise add the rules' widths to it and leave the grid), and the PDF
    breaks cells with the faces' real widths, which are never wider."""
    bounds = column_bounds(table, template)
    roles = template.roles
    out = []
    for size, cells in (
        (roles.table_header.size_pt, table.columns),
        *((roles.table_cell.size_pt, row) for row in table.rows),
    ):
        counts = [
            len(
                break_lines(
                    text, cell_measure, cells_per_line(bounds, j, template, size), 0, 0, False
                )
            )
            for j, text in enumerate(cells)
            if text
        ]
        out.append(max([1, *counts]))
    return tuple(out)
