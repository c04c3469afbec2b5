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


# --- regression: the breaker as it was before it worked on index arrays --------------------
# The reference below is the original unit/atom implementation, kept verbatim in spirit: the
# faster breaker must give the same lines, the same characters and bit-identical positions.


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


_RefLine = tuple[tuple[tuple[int, str, float, float], ...], float, bool, bool]


def _ref_place(
    units: list[_RefUnit], indent: float, available: float, justify: bool, last: bool
) -> _RefLine:
    total = sum(u.width for u in units)
    gaps = len(units) - 1
    extra = 0.0
    justified = justify and not last and gaps > 0 and total < available - 1e-6
    if justified:
        extra = (available - total) / gaps
    glyphs = []
    x = indent
    for k, unit in enumerate(units):
        for offset, (ch, w) in enumerate(zip(unit.text, unit.widths, strict=False)):
            glyphs.append((unit.start + offset, ch, x, w))
            x += w
        if k < gaps:
            x += extra
    return tuple(glyphs), indent, justified, last


def _ref_break_lines(
    text: str,
    measure_fn: Callable[[str], float],
    cells: int,
    first_indent: float,
    rest_indent: float,
    justify: bool,
) -> list[_RefLine]:
    atoms: list[list[_RefUnit]] = []
    glue_next = False
    for unit in _ref_tokenize(text, measure_fn):
        if atoms and (glue_next or unit.text[0] in CANNOT_START) and not unit.is_space:
            starts_no_line = unit.text[0] in CANNOT_START
            if starts_no_line and len(atoms) > 1 and all(u.is_space for u in atoms[-1]):
                atoms[-2].extend(atoms.pop())
            atoms[-1].append(unit)
        else:
            atoms.append([unit])
        glue_next = unit.text[-1] in CANNOT_END
    lines: list[_RefLine] = []
    current: list[_RefUnit] = []
    used = 0.0
    indent = first_indent

    def flush(last: bool) -> None:
        nonlocal current, used, indent
        while current and current[-1].is_space:
            current.pop()
        if current or last:
            lines.append(_ref_place(current, indent, cells - indent, justify, last))
        current, used, indent = [], 0.0, rest_indent

    k = 0
    while k < len(atoms):
        atom = atoms[k]
        if not current and atom[0].is_space:
            k += 1
            continue
        width = sum(u.width for u in atom)
        if used + width <= cells - indent + 1e-6:
            current.extend(atom)
            used += width
            k += 1
            continue
        if current:
            flush(last=False)
            continue
        room = cells - indent
        taken: list[_RefUnit] = []
        for unit in atom:
            if used + unit.width > room + 1e-6:
                break
            taken.append(unit)
            used += unit.width
        if not taken:
            unit = atom[0]
            u_used, cut = 0.0, 0
            while cut < len(unit.text) and u_used + unit.widths[cut] <= room + 1e-6:
                u_used += unit.widths[cut]
                cut += 1
            cut = max(cut, 1)
            head = _RefUnit(unit.start, unit.text[:cut], unit.widths[:cut])
            tail = _RefUnit(unit.start + cut, unit.text[cut:], unit.widths[cut:])
            atoms[k] = [*([tail] if tail.text else []), *atom[1:]]
            current.append(head)
            used = room
        else:
            current.extend(taken)
            atoms[k] = atom[len(taken) :]
        flush(last=False)
    flush(last=True)
    return lines


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


@pytest.mark.parametrize(
    ("cells", "first", "rest", "justify"),
    [(28, 2, 0, True), (20, 2, 3.5, True), (14, 0, 0, False), (7, 2.25, 1.75, True)],
)
@pytest.mark.parametrize("measure_fn", [measure, _proportional])
def test_same_lines_as_the_reference_breaker(
    cells: int,
    first: float,
    rest: float,
    justify: bool,
    measure_fn: Callable[[str], float],
) -> None:
    for text in [*_stress_texts(150), *_mixed_texts(150)]:
        got = [
            (
                tuple((g.index, g.char, g.x, g.width) for g in line.glyphs),
                line.indent,
                line.justified,
                line.last,
            )
            for line in break_lines(text, measure_fn, cells, first, rest, justify)
        ]
        # exact equality: positions must be the very same floats, not approximately equal
        assert got == _ref_break_lines(text, measure_fn, cells, first, rest, justify), text


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
        ("一二三四五六七八九十\u3000甲", 10, ["一二三四五六七八九十", "\u3000甲"]),
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
