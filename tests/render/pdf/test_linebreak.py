"""Line breaking on the character grid: units, kinsoku, justification."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from reportgen.render.pdf.linebreak import (
    CANNOT_END,
    CANNOT_START,
    break_lines,
    cell_width,
    is_latin,
    tokenize,
)


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
        # …… likewise (and the line before gives one more character: no lone 八 on the last line)
        ("一二三四五六七八……", 10, 2, ["一二三四五六", "七八……"]),
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


# --- regression: the tokenizer as it was before it worked on index arrays ------------------
# The reference below is the original unit implementation: the faster tokenizer must give the
# same units with the same widths. (The line reference it once had went when lines learnt to
# keep a number with its measure word and to avoid a lone last character.)


def _ref_tokenize(text: str, measure_fn: Callable[[str], float]) -> list[_RefUnit]:
    units: list[_RefUnit] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if is_latin(ch):
            while j < n:
                c = text[j]
                nxt = text[j + 1] if j + 1 < n else ""
                if is_latin(c):
                    j += 1
                elif c in ".,:/-+_'&·@#":
                    k = j + 1
                    while k < n and k - j < 3 and text[k] in ".,:/-+_'&·@#":
                        k += 1
                    if k >= n or not is_latin(text[k]):
                        break
                    j = k
                    if text[k - 1] == "/" != text[k - 2] and k - i >= 8:
                        break
                elif c == " " and nxt.isdigit() and (text[j - 1].isalpha() or text[j - 1] == "/"):
                    # "GB/T 9704": a standard's code and its number stay together
                    j += 1
                elif c in "%‰％℃°万亿" and text[j - 1].isdigit():
                    j += 1
                    break
                else:
                    break
        elif ch in "—…":
            while j < n and text[j] == ch:
                j += 1
        units.append(_RefUnit(i, text[i:j], tuple(measure_fn(c) for c in text[i:j])))
        i = j
    return units


@dataclass(frozen=True)
class _RefUnit:
    start: int
    text: str
    widths: tuple[float, ...]

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def is_space(self) -> bool:
        return self.text.isspace() and "\u3000" not in self.text


# Proportional Latin widths (Times-like, in cells of a 16 pt grid) so that sums of unequal
# floats are exercised, not only halves and wholes.
_PROPORTIONAL = {c: 0.25 + (ord(c) % 7) * 0.0371 for c in "0123456789abcdefghijklmnopqrstuvwxyz"}


def _proportional(ch: str) -> float:
    return cell_width(ch, _PROPORTIONAL.get(ch.lower(), 0.5))


def _mixed_texts(count: int, seed: int = 2012) -> list[str]:
    rng = random.Random(seed)
    pieces = [
        *HAN[:12],
        "，",
        "。",
        "“",
        "”",
        "（",
        "）",
        "——",
        "……",
        " ",
        "\u3000",
        "93.3%",
        "4.2万",
        "e-mail",
        "a@b.cn",
        "GB/T 9704-2012",
        "ISO 9001",
        "１２３",
        "\uff21\uff22\uff23",  # full-width ABC
        "30℃",
        "12345678901234567890123456789012345",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "x²",
        "Ⅳ",
        "—",
        "…",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 90))) for _ in range(count)]


def test_tokenize_matches_the_reference() -> None:
    for text in [*_stress_texts(100), *_mixed_texts(100)]:
        got = [(u.start, u.text, u.widths) for u in tokenize(text, _proportional)]
        want = [(u.start, u.text, u.widths) for u in _ref_tokenize(text, _proportional)]
        assert got == want, text


@pytest.mark.parametrize(
    ("text", "cells", "expected"),
    [
        # A mark that may not start a line, after a space, stays with the word before the space
        # (it used to be dropped together with the space at the line start).
        ("一二三四五六七八九 ，十", 10, ["一二三四五六七八", "九 ，十"]),
        ("一二三四五六七八 ，九十", 10, ["一二三四五六七八 ，", "九十"]),
        # U+3000 is a cell of content (attachment entries are padded with it), never dropped.
        ("\u3000\u3000\u30002. 示例名单", 10, ["\u3000\u3000\u30002. 示例名单"]),
        ("一二三四五六七八九十\u3000甲乙", 10, ["一二三四五六七八九十", "\u3000甲乙"]),
    ],
)
def test_spaces_never_lose_text(text: str, cells: int, expected: list[str]) -> None:
    lines = break_lines(text, _proportional, cells=cells, first_indent=0, justify=False)
    assert [line.text for line in lines] == expected
    assert "".join(line.text for line in lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("GB/T 9704-2012", ["GB/T 9704-2012"]),
        ("https://www.example.gov.cn/a/b.html", ["https://www.example.gov.cn/", "a/b.html"]),
        ("ISO 9001:2015", ["ISO 9001:2015"]),
        ("C:/Users/示例", ["C:/Users", "/", "示", "例"]),
        ("e-mail、1,000人", ["e-mail", "、", "1,000", "人"]),
    ],
)
def test_urls_break_after_slashes_short_codes_stay_whole(text: str, units: list[str]) -> None:
    assert [u.text for u in tokenize(text, _proportional)] == units


def test_a_url_fills_the_line_before_it() -> None:
    """The words before a long URL are not spread across a line of their own."""
    text = "访问https://www.example.gov.cn/path/to/a/very/long/resource/name.html查看"
    lines = break_lines(text, _proportional, cells=28, first_indent=2)
    assert lines[0].cells > 20, [line.text for line in lines]
    assert "".join(line.text for line in lines) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a number keeps its measure word (326｜名 was seen at a line end)
        ("一二三四五六七共326名党员", ["一二三四五六七共", "326名党员"]),
        # and a two-character counter (2380人｜次)
        ("一二三四五六开展2380人次活动", ["一二三四五六开展", "2380人次活动"]),
        # an approximator and its counter (100余｜家)
        ("一二三四五六七达100余家单位", ["一二三四五六七达", "100余家单位"]),
        # a date's parts stay with their numbers (12｜月)
        ("一二三四五六七于12月1日召开", ["一二三四五六七于", "12月1日召开"]),
        # 4.2万 and its counter
        ("一二三四五六七有4.2万人参加", ["一二三四五六七有", "4.2万人参加"]),
        # a character that is not a measure word still breaks after the number
        ("一二三四五六七八九2024党建", ["一二三四五六七八", "九2024党建"]),
    ],
)
def test_a_number_never_parts_from_its_measure_word(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 题。 alone on the last line: the line before gives one character down
        (
            "一二三四五六七八九十一二三四五六七八题。",
            ["一二三四五六七八", "九十一二三四五六七", "八题。"],
        ),
        # a lone character without a mark, likewise
        ("一二三四五六七八九", ["一二三四五六七", "八九"]),
        # two characters on the last line are fine
        ("一二三四五六七八九十", ["一二三四五六七八", "九十"]),
        # a one-line paragraph is left alone
        ("一", ["一"]),
    ],
)
def test_no_lone_character_on_a_paragraphs_last_line(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize("cells", [7, 10, 28])
def test_property_hanzi_paragraphs_never_end_with_a_lone_character(cells: int) -> None:
    rng = random.Random(9704)
    for _ in range(300):
        text = "".join(rng.choice(HAN) for _ in range(rng.randint(1, 120)))
        text += rng.choice(["", "。", "”。", "326名", "100%"])
        lines = break_lines(text, measure, cells=cells, first_indent=2)
        assert "".join(line.text for line in lines) == text
        for line in lines:
            assert line.right <= cells + 1e-6
            assert not line.text or line.text[0] not in CANNOT_START
        if len(lines) > 1:
            visible = [c for c in lines[-1].text if c not in CANNOT_START]
            assert len(visible) != 1, [x.text for x in lines]


# --------------------------------------------------------------------------- push-in (CLREQ §3.1.7)

# As in AR PL UMing: ，；”） have their ink on the left, “（ on the right, 。 is centred.
_HALVES = {**dict.fromkeys("，；：”’）》", 1), **dict.fromkeys("“‘（《", -1)}


def _squeeze(ch: str) -> int:
    return _HALVES.get(ch, 0)


def _pushed_in(text: str, cells: int = 10, indent: float = 0) -> list[str]:
    lines = break_lines(text, measure, cells=cells, first_indent=indent, squeeze=_squeeze)
    return [line.text for line in lines]


@pytest.mark.parametrize(
    ("text", "expected_out", "expected_in"),
    [
        # the two commas give up their empty halves: the line keeps its last comma
        (
            "一二三，四五六七八九，十一",
            ["一二三，四五六七八", "九，十一"],
            ["一二三，四五六七八九，", "十一"],
        ),
        # a centred 。 gives no room and one comma gives only half a cell: push out
        (
            "一二三，四五六七八九。十一",
            ["一二三，四五六七八", "九。十一"],
            ["一二三，四五六七八", "九。十一"],
        ),
        # nothing on the line to squeeze: push out as before
        (
            "一二三四五六七八九十。一二",
            ["一二三四五六七八九", "十。一二"],
            ["一二三四五六七八九", "十。一二"],
        ),
        # a line-opening “ keeps its left half (it would hang in the margin): push out
        (
            "“一二三四五六七八九，十一",
            ["“一二三四五六七八", "九，十一"],
            ["“一二三四五六七八", "九，十一"],
        ),
        # brackets inside the line give room as well
        (
            "一（二）三，四五六七，八九",
            ["一（二）三，四五六", "七，八九"],
            ["一（二）三，四五六七，", "八九"],
        ),
        # the push-in would leave one character alone on the last line: the 孤字 rule wins
        (
            "一二三，四五六七八九，十",
            ["一二三，四五六七八", "九，十"],
            ["一二三，四五六七八", "九，十"],
        ),
    ],
)
def test_push_in_before_push_out(
    text: str, expected_out: list[str], expected_in: list[str]
) -> None:
    assert [line.text for line in break_lines(text, measure, cells=10, first_indent=0)] == (
        expected_out
    )
    assert _pushed_in(text) == expected_in


def test_pushed_in_line_ends_at_the_edge_with_its_ink() -> None:
    """The line-end mark gives up its half first; the others share the rest; an opening mark
    moves into the half cell before it; nothing moves left of the indent."""
    (line, _) = break_lines(
        "一（二）三，四五六七，八九", measure, cells=10, first_indent=0, squeeze=_squeeze
    )
    assert line.text == "一（二）三，四五六七，"
    assert line.justified
    assert line.xs[0] == 0
    # 11 cells in 10: the final ，gives 0.5, the other three marks share the other 0.5
    assert line.xs[-1] + 0.5 == pytest.approx(10)
    share = 0.5 / 3
    assert line.xs[1] == pytest.approx(1 - share)  # （ moved into 一's cell's right side
    assert line.xs[4] - line.xs[3] == pytest.approx(1 - share)  # ） gave up part of its right
    steps = [b - a for a, b in itertools.pairwise(line.xs)]
    assert min(steps) >= 0.5 - 1e-9


def test_push_in_never_squeezes_beyond_half_a_cell_a_mark() -> None:
    rng = random.Random(7)
    pool = "党建引领凝聚群众" + "，；”）“（。"
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(5, 60)))
        for line in break_lines(text, measure, cells=12, first_indent=2, squeeze=_squeeze):
            if not line.text:
                continue
            assert line.xs[0] >= line.indent - 1e-9
            ink_end = line.xs[-1] + (0.5 if _squeeze(line.text[-1]) > 0 else 1) * line.widths[-1]
            assert ink_end <= 12 + 1e-9, line.text
            for i, (a, b) in enumerate(itertools.pairwise(line.xs)):
                room = 0.5 * ((_squeeze(line.text[i]) > 0) + (_squeeze(line.text[i + 1]) < 0))
                assert b - a >= 1 - room - 1e-9, line.text
