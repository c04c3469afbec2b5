"""Turning input text into data with positions, bounded: nesting, aliases, characters, tags.

PyYAML's composer is recursive and expands aliases without limit, and its reader stops at the
first control character with an English message. Here the parser's events are assembled into
data by a loop with an explicit stack, so that nesting depth, alias expansion and tags are
checked where they occur, and every refused character is reported at its line and column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import Location, Problem

if TYPE_CHECKING:
    from .loader import NodeInfo, PathKey, Source

# Far above any real document (a report's four section levels are about ten), far below
# what would exhaust Python's stack in the recursive steps after loading.
MAX_NESTING = 100
# Values an input may produce through ``*alias`` references, in total. Reusing a name or a
# paragraph a few times fits easily; a "billion laughs" bomb is refused at once.
ALIAS_BUDGET = 1000
# A refused character is reported this many times at most (a binary file has thousands).
MAX_CHAR_PROBLEMS = 10

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
# Python refuses to turn longer digit strings into int; such figures stay Decimal.
_MAX_INT_DIGITS = 300

# What the YAML reader accepts (YAML 1.1 §5.1, as PyYAML implements it); JSON is read the same way.
_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CHAR_NAMES = {
    0: "NUL 空字符",
    0x1B: "ESC 转义符",
    0x7F: "DEL 删除符",
    0xFFFE: "非字符",
    0xFFFF: "非字符",
}

_STANDARD_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_JSON_MESSAGES = (
    (
        "Expecting property name enclosed in double quotes",
        "应为用双引号括起的字段名（JSON 不允许末尾多余的逗号、注释或单引号）",
    ),
    ("Expecting value", "缺少值（JSON 不允许末尾多余的逗号、注释、单引号或 NaN）"),
    ("Expecting ',' delimiter", "缺少逗号“,”"),
    ("Expecting ':' delimiter", "缺少冒号“:”"),
    ("Extra data", "JSON 结束之后还有多余的内容"),
    ("Unterminated string", "文本缺少结尾的双引号"),
    ("Invalid control character", "文本中有控制字符"),
    ("Invalid \\escape", "文本中有无效的反斜杠转义"),
    ("Invalid \\uXXXX escape", "文本中的 \\uXXXX 转义无效"),
)


class _Abort(Exception):
    """Stop assembling: a limit was passed (the problem is already recorded)."""


def refused_characters(source: Source) -> list[Problem]:
    """Characters the YAML reader refuses, each at its line:col (RG205's characters)."""
    problems: list[Problem] = []
    matches = list(_iter_limited(source.text))
    for index, ch in matches[:MAX_CHAR_PROBLEMS]:
        name = _CHAR_NAMES.get(ord(ch), "代理项" if 0xD800 <= ord(ch) < 0xE000 else "控制字符")
        problems.append(
            Problem(
                source.location(index),
                "",
                f"有输入文件中不允许的字符 U+{ord(ch):04X}（{name}），请删除",
                code="RG205",
            )
        )
    if len(matches) > MAX_CHAR_PROBLEMS:
        problems.append(
            Problem(
                source.location(matches[MAX_CHAR_PROBLEMS][0]),
                "",
                "还有更多不允许的字符（文件可能不是文本文件）",
                code="RG205",
            )
        )
    return problems


def _iter_limited(text: str) -> Any:
    for count, match in enumerate(_REFUSED.finditer(text)):
        yield match.start(), match.group()
        if count >= MAX_CHAR_PROBLEMS:
            return


def json_problems(source: Source) -> list[Problem]:
    """What strict JSON refuses that YAML would accept (trailing commas, comments, NaN)."""

    def refuse_constant(name: str) -> None:
        raise ValueError(name)

    try:
        json.loads(source.text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        message = next((m for k, m in _JSON_MESSAGES if exc.msg.startswith(k)), "写法无法解析")
        line_start = source.text.rfind("\n", 0, exc.pos) + 1
        loc = Location(source.name, exc.lineno, exc.pos - line_start + 1)
        return [Problem(loc, "", f"JSON 语法错误：{message}")]
    except ValueError as exc:
        return [
            Problem(Location(source.name), "", f"JSON 语法错误：不允许 {exc}（应为有限的数字）")
        ]
    except RecursionError:
        return []  # the YAML pass reports the nesting, with its place
    return []


# --------------------------------------------------------------------------- assembling


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: PathKey
    info: NodeInfo
    anchor: str | None
    first: int  # index in Assembler.order of this node
    key: str | None = None
    key_start: int | None = None
    keep: bool = True  # False under a refused key: built, then dropped
    drop: int = 0  # placements still to drop: a refused key's and its value's


@dataclass
class Assembler:
    """Builds data from parser events; every value's NodeInfo goes into ``nodes``."""

    source: Source
    nodes: dict[PathKey, NodeInfo]
    problems: list[Problem] = field(default_factory=list)
    order: list[PathKey] = field(default_factory=list)
    anchors: dict[str, tuple[Any, list[tuple[PathKey, NodeInfo]]]] = field(default_factory=dict)
    open_anchors: set[str] = field(default_factory=set)
    expanded: int = 0
    stack: list[_Frame] = field(default_factory=list)
    root: Any = None
    has_root: bool = False

    def run(self, events: Any) -> None:
        try:
            for event in events:
                self.feed(event)
        except _Abort:
            pass

    def problem(self, index: int, path: PathKey, message: str, abort: bool = False) -> None:
        from .loader import format_path

        shown = format_path(path) if len(path) <= 8 else format_path(path[:4]) + "…"
        self.problems.append(Problem(self.source.location(index), shown, message))
        if abort:
            raise _Abort

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent) and self.has_root:
            self.problem(_start(event), (), "一个文件只能包含一个文档（删除多余的“---”）", True)
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self._close(event)
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
            self._value(event)

    def _slot(self, event: yaml.Event) -> tuple[PathKey, int | None, bool] | None:
        """Where the next value goes; None when it is a mapping key (handled here)."""
        if not self.stack:
            return (), None, True
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container)), None, top.keep
        if top.drop:
            return (*top.path, "?"), None, False
        if top.key is None:
            self._key(top, event)
            return None
        return (*top.path, top.key), top.key_start, top.keep

    def _key(self, top: _Frame, event: yaml.Event) -> None:
        start = _start(event)
        if not isinstance(event, yaml.ScalarEvent):
            self.problem(start, top.path, "键必须是简单文本")
            if isinstance(event, yaml.CollectionStartEvent):
                top.drop = 2
                self._open(event, (*top.path, "?"), None, keep=False)
            else:
                top.drop = 1
            return
        key = str(event.value)
        self._check_text(start, (*top.path, key), key)
        assert isinstance(top.container, dict)
        if key in top.container:
            first = self.nodes.get((*top.path, key))
            where = f"第 {first.key_location.line} 行已写过，" if first is not None else ""
            self.problem(
                start,
                (*top.path, key),
                f"字段“{key}”重复出现（{where}同一层只能写一次）：请删除一处，或把两处合并",
            )
            top.drop = 1
        else:
            top.key = key
        top.key_start = start

    def _value(self, event: yaml.Event) -> None:
        slot = self._slot(event)
        if slot is None:
            return
        path, key_start, keep = slot
        if isinstance(event, yaml.CollectionStartEvent):
            self._check_tag(event, path)
            self._open(event, path, key_start, keep)
            return
        if isinstance(event, yaml.AliasEvent):
            value = self._alias(event, path, keep)
        else:
            assert isinstance(event, yaml.ScalarEvent)
            self._check_tag(event, path)
            value = self._scalar(event, path, key_start, keep)
        self._place(value, path)

    def _scalar(
        self, event: yaml.ScalarEvent, path: PathKey, key_start: int | None, keep: bool
    ) -> Any:
        from .loader import NodeInfo

        # ``!!str 2024`` and ``! 12`` are text whatever they look like.
        explicit = event.tag in ("!", "tag:yaml.org,2002:str")
        style = event.style or None  # libyaml says "" for a plain scalar, PyYAML None
        value = event.value if explicit else resolve_scalar(event.value, style)
        if isinstance(value, str):
            value = self._check_text(_start(event), path, value)
        info = NodeInfo(
            self.source,
            _start(event),
            _end(event),
            key_start,
            style,
            True,
            value,
        )
        self._record(path, info, keep)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, [((), info)])
        return value

    def _check_text(self, index: int, path: PathKey, text: str) -> str:
        """Surrogate escapes (``"\\ud83d\\ude00"``) are joined into characters; a lone one is refused."""
        if not any("\ud800" <= c <= "\udfff" for c in text):
            return text
        try:
            return text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            self.problem(
                index, path, "有无效的 \\u 转义（单独的代理项 \\uD800 至 \\uDFFF 不是字符），请删除"
            )
            return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")

    def _check_tag(self, event: Any, path: PathKey) -> None:
        tag = event.tag
        if tag in _STANDARD_TAGS:
            return
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        self.problem(
            _start(event),
            path,
            f"不支持 YAML 标签“{shown}”（输入只用文本、数字、列表和对象；以“!”开头的文字请加引号）",
        )

    def _open(
        self, event: yaml.CollectionStartEvent, path: PathKey, key_start: int | None, keep: bool
    ) -> None:
        from .loader import NodeInfo

        start = _start(event)
        if len(self.stack) >= MAX_NESTING:
            self.problem(
                start, path, f"嵌套超过 {MAX_NESTING} 层（列表或对象套得太深），请检查文件", True
            )
        info = NodeInfo(self.source, start, start, key_start)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        self._record(path, info, keep)
        frame = _Frame(
            container, path, info, event.anchor, len(self.order) - (1 if keep else 0), keep=keep
        )
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(frame)

    def _close(self, event: yaml.Event) -> None:
        frame = self.stack.pop()
        frame.info.end = _end(event)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            n = len(frame.path)
            subtree = [(p[n:], self.nodes[p]) for p in self.order[frame.first :] if p in self.nodes]
            self.anchors[frame.anchor] = (frame.container, subtree)
        self._place(frame.container, frame.path)

    def _alias(self, event: yaml.AliasEvent, path: PathKey, keep: bool) -> Any:
        start = _start(event)
        name = event.anchor
        if name in self.open_anchors:
            self.problem(start, path, f"锚点“{name}”引用了包含它自己的内容（循环引用）", True)
        if name not in self.anchors:
            self.problem(start, path, f"引用了未定义的锚点“{name}”")
            return None
        value, subtree = self.anchors[name]
        self.expanded += len(subtree)
        if self.expanded > ALIAS_BUDGET:
            self.problem(
                start,
                path,
                f"锚点引用（*{name}）展开后超过 {ALIAS_BUDGET} 个值：为防止“YAML 炸弹”，"
                "只允许少量引用，请直接写出内容",
                True,
            )
        for rel, info in subtree:
            self._record((*path, *rel), info, keep)
        return value

    def _record(self, path: PathKey, info: NodeInfo, keep: bool) -> None:
        if keep:
            self.nodes[path] = info
            self.order.append(path)

    def _place(self, value: Any, path: PathKey) -> None:
        if not self.stack:
            self.root, self.has_root = value, True
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        elif top.drop:
            top.drop -= 1
        else:
            assert top.key is not None
            top.container[top.key] = value
            top.key = None


def _start(event: yaml.Event) -> int:
    return event.start_mark.index if event.start_mark is not None else 0


def _end(event: yaml.Event) -> int:
    return event.end_mark.index if event.end_mark is not None else 0


def resolve_scalar(text: str, style: str | None) -> Any:
    """YAML 1.2 core-schema resolution: ``no`` stays text and dates stay text (pydantic parses them)."""
    if style is not None:
        return text
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text) and len(text) <= _MAX_INT_DIGITS:
        return int(text)
    if (_INT.match(text) or _FLOAT.match(text)) and any(c.isdigit() for c in text):
        # Decimal, not float: 73.05 must stay 73.05 for half-up rounding.
        return Decimal(text)
    return text
