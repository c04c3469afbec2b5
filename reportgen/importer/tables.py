"""Tables read back from a Word file: rows of one table gathered into a ``table:`` block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block
from .result import Imported

# A whole number as a table cell may hold it (the model reads other figures as text).
_WHOLE = re.compile(r"-?[1-9][0-9]{0,14}|0")


@dataclass
class Caption:
    """A 表题 paragraph, waiting for the table it names."""

    text: str
    line: int


@dataclass
class TableDraft:
    """The rows read so far of the table at paragraph ``line`` (its first row is the head)."""

    line: int
    caption: str
    rows: list[tuple[str, ...]] = field(default_factory=list)


def add_row(body: list[Any], block: Block) -> None:
    """Add a row to the table it belongs to, or start that table (taking a caption before it)."""
    last = body[-1] if body else None
    if isinstance(last, TableDraft) and last.line == block.line:
        last.rows.append(block.cells)
        return
    caption = ""
    if isinstance(last, Caption):
        body.pop()
        caption = last.text
    body.append(TableDraft(block.line, caption, [block.cells]))


def finish(entry: Caption | TableDraft, imported: Imported) -> list[Any]:
    """The body entries of a gathered table: a ``table:`` block when its rows are as wide as its
    head, else (merged or missing cells) its caption and rows as paragraphs, cells joined by
    commas, as the import notes."""
    if isinstance(entry, Caption):
        return [entry.text]
    head, *rows = entry.rows
    if rows and all(head) and all(len(row) == len(head) for row in rows):
        table: dict[str, Any] = {"caption": entry.caption} if entry.caption else {}
        table |= {"columns": list(head), "rows": [[_cell(c) for c in row] for row in rows]}
        return [{"table": table}]
    imported.notes.append(
        f"第{entry.line}段：表格的行宽窄不一（合并单元格），按段落导入（单元格以逗号隔开）"
    )
    texts = ["，".join(c for c in row if c) for row in entry.rows]
    return [*([entry.caption] if entry.caption else []), *texts]


def _cell(text: str) -> str | int:
    return int(text) if _WHOLE.fullmatch(text) else text


# The head of a metric table as reportgen writes it (document/tables.py): 指标 first.
METRIC_HEAD = ("指标", "单位", "数值", "目标", "完成率", "上年", "增减")
_PART = "其中："


def metric_tables(data: dict[str, Any], imported: Imported) -> None:
    """A table whose head is a metric table's and whose rows are the metrics (by label, value
    as printed) goes back to ``table: {metrics: [keys]}``, so its figures follow the data."""
    metrics = data.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        return
    by_label = {str(m.get("label", "")): k for k, m in metrics.items() if isinstance(m, dict)}

    def walk(body: Any) -> None:
        for entry in body if isinstance(body, list) else []:
            if isinstance(entry, dict) and "heading" in entry:
                walk(entry.get("body"))
            elif isinstance(entry, dict) and isinstance(entry.get("table"), dict):
                keys = _metric_keys(entry["table"], by_label, metrics)
                if keys:
                    caption = entry["table"].get("caption")
                    entry["table"] = {"caption": caption} if caption else {}
                    entry["table"]["metrics"] = keys
                    imported.notes.append("指标表按 metrics 生成（table: metrics），数字随指标更新")

    walk(data.get("body"))
    for attachment in data.get("attachments") or []:
        if isinstance(attachment, dict):
            walk(attachment.get("body"))


def _metric_keys(
    table: dict[str, Any], by_label: dict[str, str], metrics: dict[str, Any]
) -> list[str]:
    head = tuple(table.get("columns") or ())
    if not head or head[0] != METRIC_HEAD[0] or not set(head) <= set(METRIC_HEAD):
        return []
    value = head.index("数值") if "数值" in head else -1
    keys = []
    for row in table.get("rows") or []:
        key = by_label.get(str(row[0])) or by_label.get(str(row[0]).removeprefix(_PART))
        if key is None or (value >= 0 and str(row[value]) != str(metrics[key].get("value"))):
            return []
        keys.append(key)
    return keys
