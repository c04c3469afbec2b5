"""Unnumbered section labels (品牌内涵, 主要做法, 品牌名称：) and enumerations run into one paragraph."""

from __future__ import annotations

import re

# Words that make a short line a section label, not a sentence.
LABEL_WORDS = (
    "名称|内涵|释义|标识|介绍|简介|概况|理念|寓意|做法|举措|成效|背景|特色|经验|亮点|成果|"
    "主要工作|工作情况|基本情况|存在问题|存在的问题|问题和不足|打算|思路|下一步|措施"
)
LABEL_WORD = re.compile(LABEL_WORDS)
_LABEL = re.compile(
    f"^[^。，；！？、,;!?：:]{{0,10}}(?:{LABEL_WORDS})[^。，；！？、,;!?：:]{{0,6}}[：:]?$"
)
_NAME_INLINE = re.compile(r"^(?:党建)?品牌名称\s*[：:]\s*\S")
_CN = "一二三四五六七八九十"
_ORDINAL = re.compile(f"(?:^|(?<=[。；，：！？;,:!?]))([{_CN}]{{1,3}})是")


def label_text(text: str) -> str | None:
    """The label of a line that stands alone as an unnumbered section label, else None."""
    if len(text) > 16 or _NAME_INLINE.match(text):
        return text if _NAME_INLINE.match(text) and len(text) <= 40 else None
    if _LABEL.match(text):
        return text.rstrip("：:").strip()
    return None


def _numeral(text: str) -> int:
    digits = {c: i for i, c in enumerate(_CN, start=1)}
    if len(text) == 1:
        return digits.get(text, 0)
    if text[0] == "十":
        return 10 + digits.get(text[1:], 0)
    return digits.get(text[0], 0) * 10 + (digits.get(text[2:], 0) if len(text) > 2 else 0)


def split_enumeration(text: str) -> tuple[str, list[str]] | None:
    """``intro 一是……。二是……。`` → (intro, [item, item]) when the ordinals run 一, 二, … in order."""
    marks = list(_ORDINAL.finditer(text))
    chain: list[re.Match[str]] = []
    for m in marks:
        if _numeral(m.group(1)) == len(chain) + 1:
            chain.append(m)
    if len(chain) < 2:
        return None
    intro = text[: chain[0].start()].strip()
    items = []
    for m, nxt in zip(chain, [*chain[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        items.append(text[m.end() : end].strip())
    if any(not i for i in items):
        return None
    return intro, items
