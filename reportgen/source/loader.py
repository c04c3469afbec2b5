"""Reading input files: safe YAML/JSON parsing that keeps the position of every key and value."""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location, Problem, display_path

PathKey = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")

# PyYAML's own messages, in the words a secretary can act on.
_YAML_MESSAGES = {
    "mapping values are not allowed here": "这里不能出现“键: 值”（可能缺少换行、缩进不对，或文本中有半角冒号加空格，请给值加引号）",
    "could not find expected ':'": "缺少“:”（键和值之间要有半角冒号和空格）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found undefined alias": "引用了未定义的锚点",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "did not find expected '-' indicator": "列表缩进不一致，缺少“-”",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found unknown escape character": "双引号文本中有未知的转义字符（反斜杠）",
    "expected a single document in the stream": "一个文件只能包含一个文档（删除多余的“---”）",
    "but found another document": "一个文件只能包含一个文档（删除多余的“---”）",
}


@dataclass
class Source:
    """The text of one input file, with a line index for turning offsets into line:col."""

    name: str
    text: str
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def location(self, index: int) -> Location:
        line = bisect.bisect_right(self._line_starts, index) - 1
        return Location(self.name, line + 1, index - self._line_starts[line] + 1)


@dataclass
class NodeInfo:
    """Where one value of the input was written."""

    source: Source
    start: int
    end: int
    key_start: int | None = None
    style: str | None = None
    is_scalar: bool = False
    value: Any = None
    _align: list[int] | None = field(default=None, repr=False)

    @property
    def location(self) -> Location:
        return self.source.location(self.start)

    @property
    def key_location(self) -> Location:
        return self.source.location(self.start if self.key_start is None else self.key_start)

    def char_index(self, offset: int) -> int:
        """Index in the source of character ``offset`` of a string value (best effort)."""
        if not self.is_scalar or not isinstance(self.value, str):
            return self.start
        if self._align is None:
            self._align = _align(self.value, self.source.text, self.start, self.end)
        if not self._align:
            return self.start
        return self._align[min(offset, len(self._align) - 1)]


def _align(value: str, text: str, start: int, end: int) -> list[int]:
    """Map each character of a scalar's value to its index in the source.

    The value's characters appear in the source in order, separated only by syntax (quotes,
    block headers, indentation, folded line breaks), so a forward search finds them. Where a
    character cannot be found (an escape sequence), the rest maps to the last position found.
    """
    out: list[int] = []
    i = start
    last = start
    for ch in value:
        if ch in " \n":
            j = i
            while j < end and text[j] not in " \n":
                j += 1
        else:
            j = text.find(ch, i, end)
        if j < 0 or j >= end:
            out.extend([last] * (len(value) - len(out)))
            break
        out.append(j)
        last = j
        i = j + 1
    return out


@dataclass
class SourceMap:
    """Positions of every value of a loaded input, keyed by its path (``("brand", "name")``)."""

    nodes: dict[PathKey, NodeInfo] = field(default_factory=dict)
    default: Location = field(default_factory=lambda: Location("<input>"))

    def info(self, path: PathKey) -> NodeInfo | None:
        return self.nodes.get(tuple(path))

    def nearest(self, path: PathKey) -> Location:
        """The value's location, or that of the closest enclosing value that was written."""
        path = tuple(path)
        while path:
            node = self.nodes.get(path)
            if node is not None:
                return node.location
            path = path[:-1]
        node = self.nodes.get(())
        return node.location if node else self.default

    def key_location(self, path: PathKey) -> Location:
        node = self.nodes.get(tuple(path))
        return node.key_location if node else self.nearest(path)

    def char_location(self, path: PathKey, offset: int) -> Location:
        """The location of character ``offset`` inside the string value at ``path``."""
        node = self.nodes.get(tuple(path))
        if node is None:
            return self.nearest(path)
        return node.source.location(node.char_index(offset))

    def merge(self, other: SourceMap, prefix: PathKey = ()) -> None:
        for key, node in other.nodes.items():
            self.nodes[tuple(prefix) + key] = node


