"""What the text detectors return (hits and their edits) and the character classes they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# --------------------------------------------------------------------------- result types


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new`` (offsets into the scanned string)."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class Hit:
    """One finding in a string: the rule code, the span it points at, a Chinese message.

    ``edits`` is the automatic fix (empty when a person must decide); ``fix`` describes it.
    """

    code: str
    start: int
    end: int
    message: str
    edits: tuple[Edit, ...] = ()
    fix: str = ""

    def spans(self) -> list[tuple[int, int]]:
        if self.edits:
            return [(e.start, e.end) for e in self.edits]
        return [(self.start, max(self.end, self.start + 1))]


Detector = Callable[[str], Iterator[Hit]]

# --------------------------------------------------------------------------- character classes

HANZI_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANZI_RE = re.compile(f"[{HANZI_CHARS}\U00020000-\U0002ffff]")
# Full-width punctuation and quotes: text next to them is Chinese text.
CJK_PUNCT_CHARS = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014"
_CJK_RE = re.compile(f"[{HANZI_CHARS}{CJK_PUNCT_CHARS}\U00020000-\U0002ffff]")


def is_hanzi(ch: str) -> bool:
    return bool(ch) and HANZI_RE.match(ch) is not None


def is_cjk(ch: str) -> bool:
    """A hanzi or a full-width punctuation mark."""
    return bool(ch) and _CJK_RE.match(ch) is not None


def quote(s: str) -> str:
    return "“" + s.replace("\n", "\\n") + "”"


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


# Kinsoku (GB/T 15834-2011 §5.1; W3C clreq §3.1.7), shared by the PDF line breaker and the
# title breaker. Characters that may not start a line: closing marks,
# pause and stop marks, the dash and ellipsis (which belong to the text before them), and signs
# that follow a number.
CANNOT_START = frozenset(
    "，。、；：？！”’）》〕】」』〉\uff3d\uff5d…—\u2013～%‰％℃°\u2032″·・々ー,.;:?!)]}>"
)
# Characters that may not end a line: opening marks belong to the text after them.
CANNOT_END = frozenset("“‘（《〔【「『〈\uff3b\uff5b([{<")
