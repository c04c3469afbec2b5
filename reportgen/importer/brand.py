"""Reading a brand submission: its labelled parts mapped onto brand name, meaning and achievements."""

from __future__ import annotations

import re
from typing import Any

from .blocks import Block, item_text, item_value
from .result import Imported

# Labelled parts of a brand submission: heading text → field.
_PART_NAMES = {
    "name": re.compile(r"^(党建)?品牌名称|^名称$"),
    "meaning": re.compile(
        r"^(党建)?品牌(内涵|理念|释义|简介|概况|介绍|寓意|背景)|^品牌标识及释义|^品牌标识|^内涵"
        r"|^(创建|品牌)?(背景|理念|释义|寓意|简介|概况)$"
    ),
    "achievements": re.compile(
        r"创建成效|工作成效|主要做法|主要成效|特色做法|创建举措|经验做法|成效|做法|举措|特色|经验|亮点|成果"
    ),
}
# A brand named in quotes just before 品牌: 打造“邻里红帮”党建品牌.
_QUOTED_BRAND = re.compile(r"[“「\"]([^”」\"“「]{2,16})[”」\"](?:党建|服务|特色)?品牌")
_DEFAULT_PARTS = {"name": "品牌名称", "meaning": "品牌内涵", "achievements": "党建品牌创建成效"}


def _parts(blocks: list[Block], imported: Imported) -> list[tuple[str, Block, list[Block]]]:
    """The text cut at its first-level headings: (field, heading, content) per part."""
    parts: list[tuple[str, Block, list[Block]]] = []
    current: list[Block] | None = None
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            field_name = next((k for k, rx in _PART_NAMES.items() if rx.search(block.text)), "")
            current = []
            parts.append((field_name, block, current))
        elif current is not None:
            current.append(block)
        else:
            imported.notes.append(f"第{block.line}行：第一部分之前的文字已并入品牌内涵")
            parts.append(("meaning", Block("heading", "", block.line), [block]))
    return parts


def quoted_brand(title: str, blocks: list[Block]) -> str:
    """The brand named in quotes beside 品牌 in the title or the text, or ""."""
    for text in [title, *(b.text for b in blocks)]:
        m = _QUOTED_BRAND.search(text)
        if m:
            return m.group(1)
    return ""


def _unquoted(name: str) -> str:
    m = re.fullmatch(r"[“「\"]([^”」\"“「]+)[”」\"]", name.strip())
    return m.group(1) if m else name.strip()


def _name_part(
    heading: Block,
    content: list[Block],
    brand: dict[str, str],
    custom: dict[str, str],
    meaning: list[str],
    imported: Imported,
) -> None:
    """品牌名称：X on the label line, or the first paragraph under the label."""
    text = heading.text
    inline = re.split(r"[：:]", text, maxsplit=1)
    if len(inline) == 2 and inline[1].strip():
        brand["name"] = inline[1].strip()
        text = inline[0]
    elif content:
        brand["name"] = content[0].text
        extra = [b.text for b in content[1:]]
        if extra:
            imported.notes.append(
                f"第{heading.line}行：品牌名称下有多段，第一段作名称，其余并入品牌内涵"
            )
            meaning.extend(extra)
    if text and text != _DEFAULT_PARTS["name"]:
        custom["name"] = text