def format_path(path: PathKey) -> str:
    """``("achievements", 0, "heading")`` → ``achievements[0].heading``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def iter_strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every string value in loaded data, with its path, in document order."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, (*path, i))


INPUT_SUFFIXES = (".yaml", ".yml", ".json")
# Files in an input folder that are never inputs: published schemas and a build's manifest.
NOT_INPUTS = (".schema.json", "manifest.json")


def walk_inputs(root: Path, skip: Path | None = None) -> Iterator[Path]:
    """Input files below a folder, sorted, recursively; hidden files and folders, schemas,
    manifests and the folder ``skip`` (a build's output folder, resolved) are left out."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(NOT_INPUTS):
                continue
            if name.lower().endswith(INPUT_SUFFIXES):
                yield here / name


@dataclass
class Loaded:
    """A parsed input file: plain data plus where each value was written."""

    path: Path
    data: Any
    positions: SourceMap
    source: Source


def read_source(path: Path) -> Source:
    """Read an input file as text, turning every way it can fail into one clear problem."""
    name = display_path(path)
    loc = Location(name)
    if not path.exists():
        raise InputError([Problem(loc, "", "文件不存在")])
    if path.is_dir():
        raise InputError([Problem(loc, "", "这是一个文件夹，不是输入文件")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(loc, "", f"无法读取文件（{exc.strerror}）")]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(loc, "", "文件是 UTF-16 编码，请另存为 UTF-8")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start]
        line = prefix.count(b"\n") + 1
        col = len(prefix[prefix.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        hint = "请另存为 UTF-8 编码"
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            hint = "文件看起来是 GBK/GB18030 编码，请另存为 UTF-8 编码"
            # Point at the first Chinese character of that line, not at a byte mid-character.
            line_text = text.splitlines()[line - 1] if text.splitlines() else ""
            col = next((i + 1 for i, c in enumerate(line_text) if not c.isascii()), col)
        byte = raw[exc.start]
        raise InputError(
            [
                Problem(
                    Location(name, line, col),
                    "",
                    f"文件不是 UTF-8 编码（字节 0x{byte:02X}），{hint}",
                )
            ]
        ) from None
    if path.suffix.lower() == ".json":
        # JSON allows tabs between tokens, YAML does not; a tab is one column either way.
        text = text.replace("\t", " ")
    return Source(name, text)


def load(path: Path) -> Loaded:
    """Parse one YAML or JSON input file, keeping positions; raise InputError on any problem."""
    return parse_source(path, read_source(path))


def parse_text(text: str) -> Any:
    """The data of a YAML text read as input files are read; raise InputError on any problem."""
    return parse_source(Path("<text>"), Source("<text>", text)).data


def parse_source(path: Path, source: Source) -> Loaded:
    """Parse text already read (``read_source``, or a fixed version of it); raise InputError."""
    if not source.text.strip():
        raise InputError([Problem(Location(source.name), "", "文件是空的")])
    try:
        node = yaml.compose(source.text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = source.location(mark.index) if mark else Location(source.name)
        problem = (exc.problem or exc.context or "").strip()
        message = _YAML_MESSAGES.get(problem)
        if message is None:
            message = next((m for k, m in _YAML_MESSAGES.items() if problem.startswith(k)), None)
        text = f"YAML 语法错误：{message}" if message else f"YAML 语法错误（{problem}）"
        raise InputError([Problem(loc, "", text)]) from None
    if node is None:
        raise InputError([Problem(Location(source.name), "", "文件是空的（只有注释）")])
    positions = SourceMap(default=Location(source.name, 1, 1))
    problems: list[Problem] = []
    data = _construct(node, (), source, positions, problems, None)
    if problems:
        raise InputError(problems)
    return Loaded(path, data, positions, source)


def _construct(
    node: yaml.Node,
    path: PathKey,
    source: Source,
    positions: SourceMap,
    problems: list[Problem],
    key_start: int | None,
) -> Any:
    info = NodeInfo(source, node.start_mark.index, node.end_mark.index, key_start)
    positions.nodes[path] = info
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        source.location(key_node.start_mark.index),
                        format_path(path),
                        "键必须是简单文本",
                    )
                )
                continue
            key = str(key_node.value)
            if key in out:
                problems.append(
                    Problem(
                        source.location(key_node.start_mark.index),
                        format_path((*path, key)),
                        "字段重复出现（同一层只能写一次）",
                    )
                )
                continue
            out[key] = _construct(
                value_node, (*path, key), source, positions, problems, key_node.start_mark.index
            )
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*path, i), source, positions, problems, None)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    info.is_scalar = True
    info.style = node.style
    value = _resolve_scalar(node)
    info.value = value
    return value


def _resolve_scalar(node: yaml.ScalarNode) -> Any:
    """YAML 1.2 core-schema resolution: ``no`` stays text and dates stay text (pydantic parses them)."""
    text: str = node.value
    if node.style is not None:
        return text
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        # Decimal, not float: 73.05 must stay 73.05 for half-up rounding.
        return Decimal(text)
    return text
