"""What a line may not split: units of text (a hanzi, a number with its unit, a word), and the
marks that may not start or end a line (GB/T 15834 §5.1, CLREQ §3.1)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# The kinsoku marks live with the other character classes (textscan), shared with the titles.
from ...textscan.base import CANNOT_END as CANNOT_END
from ...textscan.base import CANNOT_START as CANNOT_START

# Ambiguous-width characters that Chinese fonts draw one em wide and a grid gives a full cell.
_FULL_AMBIGUOUS = frozenset("—…“”‘’·×÷°\u2032″§№‰℃※→←↑↓△▲○●□■◆◇★☆")
# Characters that may join a run of digits or Latin letters when a letter or digit follows.
_JOINERS = frozenset(".,:/-+_'&·@#")
# Signs and Chinese unit characters that stay on a number they follow (93.3%, 4.2万, 30℃).
NUMBER_SUFFIXES = frozenset("%‰％℃°万亿")
# Measure words, counters and approximators that stay on the number before them (326名, 2380人次,
# 12月, 100余家): CLREQ §3.1.5 and JLREQ 3.1.10 keep a number and its unit on one line.
MEASURE_WORDS = frozenset(
    "个名人次家件项场期户所余多元角条篇册份支座处间台辆套批类种届轮位岁年月日号天周时分秒倍"
    "米亩吨斤克千百万亿页章节张本部集"
)
# At most this many measure characters join a number (100余名, 2380人次).
MAX_MEASURE = 3
EPSILON = 1e-6
# A run of Latin text at least this long (a URL, a file path) may break after a "/".
_PATH_BREAK = 8
_MAX_JOINERS = 3


def is_latin(ch: str) -> bool:
    """Letters and digits that form words (ASCII and full-width forms)."""
    return (ch.isascii() and ch.isalnum()) or "０" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff5a"


def cell_width(ch: str, advance: float) -> float:
    """The width of ``ch`` on the grid, in cells, given its font advance in em.

    Wide and full-width characters take exactly one cell whatever the face says (a face's — may be
    0.92 em), so every full line of Chinese text has the same number of cells.
    """
    if unicodedata.east_asian_width(ch) in "WF" or ch in _FULL_AMBIGUOUS:
        return 1.0
    return advance


@dataclass(frozen=True)
class Unit:
    """An unbreakable piece of text: one hanzi, a number with its unit, a word, a —— pair."""

    start: int
    text: str
    widths: tuple[float, ...]

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


# Characters that may begin a unit of more than one character: letters and digits (see
# is_latin) and the marks that double (—— and ……). Every other character is a unit by itself.
_MULTI_START = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff5a—…]")


def _unit_end(text: str, i: int) -> int:
    """Where the unit starting at ``text[i]`` (one of _MULTI_START) ends."""
    n = len(text)
    ch = text[i]
    j = i + 1
    if is_latin(ch):
        while j < n:
            c = text[j]
            nxt = text[j + 1] if j + 1 < n else ""
            if is_latin(c):
                j += 1
            elif c in _JOINERS:
                # Up to three joiners between letters stay inside the run ("://" in a URL).
                k = j + 1
                while k < n and k - j < _MAX_JOINERS and text[k] in _JOINERS:
                    k += 1
                if k >= n or not is_latin(text[k]):
                    break
                j = k
                if text[k - 1] == "/" != text[k - 2] and k - i >= _PATH_BREAK:
                    break  # a long URL or path may break after a slash (not "//"); GB/T stays whole
            elif c == " " and nxt.isdigit() and (text[j - 1].isalpha() or text[j - 1] == "/"):
                # "GB/T 9704", "ISO 9001": a standard's code and its number stay together
                j += 1
            elif c in NUMBER_SUFFIXES and text[j - 1].isdigit():
                j += 1
                break
            else:
                break
    else:
        while j < n and text[j] == ch:
            j += 1
    return j


def unit_ends(text: str) -> list[int]:
    """The end of every unit of ``text``, in order (see :func:`tokenize`)."""
    ends: list[int] = []
    pos, n = 0, len(text)
    search = _MULTI_START.search
    while True:
        found = search(text, pos)
        stop = found.start() if found else n
        ends.extend(range(pos + 1, stop + 1))
        if found is None:
            return ends
        pos = _unit_end(text, stop)
        ends.append(pos)


def breakable_space(text: str) -> bool:
    """A space a line may break at (and drop). The ideographic space U+3000 is not one: it is a
    full cell of content, used for indentation (附件 entries, typed paragraph indents)."""
    return text.isspace() and "\u3000" not in text


def tokenize(text: str, measure: Callable[[str], float]) -> list[Unit]:
    """Split ``text`` into units that are never broken across lines.

    A unit is one CJK character; or a run of letters and digits with the joiners and unit signs
    inside it (2024, 93.3%, GB/T 9704-2012, 4.2万, e-mail); or a run of — or … (—— and …… are
    one mark of two cells); or one space.
    """
    widths = [measure(c) for c in text]
    units = []
    start = 0
    for end in unit_ends(text):
        units.append(Unit(start, text[start:end], tuple(widths[start:end])))
        start = end
    return units
