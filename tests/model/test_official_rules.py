"""GB/T 9704 rules of the 公文 kinds: each bad input gets file:line:col and a Chinese message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.model.official import Notice, Request
from reportgen.model.official_rules import DOC_NUMBER
from reportgen.model.validate import validate
from reportgen.source.loader import load

GOOD = """\
kind: request
header:
  issuer: 坦洲镇总工会
  number: 坦工〔2024〕18号
  signers: [陈志远]
title: 关于申报党建品牌的请示
recipient: 中山市总工会
body:
  - 拟申报市级党建品牌，申报材料见附件1。
  - 妥否，请批示。
attachments:
  - name: 党建品牌申报材料
    body:
      - 党建引领，凝聚群众力量。
organization: 坦洲镇总工会
date: 2024-12-10
imprint:
  copy_to: [坦洲镇党委办公室]
  printed_by: 坦洲镇总工会办公室
  printed_on: 2024-12-10
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        validate(load(path))
    return info.value.lines()


def test_good_request_validates(write_input: Callable[..., Path]) -> None:
    model = validate(load(write_input(GOOD)))
    assert isinstance(model, Request)
    assert model.header is not None and model.header.signers == ["陈志远"]


def test_notice_without_signers_validates(write_input: Callable[..., Path]) -> None:
    text = GOOD.replace("kind: request", "kind: notice").replace("  signers: [陈志远]\n", "")
    assert isinstance(validate(load(write_input(text))), Notice)


