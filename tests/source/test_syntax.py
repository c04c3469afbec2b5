"""YAML syntax errors: the line:col of the mistake itself, a Chinese message saying what to do."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.checks.engine import examine
from reportgen.errors import InputError
from reportgen.model.template import load_template
from reportgen.source.loader import Source, parse_source
from reportgen.source.syntax import missing_space
from tests.conftest import INPUTS

HEAD = "kind: report\norganization: 单位\n"


def _problems(text: str, name: str = "a.yaml") -> list[str]:
    with pytest.raises(InputError) as info:
        parse_source(Path(name), Source(name, text))
    return [str(p) for p in info.value.problems]


# (broken input, where the mistake is, what the message says): a missing space after a key's
# colon, reported at that colon, not at the line where PyYAML gives up.
MISSING_SPACE = [
    (
        HEAD + "title:中共幸福里社区\ndate: 2024-12-01\n",
        "3:6",
        "“title:中共幸福里社区”应写成“title: 中共幸福里社区”",
    ),
    ("title:中共幸福里\ndate: 2024-12-01\n", "1:6", "“title: 中共幸福里”"),  # first line
    ("title:中共\n  接着写\ndate: 2024-12-01\n", "1:6", "冒号后面要加一个空格"),  # text goes on
    (HEAD + "metrics:\n  a:\n    label: 甲\n    value:28\n    unit: 家\n", "6:10", "“value: 28”"),
    (HEAD + "items:\n  - lead:坚持学习。\n    text: 开展学习。\n", "4:9", "“lead: 坚持学习。”"),
    (HEAD + "items:\n  - a: 1\n    b:2\n  - c: 3\n", "5:6", "“b: 2”"),  # in a list item's map
    (HEAD + "a:\n  b: 1\n  c:2\nd: 1\n", "5:4", "“c: 2”"),  # last key of a nested map
    (HEAD + "title:报告", "3:6", "“title: 报告”"),  # at the end of the file, no line break
    (HEAD + "title:报告\n", "3:6", "“title: 报告”"),
    (HEAD + "title：报告\ndate: 2024-12-01\n", "3:6", "冒号要用半角“:”加空格"),
]


@pytest.mark.parametrize(("text", "where", "fragment"), MISSING_SPACE)
def test_a_missing_space_after_a_colon_is_reported_where_it_is(
    text: str, where: str, fragment: str
) -> None:
    [line] = _problems(text)
    assert line.startswith(f"a.yaml:{where}: YAML 语法错误："), line
    assert fragment in line, line


# Other mistakes a new user makes: each at its line:col, with what to do.
BROKEN = [
    (HEAD + 'items:\n  - "堡垒"作用\n  - 乙\n', "4:5", '请把 "堡垒"作用 改成 “堡垒”作用'),
    (HEAD + 'title: "堡垒"作用\n', "3:8", "改成 “堡垒”作用"),
    (HEAD + "title: '堡垒'作用\n", "3:8", "改成 ‘堡垒’作用"),
    (HEAD + 'items:\n  - "堡垒作用\n  - 乙\n', "4:5", "直到文件末尾都没有闭合"),
    (HEAD + 'items:\n  - "堡垒作用\n  - b: "x"\n', "4:5", "没有在本行闭合（一直读到第 5 行"),
    (HEAD + "a:\n\tb: 1\n", "4:1", "不能用 Tab 缩进，请改用空格"),
    (HEAD + "a:\n  b: 1\n c: 2\n", "5:2", "这一行从第 2 列开始，与上面各层（第 1、3 列）都对不齐"),
    (HEAD + "items:\n  - 甲\n - 乙\n", "5:2", "缩进不对"),
    (HEAD + "a: |\n  甲\n 乙\n", "5:2", "缩进不对"),
    (HEAD + "a:\n  b: 1\n   c: 2\n", "5:4", "若是新的键，请与上一行的键左对齐"),
    (HEAD + "items:\n  - a: 1\n     b: 2\n", "5:6", "若是新的键，请与上一行的键左对齐"),
    (HEAD + "title: 时间: 2024\n", "3:10", "请改用全角冒号“：”，或给整段值加引号"),
    (HEAD + "坚持党建引领\ntitle: 报告\n", "3:1", "这一行缺少“: ”"),
    (HEAD + "a: 1\na: 2\n", "4:1", "字段“a”重复出现（第 3 行已写过"),
    (HEAD + "a: [一, 二\nb: 1\n", "4:2", "方括号“[]”没有正确闭合"),
    (HEAD + "a: @某人\n", "3:4", "请整段加引号"),
    (HEAD + "a:\n  - b\n  c: 1\n", "5:3", "同一层不能既有列表项“- ”又有“键: 值”"),
    ("- a\nb: 1\n", "2:1", "同一层不能既有列表项“- ”又有“键: 值”"),
]

# What PyYAML says in English; none of it may reach the user.
ENGLISH = re.compile(r"expected|found|while (parsing|scanning)|mapping|scalar|token|line \d")


@pytest.mark.parametrize(("text", "where", "fragment"), BROKEN)
def test_syntax_mistakes_are_located_and_say_what_to_do(
    text: str, where: str, fragment: str
) -> None:
    [line] = _problems(text)
    assert line.startswith(f"a.yaml:{where}: "), line
    assert fragment in line, line


@pytest.mark.parametrize(
    "text",
    [t for t, _, _ in MISSING_SPACE + BROKEN]
    + [
        HEAD + "a: {x: 1\n",
        HEAD + "a: *未定义\n",
        HEAD + "a: &\n",
        HEAD + 'a: "\\q"\n',
        HEAD + "a: >x\n  b\n",
        HEAD + "%YAML 9.9\n---\na: 1\n",
        HEAD + "a: [x] y\n",
        HEAD + "? a\n? b\n- c\n",
        "- a\nb: 1\n",
        HEAD + "a:\n  - b\n  c: 1\n",
    ],
)
def test_no_english_from_the_parser_reaches_the_user(text: str) -> None:
    for line in _problems(text):
        assert not ENGLISH.search(line), line
        assert re.search(r"[\u4e00-\u9fff]", line), line


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("title:中共", (5, "冒号后面要加一个空格：“title:中共”应写成“title: 中共”")),
        ("  - value:28", (9, "冒号后面要加一个空格：“value:28”应写成“value: 28”")),
        ("title: 中共", None),
        ("url: http://a.cn", None),
        ("http://a.cn", None),
        ("时间:10点", None),  # not a key the schema could have: the text stays text
        ("metrics:", None),
    ],
)
def test_missing_space(text: str, found: tuple[int, str] | None) -> None:
    assert missing_space(text) == found


def _key_lines() -> list[tuple[Path, int, int]]:
    """Every ``key: value`` line of the bundled inputs: (file, line index, column of the colon)."""
    out = []
    for path in sorted(INPUTS.rglob("*.yaml")):
        for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            found = re.match(r"\s*(?:- )?[a-z_]+(?=: \S)", line)
            if found:
                out.append((path, i, found.end() + 1))
    return out


def test_every_key_of_the_bundled_inputs_without_its_space(tmp_path: Path) -> None:
    """The class, swept: drop the space after any key's colon in any bundled input (block or
    flow style, list item or not, nested or not, last line or not) and ``check`` says exactly
    that, once, at that colon."""
    template = load_template()
    cases = _key_lines()
    assert len(cases) > 150
    missed = []
    for path, index, col in cases:
        folder = tmp_path / f"{path.stem}-{index}"
        shutil.copytree(path.parent, folder, ignore=shutil.ignore_patterns("gongwen", "examples"))
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[index] = lines[index][:col] + lines[index][col + 1 :]
        broken = folder / path.name
        broken.write_text("\n".join(lines), encoding="utf-8")
        # A base or data-only file (abstract) is validated through the files that use it.
        users = [broken]
        if "\nabstract: true" in path.read_text(encoding="utf-8"):
            users = [p for p in folder.glob("*.yaml") if p != broken and path.name in p.read_text()]
            assert users, path
        problems = [f.problem for user in users for f in examine(user, template).findings]
        # one problem, however many files that use the broken one report it
        errors = list(
            {
                (p.location.line, p.location.col, p.message): p
                for p in problems
                if p.code == "RG001" and Path(p.location.file).name == path.name
            }.values()
        )
        if not (
            len(errors) == 1
            and (errors[0].location.line, errors[0].location.col) == (index + 1, col)
            and "冒号后面要加一个空格" in errors[0].message
        ):
            missed.append((path.name, index + 1, col, [str(p) for p in errors]))
    assert missed == []
