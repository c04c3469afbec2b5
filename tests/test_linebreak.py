"""Line breaking on the character grid: units, kinsoku, justification."""

from __future__ import annotations

import itertools
import random

import pytest

from reportgen.linebreak import CANNOT_END, CANNOT_START, break_lines, cell_width, tokenize


def measure(ch: str) -> float:
    """Hanzi and full-width marks one cell, ASCII half a cell (like Times New Roman digits)."""
    return cell_width(ch, 0.5)


HAN = "党建引领凝聚群众力量坚持理论武装组织建设促进共融办好实事"


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("完成率达93.3%；", ["完", "成", "率", "达", "93.3%", "；"]),
        ("按GB/T 9704-2012排版", ["按", "GB/T 9704-2012", "排", "版"]),
        ("会员4.2万人", ["会", "员", "4.2万", "人"]),
        ("2024年", ["2024", "年"]),
        ("他说——好……", ["他", "说", "——", "好", "……"]),
        ("Hello world", ["Hello", " ", "world"]),
        ("e-mail: a@b.cn", ["e-mail", ":", " ", "a@b.cn"]),
        ("30℃以上", ["30℃", "以", "上"]),
        ("千分之5‰", ["千", "分", "之", "5‰"]),
    ],
)
def test_tokenize_keeps_units_whole(text: str, units: list[str]) -> None:
    assert [u.text for u in tokenize(text, measure)] == units


def _texts(text: str, cells: int = 10, indent: float = 2) -> list[str]:
    return [line.text for line in break_lines(text, measure, cells=cells, first_indent=indent)]


@pytest.mark.parametrize(
    ("text", "cells", "indent", "expected"),
    [
        # plain hanzi: first line 8 cells after the 2-cell indent, then 10
        (HAN[:20], 10, 2, [HAN[:8], HAN[8:18], HAN[18:20]]),
        # a comma that would start line 2 takes the character before it along
        ("一二三四五六七八，九十", 10, 2, ["一二三四五六七", "八，九十"]),
        # a closing quote and a full stop together take the character before them along
        ("一二三四五六七“八”。九", 10, 2, ["一二三四五六七", "“八”。九"]),
        # an opening quote that would end line 1 goes down with the word it opens
        ("一二三四五六七“八九”十", 10, 2, ["一二三四五六七", "“八九”十"]),
        # 《 at the end of the line
        ("一二三四五六七《八》", 10, 2, ["一二三四五六七", "《八》"]),
        # —— is one unit of two cells and may not start a line
        ("一二三四五六七——八", 10, 2, ["一二三四五六", "七——八"]),
        # …… likewise
        ("一二三四五六七八……", 10, 2, ["一二三四五六七", "八……"]),
        # a number never splits; it moves down whole
        ("一二三四五六七达93.3%", 10, 2, ["一二三四五六七达", "93.3%"]),
        # GB/T 9704 stays on one line
        ("一二三四五六按GB/T 9704", 10, 2, ["一二三四五六按", "GB/T 9704"]),
        # a space at a break disappears
        ("一二三四五六七八 word", 10, 2, ["一二三四五六七八", "word"]),
        # a unit longer than a whole line is the only thing split
        ("12345678901234567890123", 10, 0, ["12345678901234567890", "123"]),
        # exactly full
        (HAN[:8], 10, 2, [HAN[:8]]),
        ("", 10, 2, [""]),
    ],
)
def test_break_lines_table(text: str, cells: int, indent: float, expected: list[str]) -> None:
    assert _texts(text, cells, indent) == expected


@pytest.mark.parametrize(
    ("text", "bad_start"),
    [
        ("一二三四五六七八，九十", "，"),
        ("一二三四五六七八。”九", "。"),
        ("一二三四五六七八》九", "》"),
    ],
)
def test_failure_cases_a_naive_breaker_would_make(text: str, bad_start: str) -> None:
    # the naive 8-then-10 split would start line 2 with the mark
    assert text[8] == bad_start
    assert not _texts(text)[1].startswith(bad_start)


def test_justified_lines_end_at_the_right_edge_and_last_line_is_flush_left() -> None:
    text = "一二三四五六达93.3%，八九十一二三四五六七八九十"
    lines = break_lines(text, measure, cells=10, first_indent=2)
    assert len(lines) >= 3
    for line in lines[:-1]:
        assert line.right == pytest.approx(10)
        assert line.justified or line.cells == pytest.approx(10 - line.indent)
    first = lines[0]
    assert first.justified  # "93.3%" went down, leaving slack spread over the gaps
    assert first.glyphs[0].x == 2
    last = lines[-1]
    assert not last.justified
    assert [g.x for g in last.glyphs] == pytest.approx([float(i) for i in range(len(last.glyphs))])


def test_slack_goes_between_units_not_inside_a_number() -> None:
    lines = break_lines("一二三四五六12.5%七八九十一二三", measure, cells=10, first_indent=2)
    line = next(line for line in lines if "1" in line.text)
    digits = [g for g in line.glyphs if g.char in "12.5%"]
    for a, b in itertools.pairwise(digits):
        assert b.x - a.x == pytest.approx(a.width)


def test_rest_indent_for_hanging_lines() -> None:
    lines = break_lines(HAN[:20], measure, cells=10, first_indent=2, rest_indent=3)
    assert [line.glyphs[0].x for line in lines] == [2, 3, 3]


def _stress_texts(count: int, seed: int = 9704) -> list[str]:
    """Random text full of marks that must not start or end a line."""
    rng = random.Random(seed)
    pieces = [
        *HAN,
        "，",
        "。",
        "“",
        "”",
        "《",
        "》",
        "、",
        "；",
        "：",
        "？",
        "！",
        "（",
        "）",
        "——",
        "……",
        "93.3%",
        "2024",
        "GB/T 9704",
        "〔",
        "〕",
        "【",
        "】",
        "‘",
        "’",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(20, 160))) for _ in range(count)]


def test_a_chain_of_marks_longer_than_a_line_is_split_rather_than_overflow() -> None:
    # no legal break exists inside "“《（一》）”", so the line is filled and never overflows
    lines = break_lines("“《（一》）”", measure, cells=4, first_indent=0)
    assert [line.text for line in lines] == ["“《（一", "》）”"]
    assert all(line.right <= 4 for line in lines)


@pytest.mark.parametrize("cells", [28, 20, 14])
def test_property_no_forbidden_marks_at_line_edges(cells: int) -> None:
    for text in _stress_texts(300):
        lines = break_lines(text, measure, cells=cells, first_indent=2)
        assert "".join(line.text for line in lines).replace(" ", "") == text.replace(" ", "")
        for i, line in enumerate(lines):
            assert line.right <= cells + 1e-6, (text, line.text)
            if not line.glyphs:
                continue
            if i > 0 and len(line.text) > 1:
                assert line.text[0] not in CANNOT_START, (text, [x.text for x in lines])
            if i < len(lines) - 1:
                assert line.text[-1] not in CANNOT_END, (text, [x.text for x in lines])
                assert line.right == pytest.approx(cells) or not line.justified
