"""Tables measured on our PDF with pdfplumber (§8): rules on the 版心's edges and the grid, the head
row on every page the table spans, cell text inside its column, body text after it on the grid."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest

from reportgen.document.tree import Table
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.pdf.render import render_pdf
from reportgen.render.tables import column_bounds
from tests.conftest import INPUTS

TEMPLATE = load_template()
PAGE = TEMPLATE.page
TOP, LEFT = PAGE.margin_top_mm, PAGE.margin_left_mm
RIGHT = PAGE.width_mm - PAGE.margin_right_mm
PITCH_MM = TEMPLATE.grid.line_pitch_pt * MM_PER_PT
TOLERANCE_MM = 0.5
UNIONS = INPUTS / "tables" / "tanzhou-unions-2024.yaml"


def _mm(pt: float) -> float:
    return pt * MM_PER_PT


@pytest.fixture(scope="module")
def unions() -> tuple[Any, Any]:
    tree = prepare(UNIONS, TEMPLATE).tree
    assert tree is not None
    return tree, pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))


def _big_table(tree: Any) -> Table:
    return [b for b in tree.blocks if isinstance(b, Table)][1]


def _verticals(page: Any) -> list[dict[str, Any]]:
    return [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]


def _horizontals(page: Any) -> list[dict[str, Any]]:
    return [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.01]


def test_table_runs_over_pages_with_its_head_on_each(unions: tuple[Any, Any]) -> None:
    tree, pdf = unions
    table = _big_table(tree)
    assert len(pdf.pages) == 3
    texts = []
    for page in pdf.pages:  # caption, head and first row on page 1; pages 2 and 3 go on
        text = "".join(page.extract_text().split())
        # the head row on every page, once: two grid lines, 工会组织 over （个）, and the
        # one-line heads centred half a line down between them
        assert text.count("工会组织会员村（社区）备注（个）（人）") == 1, page.page_number
        texts.append(text)
    both = "".join(texts)
    at = [both.find(f"{row[0]}{row[1]}{row[2]}") for row in table.rows]
    assert -1 not in at and at == sorted(at)  # every row, in order
    first, second = len(texts[0]), len(texts[0]) + len(texts[1])
    assert at[0] < first < at[1]  # the first row alone with the head on page 1
    assert any(a > second for a in at)


def test_rules_on_the_edges_and_on_grid_lines(unions: tuple[Any, Any]) -> None:
    _, pdf = unions
    for page in pdf.pages:
        verticals = _verticals(page)
        assert verticals, f"page {page.page_number} has no table"
        xs = {round(_mm(ln["x0"]), 1) for ln in verticals}
        assert abs(min(xs) - LEFT) <= TOLERANCE_MM and abs(max(xs) - RIGHT) <= TOLERANCE_MM
        widths = {round(_mm(ln["linewidth"]), 2) for ln in verticals}
        assert widths == {TEMPLATE.table.frame_mm, TEMPLATE.table.rule_mm}
        for rule in _horizontals(page):
            assert abs(_mm(rule["x0"]) - LEFT) <= TOLERANCE_MM
            assert abs(_mm(rule["x1"]) - RIGHT) <= TOLERANCE_MM
            lines = (_mm(rule["top"]) - TOP) / PITCH_MM
            assert abs(lines - round(lines)) * PITCH_MM <= TOLERANCE_MM  # on a grid line


def test_cell_text_inside_its_column(unions: tuple[Any, Any]) -> None:
    tree, pdf = unions
    table = _big_table(tree)
    bounds = [LEFT + b / 20 * MM_PER_PT for b in column_bounds(table, TEMPLATE)]
    note = next(row[3] for row in table.rows if len(row[3]) > 20)
    page = pdf.pages[1]
    chars = [c for c in page.chars if c["text"] in note and _mm(c["x0"]) > bounds[3]]
    assert len(chars) >= len(note) - 2
    for c in chars:  # wrapped inside the 备注 column, padding kept
        assert bounds[3] + 1.0 <= _mm(c["x0"]) and _mm(c["x1"]) <= bounds[4] - 1.0
    lines = {round(c["top"]) for c in chars}
    assert len(lines) >= 2  # the long note wraps


def test_body_after_the_table_on_the_grid(unions: tuple[Any, Any]) -> None:
    """Every 16 pt line keeps the 22-line grid: its baseline is a whole number of pitches from
    the first body line's, before and after the tables."""
    _, pdf = unions
    baselines = []
    for page in pdf.pages:
        for line in page.extract_text_lines(return_chars=True):
            if round(line["chars"][0]["size"]) == 16 and line["chars"][0]["x0"] < 200:
                baselines.append(_mm(page.height - line["chars"][0]["matrix"][5]) - TOP)
    assert len(baselines) > 10
    offset = baselines[0] % PITCH_MM
    for baseline in baselines:
        assert abs((baseline - offset) / PITCH_MM - round((baseline - offset) / PITCH_MM)) < 0.02
    last = pdf.pages[-1].extract_text()
    assert "下一步" in last and "特此报告" in last
