"""Title line breaking: explicit breaks, balanced lines, never inside a word."""

import itertools

import pytest

from reportgen.document.titles import break_title


@pytest.mark.parametrize(
    ("text", "preferred", "expected"),
    [
        ("示例镇总工会2024年工作总结", (), ("示例镇总工会2024年工作总结",)),
        (
            "坦洲镇人大、工会联合党支部党建品牌申报材料",
            (13,),
            ("坦洲镇人大、工会联合党支部", "党建品牌申报材料"),
        ),
        (
            "坦洲镇人大、工会联合党支部党建品牌申报材料",
            (),
            ("坦洲镇人大、工会联合党支部", "党建品牌申报材料"),
        ),
        ("第一行\n第二行", (), ("第一行", "第二行")),
        (
            "示例镇总工会关于2024年度职工服务工作的报告",
            (),
            ("示例镇总工会关于2024年度", "职工服务工作的报告"),
        ),
        # an opening quote never ends a line, even before a word that a break may precede
        (
            "中共城南街道幸福里社区委员会关于申报“党建引领，凝聚群众力量”党建品牌的请示",
            (),
            ("中共城南街道幸福里社区委员会关于申报", "“党建引领，凝聚群众力量”党建品牌的请示"),
        ),
        # a quoted name stays whole when the title can break elsewhere (上长下短)
        (
            "关于申报“党建引领，凝聚群众力量”党建品牌的请示",
            (),
            ("关于申报“党建引领，凝聚群众力量”", "党建品牌的请示"),
        ),
    ],
)
def test_break_title(text: str, preferred: tuple[int, ...], expected: tuple[str, ...]) -> None:
    assert break_title(text, 20, preferred) == expected


@pytest.mark.parametrize(
    "text",
    [
        "中共示例市示例区委员会关于进一步加强基层党组织建设工作情况的报告",
        "关于2024年度示例镇总工会职工服务阵地建设与职工权益保障工作的情况报告",
        "示例县人民政府办公室关于印发示例县2025年度重点民生实事项目实施方案的通知",
    ],
)
def test_long_titles_fit_balance_and_keep_numbers(text: str) -> None:
    lines = break_title(text, 20)
    assert "".join(lines) == text
    assert all(len(line) <= 20 for line in lines)
    assert len(lines) <= -(-len(text) // 20) + 1  # the fewest lines that fit, or one more
    assert max(map(len, lines)) - min(map(len, lines)) <= 6  # balanced, not 20 + 3
    for a, b in itertools.pairwise(lines):
        assert not (a[-1].isdigit() and (b[0].isdigit() or b[0] in "年月日"))
        assert b[0] not in "，。、；：）》”"


@pytest.mark.parametrize(
    "text",
    [
        "关于" * 100,
        "A" * 3000,
        "关于2024年度" * 400,
        "，" * 3000,
        "（" * 1500 + "）" * 1500,
        "示例镇总工会" * 500,
    ],
    ids=["han", "latin", "mixed", "commas", "brackets", "words"],
)
def test_long_titles_are_broken_greedily_and_completely(text: str) -> None:
    """Past a few lines the balanced search (cost grows with lines x width^2, and it recursed once
    per line) gives way to a linear greedy breaker: every character kept, every line fits."""
    lines = break_title(text, 20)
    assert "".join(lines) == text
    assert all(0 < len(line) <= 20 for line in lines)
    assert len(lines) <= -(-len(text) // 14)  # each line at least 20 - the look-back window


def test_the_greedy_breaker_prefers_word_ends() -> None:
    lines = break_title("示例镇总工会" * 40, 20)
    assert all(line.endswith("工会") or line is lines[-1] for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "中共城南街道幸福里社区委员会关于申报“党建引领，凝聚群众力量”党建品牌的请示",
        "关于转发《中共中山市委组织部关于开展2024年度党建品牌创建活动的通知》的通知",
        "坦洲镇（人大、工会）联合党支部关于〔2024〕年度“红色驿站”建设情况的报告",
    ],
)
def test_no_title_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text: str) -> None:
    for width in (12, 16, 20):
        lines = break_title(text, width)
        assert "".join(lines) == text
        for line in lines:
            assert line[0] not in "，。、；：）》”’〕】", (width, lines)
            assert line[-1] not in "（《“‘〔【", (width, lines)
