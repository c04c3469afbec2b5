"""Cleaning pasted text: mojibake, HTML entities, stray spaces, pinyin, traditional script, punctuation."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..textscan import simplified
from .changes import STEPS, Change, Cleaned, Removal, Review
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


# A short line of two phrases with a space between (a slogan as a brand name) keeps the space,
# full width; elsewhere a space between hanzi is a leftover of web layout.
_TWO_PHRASES = re.compile(f"([{HAN}“”]{{3,12}})[ \u3000]+([{HAN}“”]{{3,12}})")
_UNIT_SPACE = re.compile(
    r"(?<=\d) +(?=[人家个项场次户名份所件元座支条期篇批台套辆处卷亩吨万千亿%％])"
)


def _spaces(line: str) -> str:
    line = line.strip(" " + _SPACES)
    phrases = _TWO_PHRASES.fullmatch(line)
    if phrases:
        return f"{phrases.group(1)}　{phrases.group(2)}"
    line = _UNIT_SPACE.sub("", line)
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
    f"(?:(?<=[{HAN}】])|^)[(（]\\s*([a-z{_TONE}]+[1-5]?(?:[\\s'’]+[a-z{_TONE}]+[1-5]?){{0,3}})\\s*[)）]"
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


_HAN_STOP = re.compile(f"(?<=[{HAN}”）])\\.\\s?(?=[{HAN}“（])")


def _punct(line: str) -> str:
    line = _HAN_STOP.sub("。", line)  # 抓手. 全年 → 抓手。全年
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


# Characters t2s changes that simplified text uses in their own right (乾坤, 於姓, 著名 …).
_ALSO_SIMPLIFIED = frozenset("乾於著瞭夥甦藉麽麼覆徵鍾蘋")


def _mostly_traditional(text: str) -> bool:
    """Whether to convert: any traditional character beyond the few simplified text also uses
    (a text with only a handful of them is mixed, and still converted)."""
    han = HAN_RE.findall(text)
    if not han:
        return False
    sample = "".join(han)
    converted = simplified(sample)
    changed = {a for a, b in zip(sample, converted, strict=False) if a != b}
    return bool(changed - _ALSO_SIMPLIFIED)


# 著 as the aspect particle (带著, 随著, 意味著) is 着 in simplified text; 著名, 显著, 著作 keep it.
_ZHE = re.compile("(?<![显卓昭土名巨原编论专遗译新合拙])著(?![名作称述者书录])")


def _zhe(line: str) -> str:
    return _ZHE.sub("着", line)


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


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]+")


def _controls(cleaned: Cleaned) -> None:
    """Control characters (a binary file read as text, a BOM in mid-text) cannot be printed or
    written to YAML; they are removed, and each removal is reported with its line."""
    for n, line in enumerate(cleaned.lines):
        found = _CONTROL.findall(line)
        if not found:
            continue
        shown = "".join(f"\\u{ord(c):04x}" for c in "".join(found))
        cleaned.removed.append(Removal(n + 1, shown[:60], f"控制字符（{len(''.join(found))} 个）"))
        cleaned.lines[n] = _CONTROL.sub("", line)


def clean_text(text: str, script: str = "auto") -> Cleaned:
    """Clean a pasted text line by line; every step's changes are recorded with their line.

    ``script`` is "auto" (convert to simplified when the text is mostly traditional), "t2s" or
    "keep". Line count and order never change, so line numbers stay those of the input.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = Cleaned(text.split("\n"))
    _controls(cleaned)
    repair_mojibake(cleaned, text)
    _apply(cleaned, "entity", _entities)
    _apply(cleaned, "space", _spaces)
    _apply(cleaned, "pinyin", _pinyin)
    if script == "t2s" or (script == "auto" and _mostly_traditional(cleaned.text)):
        cleaned.converted_script = True
        _apply(cleaned, "t2s", simplified)
    _apply(cleaned, "zhe", _zhe)
    _apply(cleaned, "punct", _punct)
    _apply(cleaned, "dash", _dash)
    return cleaned
