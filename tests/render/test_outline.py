"""The outline: the numbered document as indented plain text for a terminal."""

from __future__ import annotations

import pytest

from reportgen.pipeline import prepare
from reportgen.render.outline import COLUMNS, columns, outline_lines
from tests.conftest import INPUTS
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


def test_official_outline_shows_header_and_imprint() -> None:
    """A 公文's outline starts with its 版头 (number and 签发人 on one line) and ends with its 版记."""
    tree = prepare(INPUTS / "gongwen" / "tanzhou-report-2024.yaml").tree
    lines = outline_lines(tree)
    assert lines[:3] == ["000016", "秘密★1年", "加急"]
    assert lines[3].strip() == "坦洲镇人民代表大会坦洲镇总工会文件"
    assert lines[4].startswith("坦人〔2024〕7号") and lines[4].endswith(
        "签发人：黄建国\u3000陈志远"
    )
    assert lines[-1].startswith("坦洲镇人大办公室") and lines[-1].endswith("2024年12月17日印发")
    assert lines[-2] == "抄送：中山市总工会，坦洲镇党委办公室。"
