"""Chinese numerals, heading numbers, item ordinals and dates."""

import datetime as dt

import pytest

from reportgen.model.numbering import chinese_numeral, format_date, heading_number, item_ordinal


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (15, "十五"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (30, "三十"),
        (45, "四十五"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2024, "二千零二十四"),
        (9999, "九千九百九十九"),
        # Counting goes on past 9999 (issue 16: 10 000 sections must not crash the build).
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (10100, "一万零一百"),
        (11000, "一万一千"),
        (100001, "十万零一"),
        (123456789, "一亿二千三百四十五万六千七百八十九"),
        (100000001, "一亿零一"),
    ],
)
def test_chinese_numeral(n: int, expected: str) -> None:
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("n", [0, -1, 10**16])
def test_chinese_numeral_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(n)


@pytest.mark.parametrize(
    ("level", "n", "expected"),
    [
        (1, 1, "一、"),
        (1, 3, "三、"),
        (1, 12, "十二、"),
        (2, 1, "（一）"),
        (2, 10, "（十）"),
        (2, 23, "（二十三）"),
        (3, 1, "1."),
        (3, 12, "12."),
        (4, 1, "（1）"),
        (4, 42, "（42）"),
    ],
)
def test_heading_number(level: int, n: int, expected: str) -> None:
    assert heading_number(level, n) == expected


@pytest.mark.parametrize("level", [0, 5])
def test_heading_number_bad_level(level: int) -> None:
    with pytest.raises(ValueError):
        heading_number(level, 1)


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "一是"), (3, "三是"), (10, "十是"), (11, "十一是")]
)
def test_item_ordinal(n: int, expected: str) -> None:
    assert item_ordinal(n) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2024, 12, 1), "2024年12月1日"),
        (dt.date(2024, 1, 5), "2024年1月5日"),
        (dt.date(2025, 10, 31), "2025年10月31日"),
    ],
)
def test_format_date_has_no_zero_padding(date: dt.date, expected: str) -> None:
    assert format_date(date) == expected
