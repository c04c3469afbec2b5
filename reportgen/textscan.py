"""Pure text detectors for pre-filing checks: punctuation, leftovers, mojibake, traditional hanzi."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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

_HANZI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANZI_RE = re.compile(f"[{_HANZI}\U00020000-\U0002ffff]")
# Full-width punctuation and quotes: text next to them is Chinese text.
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014"
_CJK_RE = re.compile(f"[{_HANZI}{_CJK_PUNCT}\U00020000-\U0002ffff]")


def is_hanzi(ch: str) -> bool:
    return bool(ch) and HANZI_RE.match(ch) is not None


def is_cjk(ch: str) -> bool:
    """A hanzi or a full-width punctuation mark."""
    return bool(ch) and _CJK_RE.match(ch) is not None


def _quote(s: str) -> str:
    return "“" + s.replace("\n", "\\n") + "”"


def _show(ch: str) -> str:
    return f"U+{ord(ch):04X}"


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
    for n, i in enumerate(marks):
        new = ("“", "”")[n % 2]
        edits = (Edit(i, i + 1, new),) if pairable else ()
        fix = f'“"”→{_quote(new)}' if pairable else ""
        yield Hit("RG103", i, i + 1, '汉字间用了半角引号“"”，应为全角引号“”', edits, fix)


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
            f"{_quote(m.group())}→{_quote(m.group(1))}",
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
        names = "、".join(dict.fromkeys(_show(c) for c in run))
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

_CJK_SPACE = re.compile(f"(?<=[{_HANZI}{_CJK_PUNCT}]) +(?=[{_HANZI}{_CJK_PUNCT}])")


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
        codes = "、".join(dict.fromkeys(_show(c) for c in frag if c == "\ufffd"))
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
        fix = f"删除 {_show(ch)}" if not new else f"{_show(ch)}→空格"
        yield Hit(
            "RG205",
            m.start(),
            m.end(),
            f"有看不见的字符 {_show(ch)}（{name}）",
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


# --------------------------------------------------------------------------- RG207 traditional


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    converter = opencc.OpenCC("t2s")
    convert: Callable[[str], str] = converter.convert
    return convert


@lru_cache(maxsize=1)
def _t2s_changes() -> frozenset[str] | None:
    """Every character OpenCC's t2s tables can change, read from those tables; None when they
    cannot be read (then every text is converted). Text with none of them converts to itself,
    which spares the converter (the bulk of a check's time) for almost all simplified text."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    chars: set[str] = set()
    try:
        for name in ("TSCharacters.txt", "TSPhrases.txt"):
            for line in (folder / name).read_text(encoding="utf-8").splitlines():
                key, _, values = line.partition("\t")
                for value in values.split() or [key]:
                    if len(value) == len(key):
                        chars.update(k for k, v in zip(key, value, strict=True) if k != v)
                    else:
                        chars.update(key)
    except OSError:
        return None
    return frozenset(chars)


def simplified(text: str) -> str:
    """``text`` converted to simplified characters (OpenCC t2s, phrase-aware)."""
    changes = _t2s_changes()
    if changes is not None and changes.isdisjoint(text):
        return text
    return _t2s()(text)


def traditional(text: str) -> Iterator[Hit]:
    """Traditional characters in a simplified document, named with their simplified forms."""
    if not HANZI_RE.search(text):
        return
    converted = simplified(text)
    if converted == text:
        return
    if len(converted) != len(text):
        converted = "".join(simplified(ch) if len(simplified(ch)) == 1 else ch for ch in text)
    edits = tuple(
        Edit(i, i + 1, new)
        for i, (old, new) in enumerate(zip(text, converted, strict=True))
        if old != new
    )
    if edits:
        yield traditional_hit(text, edits)


def traditional_hit(text: str, edits: tuple[Edit, ...]) -> Hit:
    """One finding for all traditional characters of a string, naming each one once."""
    pairs = dict.fromkeys(f"{text[e.start]}→{e.new}" for e in edits)
    shown = "、".join(list(pairs)[:12]) + ("等" if len(pairs) > 12 else "")
    first = edits[0].start
    return Hit(
        "RG207",
        first,
        first + 1,
        f"简体文档中有繁体字（{len(edits)} 处）：{shown}",
        edits,
        f"改为简体：{shown}",
    )


# --------------------------------------------------------------------------- RG301 typed numbers

_CN = "一二三四五六七八九十百零〇"
_TYPED_NUMBER = re.compile(
    # "（一）、" and "(1)." are common mistakes for "（一）" and "（1）": the mark goes too.
    f"\\A\\s*(?:[{_CN}]+[、.．]|[（(][{_CN}]+[）)][、.．，,]?|[（(][0-9\uff10-\uff19]{{1,3}}[）)][、.．，,]?"
    f"|[0-9\uff10-\uff19]{{1,3}}(?:[、．]|\\.(?![0-9]))|[{_CN}]+是(?=[^\\s是])|[①-⑳]|第[{_CN}]+[，、,])[ \\t\u3000]*"
)


def typed_number(text: str) -> Iterator[Hit]:
    """A heading or item that starts with a typed number (一、 （一） (1) 1. 1、 一是): numbering
    is generated, so the typed one would be printed twice."""
    m = _TYPED_NUMBER.match(text)
    if not m or m.end() >= len(text.rstrip()):
        return
    number = m.group().strip()
    yield Hit(
        "RG301",
        m.start() + (len(m.group()) - len(m.group().lstrip())),
        m.end(),
        f"开头手写了序号“{number}”，序号由程序生成，会重复",
        (Edit(m.start(), m.end(), ""),),
        f"删去“{number}”",
    )


_PARAGRAPH_NUMBER = re.compile(
    f"\\A\\s*(?:[{_CN}]+、|[（(][{_CN}]+[）)]|[（(][0-9]{{1,3}}[）)]|[0-9]{{1,2}}(?:[、．]|\\.(?![0-9])))"
)


def numbered_paragraph(text: str) -> Iterator[Hit]:
    """A body paragraph starting with a heading number: probably a heading typed as text."""
    m = _PARAGRAPH_NUMBER.match(text)
    if m:
        yield Hit(
            "RG302",
            m.start(),
            m.end(),
            f"段落以序号“{m.group().strip()}”开头：若是小标题，请写成带 heading 的小节",
        )


# --------------------------------------------------------------------------- RG503/RG504 dates

_PADDED = re.compile(r"(?:(?<=\d年)|(?<=\d{4}年))0(?=\d月)|(?<=月)0(?=\d日)")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def prose_dates(text: str) -> Iterator[Hit]:
    """Dates in prose: 2024年01月05日 (no zero padding, GB/T 9704 §7.3.5.4), 2024-12-01, 2月30日."""
    import datetime as dt

    for m in _CN_DATE.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        try:
            dt.date(y, mo, d)
        except ValueError:
            yield Hit("RG504", m.start(), m.end(), f"日期“{m.group()}”不存在")
    for m in _PADDED.finditer(text):
        yield Hit(
            "RG503",
            m.start(),
            m.end(),
            "日期中的月、日不加“0”补位（2024年1月5日）",
            (Edit(m.start(), m.end(), ""),),
            "删去补位的“0”",
        )
    for m in _ISO_DATE.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        try:
            dt.date(y, mo, d)
        except ValueError:
            continue
        new = f"{y}年{mo}月{d}日"
        yield Hit(
            "RG503",
            m.start(),
            m.end(),
            f"正文中的日期“{m.group()}”应写成“{new}”",
            (Edit(m.start(), m.end(), new),),
            f"“{m.group()}”→“{new}”",
        )


# --------------------------------------------------------------------------- scanning a string

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
