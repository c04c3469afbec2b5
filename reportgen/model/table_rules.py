"""Cross-field rules of tables (GB/T 9704-2012 §8): rows as wide as the head, known metric keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..source.loader import PathKey, SourceMap, format_path
from .models import METRICS_TABLE

_TITLES = {
    "table": "表格",
    "columns": "表头",
    "rows": "表格行",
    "metrics": "指标表",
    "widths": "列宽比例",
    "align": "对齐方式",
}


def table_blocks(data: dict[str, Any]) -> Iterator[tuple[PathKey, Any]]:
    """(path of the ``table`` field, its value) of every table block in the body and in 附件."""
    yield from _walk(data.get("body"), ("body",))
    attachments = data.get("attachments")
    if isinstance(attachments, list):
        for i, attachment in enumerate(attachments):
            if isinstance(attachment, dict):
                yield from _walk(attachment.get("body"), ("attachments", i, "body"))


def _walk(body: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    if not isinstance(body, list):
        return
    for i, block in enumerate(body):
        if not isinstance(block, dict):
            continue
        if "table" in block:
            yield (*path, i, "table"), block["table"]
        elif "heading" in block:
            yield from _walk(block.get("body"), (*path, i, "body"))


class _Rules:
    def __init__(self, data: dict[str, Any], positions: SourceMap) -> None:
        raw = data.get("metrics")
        self.metrics: list[str] = [str(k) for k in raw] if isinstance(raw, dict) else []
        self.positions = positions
        self.problems: list[Problem] = []

    def add(self, path: PathKey, message: str, key: bool = False) -> None:
        names = [p for p in path if isinstance(p, str)]
        location = self.positions.key_location(path) if key else self.positions.nearest(path)
        self.problems.append(
            Problem(location, format_path(path), message, _TITLES.get(names[-1], ""), code="RG002")
        )

    def table(self, path: PathKey, table: Any) -> None:
        if table == METRICS_TABLE:
            if not self.metrics:
                self.add(path, "指标表（table: metrics）需要 metrics 中定义的指标，现在一个也没有")
            return
        if not isinstance(table, dict):
            return  # the schema says what a table may be
        if "metrics" in table:
            self.metric_table(path, table)
        else:
            self.plain_table(path, table)

    def metric_table(self, path: PathKey, table: dict[str, Any]) -> None:
        for field in ("columns", "rows", "widths", "align"):
            if field in table:
                self.add(
                    (*path, field),
                    f"指标表的列和行由 metrics 生成，不能同时写 {field}",
                    key=True,
                )
        keys = table["metrics"]
        if not isinstance(keys, list):
            return
        if not keys:
            self.add((*path, "metrics"), "指标表至少要列出一个指标的键")
        for j, key in enumerate(keys):
            if isinstance(key, str) and key and key not in self.metrics:
                hint = difflib.get_close_matches(key, self.metrics, n=1)
                known = "、".join(self.metrics) or "无"
                more = f"，是否想写“{hint[0]}”？" if hint else f"（已定义：{known}）"
                self.add((*path, "metrics", j), f"未知的指标“{key}”{more}")

    def plain_table(self, path: PathKey, table: dict[str, Any]) -> None:
        columns = table.get("columns")
        rows = table.get("rows")
        if not columns:
            self.add(path, "表格没有表头：写 columns（各列的列名），或写 metrics 生成指标表")
        if not rows:
            where = (*path, "rows") if "rows" in table else path
            self.add(where, "表格没有内容：rows 至少要有一行")
        if not isinstance(columns, list) or not columns:
            return
        n = len(columns)
        for j, row in enumerate(rows if isinstance(rows, list) else []):
            if isinstance(row, list) and len(row) != n:
                self.add((*path, "rows", j), f"这一行有 {len(row)} 格，表头有 {n} 列：格数应相同")
        for field in ("widths", "align"):
            given = table.get(field)
            if isinstance(given, list) and len(given) != n:
                self.add((*path, field), f"给了 {len(given)} 项，表头有 {n} 列：项数应相同")


def table_problems(data: dict[str, Any], positions: SourceMap) -> list[Problem]:
    """Every table's problems that no single field shows: ragged rows, unknown metric keys, …"""
    rules = _Rules(data, positions)
    for path, table in table_blocks(data):
        rules.table(path, table)
    return rules.problems
