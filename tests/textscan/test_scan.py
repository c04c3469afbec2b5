"""Text detectors: each bad snippet is found at the right offset with the right code and fix."""

from __future__ import annotations

import pytest

from reportgen.textscan import HEADING, ITEM, PARAGRAPH, Detector, Hit, scan

# (text, extra detectors, code, the fragment the hit starts at, the fixed text or None)
FOUND: list[tuple[str, tuple[Detector, ...], str, str, str | None]] = [
    # RG101 half-width punctuation among hanzi
    ("党建引领,凝聚群众力量", (), "RG101", ",", "党建引领，凝聚群众力量"),
    ("完成率达93.3%;其中规上", (), "RG101", ";", "完成率达93.3%；其中规上"),
    ("说明: 见附件", (), "RG101", ":", "说明：见附件"),
    ("中山咸水歌(坦洲)文化", (), "RG101", "(", "中山咸水歌（坦洲）文化"),
    ("这是为什么?", (), "RG101", "?", "这是为什么？"),
    ("工作很好.明天继续", (), "RG101", ".", "工作很好。明天继续"),
    ("“堡垒”,再出发", (), "RG101", ",", "“堡垒”，再出发"),
    # RG102 pairs
    ("建强“堡垒，再出发", (), "RG102", "“", None),
    ("“引号‘嵌套”错’", (), "RG102", "‘", None),
    ("见《通知〉", (), "RG102", "《", None),
    # RG103 straight quotes (paired, so fixable)
    ('建强"堡垒"工程', (), "RG103", '"', "建强“堡垒”工程"),
    # RG104 doubled marks
    ("统一。。二是", (), "RG104", "。。", "统一。二是"),
    ("学习，，思考", (), "RG104", "，，", "学习，思考"),
    # RG105 corner brackets
    ("办好「实事」", (), "RG105", "「", "办好“实事”"),
    # RG106 dashes
    ("党建――引领", (), "RG106", "――", "党建——引领"),
    ("党建\u2013引领", (), "RG106", "\u2013", "党建——引领"),
    ("党建—引领", (), "RG106", "—", "党建——引领"),
    # RG107 heading ends (with the heading detectors)
    ("坚持党建引领。", HEADING, "RG107", "。", "坚持党建引领"),
    # RG108 ellipsis
    ("学习强国...等平台", (), "RG108", "...", "学习强国……等平台"),
    # RG110 space between hanzi (a wrapped plain YAML line)
    ("目前新建 基层工会", (), "RG110", " ", "目前新建基层工会"),
    # RG201 leftovers
    ("XX镇总工会", (), "RG201", "XX", None),
    ("××同志", (), "RG201", "××", None),
    ("ＸＸ单位", (), "RG201", "ＸＸ", None),
    ("联系人某某", (), "RG201", "某某", None),
    ("共□□家", (), "RG201", "□□", None),
    ("数据待补充", (), "RG201", "待补充", None),
    ("TODO 补数据", (), "RG201", "TODO", None),
    # RG202 pinyin
    ("黨建引领(lǐng)凝聚", (), "RG202", "(lǐng)", None),
    ("品牌内（nèi）涵", (), "RG202", "（nèi）", "品牌内涵"),
    # RG203 mojibake
    ("?。ㄒ唬﹫?jiān)持党建引领", (), "RG203", "?。ㄒ唬﹫?", None),
    ("知、信、行统一?! ", (), "RG203", "?", None),
    ("坚?持", (), "RG203", "?", None),
    ("锟斤拷烫烫烫", (), "RG203", "锟斤拷", None),
    ("文字\ufffd出错", (), "RG203", "\ufffd", None),
    # RG204 HTML entities
    ("统一。&nbsp;", (), "RG204", "&nbsp;", "统一。"),
    ("统一。?nbsp;", (), "RG204", "?nbsp;", "统一。"),
    ("工会&amp;人大", (), "RG204", "&amp;", "工会&人大"),
    # RG205 invisible characters
    ("党建\u200b引领", (), "RG205", "\u200b", "党建引领"),
    ("党建\u00a0引领", (), "RG205", "\u00a0", "党建引领"),
    ("党建\ufeff引领", (), "RG205", "\ufeff", "党建引领"),
    # RG206 full-width spaces
    ("\u3000\u3000党的力量在群众", (), "RG206", "\u3000\u3000", "党的力量在群众"),
    # RG207 traditional characters
    ("黨建引领", (), "RG207", "黨", "党建引领"),
    ("坚持黨建引領", (), "RG207", "黨", "坚持党建引领"),
    # RG301 typed numbers in headings and items
    ("一、坚持党建引领", HEADING, "RG301", "一、", "坚持党建引领"),
    ("（一）加强组织建设", HEADING, "RG301", "（一）", "加强组织建设"),
    ("(1)加强组织建设", HEADING, "RG301", "(1)", "加强组织建设"),
    ("（一）、强化组织领导", HEADING, "RG301", "（一）、", "强化组织领导"),
    ("(2).完善制度", HEADING, "RG301", "(2).", "完善制度"),
    ("1. 加强组织建设", HEADING, "RG301", "1. ", "加强组织建设"),
    ("1、加强组织建设", HEADING, "RG301", "1、", "加强组织建设"),
    ("一是坚持不懈抓好理论武装。", ITEM, "RG301", "一是", "坚持不懈抓好理论武装。"),
    # RG302 numbered paragraph
    ("（一）加强组织建设，促进共融。", PARAGRAPH, "RG302", "（一）", None),
    # RG503/RG504 dates in prose
    ("2024年01月05日召开", (), "RG503", "0", "2024年1月5日召开"),
    ("于2024-12-01召开", (), "RG503", "2024-12-01", "于2024年12月1日召开"),
    ("2024年2月30日召开", (), "RG504", "2024年2月30日", None),
]