def read_brand(
    blocks: list[Block], data: dict[str, Any], imported: Imported, title: str = ""
) -> bool:
    """Map labelled parts onto a brand submission; False when the text has no 品牌名称 part."""
    parts = _parts(blocks, imported)
    quoted = ""
    if not any(name == "name" for name, _, _ in parts):
        # No 品牌名称 part: a brand text all the same when its other parts are labelled as a
        # brand's and the brand is named in quotes beside the word 品牌.
        labelled = any(name and heading.text for name, heading, _ in parts)
        quoted = quoted_brand(title, blocks)
        if not (labelled and quoted):
            return False
    brand: dict[str, str] = {}
    achievements: list[dict[str, Any]] = []
    custom: dict[str, str] = {}
    meaning: list[str] = []
    for name, heading, content in parts:
        if name == "name":
            _name_part(heading, content, brand, custom, meaning, imported)
        elif name == "meaning":
            if heading.text and meaning and _PART_NAMES["meaning"].search(heading.text):
                imported.notes.append(f"第{heading.line}行：“{heading.text}”部分并入品牌内涵")
                imported.comment(("brand", "meaning"), f"含原“{heading.text}”部分的内容，请核对")
            elif heading.text and heading.text != _DEFAULT_PARTS["meaning"]:
                custom["meaning"] = heading.text
            meaning.extend(b.text for b in content)
        else:
            if name != "achievements":
                imported.notes.append(
                    f"第{heading.line}行：未识别的部分“{heading.text}”按创建成效处理"
                )
                imported.comment(
                    ("achievements",), f"原文“{heading.text}”部分未识别，按创建成效导入，请核对"
                )
            achievements.extend(_achievement_part(heading, content, custom, achievements, imported))
    if quoted and "name" not in brand:
        brand["name"] = quoted
        imported.notes.append(f"原文没有“品牌名称”部分，品牌名称取引号中的“{quoted}”")
        imported.comment(("brand", "name"), "原文没有“品牌名称”部分，名称取自正文引号，请核对")
    if "name" not in brand or not brand["name"]:
        return False
    brand["name"] = _unquoted(brand["name"])
    brand["meaning"] = "\n\n".join(meaning) or "（待填写）"
    if not meaning:
        imported.comment(("brand", "meaning"), "原文没有品牌内涵，请填写")
    data["kind"] = "brand-submission"
    data["brand"] = brand
    data["achievements"] = achievements
    if custom:
        data["parts"] = {**_DEFAULT_PARTS, **custom}
    return True


def _achievement_part(
    heading: Block,
    content: list[Block],
    custom: dict[str, str],
    achievements: list[dict[str, Any]],
    imported: Imported,
) -> list[dict[str, Any]]:
    """One part of achievements: its （一） sections, or itself as one section under its label."""
    levels = [b.level for b in content if b.kind == "heading"]
    if heading.text and not levels:
        # 主要做法 / 工作成效 without （一） headings: each label heads one achievement.
        section = _achievements(content, imported, heading, heading.text)
        return section
    if "achievements" in custom or achievements:
        imported.comment(("achievements",), f"原文“{heading.text}”部分也并入了创建成效")
    elif heading.text != _DEFAULT_PARTS["achievements"]:
        custom["achievements"] = heading.text
    # The part's first sub-level heads its achievements: （一）, or 1. when （一） is skipped.
    return _achievements(content, imported, heading, level=min(levels) if levels else 2)


def _achievements(
    content: list[Block], imported: Imported, part: Block, heading: str = "", level: int = 2
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    if heading:
        current = {"heading": heading, "body": [], "items": []}
        out.append(current)
    for block in content:
        if block.kind == "heading" and block.level == level:
            current = {"heading": block.text, "body": [], "items": []}
            out.append(current)
            continue
        if current is None:
            current = {"heading": "（待填写小标题）", "body": [], "items": []}
            out.append(current)
            imported.notes.append(
                f"第{block.line}行：创建成效下没有（一）小标题，已建一个待填写的小标题"
            )
            imported.comment(
                ("achievements", len(out) - 1, "heading"), "原文没有这个小标题，请填写"
            )
        if block.kind == "heading":
            # Deeper headings have no place in an achievement; keep them as their own paragraph.
            current["body"].append(block.text)
            imported.notes.append(f"第{block.line}行：创建成效中的第{block.level}级标题保留为段落")
        elif block.kind == "item":
            current["items"].append(item_value(block))
        elif current["items"]:
            current["body"].extend(item_text(i, n) for n, i in enumerate(current["items"], 1))
            current["items"] = []
            current["body"].append(block.text)
            imported.notes.append(f"第{block.line}行：条目之后还有段落，条目按原文保留为段落")
        else:
            current["body"].append(block.text)
    for a in out:
        if not a["body"]:
            del a["body"]
        if not a["items"]:
            del a["items"]
    return out
