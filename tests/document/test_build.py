"""The document tree: numbering, metric figures and closing layout decided once, here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.document.build import build_tree, closing, paragraphs, text_width
from reportgen.document.tree import AttachmentNote, Closing, Heading, Paragraph, Recipient
from reportgen.model.validate import validate
from reportgen.source.loader import load
from tests.conftest import INPUTS, SAMPLE


def tree_of(path: Path):  # type: ignore[no-untyped-def]
    loaded = load(path)
    return build_tree(validate(loaded), loaded.positions)


def test_sample_structure() -> None:
    tree = tree_of(SAMPLE)
    assert tree.title.lines == ("坦洲镇人大、工会联合党支部", "党建品牌申报材料")
    headings = [(h.level, h.full_text) for h in tree.headings()]
    assert headings == [
        (1, "一、品牌名称"),
        (1, "二、品牌内涵"),
        (1, "三、党建品牌创建成效"),
        (2, "（一）坚持党建引领，建强“堡垒”"),
        (2, "（二）加强组织建设，促进“共融”"),
        (2, "（三）突出以人为本，办好“实事”"),
    ]
    items = [b for b in tree.blocks if isinstance(b, Paragraph) and b.kind == "item"]
    assert [p.text[:2] for p in items] == ["一是", "二是", "一是", "二是", "一是", "二是", "三是"]
    figures = items[2].text
    for rate in ("完成率达93.3%", "完成率达79.2%", "完成率达73.1%", "完成率达94.1%"):
        assert rate in figures
    assert items[0].runs[0].role == "lead" and items[0].runs[0].text == "一是坚持不懈抓好理论武装。"
    last = tree.blocks[-1]
    assert isinstance(last, Closing)
    assert (last.signature, last.date) == ("坦洲镇人大、工会联合党支部", "2024年12月1日")
    assert tree.meta.author == "坦洲镇人大、工会联合党支部"
    assert tree.meta.created.isoformat() == "2024-12-01T00:00:00+00:00"


def test_report_sample_numbers_four_levels() -> None:
    tree = tree_of(INPUTS / "shili-union-2024-summary.yaml")
    numbers = [h.number for h in tree.headings()]
    assert numbers[:6] == ["一、", "（一）", "（二）", "1.", "（1）", "（2）"]
    assert "2." in numbers and numbers.count("一、") == 1 and "三、" in numbers
    assert isinstance(tree.blocks[0], Recipient) and tree.blocks[0].text == "示例市总工会："
    note = next(b for b in tree.blocks if isinstance(b, AttachmentNote))
    assert note.lines[0] == "附件：1. 示例镇总工会2024年主要工作数据统计表"
    assert note.lines[1].startswith("\u3000\u3000\u30002. ")


@pytest.mark.parametrize(
    ("signature", "date", "sig_indent", "date_indent"),
    [
        # §7.3.5.2: signature ends 2 chars from the right, the date starts 2 chars right of it.
        ("坦洲镇人大、工会联合党支部", "2024年12月1日", 2.0, 6.5),
        # A date longer than the signature keeps the 2-char indent; the signature moves left.
        ("示例镇", "2024年12月20日", 8.0, 2.0),
        ("示例镇总工会", "", 2.0, 0.0),
    ],
)
def test_closing_indents(signature: str, date: str, sig_indent: float, date_indent: float) -> None:
    c = closing(signature, date)
    assert (c.signature_right_indent, c.date_right_indent) == (sig_indent, date_indent)
    if date:
        # The date starts two characters right of where the signature starts.
        sig_start = c.signature_right_indent + text_width(signature)
        date_start = c.date_right_indent + text_width(date)
        assert sig_start - date_start == 2.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一段。", ["一段。"]),
        ("第一段\n接着写。\n\n第二段。", ["第一段接着写。", "第二段。"]),
        ("GB/T\n9704 标准", ["GB/T 9704 标准"]),
        ("  \n\n  ", []),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


def test_default_title_and_explicit_breaks(write_input: Callable[..., Path]) -> None:
    base = """\
    kind: report
    organization: 示例镇
    title: "示例镇总工会\\n2024年工作总结"
    body: [一段。]
    """
    tree = tree_of(write_input(base))
    assert tree.title.lines == ("示例镇总工会", "2024年工作总结")
    assert isinstance(tree.blocks[0], Paragraph)


def test_custom_parts_and_plain_items(write_input: Callable[..., Path]) -> None:
    text = """\
    kind: brand-submission
    organization: 示例村党支部
    brand: {name: 红色引擎, meaning: "第一段。\\n\\n第二段。"}
    parts: {achievements: 主要成效}
    achievements:
      - heading: 建强阵地
        body: [先有一段。]
        items: [做法一。, {text: 只有正文。}]
    """
    tree = tree_of(write_input(text))
    headings = [h.full_text for h in tree.headings()]
    assert headings == ["一、品牌名称", "二、品牌内涵", "三、主要成效", "（一）建强阵地"]
    texts = [b.text for b in tree.blocks if isinstance(b, Paragraph)]
    assert texts == [
        "红色引擎",
        "第一段。",
        "第二段。",
        "先有一段。",
        "一是做法一。",
        "二是只有正文。",
    ]
    assert tree.title.text == "示例村党支部党建品牌申报材料"
    last = tree.blocks[-1]
    assert isinstance(last, Closing) and last.date == ""


def test_tree_locates_characters() -> None:
    tree = tree_of(SAMPLE)
    heading = next(b for b in tree.blocks if isinstance(b, Heading) and b.level == 2)
    loc = tree.locate(heading.origin, "堡")
    assert (loc.line, loc.col) == (11, 24)
    assert loc.file.endswith("tanzhou-2024.yaml")
