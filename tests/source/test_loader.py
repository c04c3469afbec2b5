"""Loading hostile input: nesting, refused characters, aliases, tags, JSON strictness, size, files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.source import parse
from reportgen.source.loader import MAX_INPUT_ENV, load, parse_text, walk_inputs

MINI = "kind: report\norganization: 单位\ntitle: 报告\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # locations are shown relative to the working folder


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path)
    return info.value.lines()


# --------------------------------------------------------------------------- nesting


@pytest.mark.parametrize(
    ("text", "name", "where"),
    [
        (MINI + "x: " + "[" * 5000 + "]" * 5000 + "\n", "input.yaml", "input.yaml:4:103:"),
        (MINI + "x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", "input.yaml", "input.yaml:4:400:"),
        ('{"a": ' * 20000 + "1" + "}" * 20000, "input.json", "input.json:1:601:"),
        (
            MINI + "x:\n" + "".join("  " * i + "-\n" for i in range(1, 300)),
            "input.yaml",
            "input.yaml:104:201:",
        ),
    ],
    ids=["flow-list", "flow-map", "json", "block-list"],
)
def test_nesting_past_the_limit_is_located(
    write_input: Callable[..., Path], text: str, name: str, where: str
) -> None:
    [line] = problems(write_input(text, name))
    assert line.startswith(where), line
    assert f"嵌套超过 {parse.MAX_NESTING} 层" in line


def test_nesting_within_the_limit_loads() -> None:
    depth = parse.MAX_NESTING - 1  # the top-level mapping is the first level
    data = parse_text("x: " + "[" * depth + "1" + "]" * depth + "\n")["x"]
    for _ in range(depth - 1):
        data = data[0]
    assert data == [1]


# --------------------------------------------------------------------------- characters


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x9f", "\ufffe"],
)
@pytest.mark.parametrize(
    ("template", "where"),
    [
        (MINI + "brand: 甲{c}乙\n", "input.yaml:4:9:"),
        (MINI + "# 注释{c}\n", "input.yaml:4:5:"),
        (MINI + 'k{c}: "值"\n', "input.yaml:4:2:"),
        (MINI + 'q: "甲{c}"\n', "input.yaml:4:6:"),
    ],
    ids=["value", "comment", "key", "quoted"],
)
def test_refused_characters_are_located_before_parsing(
    write_input: Callable[..., Path], char: str, template: str, where: str
) -> None:
    [line] = problems(write_input(template.replace("{c}", char)))
    assert line.startswith(where), line
    assert f"U+{ord(char):04X}" in line


def test_many_refused_characters_are_capped(write_input: Callable[..., Path]) -> None:
    lines = problems(write_input(MINI + "x: " + "\x00" * 5000 + "\n"))
    assert len(lines) == parse.MAX_CHAR_PROBLEMS + 1
    assert "还有更多" in lines[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [('x: "\\ud83d\\ude00"\n', "\U0001f600"), ('{"x": "\\ud83d\\ude00"}', "\U0001f600")],
)
def test_surrogate_pairs_are_joined(text: str, expected: str) -> None:
    assert parse_text(text)["x"] == expected


@pytest.mark.parametrize(
    ("text", "name"), [(MINI + 'x: "\\ud800"\n', "input.yaml"), ('{"x": "a\\udc00"}', "input.json")]
)
def test_lone_surrogates_are_refused(
    write_input: Callable[..., Path], text: str, name: str
) -> None:
    [line] = problems(write_input(text, name))
    assert "x: " in line and "代理项" in line


# --------------------------------------------------------------------------- aliases and tags


def laughs(levels: int) -> str:
    lines = ["  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return MINI + "bomb:\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [4, 9, 20])
def test_alias_bombs_are_refused(write_input: Callable[..., Path], levels: int) -> None:
    [line] = problems(write_input(laughs(levels)))
    assert f"超过 {parse.ALIAS_BUDGET} 个值" in line and "YAML 炸弹" in line


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x: &a [*a]\n", "循环引用"),
        ("x: &a {k: *a}\n", "循环引用"),
        ("x: *nope\n", "未定义的锚点“nope”"),
        ("k: &k key\n*k : 1\n", "键必须是简单文本"),
        ("? [a, b]\n: 1\n", "键必须是简单文本"),
        ("a: 1\na: 2\n", "字段“a”重复出现（第 4 行已写过"),
    ],
)
def test_alias_and_key_problems(write_input: Callable[..., Path], text: str, fragment: str) -> None:
    lines = problems(write_input(MINI + text))
    assert any(fragment in line for line in lines), lines


def test_a_few_aliases_are_fine() -> None:
    data = parse_text("a: &n 名称\nb: *n\nc: &l [x, y]\nd: *l\n")
    assert data == {"a": "名称", "b": "名称", "c": ["x", "y"], "d": ["x", "y"]}


def test_aliased_values_keep_positions(write_input: Callable[..., Path]) -> None:
    loaded = load(write_input("a: &l [x, y]\nb: *l\n"))
    assert str(loaded.positions.nearest(("b", 1))) == "input.yaml:1:11"


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("x: !mytag 标题\n", "!mytag"),
        ("x: !!python/object:os.system ls\n", "!!python/object:os.system"),
        ("x: !!binary aGVsbG8=\n", "!!binary"),
        ("x: !!set {a, b}\n", "!!set"),
    ],
)
def test_unknown_tags_are_refused(write_input: Callable[..., Path], text: str, tag: str) -> None:
    [line] = problems(write_input(MINI + text))
    assert line.startswith("input.yaml:4:4: x: ") and f"YAML 标签“{tag}”" in line


def test_standard_tags_are_accepted() -> None:
    assert parse_text("x: !!str 2024\ny: ! 12\n") == {"x": "2024", "y": "12"}


# --------------------------------------------------------------------------- syntax messages


@pytest.mark.parametrize(
    ("text", "name", "where", "fragment"),
    [
        ('{"kind": "report",}', "input.json", "input.json:1:19:", "末尾多余的逗号"),
        ('{"kind": "report", // 注释\n "a": 1}', "input.json", "input.json:1:20:", "注释"),
        ('{"kind": NaN}', "input.json", "input.json:", "NaN"),
        ("{'kind': 'report'}", "input.json", "input.json:1:2:", "单引号"),
        ('{"kind": "report"} x', "input.json", "input.json:1:20:", "多余的内容"),
        (MINI + "items:\n  - {x}家开展活动\n", "input.yaml", "input.yaml:5:8:", "加引号"),
        (MINI + "x: @foo\n", "input.yaml", "input.yaml:4:4:", "加引号"),
        (MINI + "x: [a, b\n", "input.yaml", "input.yaml:5:1:", "方括号"),
    ],
)
def test_syntax_errors_are_chinese_and_located(
    write_input: Callable[..., Path], text: str, name: str, where: str, fragment: str
) -> None:
    [line] = problems(write_input(text, name))
    assert line.startswith(where) and fragment in line, line
    assert not any(word in line for word in ("expected", "found", "Expecting", "while")), line


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9" * 5000, "9" * 5000), ("1e999999", "1E+999999"), ("12", "12"), ("1_000", "1_000")],
)
def test_huge_numbers_load_without_conversion_errors(text: str, expected: str) -> None:
    assert str(parse_text(f"x: {text}\n")["x"]) == expected


# --------------------------------------------------------------------------- files


def test_size_cap_and_its_override(
    write_input: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_input(MINI + "# " + "x" * (1024 * 1024) + "\n")
    [line] = problems(path)
    assert line.startswith("input.yaml: 文件太大（超过 1 MB 的上限）")
    assert "--max-input-mb" in line and MAX_INPUT_ENV in line
    monkeypatch.setenv(MAX_INPUT_ENV, "2")
    assert load(path).data["title"] == "报告"


def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    [line] = problems(fifo)
    assert "命名管道" in line and "不是普通文件" in line


def test_a_fifo_in_an_input_folder_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.yaml").write_text(MINI, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    assert [p.name for p in walk_inputs(tmp_path)] == ["a.yaml"]
    assert "pipe.yaml" in caplog.text and "已跳过" in caplog.text


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "a\0b.yaml", "空字符"),
        (lambda d: d / ("a" * 300 + ".yaml"), "路径太长"),
        (lambda d: d / "sub" / "missing.yaml", "文件不存在"),
        (lambda d: Path("/dev/null"), "设备文件"),
    ],
    ids=["nul", "long", "missing", "device"],
)
def test_paths_the_system_refuses(
    tmp_path: Path, make: Callable[[Path], Path], fragment: str
) -> None:
    [line] = problems(make(tmp_path))
    assert fragment in line, line


def test_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    [line] = problems(tmp_path / "a.yaml")
    assert "符号链接形成循环" in line


def test_a_read_error_is_chinese(
    write_input: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_input(MINI)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    [line] = problems(path)
    assert line == "input.yaml: 无法读取文件（没有读取权限，请检查文件权限）"


def test_recording_reads_lists_every_input_file_read_with_its_hash(tmp_path: Path) -> None:
    """What a batch manifest keeps for an input: the file, its bases and its previous edition,
    each hashed from the very bytes that were read, and nothing outside the block."""
    import hashlib

    from reportgen.model.editions import load_edition
    from reportgen.source.loader import recording_reads

    examples = Path(__file__).resolve().parents[2] / "inputs" / "examples"
    with recording_reads() as reads:
        load_edition(examples / "shili-2024.yaml")
    names = sorted(Path(p).name for p in reads)
    assert names == ["shili-2023.yaml", "shili-2024.yaml", "shili-base.yaml"]
    for path, digest in reads.items():
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
    load(examples / "shili-2024.yaml")  # outside the block: recorded nowhere
    assert len(reads) == 3
