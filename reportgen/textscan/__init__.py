"""Pure text detectors for pre-filing checks: punctuation, leftovers, mojibake, traditional hanzi.

Each detector takes a string and yields Hits; ``scan`` runs them in priority order. The package is
at the bottom of the layers (checks and the importer use it) and imports nothing of reportgen.
"""

from __future__ import annotations

from .base import HANZI_RE, Detector, Edit, Hit, is_cjk, is_hanzi
from .garbled import html_entities, invisible, leftovers, mojibake, pinyin, wide_spaces
from .hanzi import simplified, traditional, traditional_hit
from .punctuation import (
    FULL_WIDTH,
    ascii_punct,
    brackets,
    cjk_spaces,
    corner_brackets,
    dashes,
    doubled_marks,
    ellipsis,
    heading_end,
    straight_quotes,
)
from .typed import numbered_paragraph, prose_dates, typed_number

__all__ = [
    "FULL_WIDTH",
    "HANZI_RE",
    "HEADING",
    "ITEM",
    "PARAGRAPH",
    "PROSE",
    "Detector",
    "Edit",
    "Hit",
    "heading_end",
    "is_cjk",
    "is_hanzi",
    "scan",
    "simplified",
    "traditional_hit",
]

# Order is priority: a later detector's hit that overlaps an earlier one's is dropped, so a
# garbled stretch is reported once as mojibake rather than also as stray punctuation.
PROSE: tuple[Detector, ...] = (
    html_entities,
    invisible,
    mojibake,
    pinyin,
    leftovers,
    ellipsis,
    doubled_marks,
    ascii_punct,
    straight_quotes,
    corner_brackets,
    dashes,
    brackets,
    wide_spaces,
    cjk_spaces,
    traditional,
    prose_dates,
)
HEADING: tuple[Detector, ...] = (typed_number, heading_end)
ITEM: tuple[Detector, ...] = (typed_number,)
PARAGRAPH: tuple[Detector, ...] = (numbered_paragraph,)


def scan(text: str, extra: tuple[Detector, ...] = ()) -> list[Hit]:
    """Every hit of the prose detectors (and ``extra`` ones, which take priority) in ``text``."""
    taken = bytearray(len(text) + 1)
    out: list[Hit] = []
    for detector in (*extra, *PROSE):
        for hit in detector(text):
            if hit.edits and hit.code == "RG207":
                kept = tuple(e for e in hit.edits if not any(taken[e.start : e.end]))
                if not kept:
                    continue
                if kept != hit.edits:
                    hit = traditional_hit(text, kept)
            elif any(any(taken[s:e]) for s, e in hit.spans()):
                continue
            for s, e in hit.spans():
                taken[s:e] = b"\x01" * (e - s)
            out.append(hit)
    out.sort(key=lambda h: (h.start, h.code))
    return out
