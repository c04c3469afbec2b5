"""Restoring lost paragraph breaks: heading numbers in mid-line, stray separator letters, glued closings."""

from __future__ import annotations

import re

from .changes import Removal

_CN = "一二三四五六七八九十"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# A heading number that starts a new paragraph when it follows the end of a sentence or a space.
_NUMBER = f"(?:[{_CN}]{{1,3}}[、，]|[（(][{_CN}]{{1,3}}[）)]|[（(][0-9]{{1,2}}[）)])"
_BREAK_BEFORE = re.compile(f"(?<=[。！？；])\\s*(?={_NUMBER})|(?<=[{_HAN}）”])\\s+(?={_NUMBER})")
# A lone letter of another script standing where a page had a bullet image or a line break: after
# a sentence end or a space, and before a heading number (a Greek or Cyrillic one before any hanzi).
_LETTER = "A-Za-z\u0370-\u03ff\u0400-\u04ff"
_STRAY = re.compile(
    f"(?:(?<=[。！？；])|(?<=\\s))(?<![{_LETTER}])([{_LETTER}])\\s*(?={_NUMBER})"
    f"|(?<=[。！？；])([\u0370-\u03ff\u0400-\u04ff])(?=[{_HAN}])"
)
_SUB_AFTER_HEADING = re.compile(
    f"^({_NUMBER}[^。！？；，,\\s]{{2,20}})(?=[（(][{_CN}]{{1,3}}[）)])"
)
_HEADING_THEN_TEXT = re.compile(f"^({_NUMBER}\\s*[^。！？；，,\\s]{{2,25}})\\s+(?=\\S)")
_CLOSING = re.compile(
    r"(?<=[。！？])\s*([^。！？；，、\s]{2,30})\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$"
)
_TITLE_THEN_NUMBER = re.compile(f"^([^。！？；，\\s]{{4,60}})\\s+(?={_NUMBER})")


def _glued(line: str) -> bool:
    """A line that holds several paragraphs: a heading number after a sentence end or a space."""
    return len(_BREAK_BEFORE.findall(line)) >= 1 and len(line) > 40


def split_line(line: str, number: int, removed: list[Removal]) -> list[str]:
    """The paragraphs one input line stands for (the line itself when nothing was lost)."""

    def stray(m: re.Match[str]) -> str:
        letter = m.group(1) or m.group(2)
        removed.append(Removal(number, letter, "段落之间的孤立字母（原为分隔符或项目符号）"))
        return "\n"

    text = _STRAY.sub(stray, line)
    if text == line and not _glued(line):
        return [line]
    closing = _CLOSING.search(text)
    if closing:
        text = text[: closing.start()] + f"\n{closing.group(1)}\n{closing.group(2)}"
    text = _TITLE_THEN_NUMBER.sub(r"\1\n", text)
    text = _BREAK_BEFORE.sub("\n", text)
    out: list[str] = []
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        m = _SUB_AFTER_HEADING.match(part)
        if m:
            out.append(m.group(1))
            part = part[m.end() :]
        m = _HEADING_THEN_TEXT.match(part)
        if m:
            out.append(m.group(1).strip())
            part = part[m.end() :]
        out.append(part)
    return out


def split_lines(lines: list[str]) -> tuple[list[str], list[int], list[Removal]]:
    """Every line split into its paragraphs, with the input line number of each."""
    segments: list[str] = []
    numbers: list[int] = []
    removed: list[Removal] = []
    for n, line in enumerate(lines, start=1):
        for part in split_line(line, n, removed):
            segments.append(part)
            numbers.append(n)
    return segments, numbers, removed
