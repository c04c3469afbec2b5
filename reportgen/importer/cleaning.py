"""Cleaning pasted text: mojibake, HTML entities, stray spaces, pinyin, traditional script, punctuation."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..textscan import simplified
from .changes import STEPS, Change, Cleaned, Review
from .chars import HAN, HAN_RE, is_cjk, is_han
from .mojibake import MARK_CLOSE, MARK_OPEN, MARKED, repair_mojibake

__all__ = [
    "MARK_CLOSE",
    "MARK_OPEN",
    "STEPS",
    "Change",
    "Cleaned",
    "Review",
    "clean_text",
    "is_han",
]

# --------------------------------------------------------------------------- line steps

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BARE_NBSP = re.compile(r"(?<![A-Za-z])nbsp;")


def _entities(line: str) -> str:
    line = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    return line


_SPACES = "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\t"


def _spaces(line: str) -> str:
    line = line.strip(" " + _SPACES)
    # Inside a line, odd spaces between Chinese characters are leftovers of web layout.
    line = re.sub(f"(?<=[^\\x00-\\x7f])[ {_SPACES}]+(?=[^\\x00-\\x7f])", "", line)
    line = re.sub(f"[{_SPACES}]+", " ", line)
    return line


_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PLAIN = "aaaaeeeeiiiioooouuuuvvvvv"
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|"
    r"ua|uo|ui|ve|ue|a|o|e|i|u|v)[1-5]?\Z|(?:ng|m|n)[1-5]?\Z"
)
_ANNOTATION = re.compile(
    f"(?<=[{HAN}])[(（]\\s*([a-z{_TONE}]+[1-5]?(?:[\\s'’]+[a-z{_TONE}]+[1-5]?){{0,3}})\\s*[)）]"
)


def _is_pinyin(text: str) -> bool:
    words = re.split(r"[\s'’]+", text)
    plain = [w.translate(str.maketrans(_TONE, _PLAIN)) for w in words]
    if not all(_SYLLABLE.match(w) for w in plain):
        return False
    toned = any(ch in _TONE[:-1] or ch.isdigit() for ch in text)
    # Without tone marks a single short word could be an abbreviation; require a real syllable
    # shape with an initial, or several syllables.
    return toned or len(words) > 1 or bool(re.match(r"[bpmfdtnlgkhjqxrzcsyw]", plain[0]))


def _pinyin(line: str) -> str:
    return _ANNOTATION.sub(lambda m: "" if _is_pinyin(m.group(1)) else m.group(0), line)


_URL = re.compile(
    r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef" + HAN + r"]+|[\w.+-]+@[\w-]+\.[\w.]+"
)
_WIDE = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def _punct(line: str) -> str:
    protected = [(m.start(), m.end()) for m in _URL.finditer(line)]

    def inside(i: int) -> bool:
        return any(a <= i < b for a, b in protected)

    chars = list(line)
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch not in _WIDE or inside(i):
            continue
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < n else ""
        if ch in ",:" and prev.isdigit() and nxt.isdigit():
            continue  # 1,000 and 10:30
        if is_cjk(prev) or (is_cjk(nxt) and not prev.isascii()) or (is_cjk(nxt) and ch != ":"):
            if ch == "?" and (prev == "?" or nxt == "?"):
                continue
            chars[i] = _WIDE[ch]
    line = "".join(chars)
    # Brackets: a pair becomes full width when it stands among hanzi or holds hanzi.
    line = re.sub(
        r"\(([^()]*)\)",
        lambda m: (
            f"（{m.group(1)}）"
            if HAN_RE.search(m.group(1))
            or is_cjk(line[m.start() - 1 : m.start()])
            or is_cjk(line[m.end() : m.end() + 1])
            else m.group(0)
        ),
        line,
    )
    # Straight double quotes around Chinese text: alternate open and close.
    if '"' in line and HAN_RE.search(line) and line.count('"') % 2 == 0:
        parts = line.split('"')
        line = parts[0] + "".join(("“" if k % 2 == 0 else "”") + p for k, p in enumerate(parts[1:]))
    return line


def _dash(line: str) -> str:
    line = re.sub("\u2015+", "——", line)
    line = re.sub("(?<![0-9])[\u2013\u2014]{1,2}(?![0-9])", "——", line)
    line = re.sub(f"(?<=[{HAN}])--(?=[{HAN}“])", "——", line)
    return line


def _mostly_traditional(text: str) -> bool:
    han = HAN_RE.findall(text)
    if len(han) < 4:
        return False
    sample = "".join(han)
    converted = simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    # Simplified text has no characters t2s changes save a rare 乾/於; traditional has many.
    return changed >= 3 and changed / len(han) >= 0.05


def _outside_marks(func: Callable[[str], str], line: str) -> str:
    """Apply ``func`` to the parts of a line outside kept-garbled marks, which stay as they are."""
    if MARK_OPEN not in line:
        return func(line)
    parts = MARKED.split(line)
    return "".join(p if MARKED.fullmatch(p) else func(p) for p in parts)


def _apply(cleaned: Cleaned, step: str, func: Callable[[str], str]) -> None:
    for n, line in enumerate(cleaned.lines):
        new = _outside_marks(func, line)
        if new != line:
            cleaned.changes.append(Change(step, n + 1, line, new))
            cleaned.lines[n] = new


def clean_text(text: str, script: str = "auto") -> Cleaned:
    """Clean a pasted text line by line; every step's changes are recorded with their line.

    ``script`` is "auto" (convert to simplified when the text is mostly traditional), "t2s" or
    "keep". Line count and order never change, so line numbers stay those of the input.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = Cleaned(text.split("\n"))
    repair_mojibake(cleaned, text)
    _apply(cleaned, "entity", _entities)
    _apply(cleaned, "space", _spaces)
    _apply(cleaned, "pinyin", _pinyin)
    if script == "t2s" or (script == "auto" and _mostly_traditional(cleaned.text)):
        cleaned.converted_script = True
        _apply(cleaned, "t2s", simplified)
    _apply(cleaned, "punct", _punct)
    _apply(cleaned, "dash", _dash)
    return cleaned