# (description, replace this, with that, expected fragments of the one reported line)
CASES = [
    (
        "square brackets in 发文字号",
        "坦工〔2024〕18号",
        "坦工[2024]18号",
        ["input.yaml:4:13:", "header.number（发文字号）", "六角括号〔〕", "“[”"],
    ),
    (
        "lenticular brackets in 发文字号",
        "坦工〔2024〕18号",
        "坦工【2024】18号",
        ["input.yaml:4:13:", "header.number（发文字号）", "“【”"],
    ),
    (
        "round brackets in 发文字号",
        "坦工〔2024〕18号",
        "坦工（2024）18号",
        ["input.yaml:4:13:", "header.number（发文字号）", "“（”"],
    ),
    (
        "two-digit year",
        "坦工〔2024〕18号",
        "坦工〔24〕18号",
        ["input.yaml:4:14:", "header.number（发文字号）", "年份应写全 4 位"],
    ),
    (
        "第 before the sequence",
        "坦工〔2024〕18号",
        "坦工〔2024〕第18号",
        ["input.yaml:4:19:", "header.number（发文字号）", "不加“第”"],
    ),
    (
        "虚位 in the sequence",
        "坦工〔2024〕18号",
        "坦工〔2024〕018号",
        ["input.yaml:4:19:", "header.number（发文字号）", "不编虚位"],
    ),
    (
        "missing 号",
        "坦工〔2024〕18号",
        "坦工〔2024〕18",
        ["input.yaml:4:11:", "header.number（发文字号）", "以“号”结尾"],
    ),
    (
        "发文字号 missing",
        "  number: 坦工〔2024〕18号\n",
        "",
        ["input.yaml:3:3:", "header（版头）", "须有发文字号"],
    ),
    (
        "密级 without 份号",
        "  signers: [陈志远]",
        "  signers: [陈志远]\n  secrecy: 机密★1年",
        ["input.yaml:6:12:", "header.secrecy（密级和保密期限）", "必须标注份号"],
    ),
    (
        "份号 not six digits",
        "  signers: [陈志远]",
        "  signers: [陈志远]\n  copy_number: '123'",
        ["input.yaml:6:16:", "header.copy_number（份号）", "6 位阿拉伯数字"],
    ),
    (
        "unknown 密级",
        "  signers: [陈志远]",
        "  signers: [陈志远]\n  copy_number: '000001'\n  secrecy: 内部",
        ["input.yaml:7:12:", "header.secrecy（密级和保密期限）", "绝密、机密 或 秘密"],
    ),
    (
        "请示 without 签发人",
        "  signers: [陈志远]\n",
        "",
        ["input.yaml:3:3:", "header（版头）", "上行文", "签发人"],
    ),
    (
        "签发人 on a 通知",
        "kind: request",
        "kind: notice",
        ["input.yaml:5:12:", "header.signers（签发人）", "只标注在上行文", "通知不标注"],
    ),
    (
        "请示 without 主送机关",
        "recipient: 中山市总工会\n",
        "",
        ["input.yaml:6:8:", "title", "须有主送机关"],
    ),
    (
        "请示 to several organs",
        "recipient: 中山市总工会",
        "recipient: 中山市总工会、中山市委组织部",
        ["input.yaml:7:18:", "recipient（主送机关）", "只主送一个上级机关"],
    ),
    (
        "报告 without 主送机关",
        "kind: request\n",
        "kind: official-report\n",
        None,  # valid: the same input as a 报告 keeps its recipient
    ),
    (
        "版记 printed before 成文日期",
        "  printed_on: 2024-12-10",
        "  printed_on: 2024-12-09",
        ["input.yaml:20:15:", "imprint.printed_on（印发日期）", "早于成文日期"],
    ),
    (
        "印发机关 without 印发日期",
        "  printed_on: 2024-12-10\n",
        "",
        ["input.yaml:19:15:", "imprint.printed_by（印发机关）", "须同时标注", "printed_on"],
    ),
    (
        "attachment title differs from its name",
        "  - name: 党建品牌申报材料\n",
        "  - name: 党建品牌申报材料\n    title: 党建品牌申报书\n",
        ["input.yaml:13:12:", "attachments[0].title", "与附件说明中的名称", "不一致"],
    ),
    (
        "body cites an attachment not given",
        "申报材料见附件1。",
        "申报材料见附件2。",
        ["input.yaml:9:20:", "body[0]", "“附件2”", "只有 1 个附件"],
    ),
    (
        "the same attachment twice",
        "      - 党建引领，凝聚群众力量。\n",
        "      - 党建引领，凝聚群众力量。\n  - 党建品牌申报材料\n",
        ["input.yaml:15:5:", "attachments[1]", "重复"],
    ),
    (
        "成文日期 missing",
        "date: 2024-12-10\n",
        "",
        ["input.yaml:6:8:", "title", "须有成文日期"],
    ),
    (
        "版头 missing",
        "header:\n  issuer: 坦洲镇总工会\n  number: 坦工〔2024〕18号\n  signers: [陈志远]\n",
        "",
        ["input.yaml:2:8:", "title", "须有版头"],
    ),
    (
        "unknown 紧急程度",
        "  signers: [陈志远]",
        "  signers: [陈志远]\n  urgency: 急",
        ["input.yaml:6:12:", "header.urgency（紧急程度）", "特急", "加急"],
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(
    write_input: Callable[..., Path],
    name: str,
    old: str,
    new: str,
    fragments: list[str] | None,
) -> None:
    assert old in GOOD
    path = write_input(GOOD.replace(old, new))
    if fragments is None:
        validate(load(path))
        return
    lines = problems_of(path)
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_every_problem_at_once(write_input: Callable[..., Path]) -> None:
    text = (
        GOOD.replace("坦工〔2024〕18号", "坦工[2024]18号")
        .replace("recipient: 中山市总工会", "recipient: 甲局、乙局")
        .replace("  printed_on: 2024-12-10", "  printed_on: 2024-12-01")
    )
    lines = problems_of(write_input(text))
    where = [line.split(": ")[0].rsplit("/", 1)[-1] for line in lines]
    assert where == ["input.yaml:4:13", "input.yaml:7:14", "input.yaml:20:15"]


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("坦工〔2024〕18号", True),
        ("国办发〔2012〕1号", True),
        ("坦工〔2024〕0号", False),
        ("坦工〔2024〕18", False),
        ("〔2024〕18号", False),
        ("坦工〔\uff12\uff10\uff12\uff14〕18号", False),  # full-width digits
    ],
)
def test_doc_number_shape(number: str, ok: bool) -> None:
    assert bool(DOC_NUMBER.match(number)) is ok


