"""Yearly editions: extends merging with per-value locations, abstract bases, previous links."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from reportgen.document.tree import Paragraph
from reportgen.errors import InputError
from reportgen.model.editions import AbstractInputError, is_abstract, load_edition
from reportgen.model.metrics import percent
from reportgen.pipeline import prepare
from reportgen.source.loader import load
from tests.conftest import INPUTS

EXAMPLES = INPUTS / "examples"

BASE = """\
kind: brand-submission
organization: 示例镇社区党委
brand:
  name: 红色纽带
  meaning: 示例镇社区党委坚持党建引领。
parts:
  name: 品牌名称
  achievements: 创建成效
attachments:
  - 基础附件
metrics:
  volunteers: {label: 注册志愿者, unit: 人, target: 100}
"""


@pytest.fixture
def tree_of(tmp_path: Path) -> Callable[..., Path]:
    """Write several files into one folder; return the path of the first."""

    def write(**files: str) -> Path:
        paths = []
        for name, text in files.items():
            path = tmp_path / name.replace("__", "/").replace("_yaml", ".yaml")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths[0]

    return write


def _problems(path: Path) -> str:
    with pytest.raises(InputError) as info:
        prepare(path)
    return "\n".join(info.value.lines())


# --------------------------------------------------------------------------- merging

MERGES: list[tuple[str, str, Any]] = [
    # (child text, dotted path into merged data, expected value)
    ("brand: {name: 新名称}\n", "brand.name", "新名称"),
    ("brand: {name: 新名称}\n", "brand.meaning", "示例镇社区党委坚持党建引领。"),
    ("parts: {meaning: 内涵}\n", "parts.name", "品牌名称"),
    ("parts: {meaning: 内涵}\n", "parts.meaning", "内涵"),
    ("attachments: [新附件甲, 新附件乙]\n", "attachments", ["新附件甲", "新附件乙"]),
    ("attachments: []\n", "attachments", []),
    ("organization: 另一单位\n", "organization", "另一单位"),
    ("metrics: {volunteers: {value: 90}}\n", "metrics.volunteers.label", "注册志愿者"),
    ("metrics: {volunteers: {value: 90}}\n", "metrics.volunteers.value", 90),
    ("metrics: {volunteers: {value: 90, target: 80}}\n", "metrics.volunteers.target", 80),
    ("brand: 整体替换\n", "brand", "整体替换"),
]


@pytest.mark.parametrize(("child", "dotted", "expected"), MERGES)
def test_mappings_merge_lists_and_scalars_replace(
    tree_of: Callable[..., Path], child: str, dotted: str, expected: Any
) -> None:
    path = tree_of(child_yaml="extends: base.yaml\n" + child, base_yaml=BASE)
    value: Any = load_edition(path).loaded.data
    for step in dotted.split("."):
        value = value[step]
    assert value == expected


def test_chains_merge_nearest_last(tree_of: Callable[..., Path]) -> None:
    path = tree_of(
        c_yaml="extends: b.yaml\nbrand: {name: 丙}\n",
        b_yaml="extends: base.yaml\nbrand: {name: 乙}\norganization: 乙单位\n",
        base_yaml=BASE,
    )
    edition = load_edition(path)
    data = edition.loaded.data
    assert (data["brand"]["name"], data["organization"]) == ("丙", "乙单位")
    assert [p.name for p in edition.chain] == ["c.yaml", "b.yaml", "base.yaml"]


def test_own_keys_are_not_inherited(tree_of: Callable[..., Path]) -> None:
    path = tree_of(child_yaml="extends: base.yaml\n", base_yaml="abstract: true\n" + BASE)
    edition = load_edition(path)
    assert not edition.abstract
    assert "abstract" not in edition.loaded.data
    assert is_abstract(path.parent / "base.yaml") and not is_abstract(path)


# --------------------------------------------------------------------------- locations

LOCATIONS = [
    # (base text replacing a line of BASE, child text, expected location fragment)
    ("  meaning: 示例镇{missing}。\n", "", "base.yaml:5:"),
    ("  name: ''\n", "", "base.yaml:4:"),
    ("organization: 示例镇社区党委\ndate: 2024-02-30\n", "", "base.yaml:3:"),
    ("  name: ''\n", "brand: {name: 子文件名称}\n", None),
    ("", "brand: {name: ''}\n", "child.yaml:2:"),
    ("", "metrics: {volunteers: {value: 多少}}\n", "child.yaml:2:"),
]


@pytest.mark.parametrize(("base_line", "child", "expected"), LOCATIONS)
def test_errors_point_where_the_value_was_written(
    tree_of: Callable[..., Path], base_line: str, child: str, expected: str | None
) -> None:
    base = BASE
    if base_line.startswith("  meaning"):
        base = BASE.replace("  meaning: 示例镇社区党委坚持党建引领。\n", base_line)
    elif base_line.startswith("  name"):
        base = BASE.replace("  name: 红色纽带\n", base_line)
    elif base_line:
        base = BASE.replace("organization: 示例镇社区党委\n", base_line)
    metrics = "" if "metrics" in child else "metrics: {volunteers: {value: 90}}\n"
    text = "extends: base.yaml\n" + child + metrics
    path = tree_of(child_yaml=text, base_yaml=base)
    if expected is None:
        prepare(path)  # the child overrides the bad inherited value
        return
    assert expected in _problems(path)


def test_placeholder_error_in_inherited_text_points_at_its_character(
    tree_of: Callable[..., Path],
) -> None:
    base = BASE.replace(
        "  meaning: 示例镇社区党委坚持党建引领。", "  meaning: 共有志愿者{volunter}人。"
    )
    path = tree_of(
        child_yaml="extends: base.yaml\nmetrics: {volunteers: {value: 9}}\n", base_yaml=base
    )
    # "  meaning: 共有志愿者" is 16 characters, so the placeholder starts in column 17.
    assert "base.yaml:5:17: brand.meaning" in _problems(path)
    assert "是否想写 {volunteers}" in _problems(path)


EXTENDS_ERRORS = [
    (
        {"a_yaml": "extends: b.yaml\n", "b_yaml": "extends: a.yaml\n"},
        "a.yaml",
        "b.yaml:1:10",
        "循环",
    ),
    ({"a_yaml": "extends: a.yaml\n"}, "a.yaml", "a.yaml:1:10", "循环"),
    (
        {"a_yaml": "kind: report\nextends: nowhere.yaml\n"},
        "a.yaml",
        "a.yaml:2:10",
        "找不到基础文件",
    ),
    ({"a_yaml": "extends: [base.yaml]\n"}, "a.yaml", "a.yaml:1:10", "应为基础文件的路径"),
    ({"a_yaml": "extends: b.yaml\n", "b_yaml": "kind: [\n"}, "a.yaml", "b.yaml:2:1", "YAML"),
    ({"a_yaml": "extends: b.yaml\n", "b_yaml": "- 列表\n"}, "a.yaml", "a.yaml:1:10", "应为对象"),
    # Paths the system refuses are one Chinese line at the extends value (issue 16).
    ({"a_yaml": 'extends: "b\\0.yaml"\n'}, "a.yaml", "a.yaml:1:10", "空字符"),
    ({"a_yaml": "extends: " + "b" * 5000 + ".yaml\n"}, "a.yaml", "a.yaml:1:10", "路径太长"),
    ({"a_yaml": "extends: " + "d/" * 3000 + "b.yaml\n"}, "a.yaml", "a.yaml:1:10", "路径太长"),
    ({"a_yaml": "extends: /dev/zero\n"}, "a.yaml", "a.yaml:1:10", "设备或特殊文件"),
    ({"a_yaml": "extends: /tmp\n"}, "a.yaml", "a.yaml:1:10", "是文件夹"),
    ({"a_yaml": "extends: /etc/passwd\n"}, "a.yaml", "a.yaml:1:10", "应为 reportgen 的输入文件"),
]


@pytest.mark.parametrize(("files", "start", "where", "message"), EXTENDS_ERRORS)
def test_extends_errors(
    tree_of: Callable[..., Path], files: dict[str, str], start: str, where: str, message: str
) -> None:
    path = tree_of(**files)
    assert path.name == start
    text = _problems(path)
    assert where in text and message in text


# --------------------------------------------------------------------------- abstract


def test_abstract_base_cannot_be_built_alone() -> None:
    with pytest.raises(AbstractInputError) as info:
        prepare(EXAMPLES / "shili-base.yaml")
    assert "shili-base.yaml:4:11: abstract（基础文件）" in info.value.lines()[0]
    assert "不能单独生成" in info.value.lines()[0]


def test_check_reports_abstract_base_without_failing(run_cli: Callable[..., Any]) -> None:
    result = run_cli("check", *sorted(EXAMPLES.glob("*.yaml")))
    assert result.code == 0, result.err
    assert "shili-base.yaml: 基础文件" in result.err


# --------------------------------------------------------------------------- previous


def _paragraph_texts(path: Path) -> str:
    tree = prepare(path).tree
    return "\n".join(b.text for b in tree.blocks if isinstance(b, Paragraph))


def test_2024_edition_says_increase_computed_from_2023() -> None:
    last = load(EXAMPLES / "shili-2023.yaml").data["metrics"]["volunteers"]["value"]
    this = load(EXAMPLES / "shili-2024.yaml").data["metrics"]["volunteers"]["value"]
    expected = f"比上年增长{percent(Decimal(this - last), Decimal(last))}%"
    assert expected == "比上年增长15.0%"
    text = _paragraph_texts(EXAMPLES / "shili-2024.yaml")
    assert f"全镇注册志愿者达1380人，{expected}（上年为1200人）" in text
    assert "全年开展志愿服务活动182场次，比上年增长16.7%" in text


def test_2025_edition_words_a_decrease() -> None:
    text = _paragraph_texts(EXAMPLES / "shili-2025.yaml")
    assert "全年开展志愿服务活动175场次，比上年下降3.8%（上年为182场次）" in text
    assert "2025年度党建品牌创建成效" in {
        getattr(b, "text", "") for b in prepare(EXAMPLES / "shili-2025.yaml").tree.blocks
    }


YEAR_TEXT = "kind: report\ntitle: 报告\norganization: 单位\nyear: {year}\n{extra}"
METRIC = "metrics: {{n: {{label: 数量, value: {value}}}}}\n"
PREVIOUS_CASES = [
    # (this year's extra text, last year's extra text, expected fragment)
    (
        "previous: last.yaml\nbody: ['共{n}个，{n.change}。']\n" + METRIC.format(value=90),
        METRIC.format(value=100),
        "共90个，比上年下降10.0%。",
    ),
    (
        "previous: last.yaml\nbody: ['共{n}个，{n.change}。']\n" + METRIC.format(value=100),
        METRIC.format(value=100),
        "共100个，与上年持平。",
    ),
    (
        "previous: last.yaml\nbody: ['上年{n.prev}个。']\n" + METRIC.format(value=1),
        METRIC.format(value=7),
        "上年7个。",
    ),
]


@pytest.mark.parametrize(("this", "last", "expected"), PREVIOUS_CASES)
def test_previous_feeds_prev_and_change(
    tree_of: Callable[..., Path], this: str, last: str, expected: str
) -> None:
    path = tree_of(
        this_yaml=YEAR_TEXT.format(year=2024, extra=this),
        last_yaml=YEAR_TEXT.format(year=2023, extra=last),
    )
    assert expected in _paragraph_texts(path)


PREVIOUS_ERRORS = [
    ("previous: nowhere.yaml\n", "", "this.yaml:5:11: previous（上一年）: 找不到上一年的文件"),
    ("previous: this.yaml\n", "", "this.yaml:5:11: previous（上一年）: 不能指向本文件自己"),
    ("previous: last.yaml\n", "title: [\n", "last.yaml:"),
    ("previous: last.yaml\n", "metrics: {n: {label: 数, value: 多}}\n", "last.yaml:5:"),
    ("body: ['{n.change}']\n" + METRIC.format(value=1), "", "需要上一年的同名指标"),
    (
        "previous: last.yaml\nbody: ['{n.change}']\n" + METRIC.format(value=1),
        METRIC.format(value=0),
        "上一年的指标 n 为 0",
    ),
    (
        "previous: last.yaml\nbody: ['{m.prev}']\nmetrics: {m: {label: 数, value: 1}}\n",
        METRIC.format(value=1),
        "需要上一年的同名指标",
    ),
]


@pytest.mark.parametrize(("this", "last", "expected"), PREVIOUS_ERRORS)
def test_previous_errors(tree_of: Callable[..., Path], this: str, last: str, expected: str) -> None:
    path = tree_of(
        this_yaml=YEAR_TEXT.format(year=2024, extra=this),
        last_yaml=YEAR_TEXT.format(year=2023, extra=last),
    )
    assert expected in _problems(path)


def test_previous_must_not_be_a_later_year(tree_of: Callable[..., Path]) -> None:
    path = tree_of(
        this_yaml=YEAR_TEXT.format(year=2023, extra="previous: last.yaml\n"),
        last_yaml=YEAR_TEXT.format(year=2024, extra=""),
    )
    assert "上一年的文件是 2024 年度，晚于本文件的 2023 年度" in _problems(path)


def test_a_long_broken_chain_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 files each extending the next: one note at the start, the real problem where it is."""
    monkeypatch.chdir(tmp_path)
    for i in range(40):
        (tmp_path / f"f{i}.yaml").write_text(f"extends: f{i + 1}.yaml\n", encoding="utf-8")
    lines = _problems(tmp_path / "f0.yaml").splitlines()
    assert len(lines) == 2, lines
    assert (
        "f0.yaml:1:10: extends（继承）: 基础文件“f1.yaml”有问题（经由 f1.yaml → f2.yaml → …"
        in lines[0]
    )
    assert "继承层级超过" in lines[1]


