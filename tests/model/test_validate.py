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
        ("kind: report\n  title: x\n", "utf-8", ["input.yaml:2:3:", "YAML 语法错误", "左对齐"]),
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


# --------------------------------------------------------------------------- issue 16/17: bad data


def _metric(fields: str, text: str = "完成{m}。") -> str:
    return GOOD.replace(
        "  small: {label: 其中, value: 19, unit: 家, part_of: unions}\n", f"  m: {{{fields}}}\n"
    ).replace("新建基层工会{unions}家，完成率达{unions.rate}。", text)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ("label: 指标, value: 1e999999", "metrics.m.value（完成数）: 应不大于 1000000000000000"),
        ("label: 指标, value: -1e16", "metrics.m.value（完成数）: 应不小于 -1000000000000000"),
        (
            "label: 指标, value: 1, target: 1e-999999",
            "metrics.m.target（目标数）: 小数位数太多（最多 6 位）",
        ),
        ("label: 指标, value: 0.1234567", "小数位数太多（最多 6 位）"),
        ('label: 指标, value: "NaN"', "应为有限的数字（不能是 NaN 或无穷大）"),
        ('label: 指标, value: "-Infinity"', "应为有限的数字"),
        ("label: 指标, value: " + "9" * 5000, "应不大于 1000000000000000"),
    ],
)
def test_metric_values_are_bounded(
    write_input: Callable[..., Path], fields: str, fragment: str
) -> None:
    lines = problems_of(write_input(_metric(fields)))
    assert len(lines) == 1, lines  # not also "unknown placeholder {m}" where m is used
    assert fragment in lines[0]


@pytest.mark.parametrize(
    ("value", "target", "text", "expected"),
    [
        ("1e15", "1e-6", "{m}，{m.rate}", "1000000000000000，100000000000000000000000.0%"),
        ("28.000000000000", "30", "{m}", "28"),
        ("1E+3", "", "{m}", "1000"),
        ("0.000001", "3", "{m}", "0.000001"),
    ],
)
def test_accepted_extremes_format_finitely(
    write_input: Callable[..., Path], value: str, target: str, text: str, expected: str
) -> None:
    from reportgen.model.metrics import substitute

    extra = f", target: {target}" if target else ""
    source = _metric(f"label: 指标, value: {value}{extra}", "完成" + text)
    model = validate(load(write_input(source)))
    assert substitute(text, model.metrics) == expected


@pytest.mark.parametrize(
    ("date", "message"),
    [("0001-01-01", "应不小于 1900-01-01"), ("9999-12-31", "应不大于 2200-12-31")],
)
def test_dates_are_bounded(write_input: Callable[..., Path], date: str, message: str) -> None:
    [line] = problems_of(write_input(GOOD.replace("2024-12-01", date)))
    assert line.endswith(f"input.yaml:3:7: date（成文日期）: {message}") or (
        f"date（成文日期）: {message}" in line
    )


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        (
            "  a: {label: 甲, value: 1, part_of: b}\n  b: {label: 乙, value: 1, part_of: a}\n",
            ["metrics.a.part_of（所属指标（其中））: “其中”关系形成循环：a → b → a"],
        ),
        (
            "  a: {label: 甲, value: 1, part_of: b}\n  b: {label: 乙, value: 1, part_of: c}\n"
            "  c: {label: 丙, value: 1, part_of: a}\n  d: {label: 丁, value: 1, part_of: a}\n",
            ["metrics.a.part_of（所属指标（其中））: “其中”关系形成循环：a → b → c → a"],
        ),
    ],
)
def test_part_of_cycles(
    write_input: Callable[..., Path], metrics: str, expected: list[str]
) -> None:
    text = GOOD.replace("  small: {label: 其中, value: 19, unit: 家, part_of: unions}\n", metrics)
    lines = problems_of(write_input(text))
    assert [line.split(": ", 1)[1] for line in lines] == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('"{x家开展"', "单独的花括号“{”会原样印出"),
        ('"x}家开展"', "单独的花括号“}”会原样印出"),
        ('"\uff5bx\uff5d家"', "全角花括号“\uff5b”会原样印出"),
        ('"{{x}家"', "单独的花括号“}”"),
    ],
)
def test_stray_braces_are_found(write_input: Callable[..., Path], text: str, fragment: str) -> None:
    source = GOOD.replace(
        "      - 新建基层工会{unions}家，完成率达{unions.rate}。", f"      - {text}"
    )
    [line] = problems_of(write_input(source))
    assert "achievements[0].items[0]（条目）: " in line and fragment in line


@pytest.mark.parametrize("field", ["label", "unit"])
def test_placeholders_in_label_and_unit_are_found(
    write_input: Callable[..., Path], field: str
) -> None:
    fields = {"label": "新建工会", "unit": "家"}
    fields[field] = "{y}"
    text = GOOD.replace(
        "{label: 新建工会, value: 28, unit: 家, target: 30}",
        f'{{label: "{fields["label"]}", value: 28, unit: "{fields["unit"]}", target: 30}}',
    )
    [line] = problems_of(write_input(text))
    assert f"metrics.unions.{field}" in line and "不能含花括号“{”" in line


def test_braces_written_right_pass(write_input: Callable[..., Path]) -> None:
    text = GOOD.replace("新建基层工会{unions}家", "新建基层工会{unions}家（{{注}}）")
    validate(load(write_input(text)))


def test_extra_key_in_an_item_names_the_key_not_the_tag(write_input: Callable[..., Path]) -> None:
    text = GOOD.replace(
        "      - 新建基层工会{unions}家，完成率达{unions.rate}。",
        "      - {lead: 引导句, text: 正文, extra: 1}\n      - {lead: 引导句, txt: 正文}",
    )
    lines = problems_of(write_input(text))
    assert [line.split(": ", 1)[1] for line in lines] == [
        "achievements[0].items[0].extra: 未知字段“extra”（此处可用：lead、text）",
        "achievements[0].items[1].txt: 未知字段“txt”，是否想写“text”？",
    ]


def test_too_many_blocks_is_a_clear_limit(write_input: Callable[..., Path]) -> None:
    from reportgen.model.validate import MAX_BLOCKS

    sections = "".join("  - heading: 小节\n" for _ in range(MAX_BLOCKS + 5))
    text = GOOD.split("achievements:")[0] + "achievements:\n" + sections
    [line] = problems_of(write_input(text))
    assert f"achievements[{MAX_BLOCKS}]: 文档太长" in line
