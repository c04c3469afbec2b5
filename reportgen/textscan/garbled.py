"""Leftovers and corrupted text (RG201 to RG206): placeholders, pinyin, mojibake, entities, spaces."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from .base import Edit, Hit, codepoint, is_cjk, is_hanzi

# --------------------------------------------------------------------------- RG201 placeholders

_LEFTOVER = re.compile(
    r"(?<![A-Za-z])(?:[Xx]{2,}|[Ｘｘ]{2,})(?![A-Za-z])|×{2,}|某某+|□+|○{2,}|\u3007{2,}|[*\uff0a]{2,}"
    r"|待补充|待填写|待完善|待核实|请填写|此处填写|(?<![A-Za-z])(?:TODO|TBD|FIXME)(?![A-Za-z])"
    r"|？{2,}|\?{3,}"
)


def leftovers(text: str) -> Iterator[Hit]:
    """Template leftovers that must be filled in before filing: XX, ××, 某某, □□, 待补充, TODO."""
    for m in _LEFTOVER.finditer(text):
        yield Hit("RG201", m.start(), m.end(), f"有未填写的占位内容“{m.group()}”")


# --------------------------------------------------------------------------- RG202 pinyin

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(
    f"[(（]\\s*((?:[a-zü{_TONED}]+[1-5]?)(?:\\s+[a-zü{_TONED}]+[1-5]?)*)\\s*[)）]", re.IGNORECASE
)
_TONE_MARK = re.compile(f"[{_TONED}ü]|[a-z][1-5]\\b", re.IGNORECASE)


def pinyin(text: str) -> Iterator[Hit]:
    """Pinyin annotations pasted from a web page: 引领(lǐng), 内(nèi)."""
    for m in _PINYIN.finditer(text):
        if not _TONE_MARK.search(m.group(1)):
            continue
        prev = text[m.start() - 1] if m.start() else ""
        after = f"“{prev}”后" if is_hanzi(prev) else ""
        yield Hit(
            "RG202",
            m.start(),
            m.end(),
            f"{after}有拼音注音“{m.group()}”，应删除",
            (Edit(m.start(), m.end(), ""),),
            f"删除“{m.group()}”",
        )


# --------------------------------------------------------------------------- RG203 mojibake

_STRONG = re.compile(
    "[\ufffd\u3100-\u312f\u31a0-\u31bf\ue000-\uf8ff]|锟斤拷|烫烫|屯屯|(?:[ÃÂÅÆÇÈÉÊËÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßâãäåæçèêëíîïðñôõöøùûüýþÿ]"
    "[\u0080-\u00bf\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]){2,}"
)
# Box drawing, vertical and small forms, half-width katakana: rare in prose, common in mojibake.
_WEAK = re.compile("[\u2500-\u257f\ufe10-\ufe1f\ufe30-\ufe6f\uff61-\uff9f]")
_QUESTION_OK_AFTER = set(" \n\t”’」』）)》")
_PINYIN_TAIL = re.compile(f"[a-zü{_TONED}]+[)）]", re.IGNORECASE)


def _lost_byte(text: str, i: int) -> bool:
    """A ? that cannot be a question mark: not after a hanzi, or followed by more text."""
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if any(_WEAK.match(c) or _STRONG.match(c) for c in (prev, nxt) if c):
        return True
    if not (is_cjk(prev) or is_cjk(nxt)):
        return False
    plausible = is_hanzi(prev) or prev in "”’」』）)"
    return not (plausible and (nxt == "" or nxt in _QUESTION_OK_AFTER))


def mojibake(text: str, gap: int = 3) -> Iterator[Hit]:
    """Signs of text decoded with the wrong encoding: U+FFFD, 锟斤拷, bopomofo, stray box and
    small-form characters, and a lone ? among hanzi (a byte lost in transcoding).

    Nearby signs are reported together as one garbled stretch.
    """
    members: list[tuple[int, int, bool]] = []
    for m in _STRONG.finditer(text):
        members.append((m.start(), m.end(), True))
    for m in _WEAK.finditer(text):
        members.append((m.start(), m.end(), False))
    for i, ch in enumerate(text):
        if ch == "?" and _lost_byte(text, i):
            members.append((i, i + 1, True))
    members.sort()
    clusters: list[list[tuple[int, int, bool]]] = []
    for member in members:
        if clusters and member[0] - clusters[-1][-1][1] <= gap:
            clusters[-1].append(member)
        else:
            clusters.append([member])
    for cluster in clusters:
        if len(cluster) < 2 and not cluster[0][2]:
            continue
        start, end = cluster[0][0], max(m[1] for m in cluster)
        tail = _PINYIN_TAIL.match(text, end)
        if tail and _TONE_MARK.search(tail.group()):
            end = tail.end()  # the remains of a pinyin annotation garbled with it
        frag = text[start:end]
        codes = "、".join(dict.fromkeys(codepoint(c) for c in frag if c == "\ufffd"))
        extra = f"（含 {codes} 替换字符）" if codes else ""
        yield Hit(
            "RG203",
            start,
            end,
            f"疑似乱码“{frag}”{extra}：文字经过错误的编码转换，请对照原文改正",
        )


# --------------------------------------------------------------------------- RG204 HTML entities

_ENTITY = re.compile(
    r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
    r"|\?(?:nbsp|ensp|emsp|amp|quot|lt|gt);"
)
_BLANK_ENTITIES = {"&nbsp;", "&ensp;", "&emsp;", "&thinsp;", "&#160;", "&#12288;", "&#x3000;"}


def html_entities(text: str) -> Iterator[Hit]:
    """HTML entities copied from a web page (&nbsp; &amp; &#12288;), also with a garbled &."""
    for m in _ENTITY.finditer(text):
        raw = m.group()
        name = "&" + raw[1:]
        decoded = html.unescape(name)
        if decoded == name:
            continue  # not an entity html knows
        if name.lower() in _BLANK_ENTITIES or not decoded.strip():
            new = ""
            fix = f"删除“{raw}”"
        else:
            new = decoded
            fix = f"“{raw}”→“{new}”"
        yield Hit(
            "RG204",
            m.start(),
            m.end(),
            f"有网页字符实体“{raw}”",
            (Edit(m.start(), m.end(), new),),
            fix,
        )


# --------------------------------------------------------------------------- RG205 invisible


_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00a0\u00ad\u034f\u061c\u115f\u1160"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_INVISIBLE_NAMES = {
    "\u00a0": "不间断空格 NBSP",
    "\u00ad": "软连字符",
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u200e": "从左至右标记",
    "\u200f": "从右至左标记",
    "\u2060": "零宽不折行空格",
    "\ufeff": "字节顺序标记 BOM",
}


