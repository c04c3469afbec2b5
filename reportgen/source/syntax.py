"""YAML syntax errors as Chinese problems at the line:col of the mistake, saying what to do.

PyYAML notices a mistake where it can no longer go on, which is often a line later (a key
written ``title:中共`` is only refused at the next key) and its messages are English. Each
diagnosis here recognises one kind of mistake from the error and the text around it and
points at the character the writer has to change; the table of PyYAML's messages is the
fallback, and it never lets English through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import yaml

from ..errors import Location, Problem

if TYPE_CHECKING:
    from .loader import Source

QUOTE_HINT = "以 { [ ! & * % @ ` 开头的文字请整段加引号"
_INDENT_RULE = "同一层的键（或“- ”）要左对齐，下一层比上一层多缩进两个空格（只用空格）"

# PyYAML's own messages (by their start), in the words a secretary can act on.
_YAML_MESSAGES = (
    (
        "mapping values are not allowed here",
        "这里不能出现“键: 值”（可能缺少换行、缩进不对，或文本中有半角冒号加空格，请给值加引号）",
    ),
    ("could not find expected ':'", "缺少“: ”（键和值之间要有半角冒号和空格）"),
    ("found character '\\t' that cannot start any token", "不能用 Tab，请改用空格"),
    ("found a tab character", "不能用 Tab 缩进，请改用空格"),
    ("found character", f"这个字符不能出现在值的开头，{QUOTE_HINT}"),
    ("found undefined alias", "引用了未定义的锚点"),
    ("did not find expected key", f"缩进不对：{_INDENT_RULE}"),
    ("did not find expected '-' indicator", f"列表缩进不对：{_INDENT_RULE}"),
    ("did not find expected node content", f"缺少值（{QUOTE_HINT}）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
    ("found unknown escape character", "双引号文本中有未知的转义字符（反斜杠），请改用单引号"),
    ("expected escape sequence", "双引号文本中的 \\x、\\u 转义不完整"),
    ("expected a single document in the stream", "一个文件只能包含一个文档（删除多余的“---”）"),
    ("but found another document", "一个文件只能包含一个文档（删除多余的“---”）"),
    ("expected ',' or '}'", f"花括号“{{}}”没有正确闭合（{QUOTE_HINT}）"),
    ("expected ',' or ']'", f"方括号“[]”没有正确闭合（{QUOTE_HINT}）"),
    (
        "expected <block end>",
        f"缩进不对，或一行文字以括号、引号开头后又接了别的内容（{QUOTE_HINT}）",
    ),
    (
        "expected alphabetic or numeric character",
        "“&”“*”之后应为锚点名称（文字以 & 或 * 开头时请加引号）",
    ),
    (
        "expected a comment or a line break",
        "这一行的值之后不能再有内容（引号或括号之后多了文字？）",
    ),
    ("found unexpected ':'", "冒号位置不对（文本中的半角冒号请整段加引号）"),
    ("expected chomping or indentation indicators", "“|”或“>”之后只能写 + - 或数字"),
    ("expected '<document start>'", "文档之前有多余的内容（以 % 开头的文字请加引号）"),
    ("found duplicate anchor", "锚点名称重复"),
    ("found incompatible YAML document", "不支持的 YAML 版本声明"),
    ("expected '<stream end>'", "文件结束前有多余的内容"),
    ("while scanning", "写法无法解析"),
)

# A key as the schema spells them, right at the start of a line's content (after the
# indentation and any list dashes), then a colon: ``title:中共`` and ``- value:28``.
_KEY_START = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<colon>[:：])")
# How far back a mistake may lie: a plain text continued over a few lines.
_LOOK_BACK = 20


def yaml_error_problem(source: Source, exc: yaml.YAMLError) -> Problem:
    """One located Chinese problem for an error of the YAML scanner or parser."""
    for diagnose in _DIAGNOSES:
        found = diagnose(source, exc)
        if found is not None:
            index, message = found
            return Problem(source.location(index), "", f"YAML 语法错误：{message}")
    mark = _mark(exc)
    loc = source.location(mark.index) if mark is not None else Location(source.name)
    problem = (getattr(exc, "problem", None) or getattr(exc, "context", None) or "").strip()
    message = next((m for k, m in _YAML_MESSAGES if problem.startswith(k)), "写法无法解析")
    return Problem(loc, "", f"YAML 语法错误：{message}")


def missing_space(text: str) -> tuple[int, str] | None:
    """``title:中共`` → (offset of the colon, what to write), for a key written without the
    space YAML needs after its colon (or with a full-width colon); None for anything else."""
    match = _KEY_START.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    head = match["key"]
    shown = _clip(rest)
    if match["colon"] == "：":
        return match.start(
            "colon"
        ), f"键后面的冒号要用半角“:”加空格：“{head}：{shown}”应写成“{head}: {shown}”"
    if not rest or rest[0] in " \t\r\n/" or rest.startswith(":"):
        return None  # ``key:`` with its value below, or a URL such as ``http://``
    return match.start("colon"), f"冒号后面要加一个空格：“{head}:{shown}”应写成“{head}: {shown}”"


def _clip(text: str, limit: int = 12) -> str:
    text = text.split("\n", 1)[0].rstrip()
    return text if len(text) <= limit else text[:limit] + "…"


# --------------------------------------------------------------------------- diagnoses

Found = tuple[int, str] | None


def _mark(exc: yaml.YAMLError) -> yaml.Mark | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark if isinstance(mark, yaml.Mark) else None


def _problem(exc: yaml.YAMLError) -> str:
    return str(getattr(exc, "problem", None) or "")


def _lines(source: Source) -> list[str]:
    return source.text.split("\n")


def _line_start(source: Source, line: int) -> int:
    return sum(len(text) + 1 for text in _lines(source)[:line])


def _missing_space(source: Source, exc: yaml.YAMLError) -> Found:
    """A key without the space after its colon: PyYAML reads on into the next line and
    refuses that one; the mistake is on the line where the text began, or just above."""
    problem = _problem(exc)
    if not problem.startswith(("could not find expected ':'", "mapping values are not allowed")):
        return None
    lines = _lines(source)
    context = getattr(exc, "context_mark", None)
    mark = _mark(exc)
    if context is not None and problem.startswith("could not"):
        candidates = [context.line]
    elif mark is not None:
        candidates = list(range(mark.line, max(-1, mark.line - _LOOK_BACK), -1))
    else:
        return None
    for n, number in enumerate(candidates):
        text = lines[number] if number < len(lines) else ""
        found = missing_space(text)
        if found is not None:
            return _line_start(source, number) + found[0], found[1]
        content = text.strip()
        if n and (not content or content.startswith("#") or ": " in text or content.endswith(":")):
            break  # a line of its own: the text that went wrong did not start above it
    return None


def _colon_in_value(source: Source, exc: yaml.YAMLError) -> Found:
    """``a: 时间: 2024``: a second ``: `` on the line of a value starts a mapping there."""
    mark = _mark(exc)
    if mark is None or not _problem(exc).startswith("mapping values are not allowed"):
        return None
    before = _lines(source)[mark.line][: mark.column]
    if ": " not in before and not re.match(r"\s*-\s", before):
        return None
    return mark.index, (
        "值里的半角冒号加空格“: ”会被读成又一个“键: 值”：请改用全角冒号“：”，或给整段值加引号"
    )


def _key_columns_above(lines: list[str], line: int) -> list[int]:
    """The columns (1-based) where the levels open at ``line`` begin, outermost first."""
    columns: list[int] = []
    for text in reversed(lines[max(0, line - 200) : line]):
        content = text.strip()
        if not content or content.startswith("#"):
            continue
        match = re.match(r"[ ]*(?:-[ ]+)*", text)
        column = (match.end() if match else 0) + 1
        if not columns or column < columns[0]:
            columns.insert(0, column)
            dash = re.match(r"[ ]*-[ ]", text)
            if dash and dash.start() + 1 < column:
                columns.insert(0, len(text) - len(text.lstrip(" ")) + 1)
        if columns[0] == 1:
            break
    return sorted(set(columns))


def _bad_indent(source: Source, exc: yaml.YAMLError) -> Found:
    """A key or ``- `` that lines up with no level above it."""
    mark = _mark(exc)
    problem = _problem(exc)
    if mark is None:
        return None
    lines = _lines(source)
    text = lines[mark.line] if mark.line < len(lines) else ""
    indent = len(text) - len(text.lstrip(" "))
    starts_line = mark.column == indent
    block = problem.startswith("expected <block end>") and (
        "<scalar>" not in problem or starts_line
    )
    key = problem.startswith("mapping values are not allowed") and ": " not in text[: mark.column]
    if not (block or key or problem.startswith("did not find expected")) or not text.strip():
        return None
    levels = _key_columns_above(lines, mark.line)
    if not levels:
        return None
    if indent + 1 in levels and not key:
        return _mixed_level(source, lines, mark.line, indent)
    where = _line_start(source, mark.line) + indent
    if key and indent + 1 > levels[-1]:
        return where, (
            "这一行比上一行的键缩进得多，却又写成了“键: 值”：若是新的键，请与上一行的键左对齐；"
            "若是上一行文字的延续，文字中的“: ”请改用全角冒号“：”"
        )
    shown = "、".join(str(c) for c in levels)
    return where, (
        f"缩进不对：这一行从第 {indent + 1} 列开始，与上面各层（第 {shown} 列）都对不齐；"
        f"{_INDENT_RULE}"
    )


def _mixed_level(source: Source, lines: list[str], line: int, indent: int) -> Found:
    """A ``- `` item and a ``key: value`` on one level (a list cannot also be a mapping)."""
    dash = lines[line][indent:].startswith("- ")
    for text in reversed(lines[:line]):
        content = text.strip()
        if not content or content.startswith("#"):
            continue
        here = len(text) - len(text.lstrip(" "))
        if here < indent:
            return None
        if here == indent:
            if text[indent:].startswith("- ") == dash:
                return None
            return _line_start(source, line) + indent, (
                "同一层不能既有列表项“- ”又有“键: 值”：若是上面某一项的内容，请缩进到“- ”之后"
                "的文字下面对齐；若是新的字段，请与上一层的键左对齐"
            )
    return None


def _scan_until(source: Source, index: int) -> list[yaml.Token]:
    """The scanner's tokens that start before ``index`` (as far as the scanner gets)."""
    tokens: list[yaml.Token] = []
    try:
        for token in yaml.scan(source.text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _quoted_then_text(source: Source, exc: yaml.YAMLError) -> Found:
    """``- "堡垒"作用``: a value that starts with an ASCII quote ends at the closing quote,
    so the text after it is refused; or a quote that is never closed on its line."""
    mark = _mark(exc)
    if mark is None or "but found '<scalar>'" not in _problem(exc):
        return None
    tokens = [t for t in _scan_until(source, mark.index) if isinstance(t, yaml.ScalarToken)]
    if not tokens or tokens[-1].style not in ('"', "'"):
        return None
    quoted = tokens[-1]
    start, end = quoted.start_mark, quoted.end_mark
    if start.line != end.line:
        return start.index, (
            f"这里的半角引号（{quoted.style}）没有在本行闭合（一直读到第 {end.line + 1} 行的引号）："
            "文字中的引号请用中文引号“”，或补上结尾的引号"
        )
    line = _lines(source)[start.line]
    written = line[start.column :].rstrip()
    left, right = ("“", "”") if quoted.style == '"' else ("‘", "’")
    fixed = re.sub(
        rf"{quoted.style}([^{quoted.style}]*){quoted.style}", rf"{left}\1{right}", written
    )
    return start.index, (
        f"以半角引号开头的值在引号闭合处就结束了，后面不能再接文字：请把 {_clip(written, 20)} "
        f"改成 {_clip(fixed, 20)}（中文引号），或给整段值再加一层单引号"
    )


def _unclosed_quote(source: Source, exc: yaml.YAMLError) -> Found:
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "context_mark", None)
    if mark is None or not context.startswith("while scanning a quoted scalar"):
        return None
    return mark.index, (
        "从这里开始的引号直到文件末尾都没有闭合：文字中的引号请用中文引号“”，或补上结尾的引号"
    )


