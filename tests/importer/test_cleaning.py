"""Tests for reportgen.importer.cleaning: each step on its own, and the seed's four garbled spots."""

from __future__ import annotations

import pytest

from reportgen.importer.cleaning import (
    MARK_OPEN,
    _dash,
    _entities,
    _pinyin,
    _punct,
    _spaces,
    clean_text,
)
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("黨建引領(lǐng),凝聚", "黨建引領,凝聚"),
        ("品牌內(nèi)涵", "品牌內涵"),
        ("強(qiáng)", "強"),
        ("中(zhong)国", "中国"),
        ("重(chong2)新", "重新"),
        ("长（zhǎng）大", "长大"),
        ("咸水歌(坦洲)文化", "咸水歌(坦洲)文化"),  # real bracketed text stays
        ("使用(APP)平台", "使用(APP)平台"),  # an abbreviation, not pinyin
        ("参见(ok)", "参见(ok)"),  # not a pinyin syllable
        ("推出(a)款", "推出(a)款"),  # a single tone-less vowel could be a list mark
        ("word (lǐng)", "word (lǐng)"),  # not after a hanzi
    ],
)
def test_pinyin(given: str, expected: str) -> None:
    assert _pinyin(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("党建引领,凝聚群众力量", "党建引领，凝聚群众力量"),
        ("业务;融合", "业务；融合"),
        ("如下:一是", "如下：一是"),
        ("咸水歌(坦洲)文化", "咸水歌（坦洲）文化"),
        ("使用(APP)平台", "使用（APP）平台"),
        ("资金1,000元", "资金1,000元"),  # thousands separator
        ("覆盖4.2万人", "覆盖4.2万人"),  # decimal
        ("详见 https://example.org/a,b;c 网站", "详见 https://example.org/a,b;c 网站"),
        ("Hello, world; bye", "Hello, world; bye"),  # Latin text
        ('开展"夏送清凉"活动', "开展“夏送清凉”活动"),
        ("时间10:30开会", "时间10:30开会"),
    ],
)
def test_punct(given: str, expected: str) -> None:
    assert _punct(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("统一。&nbsp;", "统一。\u00a0"),
        ("A&amp;B", "A&B"),
        ("R&D 部门", "R&D 部门"),  # not an entity
        ("&#12288;正文", "\u3000正文"),
    ],
)
def test_entities(given: str, expected: str) -> None:
    assert _entities(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("\u3000\u3000正文开始", "正文开始"),
        ("统一。\u00a0 ", "统一。"),
        ("党建\u00a0引领", "党建引领"),
        ("Open\u00a0Source", "Open Source"),
    ],
)
def test_spaces(given: str, expected: str) -> None:
    assert _spaces(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("坚持\u2015\u2015引领", "坚持——引领"),
        ("坚持\u2015引领", "坚持——引领"),
        ("坚持\u2013引领", "坚持——引领"),
        ("2023\u20132024年", "2023\u20132024年"),  # a range keeps its en dash
        ("坚持--引领", "坚持——引领"),
    ],
)
def test_dash(given: str, expected: str) -> None:
    assert _dash(given) == expected


@pytest.mark.parametrize(
    ("given", "converted", "expected"),
    [
        ("黨建引領，凝聚群眾力量", True, "党建引领，凝聚群众力量"),
        ("党建引领，凝聚群众力量，乾坤朗朗", False, "党建引领，凝聚群众力量，乾坤朗朗"),
    ],
)
def test_traditional_only_when_mostly_traditional(
    given: str, converted: bool, expected: str
) -> None:
    cleaned = clean_text(given)
    assert cleaned.converted_script is converted
    assert cleaned.text == expected


def test_changes_carry_line_numbers() -> None:
    cleaned = clean_text("第一行\n黨建引領(lǐng),凝聚群眾\n第三行")
    steps = {(c.step, c.line) for c in cleaned.changes}
    assert ("pinyin", 2) in steps and ("punct", 2) in steps and ("t2s", 2) in steps
    assert all(c.line == 2 for c in cleaned.changes)
    labels = [label for label, _, _ in cleaned.summary()]
    assert "拼音注音" in labels


SEED_READINGS = [
    (6, "（一）坚持党建引领，建强“堡垒”"),
    (9, "（二）加强组织建设，促进“共融”"),
    (12, "（三）突出以人为本，办好“实事”一是积极发挥基层党组织"),
]


@pytest.fixture(scope="module")
def seed_clean():  # type: ignore[no-untyped-def]
    return clean_text(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("line", "reading"), SEED_READINGS)
def test_seed_subheadings_repaired(seed_clean, line: int, reading: str) -> None:  # type: ignore[no-untyped-def]
    assert seed_clean.lines[line - 1].startswith(reading)
    assert any(c.step == "mojibake" and c.line == line for c in seed_clean.changes)


def test_seed_sentence_end_repaired(seed_clean) -> None:  # type: ignore[no-untyped-def]
    assert seed_clean.lines[6].endswith("知、信、行统一。")
    assert any(c.step == "mojibake" and c.line == 7 for c in seed_clean.changes)


def test_seed_guesses_are_listed(seed_clean) -> None:  # type: ignore[no-untyped-def]
    # Bytes lost without a trace were filled from context; those guesses go to a person.
    assert {r.line for r in seed_clean.review} <= {6, 7, 9, 12}
    assert any(r.line == 12 and "辦" in r.message for r in seed_clean.review)


def test_seed_clean_text_has_no_damage(seed_clean) -> None:  # type: ignore[no-untyped-def]
    import re

    text = seed_clean.text
    assert not re.search("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", text)
    assert not re.search(r"[\u4e00-\u9fff][,;()][\u4e00-\u9fff]", text)
    assert "?" not in text and "nbsp" not in text and MARK_OPEN not in text
    assert "黨" not in text and "堅" not in text


def garble(text: str) -> str:
    """GBK bytes decoded one byte out of step, as the seed's web page did: invalid pairs become ?
    (taking both bytes), private-use pairs vanish, full-width ASCII is narrowed."""
    raw = text.encode("gbk")[1:]
    out = []
    i = 0
    while i < len(raw):
        if raw[i] < 0x80:
            out.append(chr(raw[i]))
            i += 1
            continue
        pair = raw[i : i + 2]
        try:
            ch = pair.decode("gbk")
        except UnicodeDecodeError:
            ch = "?"
        if "\ue000" <= ch <= "\uf8ff":
            ch = ""
        out.append(ch)
        i += 2
    return "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else (" " if c == "\u3000" else c)
        for c in out
    )


def test_garble_reproduces_seed_mechanism() -> None:
    # The experiment behind the repair: the seed's first spot is exactly this transformation.
    assert garble("\u3000（一）堅(jiān)持").startswith("。ㄒ唬﹫?jiān)持")


def test_unrecoverable_span_is_kept_marked_and_listed() -> None:
    cleaned = clean_text("第一段正常。\n?ㄒ?┘?ㄈ?正文继续")
    assert MARK_OPEN in cleaned.lines[1]
    assert "ㄒ" in cleaned.lines[1]  # never silently dropped
    assert [r.line for r in cleaned.review] == [2]


@pytest.mark.parametrize(
    "clean",
    [
        "普通的一句话？对吗？",
        "Version 2.0 (beta) released",
        "开展活动12场次，覆盖职工300人次。",
    ],
)
def test_no_false_mojibake(clean: str) -> None:
    cleaned = clean_text(clean)
    assert not any(c.step == "mojibake" for c in cleaned.changes)
    assert not cleaned.review
