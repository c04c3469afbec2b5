"""Punctuation detectors (GB/T 15834): RG101 to RG110."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import (
    CJK_PUNCT_CHARS,
    HANZI_CHARS,
    HANZI_RE,
    Edit,
    Hit,
    codepoint,
    is_cjk,
    is_hanzi,
    quote,
)

# --------------------------------------------------------------------------- RG101 ASCII punctuation

FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
    ".": "。",
}
_PUNCT_NAMES = {
    ",": "逗号",
    ";": "分号",
    ":": "冒号",
    "?": "问号",
    "!": "叹号",
    "(": "括号",
    ")": "括号",
    ".": "句点",
}


def _next_nonspace(text: str, i: int) -> tuple[str, int]:
    j = i
    while j < len(text) and text[j] == " ":
        j += 1
    return (text[j] if j < len(text) else ""), j


def _prev_nonspace(text: str, i: int) -> tuple[str, int]:
    j = i
    while j > 0 and text[j - 1] == " ":
        j -= 1
    return (text[j - 1] if j > 0 else ""), j


def ascii_punct(text: str) -> Iterator[Hit]:
    """GB/T 15834: half-width , ; : ? ! ( ) . written next to hanzi belong in full width."""
    flagged: set[int] = set()
    for i, ch in enumerate(text):
        if ch not in FULL_WIDTH:
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt, _ = _next_nonspace(text, i + 1)
        if ch == ".":
            # Only a sentence end after a hanzi; 1. / 4.2 / www.x are not.
            if is_hanzi(prev) and (not nxt or is_hanzi(nxt)) and text[i + 1 : i + 2] != ".":
                flagged.add(i)
            continue
        if ch in ",:" and prev.isdigit() and nxt.isdigit():
            continue  # 1,000 and 9:30
        if is_cjk(prev) or is_cjk(nxt):
            flagged.add(i)
    # A pair of ASCII parentheses is converted together, even if one side touches no hanzi.
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            inner = text[j + 1 : i]
            if j in flagged or i in flagged or HANZI_RE.search(inner):
                flagged.update((i, j))
    for i in sorted(flagged):
        ch = text[i]
        start, end = i, i + 1
        if ch == "(":
            _, start = _prev_nonspace(text, i)
            if start > 0 and not is_cjk(text[start - 1]):
                start = i
        else:
            _, end = _next_nonspace(text, i + 1)
            if end < len(text) and not is_cjk(text[end]):
                end = i + 1
        new = FULL_WIDTH[ch]
        yield Hit(
            "RG101",
            i,
            i + 1,
            f"汉字间用了半角{_PUNCT_NAMES[ch]}“{ch}”，应为全角“{new}”",
            (Edit(start, end, new),),
            f"“{text[start:end]}”→“{new}”",
        )


# --------------------------------------------------------------------------- RG102 pairs

_OPENERS = {
    "“": "”",
    "‘": "’",
    "（": "）",
    "(": ")",
    "《": "》",
    "〔": "〕",
    "【": "】",
    "〈": "〉",
}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_SAME = {"(": "（", ")": "）", "（": "（", "）": "）"}


def _kind(ch: str) -> str:
    """Full- and half-width parentheses count as one kind: the half-width ones are RG101's."""
    return _SAME.get(ch, ch)


def brackets(text: str) -> Iterator[Hit]:
    """Unpaired or wrongly nested “” ‘’ （） 《》 〔〕 【】."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            stack.append(i)
        elif ch in _CLOSERS:
            want = _kind(_CLOSERS[ch])
            if stack and _kind(text[stack[-1]]) == want:
                stack.pop()
                continue
            depth = next(
                (k for k in range(len(stack) - 1, -1, -1) if _kind(text[stack[k]]) == want), None
            )
            if depth is None:
                yield Hit("RG102", i, i + 1, f"“{ch}”没有对应的“{_CLOSERS[ch]}”")
                continue
            inner = stack[depth + 1 :]
            for k in inner:
                yield Hit(
                    "RG102",
                    k,
                    k + 1,
                    f"“{text[k]}”没有在“{ch}”之前闭合（标号嵌套错误）",
                )
            del stack[depth:]
    for k in stack:
        yield Hit("RG102", k, k + 1, f"“{text[k]}”没有对应的“{_OPENERS[text[k]]}”")


# --------------------------------------------------------------------------- RG103 straight quotes


def straight_quotes(text: str) -> Iterator[Hit]:
    """ASCII " among hanzi; when they pair up in the string, fixable to “ and ”."""
    marks = [
        i
        for i, ch in enumerate(text)
        if ch == '"'
        and (is_cjk(text[i - 1] if i else "") or is_cjk(text[i + 1] if i + 1 < len(text) else ""))
    ]
    if not marks:
        return
    total = text.count('"')
    pairable = total == len(marks) and total % 2 == 0
    message = '汉字间用了半角引号“"”，应为全角引号“”'
    if not pairable:
        for i in marks:
            yield Hit("RG103", i, i + 1, message)
        return
    # One finding per pair, its hint the quoted words as they are and as they should be.
    for i, j in zip(marks[::2], marks[1::2], strict=True):
        inner = text[i + 1 : j]
        edits = (Edit(i, i + 1, "“"), Edit(j, j + 1, "”"))
        yield Hit("RG103", i, j + 1, message, edits, f'"{inner}" → “{inner}”')