def _tab(source: Source, exc: yaml.YAMLError) -> Found:
    mark = _mark(exc)
    if mark is None or ("'\\t'" not in _problem(exc) and "tab character" not in _problem(exc)):
        return None
    line = _lines(source)[mark.line]
    tab = line.find("\t")
    if tab < 0:
        return None
    where = _line_start(source, mark.line) + tab
    if not line[:tab].strip(" "):
        return where, "不能用 Tab 缩进，请改用空格（同一层左对齐，下一层多缩进两个空格）"
    return where, "这里有一个 Tab（制表符），YAML 只认空格：请把它换成空格"


def _no_colon(source: Source, exc: yaml.YAMLError) -> Found:
    """A line in a mapping with no ``: `` at all: the mistake is that line, not the next."""
    context = getattr(exc, "context_mark", None)
    if context is None or not _problem(exc).startswith("could not find expected ':'"):
        return None
    return context.index, (
        "这一行缺少“: ”：对象中的每一行应写成“键: 值”（半角冒号，后加空格）；"
        "若是上一行文字的延续，请合并到上一行"
    )


_DIAGNOSES: tuple[Callable[[Source, yaml.YAMLError], Found], ...] = (
    _missing_space,
    _unclosed_quote,
    _quoted_then_text,
    _tab,
    _bad_indent,
    _colon_in_value,
    _no_colon,
)
