"""Tables in the PDF layout (GB/T 9704-2012 §8): cells broken by the line breaker, one grid line
per line of text, rules drawn with their rows, the head row repeated on every page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document.tree import Table
from ...model.template import MM_PER_PT, TWIPS_PER_PT
from ..tables import column_bounds, inner_width_pt, row_lines
from .linebreak import Line, break_lines
from .paginate import Block, Row
from .placed import Rule
from .runs import line_runs

if TYPE_CHECKING:
    from .layout import _Layout


class TableLayout:
    """The tables of one document's layout."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.template = layout.template

    def block(self, table: Table) -> Block:
        """The caption's rows, the head's, then each row's: cells side by side, as many grid
        lines as the cell with most lines needs, shorter cells centred in them."""
        if not table.landscape:
            return self._block(table)
        from .layout import Geometry  # the layout imports this module

        layout = self.layout
        portrait, layout.geo = layout.geo, Geometry.turned(self.template)
        try:  # laid out on the turned page: caption centred and rules on its 225 mm 版心
            block = self._block(table)
        finally:
            turned, layout.geo = layout.geo, portrait
        block.page_lines = turned.lines
        for row in block.rows:
            row.turned = True
        return block

    def _block(self, table: Table) -> Block:
        layout = self.layout
        geo = layout.geo
        twips = column_bounds(table, self.template)
        bounds = tuple(b / TWIPS_PER_PT for b in twips)
        inner = [inner_width_pt(twips, j, self.template) for j in range(len(table.columns))]
        lines = row_lines(table, self.template)
        caption = layout._paragraph("table_caption", table.caption) if table.caption else []
        rows_of = [self._row("table_header", table.columns, table, bounds, inner, lines[0])]
        rows_of += [
            self._row("table_cell", row, table, bounds, inner, n)
            for row, n in zip(table.rows, lines[1:], strict=True)
        ]
        rules = self.template.table
        frame = rules.frame_mm / MM_PER_PT
        thin = rules.rule_mm / MM_PER_PT
        left, right = geo.left, geo.left + geo.text_width
        xs = [left + b for b in bounds[:-1]] + [right]
        for k, rows in enumerate(rows_of):
            for row in rows:  # the column rules, one grid line long each
                for j, x in enumerate(xs):
                    width = frame if j in (0, len(xs) - 1) else thin
                    row.rules.append(Rule(x, 0.0, x, geo.pitch, width))
            if k == 0:
                rows[0].rules.append(Rule(left, 0.0, right, 0.0, frame))
            bottom = frame if k == len(rows_of) - 1 else thin
            rows[-1].rules.append(Rule(left, geo.pitch, right, geo.pitch, bottom))
        role = self.template.roles.table_caption
        return Block(
            [*caption, *(row for rows in rows_of for row in rows)],
            role.space_before_lines if caption else 0,
            0,
            caption=len(caption),
            head=len(rows_of[0]),
            units=tuple(len(rows) for rows in rows_of[1:]) or (0,),
        )

    def _row(
        self,
        role_name: str,
        cells: tuple[str, ...],
        table: Table,
        bounds: tuple[float, ...],
        inner: list[float],
        lines_wanted: int,
    ) -> list[Row]:
        """One table row as ``lines_wanted`` grid rows (more if a cell needs them): every cell
        broken to its column's width, centred in the row's height."""
        layout = self.layout
        role = getattr(self.template.roles, role_name)
        hscale, em, _ = layout._scale(role)
        measure = layout.fonts.cells(role_name).__getitem__
        broken: list[list[Line]] = []
        for j, text in enumerate(cells):
            cells_per_line = max(1.0, inner[j] / em)
            broken.append(
                break_lines(text, measure, cells_per_line, first_indent=0, justify=False)
                if text
                else []
            )
        height = max(lines_wanted, *(len(lines) for lines in broken))
        rows = [Row(size=role.size_pt, hscale=hscale) for _ in range(height)]
        glyphs = layout.fonts.glyphs(role_name)
        pad = self.template.table.padding_mm / MM_PER_PT
        for j, lines in enumerate(broken):
            align = table.align[j] if j < len(table.align) and role_name == "table_cell" else ""
            align = align or role.align
            offset, half = divmod(height - len(lines), 2)
            left = layout.geo.left + bounds[j] + pad
            for i, line in enumerate(lines):
                width = (line.right - line.indent) * em
                shift = 0.0
                if align == "center":
                    shift = (inner[j] - width) / 2 - line.indent * em
                elif align == "right":
                    shift = inner[j] - line.right * em
                row = rows[offset + i]
                runs = row.half_runs if half else row.runs
                line_runs(runs, line, glyphs, shift, em, role.size_pt, hscale, (-1, -1), left)
        return rows