def test_a_broken_base_deep_in_a_chain(tmp_path: Path) -> None:
    for i in range(9):
        (tmp_path / f"f{i}.yaml").write_text(f"extends: f{i + 1}.yaml\n", encoding="utf-8")
    (tmp_path / "f9.yaml").write_text("kind: [\n", encoding="utf-8")
    lines = _problems(tmp_path / "f0.yaml").splitlines()
    assert len(lines) == 2, lines
    assert "（共 9 层）" in lines[0] and "f9.yaml:2:1: YAML 语法错误" in lines[1]


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("/etc/passwd", "上一年的文件应为 reportgen 的输入文件"),
        ("notes.yaml", "不是 reportgen 的输入文件（缺少 kind）"),
        ('"a\\0.yaml"', "空字符"),
    ],
)
def test_previous_must_be_a_reportgen_input(tmp_path: Path, previous: str, message: str) -> None:
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(BASE + f"previous: {previous}\n", encoding="utf-8")
    assert message in _problems(path)


def test_first_years_data_only_file_needs_only_the_values_used(tmp_path: Path) -> None:
    """A file used only as ``previous`` holds bare figures: no label, no text, only the values
    the next edition cites (README: 第一年的数据文件)."""
    (tmp_path / "2023.yaml").write_text(
        "kind: report\nabstract: true\nmetrics:\n  v: {value: 1200}\n", encoding="utf-8"
    )
    this = tmp_path / "2024.yaml"
    this.write_text(
        "kind: report\ntitle: 关于志愿服务的报告\norganization: 测试单位\ndate: 2024-12-01\n"
        "previous: 2023.yaml\nbody:\n  - 注册志愿者达{v}人，{v.change}（上年为{v.prev}人）。\n"
        "metrics:\n  v: {label: 注册志愿者, value: 1380, unit: 人}\n",
        encoding="utf-8",
    )
    tree = prepare(this).tree
    texts = [b.text for b in tree.blocks if isinstance(b, Paragraph)]
    assert "注册志愿者达1380人，比上年增长15.0%（上年为1200人）。" in texts


