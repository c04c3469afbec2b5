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


METRIC = "kind: report\ntitle: 报告\norganization: 镇\nmetrics:\n  m: {label: 甲, %s}\n"
BLOCK = "kind: report\ntitle: 报告\norganization: 镇\nmetrics:\n  m:\n    label: 甲\n    %s\n"

# (how a number was written, where, the one message): thousands separators in any style and
# any number field, a key without its space, text read as a mapping, text read as a comment.
MISREAD = [
    (METRIC % "value: 1,461", "5:24", "数字不要用逗号分隔千位：“value: 1,461”应写成“value: 1461”"),
    (METRIC % "value: 1,461,000", "5:24", "“value: 1,461,000”应写成“value: 1461000”"),
    (METRIC % "value: 1,461.5", "5:24", "“value: 1,461.5”应写成“value: 1461.5”"),
    (
        METRIC % "value: 1，461",
        "5:24",
        "数字不要用逗号分隔千位：“value: 1，461”应写成“value: 1461”",
    ),
    (METRIC % "value: 1 461", "5:24", "数字不要用空格分隔千位：“value: 1 461”应写成“value: 1461”"),
    (BLOCK % "value: 1,461", "7:12", "数字不要用逗号分隔千位：“value: 1,461”应写成“value: 1461”"),
    (BLOCK % "value: 1，461", "7:12", "“value: 1，461”应写成“value: 1461”"),
    (BLOCK % "value: 1 461", "7:12", "数字不要用空格分隔千位"),
    (BLOCK % "value: '1,461'", "7:12", "数字不要用逗号分隔千位"),
    (BLOCK % "value: 1\n    target: 2,000", "8:13", "“target: 2,000”应写成“target: 2000”"),
    (METRIC % "value: 1, target: 2,000", "5:35", "“target: 2,000”应写成“target: 2000”"),
    (METRIC % "value: 1, 备注: 2024", "5:27", "未知字段“备注”"),  # a real mapping: a real key
    (METRIC % "value:28", "5:22", "冒号后面要加一个空格：“value:28”应写成“value: 28”"),
    (
        "kind: brand-submission\norganization: 镇\nbrand: {name: 甲, meaning: 乙}\n"
        "achievements:\n  - heading:总体情况\n  - heading: 二\n    items: [丙]\n",
        "5:12",
        "achievements[0]（创建成效）: 冒号后面要加一个空格：“heading:总体情况”应写成“heading: 总体情况”",
    ),
    (
        "kind: report\ntitle: 报告\norganization: 镇\nbody:\n  - 时间: 2024年\n",
        "5:5",
        "“时间: 2024年”被读成了“键: 值”（半角冒号后跟空格）：请改用全角冒号写成“时间：2024年”",
    ),
    (
        "kind: report\ntitle: #1 报告\norganization: 镇\n",
        "2:8",
        "“#”及其后的文字被当成了注释，这里成了空值：以“#”开头的文字请整段加引号",
    ),
    (
        "kind: report\ntitle: 报告\norganization: 镇\nbody:\n  - #1 工作\n",
        "5:5",
        "“#”及其后的文字被当成了注释",
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), MISREAD)
def test_a_misread_value_gets_one_message_at_its_place(text: str, where: str, message: str) -> None:
    loaded = parse_source(Path("a.yaml"), Source("a.yaml", text))
    found = [str(p) for p in schema_problems(loaded.data, loaded.positions)]
    assert len(found) == 1, found
    assert found[0].startswith(f"a.yaml:{where}: ") and message in found[0], found
