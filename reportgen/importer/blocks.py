"""Classifying paragraphs as headings (by their typed numbers), 一是 items and plain paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .result import Imported, Para

_CN = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS = (
    (1, re.compile(f"^([{_CN}]+)\\s*[、．.，,]\\s*")),
    (2, re.compile(f"^[（(]\\s*([{_CN}]+)\\s*[）)]\\s*[、．.]?\\s*")),
    (3, re.compile(r"^([0-9]{1,2})\s*(?:[、．]|\.(?![0-9]))\s*")),
    (4, re.compile(r"^[（(]\s*([0-9]{1,2})\s*[）)]\s*[、．.]?\s*")),
)
ITEM = re.compile(f"^([{_CN}]+)是")
SENTENCE_END = "。！？"


@dataclass
class Block:
    kind: str  # "heading", "item", "para"
    text: str
    line: int
    level: int = 0
    lead: str = ""


def strip_number(text: str, level: int | None = None) -> tuple[int, str] | None:
    for lvl, pattern in _HEADING_PATTERNS:
        if level is not None and lvl != level:
            continue
        m = pattern.match(text)
        if m and text[m.end() :].strip():
            return lvl, text[m.end() :].strip()
    return None


def _is_heading_text(text: str) -> bool:
    """A heading is a phrase, not a paragraph: short, and not ending like a sentence."""
    return len(text) <= 40 and text[-1:] not in "。；;：:"


def _split_glued_item(text: str) -> tuple[str, str] | None:
    """A heading whose following 一是 lost its line break: （三）办好“实事”一是积极…。"""
    m = re.search(r"(?<=[^\s统唯其专划同单])一是(?=[\u4e00-\u9fff“])", text)
    if m and m.start() <= 40 and not any(c in text[: m.start()] for c in SENTENCE_END):
        return text[: m.start()], text[m.start() :]
    return None


def classify(paras: list[Para], imported: Imported) -> list[Block]:
    blocks: list[Block] = []
    for p in paras:
        text = p.text.strip()
        if p.role == "heading" and p.level:
            stripped = strip_number(text, p.level) or strip_number(text)
            blocks.append(Block("heading", stripped[1] if stripped else text, p.line, p.level))
            continue
        item = ITEM.match(text)
        # Several 一是；二是 in one paragraph are a paragraph, not an item.
        inline = bool(re.search(f"[；;。][{_CN}]+是", text))
        if p.item is False or (p.item is None and inline):
            item = None
        if item and len(text) > item.end():
            body = text[item.end() :]
            lead = p.lead[item.end() :] if p.lead.startswith(item.group(0)) else ""
            blocks.append(Block("item", body, p.line, lead=lead))
            continue
        found = strip_number(text)
        if found:
            level, rest = found
            glued = _split_glued_item(rest)
            if glued:
                imported.notes.append(f"第{p.line}行：小标题后面接着“一是”，已拆成小标题和条目")
                blocks.append(Block("heading", glued[0], p.line, level))
                it = ITEM.match(glued[1])
                assert it is not None
                blocks.append(Block("item", glued[1][it.end() :], p.line))
                continue
            if _is_heading_text(rest):
                blocks.append(Block("heading", rest, p.line, level))
                continue
            # A standalone heading typed with a full stop: 2、推进重点领域治理。
            single = re.fullmatch(r"([^。；;]{2,40})[。；;]", rest)
            if single:
                blocks.append(Block("heading", single.group(1), p.line, level))
                imported.notes.append(f"第{p.line}行：小标题末尾的标点已去掉")
                continue
            # A run-in heading: 1.加强学习。全年开展…… → the first sentence is the heading.
            m = re.match(r"([^。；]{2,40})[。；](.+)", rest)
            if m and level >= 2:
                blocks.append(Block("heading", m.group(1), p.line, level))
                blocks.append(Block("para", m.group(2).strip(), p.line))
                imported.notes.append(f"第{p.line}行：标题与正文在同一段，已拆开")
                continue
        blocks.append(Block("para", text, p.line, lead=p.lead))
    return blocks


def item_value(block: Block) -> str | dict[str, str]:
    text = block.text.strip()
    if block.lead:
        return {"lead": block.lead, "text": text[len(block.lead) :].strip()}
    m = re.match(f"([^{SENTENCE_END}]{{2,30}}[{SENTENCE_END}])(.+)", text)
    if m and "，" not in m.group(1)[:6]:
        return {"lead": m.group(1), "text": m.group(2).strip()}
    return text


def item_text(item: str | dict[str, str], n: int) -> str:
    from ..model.numbering import item_ordinal

    if isinstance(item, str):
        return item_ordinal(n) + item
    return item_ordinal(n) + item["lead"] + item["text"]