def invisible(text: str) -> Iterator[Hit]:
    """Control characters and invisible ones (zero-width, NBSP, soft hyphen, BOM inside text)."""
    for m in _INVISIBLE.finditer(text):
        ch = m.group()
        name = _INVISIBLE_NAMES.get(ch, "控制字符")
        new = ""
        if ch == "\u00a0":
            prev = text[m.start() - 1] if m.start() else ""
            nxt = text[m.end()] if m.end() < len(text) else ""
            if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
                new = " "
        fix = f"删除 {codepoint(ch)}" if not new else f"{codepoint(ch)}→空格"
        yield Hit(
            "RG205",
            m.start(),
            m.end(),
            f"有看不见的字符 {codepoint(ch)}（{name}）",
            (Edit(m.start(), m.end(), new),),
            fix,
        )


# --------------------------------------------------------------------------- RG206 wide spaces

_WIDE_SPACE = re.compile("[\u3000\u2000-\u200a\u202f\u205f]+")


def wide_spaces(text: str) -> Iterator[Hit]:
    """Full-width spaces typed as indentation: the template indents paragraphs itself."""
    for m in _WIDE_SPACE.finditer(text):
        yield Hit(
            "RG206",
            m.start(),
            m.end(),
            f"有全角空格（{len(m.group())} 个），段首缩进和间距由模板生成",
            (Edit(m.start(), m.end(), ""),),
            "删除全角空格",
        )
