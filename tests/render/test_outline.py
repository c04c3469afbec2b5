"""The outline: the numbered document as indented plain text for a terminal."""

from __future__ import annotations

import pytest

from reportgen.render.outline import COLUMNS, columns, outline_lines
from tests.document.test_tree import TREE


def test_outline_of_a_tree() -> None:
    lines = outline_lines(TREE)
    assert [line.strip() for line in lines] == [
        "示例镇总工会",
        "2024年工作总结",
        "",
        "镇党委：",
        "一、基本情况",
        "一是抓学习。全年学习12次。",
        "",
        "附件：1. 名单",
        "\u3000\u3000\u30002. 清单".strip(),
        "",
        "示例镇总工会",
        "2024年12月20日",
    ]
    # the title centred, paragraphs under their heading, the closing at its right indents
    assert (
        columns(lines[0]) - columns(lines[0].strip()) == (COLUMNS - 12) // 2
    )  # 6 hanzi, 12 columns
    assert lines[5] == "  一是抓学习。全年学习12次。"
    assert columns(lines[-2]) == COLUMNS - 2 * 2
    assert columns(lines[-1]) == COLUMNS - 1


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("党建", 4), ("１2", 3), ("", 0)])
def test_columns_count_wide_characters_twice(text: str, width: int) -> None:
    assert columns(text) == width
