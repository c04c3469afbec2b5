"""Schema errors as the user reads them: the field's Chinese name, its line:col, a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.model.schema_errors import field_title, schema_problems
from reportgen.source.loader import Source, parse_source

BRAND = {"kind": "brand-submission", "brand": {"name": "x"}, "achievements": [{"heading": "h"}]}

TITLES = [
    (("brand", "name"), "品牌名称"),
    (("achievements", 0, "heading"), "成效小标题"),
    (("achievements", 0), "创建成效"),  # a list item is named by its list
    (("nothing",), ""),
    ((), ""),
]


@pytest.mark.parametrize(("path", "title"), TITLES)
def test_field_title(path: tuple[str | int, ...], title: str) -> None:
    assert field_title(path, BRAND) == title


PROBLEMS = [
    (
        "kind: report\ntitle: 报告\norganization: 镇\ndate: 2024-13-01\n",
        "4:7: date（成文日期）: 日期“2024-13-01”无效",
    ),
    (
        "kind: report\ntitel: 报告\norganization: 镇\n",
        "2:1: titel: 未知字段“titel”，是否想写“title”？",
    ),
    ("kind: memo\n", "1:7: kind（文档类型）: 文档类型“memo”无效"),
]


@pytest.mark.parametrize(("text", "fragment"), PROBLEMS)
def test_schema_problems_at_line_col(text: str, fragment: str) -> None:
    loaded = parse_source(Path("a.yaml"), Source("a.yaml", text))
    found = [str(p) for p in schema_problems(loaded.data, loaded.positions)]
    assert any(fragment in line for line in found), found
