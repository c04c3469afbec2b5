"""Checks of the written text: the detectors that fit each field, blank values, repeated paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document.build import paragraphs
from ..errors import Location
from ..source.loader import PathKey, iter_strings
from ..textscan import HEADING, ITEM, PARAGRAPH, Detector, Edit, Hit, heading_end, scan
from .context import Context, get_path

_DATA_FIELDS = {"kind", "date", "year", "extends", "previous", "abstract", "checks", "template"}


def _attachment_name(path: PathKey) -> bool:
    """An attachment's name or title (a bound attachment's body is prose)."""
    return path[0] == "attachments" and (len(path) <= 2 or path[2] in ("name", "title"))


def _table_cell(path: PathKey) -> bool:
    """A cell or head of a table: short data, blank when a row has nothing to say there."""
    return "table" in path and any(step in ("rows", "columns") for step in path)


def _detectors(path: PathKey, data: Any) -> tuple[Detector, ...] | None:
    """Which extra detectors apply to the string at ``path`` (None: not text, skip it)."""
    if not path or path[0] in _DATA_FIELDS:
        return None
    if path[0] == "attachments" and len(path) >= 3 and path[2] in ("from", "document"):
        # a 附件 filed from another input: its path is data, its document is checked as itself
        inner = get_path(data, path[:3])
        return _detectors(path[3:], inner) if path[2] == "document" else None
    last = path[-1]
    if path[0] == "metrics":
        return () if last == "label" else None
    if last == "printed_on":  # 版记's 印发日期: a date, not text
        return None
    if _table_cell(path):
        return ()
    if "table" in path and last == "caption":
        return HEADING
    if last == "heading" or path[0] == "parts" or _attachment_name(path):
        return HEADING
    if path in (("title",), ("brand", "name"), ("organization",)):
        return (heading_end,)
    if path == ("recipient",):
        return (_recipient_end,)
    if len(path) >= 2 and path[-2] == "items":
        return ITEM
    if last == "lead":
        return ITEM
    if last == "text" and len(path) >= 3 and path[-3] == "items":
        item = get_path(data, path[:-1])
        return ITEM if isinstance(item, dict) and not item.get("lead") else ()
    if len(path) >= 2 and path[-2] == "body" and isinstance(last, int):
        return PARAGRAPH
    return ()


def _recipient_end(text: str) -> Iterator[Hit]:
    m = re.search(r"[：:]\s*\Z", text)
    if m:
        yield Hit(
            "RG109",
            m.start(),
            m.end(),
            "主送机关末尾的冒号会自动添加，这里不用写",
            (Edit(m.start(), m.end(), ""),),
            f"删去末尾的“{m.group().strip()}”",
        )


def is_prose(path: PathKey) -> bool:
    return bool(path) and path[0] not in _DATA_FIELDS and path[0] != "metrics"


def text_checks(ctx: Context) -> None:
    for path, text in iter_strings(ctx.data):
        extra = _detectors(path, ctx.data)
        if extra is None:
            continue
        if not text.strip():
            if not _table_cell(path):
                ctx.add("RG605", path, "内容只有空白")
            continue
        for hit in scan(text, extra):
            if hit.code in ctx.disabled:
                continue
            ctx.add_hit(path, text, hit)
        _comment_after(ctx, path)


# A comment right after a value's text, its first character not a space: ``开展 #学习强国#``.
_SWALLOWED = re.compile(r"[ \t]+#(?=[^\s#])([^\n]*)")


def _comment_after(ctx: Context, path: PathKey) -> None:
    """RG209: text after `` #`` on a value's line is a YAML comment, so it is silently lost."""
    node = ctx.positions.info(path)
    if node is None or not node.is_scalar or node.style is not None:
        return
    found = _SWALLOWED.match(node.source.text, node.end)
    if found is None:
        return
    lost = found[1].strip()
    shown = lost if len(lost) <= 16 else lost[:16] + "…"
    ctx.add(
        "RG209",
        path,
        f"“#{shown}”被当成了注释，没有进入文档（YAML 中空格后的“#”开始注释）："
        "这是正文的话，请给整段文字加引号，或删去“#”前的空格",
        at=node.source.location(found.start() + found[0].index("#")),
    )


_MIN_REPEAT = 12


def repeat_checks(ctx: Context) -> None:
    seen: dict[str, Location] = {}
    for path, text in iter_strings(ctx.data):
        if not is_prose(path) or path[-1] == "heading" or path[0] in ("parts", "attachments"):
            continue
        for para in paragraphs(text):
            key = re.sub(r"\s+", "", para)
            if len(key) < _MIN_REPEAT:
                continue
            offset = max(text.find(para[:8]), 0)
            location = ctx.positions.char_location(path, offset)
            first = seen.get(key)
            if first is None:
                seen[key] = location
            else:
                ctx.add("RG604", path, f"这一段与 {first} 的段落完全相同", offset=offset)
