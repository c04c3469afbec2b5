"""Nesting classified blocks into a report body: paragraphs and sections by heading level."""

from __future__ import annotations

from typing import Any

from .blocks import Block, item_text, item_value
from .result import Imported
from .tables import Caption, TableDraft, add_row, finish


def nest(blocks: list[Block], imported: Imported, base: int = 1) -> list[Any]:
    """Blocks → a report body: paragraphs and {heading, body, items} sections by level."""
    root: dict[str, Any] = {"body": [], "items": [], "level": base - 1, "numbered": base - 1}
    stack = [root]
    for block in blocks:
        if block.kind == "heading":
            numbered = max(base, min(block.level, 4))  # the level its typed number says
            while len(stack) > 1 and stack[-1]["numbered"] >= numbered:
                stack.pop()
            # A skipped level (一、 then 1.) nests one deeper than its parent, not more; its
            # siblings are found by the typed level, so 1、 and 2、 stay side by side.
            level = min(numbered, stack[-1]["level"] + 1)
            section = {
                "heading": block.text,
                "body": [],
                "items": [],
                "level": level,
                "numbered": numbered,
                "line": block.line,
            }
            _flush_items(stack[-1], block.line, imported)
            stack[-1]["body"].append(section)
            stack.append(section)
        elif block.kind == "item":
            stack[-1].setdefault("items_line", block.line)
            stack[-1]["items"].append(item_value(block))
        elif block.kind in ("row", "caption"):
            _flush_items(stack[-1], block.line, imported)
            if block.kind == "row":
                add_row(stack[-1]["body"], block)
            else:
                stack[-1]["body"].append(Caption(block.text, block.line))
        else:
            _flush_items(stack[-1], block.line, imported)
            stack[-1]["body"].append(block.text)
    if root["items"]:
        # The body of a report has no items of its own (they belong to a section).
        _flush_items(root, root["items_line"], imported, "标题之前的条目按原文保留为段落")
    return _finish(root, imported)["body"]  # type: ignore[no-any-return]


def _flush_items(
    node: dict[str, Any], line: int, imported: Imported, why: str = "条目之后还有段落或小标题"
) -> None:
    """Text after the items cannot follow them in the model; keep the order by turning the items
    back into numbered paragraphs."""
    if not node["items"]:
        return
    node["body"].extend(item_text(i, n) for n, i in enumerate(node["items"], 1))
    node["items"] = []
    imported.notes.append(f"第{line}行：{why}，条目按原文保留为段落")


def _finish(node: dict[str, Any], imported: Imported) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "heading" in node:
        out["heading"] = node["heading"]
    body: list[Any] = []
    for b in node["body"]:
        if isinstance(b, (Caption, TableDraft)):
            body.extend(finish(b, imported))
        else:
            body.append(b if isinstance(b, str) else _finish(b, imported))
    if body or "heading" not in node:
        out["body"] = body
    if node["items"]:
        out["items"] = node["items"]
    return out
