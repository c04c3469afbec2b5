"""Tables in the tree (§8): cell text final, metric tables built from the placeholders' figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.document.tables import default_align
from reportgen.document.tree import Table
from reportgen.pipeline import prepare
from reportgen.render.outline import outline_lines
from tests.conftest import INPUTS

UNIONS = INPUTS / "tables" / "tanzhou-unions-2024.yaml"
REQUEST = INPUTS / "gongwen" / "tanzhou-request-2024.yaml"

REPORT = """\
kind: report
title: 关于工会建设情况的报告
organization: 示例镇总工会
metrics:
  unions: {label: 新建工会, value: 28, unit: 家, target: 30}
  women: {label: 女职工会员, value: 6, unit: 家, part_of: unions}
  plain: {label: 活动, value: 12}
body:
  - table: metrics
  - table:
      caption: 各村工会情况
      columns: [村名, 工会数, 备注]
      widths: [2, 1, 1]
      rows:
        - [前进村, 3, ""]
        - [合计, "{unions}", "完成率{unions.rate}"]
"""


def tables_of(path: Path) -> list[Table]:
    tree = prepare(path).tree
    assert tree is not None
    return [b for b in tree.blocks if isinstance(b, Table)]


def test_metric_table_columns_and_figures(write_input: Callable[..., Path]) -> None:
    metrics, _ = tables_of(write_input(REPORT))
    assert metrics.columns == ("指标", "单位", "数值", "目标", "完成率")  # no last year: no 上年
    assert metrics.rows == (
        ("新建工会", "家", "28", "30", "93.3%"),
        ("其中：女职工会员", "家", "6", "—", "—"),
        ("活动", "—", "12", "—", "—"),
    )
    assert metrics.align == ("left", "center", "center", "center", "center")
    assert metrics.origin == ("body", 0, "table")


def test_plain_table_cells_filled(write_input: Callable[..., Path]) -> None:
    _, table = tables_of(write_input(REPORT))
    assert table.caption == "各村工会情况"
    assert table.columns == ("村名", "工会数", "备注")
    assert table.rows == (("前进村", "3", ""), ("合计", "28", "完成率93.3%"))
    assert table.widths == (0.5, 0.25, 0.25)
    assert table.align == ("left", "center", "center")
    roles = [p.role for p in table.pieces()]
    assert roles[:4] == ["table_caption", "table_header", "table_header", "table_header"]
    assert roles.count("table_cell") == 6


def test_last_years_columns_from_previous() -> None:
    metrics = tables_of(UNIONS)[0]
    assert metrics.columns == ("指标", "单位", "数值", "目标", "完成率", "上年", "增减")
    assert metrics.rows[0] == ("基层工会组织", "个", "136", "130", "104.6%", "120", "增长13.3%")
    assert metrics.rows[2][0] == "其中女职工会员"  # a 其中 label keeps its own wording


def test_table_in_an_attachment() -> None:
    (table,) = tables_of(REQUEST)
    assert table.origin == ("attachments", 1, "body", 0, "table")
    assert [row[0] for row in table.rows] == ["新建25人以上基层工会", "新发展工会会员", "服务阵地"]


def test_outline_shows_the_table(write_input: Callable[..., Path]) -> None:
    tree = prepare(write_input(REPORT)).tree
    assert tree is not None
    lines = outline_lines(tree)
    head = next(i for i, line in enumerate(lines) if line.startswith("村名"))
    assert lines[head - 1].strip() == "各村工会情况"
    assert set(lines[head + 1]) == {"-"}
    assert lines[head + 3].split() == ["合计", "28", "完成率93.3%"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ((("前进村", "3", "已换届"),), ("left", "center", "center")),
        ((("前进村", "3", "已完成换届选举工作并建立职工之家"),), ("left", "center", "left")),
        ((), ("left", "center", "center")),
    ],
)
def test_default_align(rows: tuple[tuple[str, ...], ...], expected: tuple[str, ...]) -> None:
    assert default_align(3, rows) == expected


def test_landscape_goes_into_the_tree(write_input: Callable[..., Path]) -> None:
    text = REPORT.replace(
        "      caption: 各村工会情况\n", "      caption: 各村工会情况\n      landscape: true\n"
    )
    assert "landscape" in text
    tables = tables_of(write_input(text))
    assert [t.landscape for t in tables] == [False, True]
