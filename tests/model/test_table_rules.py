"""Tables in the input (§8): what a table may hold, and every bad one located at file:line:col."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.model.models import Report, TableBlock
from reportgen.model.validate import validate
from reportgen.source.loader import load

GOOD = """\
kind: report
title: 关于工会建设情况的报告
organization: 示例镇总工会
metrics:
  unions: {label: 新建工会, value: 28, unit: 家, target: 30}
  members: {label: 新会员, value: 1461, unit: 人}
body:
  - 主要指标见下表。
  - table: metrics
  - heading: 分村情况
    body:
      - table:
          caption: 各村工会情况
          columns: [村名, 工会数, 备注]
          widths: [2, 1, 3]
          align: [left, center, left]
          rows:
            - [前进村, 3, 已换届]
            - [合计, "{unions}", "完成率{unions.rate}"]
      - table:
          metrics: [members]
"""


def test_good_tables_validate(write_input: Callable[..., Path]) -> None:
    model = validate(load(write_input(GOOD)))
    assert isinstance(model, Report)
    blocks = [b for b in model.body if isinstance(b, TableBlock)]
    assert [b.table for b in blocks] == ["metrics"]


# (description, replace this, with that, expected fragments of one reported line)
CASES = [
    (
        "ragged row",
        "            - [前进村, 3, 已换届]",
        "            - [前进村, 3]",
        ["input.yaml:18:15:", "rows[0]（表格行）", "这一行有 2 格，表头有 3 列"],
    ),
    (
        "row too long",
        "            - [前进村, 3, 已换届]",
        "            - [前进村, 3, 已换届, 多余]",
        ["input.yaml:18:15:", "这一行有 4 格，表头有 3 列"],
    ),
    (
        "no rows",
        "          rows:\n            - [前进村, 3, 已换届]\n"
        '            - [合计, "{unions}", "完成率{unions.rate}"]\n',
        "          rows: []\n",
        ["input.yaml:17:17:", "table.rows（表格行）", "表格没有内容：rows 至少要有一行"],
    ),
    (
        "no head",
        "          columns: [村名, 工会数, 备注]\n",
        "",
        ["input.yaml:13:11:", "body[2].body[0].table（表格）", "表格没有表头"],
    ),
    (
        "unknown metric key with a hint",
        "          metrics: [members]",
        "          metrics: [member]",
        [
            "input.yaml:21:21:",
            "table.metrics[0]（指标表）",
            "未知的指标“member”，是否想写“members”",
        ],
    ),
    (
        "empty metric list",
        "          metrics: [members]",
        "          metrics: []",
        ["input.yaml:21:20:", "指标表至少要列出一个指标的键"],
    ),
    (
        "metric table with columns",
        "          metrics: [members]",
        "          metrics: [members]\n          columns: [甲]",
        ["input.yaml:22:11:", "columns（表头）", "不能同时写 columns"],
    ),
    (
        "widths not one per column",
        "          widths: [2, 1, 3]",
        "          widths: [2, 1]",
        ["input.yaml:15:19:", "widths（列宽比例）", "给了 2 项，表头有 3 列"],
    ),
    (
        "align not one per column",
        "          align: [left, center, left]",
        "          align: [left]",
        ["input.yaml:16:18:", "align（对齐方式）", "给了 1 项，表头有 3 列"],
    ),
    (
        "bad alignment word",
        "          align: [left, center, left]",
        "          align: [left, middle, left]",
        ["input.yaml:16:25:", "align[1]（对齐方式）", "取值无效"],
    ),
    (
        "non-positive width",
        "          widths: [2, 1, 3]",
        "          widths: [2, 0, 3]",
        ["input.yaml:15:23:", "widths[1]（列宽比例）", "应大于 0"],
    ),
    (
        "table: with another word",
        "  - table: metrics",
        "  - table: metric",
        ["input.yaml:9:12:", "body[1].table（表格）"],
    ),
    (
        "metrics table without metrics",
        "metrics:\n  unions: {label: 新建工会, value: 28, unit: 家, target: 30}\n"
        "  members: {label: 新会员, value: 1461, unit: 人}\n",
        "",
        ["input.yaml:6:12:", "body[1].table（表格）", "需要 metrics 中定义的指标"],
    ),
    (
        "unknown placeholder in a cell",
        '"{unions}"',
        '"{union}"',
        ["input.yaml:19:21:", "rows[1][1]（表格行）", "未知的指标占位符 {union}"],
    ),
    (
        "a decimal cell without quotes",
        "            - [前进村, 3, 已换届]",
        "            - [前进村, 3.5, 已换届]",
        ["input.yaml:18:21:", "rows[0][1]（表格行）", "应为文本（数字等请加引号）"],
    ),
    (
        "unknown field in a table",
        "          caption: 各村工会情况",
        "          captoin: 各村工会情况",
        ["input.yaml:13:11:", "未知字段“captoin”，是否想写“caption”"],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_table_is_located(
    write_input: Callable[..., Path], old: str, new: str, expected: list[str]
) -> None:
    assert old in GOOD
    with pytest.raises(InputError) as info:
        validate(load(write_input(GOOD.replace(old, new))))
    lines = info.value.lines()
    assert any(all(fragment in line for fragment in expected) for line in lines), lines


def test_every_bad_table_reported_at_once(write_input: Callable[..., Path]) -> None:
    bad = GOOD.replace("[前进村, 3, 已换届]", "[前进村]").replace("[members]", "[nobody]")
    with pytest.raises(InputError) as info:
        validate(load(write_input(bad)))
    text = "\n".join(info.value.lines())
    assert "这一行有 1 格" in text and "未知的指标“nobody”" in text
