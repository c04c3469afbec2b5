"""The 公文 tree: 版头, sealed and unsealed closings, 附注, 附件 pages and 版记, text final."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.document.official import sealed_closing, signer_rows
from reportgen.document.tree import (
    AttachmentNote,
    AttachmentPage,
    Attendance,
    Closing,
    Heading,
    Note,
    Paragraph,
    SealedClosing,
)
from reportgen.pipeline import prepare

from ..conftest import INPUTS

EXAMPLES = INPUTS / "gongwen"


def test_request_tree() -> None:
    tree = prepare(EXAMPLES / "tanzhou-request-2024.yaml").tree
    assert tree.masthead is not None
    assert tree.masthead.issuer_text == "坦洲镇总工会文件"
    assert tree.masthead.number == "坦工〔2024〕18号"
    assert tree.masthead.signer_rows == (("陈志远",),)
    kinds = [type(b).__name__ for b in tree.blocks]
    # 附件说明, then the sealed closing and 附注, then each bound attachment's page head
    note = kinds.index("AttachmentNote")
    assert kinds[note + 1 : note + 4] == ["SealedClosing", "Note", "AttachmentPage"]
    pages = [b for b in tree.blocks if isinstance(b, AttachmentPage)]
    assert [p.label for p in pages] == ["附件1", "附件2"]
    attachment_note = next(b for b in tree.blocks if isinstance(b, AttachmentNote))
    # §7.3.7: the title on the attachment page is the name in the 附件说明
    assert [p.title.text for p in pages] == [e[3:] for e in attachment_note.entries]
    assert next(b for b in tree.blocks if isinstance(b, Note)).text.startswith("（联系人")
    assert tree.imprint is not None
    assert tree.imprint.printed_on == "2024年12月10日印发"
    assert tree.imprint.copy_to == ""
    assert tree.meta.subject == "请示"


def test_report_tree_header_corner_and_joint_issuers() -> None:
    tree = prepare(EXAMPLES / "tanzhou-report-2024.yaml").tree
    assert tree.masthead is not None
    # §7.2.1-7.2.3: 份号, 密级, 紧急程度, top to bottom
    assert tree.masthead.corner == ("000016", "秘密★1年", "加急")
    assert tree.masthead.issuers == ("坦洲镇人民代表大会", "坦洲镇总工会")
    assert tree.masthead.signer_rows == (("黄建国", "陈志远"),)
    assert any(isinstance(b, Closing) for b in tree.blocks)  # not sealed: §7.3.5.2
    assert tree.imprint is not None
    assert tree.imprint.copy_to == "抄送：中山市总工会，坦洲镇党委办公室。"


def test_notice_tree_has_no_signers() -> None:
    tree = prepare(EXAMPLES / "tanzhou-notice-2024.yaml").tree
    assert tree.masthead is not None and tree.masthead.signer_rows == ()
    assert next(b for b in tree.blocks if isinstance(b, Note)).text == "（此件公开发布）"


@pytest.mark.parametrize(
    ("names", "rows"),
    [
        (["甲"], (("甲",),)),
        (["甲", "乙"], (("甲", "乙"),)),
        (["甲", "乙", "丙"], (("甲", "乙"), ("丙",))),
        ([], ()),
    ],
)
def test_signer_rows(names: list[str], rows: tuple[tuple[str, ...], ...]) -> None:
    assert signer_rows(names) == rows


@pytest.mark.parametrize(
    ("signature", "date", "sig_indent"),
    [
        ("坦洲镇总工会", "2024年12月10日", 4 + (7 - 6) / 2),  # digits are half a character
        ("坦洲镇人民代表大会常务委员会办公室", "2024年1月1日", 0.0),  # wider than the date
    ],
)
def test_sealed_closing_centres_signature_over_date(
    signature: str, date: str, sig_indent: float
) -> None:
    closing = sealed_closing(signature, date, "", ("organization",))
    assert isinstance(closing, SealedClosing)
    assert closing.date_right_indent == 4.0  # §7.3.5.1: 右空四字
    assert closing.signature_right_indent == pytest.approx(sig_indent)


def test_seal_image_is_resolved_beside_the_input(tmp_path: Path) -> None:
    text = (EXAMPLES / "tanzhou-notice-2024.yaml").read_text(encoding="utf-8")
    path = tmp_path / "notice.yaml"
    path.write_text(text.replace("sealed: true", "seal_image: seal.png"), encoding="utf-8")
    tree = prepare(path).tree
    closing = next(b for b in tree.blocks if isinstance(b, SealedClosing))
    assert closing.seal_image == str((tmp_path / "seal.png").resolve())


def test_minutes_tree() -> None:
    """§10.3: the 标志 is “×××纪要”; 出席, 请假, 列席 follow the body, the first a line below it."""
    tree = prepare(EXAMPLES / "tanzhou-minutes-2024.yaml").tree
    assert tree.masthead is not None
    assert tree.masthead.issuer_text == "坦洲镇总工会党组会议纪要"
    lists = [b for b in tree.blocks if isinstance(b, Attendance)]
    assert [(a.label, a.blank_before) for a in lists] == [
        ("出席：", True),
        ("请假：", False),
        ("列席：", False),
    ]
    assert lists[0].names == "陈志远、黄建国、李晓红、张伟民、刘海燕"
    assert [p.role for p in lists[0].pieces()] == ["attendance_label", "body"]


def test_attachment_filed_from_a_submission() -> None:
    """The 附件 from ../tanzhou-2024.yaml: an 附件 page, then the submission's own structure
    (一、 … 三、 with （一） … and 一是 …, figures filled in), without its 署名; the 请示's body
    cites the submission's metrics."""
    tree = prepare(EXAMPLES / "tanzhou-request-brand-2024.yaml").tree
    pages = [i for i, b in enumerate(tree.blocks) if isinstance(b, AttachmentPage)]
    assert len(pages) == 1
    page = tree.blocks[pages[0]]
    assert isinstance(page, AttachmentPage) and page.label == "附件"
    after = tree.blocks[pages[0] + 1 :]
    headings = [b.full_text for b in after if isinstance(b, Heading)]
    assert headings[:3] == ["一、品牌名称", "二、品牌内涵", "三、党建品牌创建成效"]
    assert headings[3] == "（一）坚持党建引领，建强“堡垒”"
    texts = [b.text for b in after if isinstance(b, Paragraph)]
    assert any("新建25人以上基层工会28家，完成率达93.3%" in t for t in texts)
    assert any(t.startswith("一是坚持不懈抓好理论武装。") for t in texts)
    assert not any(isinstance(b, (Closing, SealedClosing, AttachmentNote)) for b in after)
    assert all(b.origin[:3] == ("attachments", 0, "document") for b in after)
    located = tree.locate(after[1].origin)  # the brand's name, in the submission's file
    assert located.file.endswith("tanzhou-2024.yaml") and located.line == 7
    body = [b.text for b in tree.blocks[: pages[0]] if isinstance(b, Paragraph)]
    assert any("新建25人以上基层工会28家，完成年度目标的93.3%" in t for t in body)
