"""Column rules and row heights shared by the PDF and the DOCX (§8)."""

from __future__ import annotations

import itertools

import pytest

from reportgen.document.tree import Table
from reportgen.model.template import load_template
from reportgen.render.tables import cell_measure, column_bounds, row_lines

TEMPLATE = load_template()
TOTAL = 8844  # 156 mm in twips


@pytest.mark.parametrize(
    ("columns", "rows", "widths", "expected"),
    [
        (("甲", "乙"), (("一", "二"),), (0.5, 0.5), (0, 4422, TOTAL)),
        (("甲", "乙", "丙"), (("一", "二", "三"),), (2.0, 1.0, 1.0), (0, 4422, 6633, TOTAL)),
    ],
)
def test_given_widths_share_the_line(
    columns: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
    widths: tuple[float, ...],
    expected: tuple[int, ...],
) -> None:
    assert column_bounds(Table(columns, rows, widths=widths), TEMPLATE) == expected


def test_content_widths_fill_the_line_and_narrow_the_widest() -> None:
    long = "已完成换届选举工作并建立了职工之家和职工书屋等服务阵地"
    table = Table(("村名", "工会数", "备注"), (("前进村", "3", long),))
    bounds = column_bounds(table, TEMPLATE)
    assert bounds[0] == 0 and bounds[-1] == TOTAL
    widths = [b - a for a, b in itertools.pairwise(bounds)]
    # the short columns hold their text on one line; the long one takes the rest and wraps
    assert widths[0] >= 3 * 14 * 20 and widths[1] >= 3 * 14 * 20
    assert widths[2] == TOTAL - widths[0] - widths[1]
    assert row_lines(table, TEMPLATE) == (1, 2)


def test_short_table_spreads_in_proportion() -> None:
    bounds = column_bounds(Table(("指标", "数值"), (("甲", "1"),)), TEMPLATE)
    assert bounds[-1] == TOTAL and bounds[1] > TOTAL / 2 - 100


@pytest.mark.parametrize(
    ("ch", "em"), [("国", 1.0), ("，", 1.0), ("7", 0.5), (".", 0.5), ("%", 0.85)]
)
def test_cell_measure(ch: str, em: float) -> None:
    assert cell_measure(ch) == em