# --------------------------------------------------------------------------- RG104 doubled marks

_DOUBLED = re.compile(r"([，。；：、])\1+")
_MIXED = re.compile(r"[，；：、][，。；：、]|。[，；：、]")


def doubled_marks(text: str) -> Iterator[Hit]:
    """。。 ，， and marks that cannot follow each other (，。)."""
    taken: set[int] = set()
    for m in _DOUBLED.finditer(text):
        taken.update(range(m.start(), m.end()))
        yield Hit(
            "RG104",
            m.start(),
            m.end(),
            f"标点重复“{m.group()}”",
            (Edit(m.start(), m.end(), m.group(1)),),
            f"{quote(m.group())}→{quote(m.group(1))}",
        )
    for m in _MIXED.finditer(text):
        if m.start() in taken:
            continue
        yield Hit("RG104", m.start(), m.end(), f"标点连用“{m.group()}”，请删去一个")


# --------------------------------------------------------------------------- RG105 corner brackets

_CORNERS = {"「": "“", "」": "”", "『": "‘", "』": "’"}


def corner_brackets(text: str) -> Iterator[Hit]:
    """「」『』 are traditional-text quotes; simplified text uses “” ‘’ (GB/T 15834 §4.1)."""
    for i, ch in enumerate(text):
        if ch in _CORNERS:
            new = _CORNERS[ch]
            yield Hit(
                "RG105",
                i,
                i + 1,
                f"简体文本的引号用“”‘’，不用直角引号{ch}",
                (Edit(i, i + 1, new),),
                f"“{ch}”→“{new}”",
            )


# --------------------------------------------------------------------------- RG106 dashes

_DASH_RUN = re.compile("[\u2013\u2014\u2015\uff0d\u2012\u2500-]+")


def dashes(text: str) -> Iterator[Hit]:
    """The Chinese dash is —— (two U+2014); U+2015, U+2013, －, -- and a single — are not."""
    for m in _DASH_RUN.finditer(text):
        run = m.group()
        if run == "——" or run == "-" or set(run) == {"\u2500"}:
            continue
        prev = text[m.start() - 1] if m.start() else ""
        nxt = text[m.end()] if m.end() < len(text) else ""
        if not (is_cjk(prev) or is_cjk(nxt)):
            continue
        if set(run) == {"-"} and not (is_hanzi(prev) and is_hanzi(nxt)):
            continue
        names = "、".join(dict.fromkeys(codepoint(c) for c in run))
        yield Hit(
            "RG106",
            m.start(),
            m.end(),
            f"破折号应为两个 U+2014“——”，这里是“{run}”（{names}）",
            (Edit(m.start(), m.end(), "——"),),
            f"“{run}”→“——”",
        )


# --------------------------------------------------------------------------- RG107 heading ends

_HEADING_END = re.compile(r"[。，；、：,;:.]+\s*\Z")


def heading_end(text: str) -> Iterator[Hit]:
    """A standalone heading (or title, attachment name) takes no final 。 or other mark."""
    m = _HEADING_END.search(text)
    if m and not text[: m.start()].endswith((".", "…")):
        mark = m.group().strip()
        yield Hit(
            "RG107",
            m.start(),
            m.end(),
            f"单独成行的标题末尾不加“{mark}”",
            (Edit(m.start(), m.end(), ""),),
            f"删去末尾的“{mark}”",
        )


# --------------------------------------------------------------------------- RG108 ellipsis

_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…(?!…)(?<!……)|…{3,}|·{3,}")


def ellipsis(text: str) -> Iterator[Hit]:
    """The Chinese ellipsis is …… (two U+2026), not ... or 。。。 or a single …."""
    for m in _ELLIPSIS.finditer(text):
        prev = text[m.start() - 1] if m.start() else ""
        nxt = text[m.end()] if m.end() < len(text) else ""
        if m.group().startswith(".") and not (is_cjk(prev) or is_cjk(nxt)):
            continue
        yield Hit(
            "RG108",
            m.start(),
            m.end(),
            f"省略号应为“……”，这里是“{m.group()}”",
            (Edit(m.start(), m.end(), "……"),),
            f"“{m.group()}”→“……”",
        )


# --------------------------------------------------------------------------- RG110 spaces

_CJK_SPACE = re.compile(
    f"(?<=[{HANZI_CHARS}{CJK_PUNCT_CHARS}]) +(?=[{HANZI_CHARS}{CJK_PUNCT_CHARS}])"
)


def cjk_spaces(text: str) -> Iterator[Hit]:
    """A space between two hanzi prints as a gap (often a line break of a wrapped YAML line)."""
    for m in _CJK_SPACE.finditer(text):
        yield Hit(
            "RG110",
            m.start(),
            m.end(),
            "汉字之间有空格（YAML 中不加引号的文字换行会变成空格；长段落请用“|”块写法）",
            (Edit(m.start(), m.end(), ""),),
            "删除空格",
        )
