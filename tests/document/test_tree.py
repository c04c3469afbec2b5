"""The tree's one walk: every block's printed pieces, and the visitor every renderer implements."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.document.tree import (
    AttachmentNote,
    Block,
    Closing,
    DocumentTree,
    Heading,
    Meta,
    Paragraph,
    Recipient,
    Run,
    TextPiece,
    Title,
)

META = Meta("标题", "单位", "", "", dt.datetime(2024, 12, 20))
TITLE = Title(("示例镇总工会", "2024年工作总结"), ("title",))
CLOSING = Closing("示例镇总工会", "2024年12月20日", 2, 0.5, ("organization",))
BLOCKS: tuple[Block, ...] = (
    Recipient("镇党委：", ("recipient",)),
    Heading(1, "一、", "基本情况", ("body", 0)),
    Paragraph((Run("一是抓学习。", "lead"), Run("全年学习12次。")), "item", ("body", 1)),
    AttachmentNote("附件：", ("1. 名单", "2. 清单"), ("attachments",)),
    CLOSING,
)
TREE = DocumentTree("report", META, TITLE, BLOCKS)


@pytest.mark.parametrize(
    ("block", "pieces"),
    [
        (TITLE, [("title", "示例镇总工会"), ("title", "2024年工作总结")]),
        (BLOCKS[0], [("recipient", "镇党委：")]),
        (BLOCKS[1], [("heading1", "一、基本情况")]),
        (Heading(4, "（1）", "小项"), [("heading4", "（1）小项")]),
        (BLOCKS[2], [("body", "一是抓学习。全年学习12次。")]),
        (BLOCKS[3], [("attachment", "附件：1. 名单"), ("attachment", "\u3000\u3000\u30002. 清单")]),
        (CLOSING, [("signature", "示例镇总工会"), ("date", "2024年12月20日")]),
        (Closing("示例镇总工会", "", 2, 0), [("signature", "示例镇总工会")]),  # no date: one piece
    ],
)
def test_pieces_of_each_kind(block: Title | Block, pieces: list[tuple[str, str]]) -> None:
    assert [(p.role, p.text) for p in block.pieces()] == pieces
    assert all(p.origin == block.origin for p in block.pieces())


def test_tree_pieces_are_the_title_then_the_blocks_in_order() -> None:
    expected = [*TITLE.pieces()] + [p for b in BLOCKS for p in b.pieces()]
    assert list(TREE.pieces()) == expected
    assert TREE.text_lines() == [p.text for p in expected]
    assert TREE.text_lines()[-2:] == ["示例镇总工会", "2024年12月20日"]


class _Kinds:
    """A visitor naming what it was handed."""

    def title(self, block: Title) -> str:
        return "title"

    def recipient(self, block: Recipient) -> str:
        return "recipient"

    def heading(self, block: Heading) -> str:
        return f"heading{block.level}"

    def paragraph(self, block: Paragraph) -> str:
        return "paragraph"

    def attachment_note(self, block: AttachmentNote) -> str:
        return "attachment_note"

    def closing(self, block: Closing) -> str:
        return "closing"


def test_walk_hands_each_block_to_its_method_in_order() -> None:
    assert list(TREE.walk(_Kinds())) == [
        "title",
        "recipient",
        "heading1",
        "paragraph",
        "attachment_note",
        "closing",
    ]


def test_every_block_kind_has_accept_and_pieces() -> None:
    """A kind added to Block without its walk methods fails here (and in mypy)."""
    kinds = Block.__args__  # type: ignore[attr-defined]
    for kind in (Title, *kinds):
        assert callable(getattr(kind, "accept", None)), kind
        assert callable(getattr(kind, "pieces", None)), kind


def test_text_piece_is_a_value() -> None:
    assert TextPiece("body", "正文") == TextPiece("body", "正文", ())
