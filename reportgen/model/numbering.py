"""Generated numbering and fixed text forms: 一、（一）1.（1）, 一是/二是, Chinese numerals, dates."""

from __future__ import annotations

import datetime as dt

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))

# GB/T 9704-2012 §7.3.3: the four heading levels and what follows each numeral.
HEADING_FORMATS = {1: "{cn}、", 2: "（{cn}）", 3: "{n}.", 4: "（{n}）"}
MAX_HEADING_LEVEL = 4


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五, 10010 → 一万零一十, 1 亿 and on."""
    if n <= 0:
        raise ValueError(f"chinese_numeral counts from 1, got {n}")
    return _numeral(n, leading=True)


# Each myriad group (万 = 10^4, 亿 = 10^8, 万亿 = 10^12) is read like a number below 10 000.
_MYRIADS = ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"))


def _numeral(n: int, leading: bool) -> str:
    for value, unit in _MYRIADS:
        if n >= value and n < value * 10**4:
            high, low = divmod(n, value)
            out = _numeral(high, leading) + unit
            if low:
                out += ("零" if low < value // 10 else "") + _numeral(low, leading=False)
            return out
    if n >= 10**16:
        raise ValueError(f"chinese_numeral supports up to 10^16 - 1, got {n}")
    return _below_myriad(n, leading)


def _below_myriad(n: int, leading: bool) -> str:
    out = ""
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out += "零"
                pending_zero = False
            # 十一 rather than 一十一 when ten leads the number (but 一万零一十).
            if not (value == 10 and digit == 1 and not out and leading):
                out += _DIGITS[digit]
            out += unit
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out += "零"
        out += _DIGITS[rest]
    return out


def heading_number(level: int, n: int) -> str:
    """The number text of the n-th heading at ``level`` (1-4): 一、 （一） 1. （1）."""
    if level not in HEADING_FORMATS:
        raise ValueError(f"heading level must be 1..{MAX_HEADING_LEVEL}, got {level}")
    return HEADING_FORMATS[level].format(cn=chinese_numeral(n), n=n)


def item_ordinal(n: int) -> str:
    """一是, 二是, … 十一是."""
    return chinese_numeral(n) + "是"


def format_date(date: dt.date) -> str:
    """GB/T 9704-2012 §7.3.5.4: Arabic numerals, full year, no zero padding (2024年12月1日)."""
    return f"{date.year}年{date.month}月{date.day}日"
