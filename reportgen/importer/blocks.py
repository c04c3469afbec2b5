"""Classifying paragraphs as headings (by their typed numbers), 一是 items and plain paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import label_text, split_enumeration
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
    kind: str  # "heading", "item", "para", "row" (of a table), "caption" (a table's 表题)
    text: str
    line: int
    level: int = 0
    lead: str = ""
    label: bool = False  # an unnumbered label line (品牌内涵, 主要做法)
    typed: str = ""  # a one-sentence numbered line as typed, kept if it turns out to be a list
    cells: tuple[str, ...] = ()  # a table row ("row"; rows of one table share ``line``)


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
        blocks.extend(_classify_one(p, imported))
    return _numbered_lists(blocks, imported)


def _classify_one(p: Para, imported: Imported) -> list[Block]:
    text = p.text.strip()
    if p.role == "table":
        return [Block("row", text, p.line, cells=p.cells)]
    if p.role == "table_caption":
        return [Block("caption", text, p.line)]
    if p.role == "heading" and p.level:
        stripped = strip_number(text, p.level) or strip_number(text)
        return [Block("heading", stripped[1] if stripped else text, p.line, p.level)]
    if p.item is not False and not p.lead:
        enumeration = split_enumeration(text)
        if enumeration:
            intro, items = enumeration
            out = [Block("para", intro, p.line)] if intro else []
            if intro:
                imported.notes.append(f"第{p.line}行：段落中的“一是、二是……”已拆成引语和条目")
            return out + [Block("item", item, p.line) for item in items]
    item = ITEM.match(text)
    if p.item is False:
        item = None
    if item and len(text) > item.end():
        body = text[item.end() :]
        lead = p.lead[item.end() :] if p.lead.startswith(item.group(0)) else ""
        return [Block("item", body, p.line, lead=lead)]
    found = strip_number(text)
    if found:
        numbered = _numbered(found[0], found[1], p, imported)
        if numbered:
            return numbered
    elif not p.role and label_text(text):
        return [Block("heading", label_text(text) or text, p.line, 1, label=True)]
    return [Block("para", text, p.line, lead=p.lead)]


def _numbered(level: int, rest: str, p: Para, imported: Imported) -> list[Block]:
    """A paragraph with a typed heading number: a heading, perhaps with its text run in."""
    glued = _split_glued_item(rest)
    if glued:
        imported.notes.append(f"第{p.line}行：小标题后面接着“一是”，已拆成小标题和条目")
        it = ITEM.match(glued[1])
        assert it is not None
        return [
            Block("heading", glued[0], p.line, level),
            Block("item", glued[1][it.end() :], p.line),
        ]
    if _is_heading_text(rest):
        return [Block("heading", rest, p.line, level)]
    # A standalone heading typed with a full stop: 2、推进重点领域治理。
    single = re.fullmatch(r"([^。；;]{2,40})[。；;]", rest)
    if single:
        imported.notes.append(f"第{p.line}行：小标题末尾的标点已去掉")
        return [Block("heading", single.group(1), p.line, level, typed=p.text.strip())]
    # A run-in heading: 1.加强学习。全年开展…… → the first sentence is the heading.
    m = re.match(r"([^。；]{2,40})[。；](.+)", rest)
    if m and level >= 2:
        imported.notes.append(f"第{p.line}行：标题与正文在同一段，已拆开")
        return [
            Block("heading", m.group(1), p.line, level),
            Block("para", m.group(2).strip(), p.line),
        ]
    return []


def _numbered_lists(blocks: list[Block], imported: Imported) -> list[Block]:
    """Two or more numbered one-sentence lines with no text between them and nothing under the
    last are a numbered list, not headings: they stay paragraphs as typed, full stop included."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].typed and blocks[j].level == blocks[i].level:
            j += 1
        after = blocks[j] if j < len(blocks) else None
        if j - i >= 2 and (
            after is None or (after.kind == "heading" and after.level < blocks[i].level)
        ):
            imported.notes.append(
                f"第{blocks[i].line}行起：带编号的单句列表保留为段落（含句末标点）"
            )
            out.extend(Block("para", b.typed, b.line) for b in blocks[i:j])
            i = j
            continue
        out.append(blocks[i])
        i += 1
    return out


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