MINUTES = """\
kind: minutes
header:
  issuer: 坦洲镇总工会党组会议
  number: 第12期
title: 研究“送温暖”活动
body:
  - 会议同意活动方案。
attendees: [陈志远, 黄建国]
organization: 坦洲镇总工会办公室
date: 2024-12-18
"""


def test_minutes_number_is_an_issue_not_a_doc_number(write_input: Callable[..., Path]) -> None:
    model = validate(load(write_input(MINUTES)))
    assert model.kind == "minutes"


MINUTES_CASES = [
    (
        "纪要 with a 主送机关",
        "title: 研究“送温暖”活动\n",
        "title: 研究“送温暖”活动\nrecipient: 各基层工会\n",
        ["input.yaml:6:12:", "recipient（主送机关）", "纪要不标注主送机关"],
    ),
    (
        "纪要 sealed",
        "date: 2024-12-18\n",
        "date: 2024-12-18\nsealed: true\n",
        ["input.yaml:11:9:", "sealed", "纪要不加盖印章"],
    ),
    (
        "签发人 on a 纪要",
        "  number: 第12期\n",
        "  number: 第12期\n  signers: [陈志远]\n",
        ["input.yaml:5:12:", "header.signers（签发人）", "纪要不标注"],
    ),
]


LETTER = """\
kind: letter
header:
  issuer: 坦洲镇总工会
  number: 坦工函〔2024〕25号
title: 关于商请开展交流学习的函
recipient: 三乡镇总工会
body:
  - 我会拟组织人员到贵镇开展交流学习。
  - 盼复。
organization: 坦洲镇总工会
date: 2024-11-20
imprint:
  copy_to: [中山市总工会]
"""


def test_good_letter_validates(write_input: Callable[..., Path]) -> None:
    model = validate(load(write_input(LETTER)))
    assert model.kind == "letter"


LETTER_CASES = [
    (
        "函 without a 主送机关",
        "recipient: 三乡镇总工会\n",
        "",
        ["input.yaml:5:8:", "title: 函须有主送机关"],
    ),
    (
        "签发人 on a 函 (平行文)",
        "  number: 坦工函〔2024〕25号\n",
        "  number: 坦工函〔2024〕25号\n  signers: [陈志远]\n",
        ["input.yaml:5:12:", "header.signers（签发人）", "函不标注"],
    ),
    (
        "“文件” after a 函's 标志",
        "  issuer: 坦洲镇总工会\n",
        "  issuer: 坦洲镇总工会\n  issuer_suffix: 文件\n",
        ["input.yaml:4:18:", "header.issuer_suffix（标志后缀）", "不加“文件”"],
    ),
    (
        "joint 函 with two 标志",
        "  issuer: 坦洲镇总工会\n",
        "  issuer: [坦洲镇总工会, 坦洲镇妇联]\n",
        ["input.yaml:3:20:", "header.issuer[1]（发文机关标志）", "只标注主办机关的标志"],
    ),
    (
        "印发机关 in a 函's 版记",
        "  copy_to: [中山市总工会]\n",
        "  copy_to: [中山市总工会]\n  printed_by: 坦洲镇总工会办公室\n",
        ["input.yaml:14:15:", "imprint.printed_by（印发机关）", "函的版记不标注印发机关和印发日期"],
    ),
    (
        "印发日期 in a 函's 版记",
        "  copy_to: [中山市总工会]\n",
        "  copy_to: [中山市总工会]\n  printed_on: 2024-11-20\n",
        ["input.yaml:14:15:", "imprint.printed_on（印发日期）", "只标注抄送机关"],
    ),
]


# (base input, description, replace this, with that, expected fragments of the one line)
KIND_CASES = [(MINUTES, *c) for c in MINUTES_CASES] + [(LETTER, *c) for c in LETTER_CASES]


@pytest.mark.parametrize(
    ("base", "name", "old", "new", "fragments"), KIND_CASES, ids=[c[1] for c in KIND_CASES]
)
def test_bad_minutes_and_letters_are_located(
    write_input: Callable[..., Path], base: str, name: str, old: str, new: str, fragments: list[str]
) -> None:
    assert old in base
    lines = problems_of(write_input(base.replace(old, new)))
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
