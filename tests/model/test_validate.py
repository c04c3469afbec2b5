"""Every bad input gets file:line:col, the field's name and a Chinese message — all at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.model.validate import validate
from reportgen.source.loader import load

GOOD = """\
kind: brand-submission
organization: 示例镇总工会党支部
date: 2024-12-01
brand:
  name: 党建引领
  meaning: 党的力量在群众。
achievements:
  - heading: 坚持党建引领
    items:
      - 新建基层工会{unions}家，完成率达{unions.rate}。
metrics:
  unions: {label: 新建工会, value: 28, unit: 家, target: 30}
  small: {label: 其中, value: 19, unit: 家, part_of: unions}
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        validate(load(path))
    return info.value.lines()


def test_good_input_validates(write_input: Callable[..., Path]) -> None:
    model = validate(load(write_input(GOOD)))
    assert model.kind == "brand-submission"


# (description, replace this, with that, expected fragments of the one reported line)
CASES = [
    (
        "wrong type",
        "  name: 党建引领",
        "  name: [党建, 引领]",
        ["input.yaml:5:9:", "brand.name（品牌名称）", "应为文本"],
    ),
    (
        "unknown field with hint",
        "organization:",
        "organisation:",
        ["input.yaml:2:1:", "organisation", "未知字段", "是否想写“organization”"],
    ),
    (
        "missing required field",
        "  meaning: 党的力量在群众。\n",
        "",
        ["input.yaml:5:3:", "brand.meaning（品牌内涵）", "缺少必填字段"],
    ),
    (
        "impossible date",
        "date: 2024-12-01",
        "date: 2024-13-01",
        ["input.yaml:3:7:", "date（成文日期）", "2024-13-01", "日期"],
    ),
    (
        "unknown placeholder",
        "完成率达{unions.rate}",
        "完成率达{unoins.rate}",
        ["input.yaml:10:29:", "achievements[0].items[0]", "未知的指标占位符", "{unions}"],
    ),
    (
        "part_of child above parent",
        "value: 19",
        "value: 31",
        ["input.yaml:13:29:", "metrics.small.value", "大于所属指标"],
    ),
    (
        "unknown part_of",
        "part_of: unions",
        "part_of: unoins",
        ["input.yaml:13:51:", "metrics.small.part_of", "不存在", "unions"],
    ),
    ("kind missing", "kind: brand-submission\n", "", ["input.yaml:1:1:", "kind", "缺少 kind"]),
    (
        "kind wrong",
        "kind: brand-submission",
        "kind: brand",
        ["input.yaml:1:7:", "kind", "“brand”无效"],
    ),
    (
        "number where text expected",
        "organization: 示例镇总工会党支部",
        "organization: 2024",
        ["input.yaml:2:15:", "organization（发文机关署名）", "应为文本"],
    ),
    (
        "empty string",
        "  name: 党建引领",
        "  name: ''",
        ["input.yaml:5:9:", "brand.name", "不能为空"],
    ),
    (
        "list expected",
        "achievements:\n  - heading: 坚持党建引领\n    items:\n      - 新建基层工会{unions}家，完成率达{unions.rate}。\n",
        "achievements: 坚持党建引领\n",
        ["input.yaml:7:15:", "achievements（创建成效）", "应为列表"],
    ),
    (
        "duplicate key",
        "date: 2024-12-01",
        "date: 2024-12-01\ndate: 2024-12-02",
        ["input.yaml:4:1:", "date", "重复"],
    ),
    ("bad metric key", "  small:", "  2small:", ["input.yaml:13:3:", "metrics.2small", "指标的键"]),
    (
        "year out of range",
        "date: 2024-12-01",
        "date: 2024-12-01\nyear: 24",
        ["input.yaml:4:7:", "year（年度）", "不小于 1900"],
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(
    write_input: Callable[..., Path], name: str, old: str, new: str, fragments: list[str]
) -> None:
    assert old in GOOD
    lines = problems_of(write_input(GOOD.replace(old, new)))
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_all_problems_reported_at_once(write_input: Callable[..., Path]) -> None:
    text = (
        GOOD.replace("organization:", "organisation:")
        .replace("date: 2024-12-01", "date: 2024-13-01")
        .replace("{unions.rate}", "{nope}")
        .replace("value: 19", "value: 31")
    )
    lines = problems_of(write_input(text))
    assert len(lines) == 4, (
        lines
    )  # organisation (not also "organization missing"), date, placeholder, part_of
    assert [line.split(":")[1] for line in lines] == sorted(
        (line.split(":")[1] for line in lines), key=int
    )


@pytest.mark.parametrize(
    ("content", "encoding", "fragments"),
    [
        ("kind: report\ntitle: [unclosed\n", "utf-8", ["input.yaml:3:1:", "YAML 语法错误"]),
        ("kind: report\n  title: x\n", "utf-8", ["input.yaml:2:8:", "YAML 语法错误"]),
        ("kind: report\ntitle: 示例镇工作总结\n", "gbk", ["input.yaml:2:8:", "UTF-8", "GBK"]),
        ("", "utf-8", ["input.yaml:", "文件是空的"]),
        ("# 只有注释\n", "utf-8", ["input.yaml:", "空的"]),
        ("- 一\n- 二\n", "utf-8", ["input.yaml:1:1:", "应为对象"]),
        ("a: 1\n---\nb: 2\n", "utf-8", ["input.yaml:2:1:", "只能包含一个文档"]),
    ],
)
def test_unreadable_files(
    write_input: Callable[..., Path], content: str, encoding: str, fragments: list[str]
) -> None:
    path = write_input(content, encoding=encoding)
    with pytest.raises(InputError) as info:
        validate(load(path))
    line = info.value.lines()[0]
    for fragment in fragments:
        assert fragment in line, (fragment, line)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(tmp_path / "nope.yaml")
    assert "文件不存在" in info.value.lines()[0]
    with pytest.raises(InputError) as info:
        load(tmp_path)
    assert "文件夹" in info.value.lines()[0]


def test_json_input_with_tabs(write_input: Callable[..., Path]) -> None:
    text = '{\n\t"kind": "report",\n\t"title": "示例",\n\t"organization": 5\n}\n'
    path = write_input(text, name="input.json")
    with pytest.raises(InputError) as info:
        validate(load(path))
    (line,) = info.value.lines()
    assert line.endswith(
        "input.json:4:18: organization（发文机关署名）: 应为文本（数字等请加引号）"
    )


def test_utf8_bom_is_accepted(write_input: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert validate(load(path)).kind == "brand-submission"


def test_yaml_11_booleans_stay_text(write_input: Callable[..., Path]) -> None:
    model = validate(load(write_input(GOOD.replace("  name: 党建引领", "  name: no"))))
    assert model.brand.name == "no"  # type: ignore[union-attr]


def test_report_nesting_deeper_than_four_levels(write_input: Callable[..., Path]) -> None:
    deep = """\
    kind: report
    title: 示例
    organization: 示例镇
    body:
      - heading: 一
        body:
          - heading: 二
            body:
              - heading: 三
                body:
                  - heading: 四
                    body:
                      - heading: 五
    """
    lines = problems_of(write_input(deep))
    assert len(lines) == 1
    assert "input.yaml:13:30:" in lines[0] and "最多嵌套 4 层" in lines[0]
