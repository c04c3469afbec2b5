"""Typed where the generator writes: heading numbers (RG301, RG302) and dates (RG503, RG504)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import Edit, Hit

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
