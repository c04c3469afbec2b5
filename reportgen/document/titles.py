"""Breaking a long title into balanced lines at word boundaries (GB/T 9704-2012 §7.3.1)."""

from __future__ import annotations

import itertools
import math
from functools import cache, lru_cache

from ..textscan.base import CANNOT_END, CANNOT_START

# Where a break is natural: after these (ends of organisation names and function words) …
_BREAK_AFTER = (
    "、",
    "，",
    "：",
    "；",
    "委员会",
    "党委",
    "党总支",
    "党支部",
    "支部",
    "人民政府",
    "政府",
    "总工会",
    "工会",
    "办公室",
    "办事处",
    "街道",
    "中心",
    "公司",
    "学校",
    "医院",
    "镇",
    "乡",
    "村",
    "社区",
    "县",
    "区",
    "市",
    "省",
    "局",
    "厅",
    "部",
    "处",
    "年",
    "年度",
    "关于",
    "的",
)
# … and before these (the start of the document's own words).
_BREAK_BEFORE = (
    "关于",
    "党建",
    "品牌",
    "申报",
    "工作",
    "情况",
    "报告",
    "总结",
    "汇报",
    "实施",
    "方案",
    "意见",
    "通知",
    "材料",
    "请示",
    "决定",
    "计划",
    "要点",
    "暨",
)
# Words that must never be split (besides the ones above).
_WORDS = (
    "申报材料",
    "工作总结",
    "工作报告",
    "情况报告",
    "汇报材料",
    "党建品牌",
    "人民政府",
    "委员会",
    "总工会",
    "党支部",
    "党总支",
    "办事处",
    "联合",
    "人大",
    "创建",
    "品牌",
    "年度",
)


def _penalty(text: str, i: int, preferred: frozenset[int]) -> float:
    """Cost of breaking ``text`` before index ``i`` (lower is better)."""
    if i in preferred:
        return 0.0
    return _base_penalty(text, i) + (_QUOTED if _inside_quotes(text, i) else 0.0)


# A name in quotation marks or book-title marks (a brand, a document) stays on one line when
# the title can be broken elsewhere: more than any natural break, less than a split word.
_QUOTED = 30.0
_OPEN_CLOSE = {"“": "”", "《": "》", "‘": "’", "「": "」"}


def _inside_quotes(text: str, i: int) -> bool:
    """Whether a break before ``text[i]`` falls inside a pair of quotation or title marks."""
    return i in _quoted(text)


@lru_cache(maxsize=64)
def _quoted(text: str) -> frozenset[int]:
    """The break positions of ``text`` that lie inside a closed pair of marks (one pass)."""
    inside: set[int] = set()
    opened: list[tuple[str, int]] = []  # (closing mark, position after the opening mark)
    for k, ch in enumerate(text):
        if opened and ch == opened[-1][0]:
            _, start = opened.pop()
            inside.update(range(start, k + 1))
        elif ch in _OPEN_CLOSE:
            opened.append((_OPEN_CLOSE[ch], k + 1))
    return frozenset(inside)


def _base_penalty(text: str, i: int) -> float:
    # Only the neighbourhood matters (the longest word is four characters): slicing the whole
    # text at every candidate made a long title quadratic.
    head, tail = text[max(0, i - 8) : i], text[i : i + 8]
    if tail[:1] in CANNOT_START or head[-1:] in CANNOT_END:
        return 100.0  # kinsoku, before any word rule: “|党建 is a word start, but “ cannot end
    if head[-1:].isascii() and head[-1:].isalnum() and tail[:1].isascii() and tail[:1].isalnum():
        return 100.0  # never split 2024 or a Latin word
    if head[-1:].isdigit() and tail[:1] in "年月日号届次个项家人%":
        return 60.0  # a number stays with its unit
    for word in _WORDS + _BREAK_BEFORE:
        start = text.find(word, max(0, i - len(word) + 1), i + len(word))
        if 0 <= start < i < start + len(word):
            return 40.0
    if head.endswith(("、", "，", "：", "；")):
        return 0.5
    if any(head.endswith(w) for w in _BREAK_AFTER) or any(
        tail.startswith(w) for w in _BREAK_BEFORE
    ):
        return 1.0
    return 6.0


def break_title(text: str, max_chars: int, preferred: tuple[int, ...] = ()) -> tuple[str, ...]:
    """Split ``text`` into lines of at most ``max_chars``: explicit newlines win; otherwise the
    fewest lines, balanced, long over short (a trapezoid), breaking only between words."""
    explicit = [line.strip() for line in text.splitlines() if line.strip()]
    if len(explicit) > 1:
        return tuple(explicit)
    text = explicit[0] if explicit else ""
    if len(text) <= max_chars or max_chars < 2:
        return (text,)
    fewest = math.ceil(len(text) / max_chars)
    if fewest > MAX_BALANCED_LINES or len(text) > MAX_BALANCED_CHARS:
        return _greedy(text, max_chars, frozenset(preferred))
    best: tuple[float, tuple[str, ...]] = (math.inf, (text,))
    # One more line is better than a break inside a word or a number.
    for count in range(fewest, min(fewest + 3, MAX_BALANCED_LINES + 1)):
        cost, lines = _best(text, max_chars, count, frozenset(preferred))
        if cost < _BAD_BREAK:
            return lines
        best = min(best, (cost, lines))
    return best[1]


_BAD_BREAK = 40.0
# The balanced search costs lines × length × line width squared; a real title has two or three
# lines. Anything longer (a pasted paragraph) is broken greedily, in linear time.
MAX_BALANCED_LINES = 4
MAX_BALANCED_CHARS = 160
# How far back from a full line the greedy breaker looks for a better place to break.
_GREEDY_WINDOW = 6


def _greedy(text: str, max_chars: int, preferred: frozenset[int]) -> tuple[str, ...]:
    """Full lines, each ended at the cheapest break among its last few positions."""
    lines: list[str] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        ends = range(start + max_chars, max(start, start + max_chars - _GREEDY_WINDOW), -1)
        end = min(ends, key=lambda i: _penalty(text, i, preferred))
        lines.append(text[start:end])
        start = end
    lines.append(text[start:])
    return tuple(lines)


def _best(
    text: str, max_chars: int, count: int, preferred: frozenset[int]
) -> tuple[float, tuple[str, ...]]:
    n = len(text)
    target = n / count

    @cache
    def solve(start: int, left: int, prev_len: int) -> tuple[float, tuple[int, ...]]:
        if left == 1:
            length = n - start
            if length > max_chars:
                return math.inf, ()
            cost = 0.5 * (length - target) ** 2
            if length > prev_len:
                cost += 3.0  # prefer long over short
            return cost, ()
        best: tuple[float, tuple[int, ...]] = (math.inf, ())
        for end in range(start + 1, min(n, start + max_chars + 1)):
            length = end - start
            cost = 0.5 * (length - target) ** 2 + _penalty(text, end, preferred)
            if prev_len and length > prev_len and left > 1:
                cost += 1.0
            if cost >= best[0]:
                continue
            rest_cost, rest = solve(end, left - 1, length)
            if cost + rest_cost < best[0]:
                best = (cost + rest_cost, (end, *rest))
        return best

    _, breaks = solve(0, count, 0)
    if len(breaks) != count - 1:
        return math.inf, (text,)
    cuts = (0, *breaks, n)
    worst = max((_penalty(text, i, preferred) for i in breaks), default=0.0)
    return worst, tuple(text[a:b] for a, b in itertools.pairwise(cuts))