def test_data_only_file_still_reports_a_bad_value(tmp_path: Path) -> None:
    (tmp_path / "2023.yaml").write_text(
        "kind: report\nabstract: true\nmetrics:\n  v: {value: 十二}\n", encoding="utf-8"
    )
    this = tmp_path / "2024.yaml"
    this.write_text(
        "kind: report\ntitle: 报告\norganization: 单位\ndate: 2024-12-01\nprevious: 2023.yaml\n"
        "body:\n  - 上年为{v.prev}人。\nmetrics:\n  v: {label: 志愿者, value: 1380}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        prepare(this)
    assert any(p.location.line == 4 and "2023.yaml" in p.location.file for p in exc.value.problems)


@pytest.mark.parametrize(
    ("value", "where", "message"),
    [
        ("{value: 1,200}", "4:14", "数字不要用逗号分隔千位：“value: 1,200”应写成“value: 1200”"),
        ("\n    value: 1,200", "5:12", "数字不要用逗号分隔千位：“value: 1,200”应写成“value: 1200”"),
        ("{value: 1，200}", "4:14", "数字不要用逗号分隔千位：“value: 1，200”应写成“value: 1200”"),
        ('{value: "1 200"}', "4:14", "数字不要用空格分隔千位：“value: 1 200”应写成“value: 1200”"),
        ("{value:1200}", "4:12", "冒号后面要加一个空格：“value:1200”应写成“value: 1200”"),
    ],
)
def test_a_previous_years_figure_written_with_separators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, where: str, message: str
) -> None:
    """The data-only previous file gets the same message as the edition itself would."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2023.yaml").write_text(
        f"kind: report\nabstract: true\nmetrics:\n  v: {value}\n", encoding="utf-8"
    )
    (tmp_path / "2024.yaml").write_text(
        "kind: report\ntitle: 报告\norganization: 单位\ndate: 2024-12-01\nprevious: 2023.yaml\n"
        "body:\n  - 上年为{v.prev}人。\nmetrics:\n  v: {label: 志愿者, value: 1380}\n",
        encoding="utf-8",
    )
    note, line = sorted(_problems(tmp_path / "2024.yaml").splitlines(), reverse=True)
    assert note.startswith("2024.yaml:5:11: previous（上一年）: 上一年的文件“2023.yaml”"), note
    assert line.startswith(f"2023.yaml:{where}: ") and message in line, line