def _apply(text: str, hits: list[Hit]) -> str:
    out = text
    edits = [e for hit in hits for e in hit.edits]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.new + out[edit.end :]
    return out


@pytest.mark.parametrize(("text", "extra", "code", "fragment", "fixed"), FOUND)
def test_found(
    text: str, extra: tuple[Detector, ...], code: str, fragment: str, fixed: str | None
) -> None:
    hits = [h for h in scan(text, extra) if h.code == code]
    assert hits, f"{code} not found in {text!r}: {scan(text, extra)}"
    hit = hits[0]
    assert text[hit.start :].startswith(fragment), (text[hit.start :], fragment)
    assert hit.message
    if fixed is None:
        assert not hit.edits or code in ("RG202",)
    else:
        assert hit.edits and hit.fix
        assert _apply(text, hits) == fixed


# Text a careful reviewer would leave alone.
CLEAN: list[tuple[str, tuple[Detector, ...]]] = [
    ("党的力量在群众，群众的力量在组织。", ()),
    ("新发展会员1,461人，会议于9:30开始。", ()),
    ("覆盖基层工会424家，工会会员4.2万人。", ()),
    ("登录 www.example.com 查询", ()),
    ("建强“堡垒”，办好“实事”（共13人）。", ()),
    ("“四位一体”学习机制——关键少数带头学。", ()),
    ("学习强国……等平台", ()),
    ("2025年工作打算", HEADING),
    ("十分重视基层工会建设", ITEM),
    ("一是部分企业作用发挥不够；二是服务跟进有差距。", PARAGRAPH),
    ("累计开展主题宣讲4场次，覆盖职工200人次。", ()),
    ("新业态、新就业形态劳动者（快递员、网约配送员）入会。", ()),
    ("你好吗?", ()),  # only the ASCII question mark (RG101) — checked below
    ("AB-CD 型号 2023\u20132024", ()),
    ("著名劳模", ()),
    ("{new_unions}家，完成率达{new_unions.rate}；", ()),
    ("2024年12月1日", ()),
]


@pytest.mark.parametrize(("text", "extra"), CLEAN)
def test_clean(text: str, extra: tuple[Detector, ...]) -> None:
    hits = scan(text, extra)
    if text == "你好吗?":
        assert [h.code for h in hits] == ["RG101"]
    else:
        assert hits == []


def test_mojibake_wins_over_punctuation() -> None:
    """A garbled stretch is one finding, not also stray punctuation or pinyin."""
    text = "?。ㄒ唬﹫?jiān)持黨建"
    codes = [h.code for h in scan(text)]
    assert codes.count("RG203") == 1
    assert "RG101" not in codes and "RG202" not in codes
    assert "RG207" in codes  # the traditional 黨 after it is still reported
