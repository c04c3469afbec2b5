"""Character classes of Chinese text and the facts about GBK that mojibake repair needs."""

from __future__ import annotations

import re
from functools import lru_cache

from ..textscan import simplified

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
# Full-width punctuation that counts as "Chinese context" for neighbouring ASCII punctuation.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】…—　"


def is_han(ch: str) -> bool:
    return bool(ch) and bool(HAN_RE.match(ch))


def is_cjk(ch: str) -> bool:
    return is_han(ch) or (bool(ch) and ch in CJK_PUNCT)


# Characters that practically never occur in a Chinese official text but are what GBK bytes decoded
# one byte out of step turn into: bopomofo, box drawing, small/vertical forms, private use, accented
# Latin outside a pinyin annotation, the replacement character.
SUSPECT = re.compile(
    "[\u3100-\u312f\u2500-\u257f\ufe10-\ufe1f\ufe30-\ufe6f\ue000-\uf8ff\ufffd"
    "\u01cd-\u01dc\u0101\u0113\u012b\u014d\u016b\u00e0-\u00fc\u2160-\u217f\u2460-\u249b]"
)


# --------------------------------------------------------------------------- GBK facts


@lru_cache(maxsize=1)
def gbk_index() -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Two-byte GBK characters by lead byte and by trail byte."""
    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    for raw, ch in gbk_table().items():
        by_lead.setdefault(raw[0], []).append(ch)
        by_trail.setdefault(raw[1], []).append(ch)
    return by_lead, by_trail


@lru_cache(maxsize=1)
def gbk_table() -> dict[bytes, str]:
    """Every two-byte GBK character, keyed by its bytes (built once, on first repair)."""
    table: dict[bytes, str] = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            raw = bytes((lead, trail))
            try:
                ch = raw.decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and not ("\ue000" <= ch <= "\uf8ff"):
                table[raw] = ch
    return table


def gbk_bytes(ch: str) -> bytes | None:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


@lru_cache(maxsize=8192)
def common(ch: str) -> bool:
    """A character a Chinese document is made of: GB2312 level-1 hanzi (after t2s), usual
    punctuation, ASCII."""
    if ch.isascii() or ch in CJK_PUNCT or ch in "“”":
        return True
    if not is_han(ch):
        return False
    raw = gbk_bytes(simplified(ch))
    return raw is not None and len(raw) == 2 and 0xB0 <= raw[0] <= 0xD7
