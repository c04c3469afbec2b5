"""Comparing yearly editions: every metric's value, target, rate and change across the files."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem, ReportgenError, display_path
from .editions import edition_year, load_edition
from .metrics import format_number, percent, rate_text
from .models import Metric
from .validate import validate

HEADERS = ("指标", "版本", "完成数", "目标数", "完成率", "上年数", "比上年")
CSV_HEADERS = (
    "key",
    "指标名称",
    "单位",
    "文件",
    "年度",
    "完成数",
    "目标数",
    "完成率",
    "上年数",
    "比上年",
)


@dataclass(frozen=True)
class Row:
    """One metric in one edition; texts are as printed ("" where there is nothing to show)."""

    key: str
    label: str
    unit: str
    file: str
    year: int | None
    value: str
    target: str
    rate: str
    previous: str
    change: str


@dataclass(frozen=True)
class _Edition:
    file: str
    stem: str
    year: int | None
    metrics: dict[str, Metric]
    previous: dict[str, Metric] | None


def compare_editions(paths: Iterable[Path]) -> list[Row]:
    """The metric table of the given editions, oldest first; abstract bases are left out.

    An edition's change is computed against the file its ``previous`` names, or else against
    the edition before it in the table. Raises InputError with the problems of every bad file.
    """
    editions: list[_Edition] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            edition = load_edition(path)
            if edition.abstract:
                continue
            model = validate(edition.loaded, edition.previous)
        except InputError as exc:
            problems += exc.problems
            continue
        year = model.year or (model.date.year if model.date else edition_year(edition.loaded))
        editions.append(
            _Edition(display_path(path), path.stem, year, dict(model.metrics), edition.previous)
        )
    if problems:
        raise InputError(problems)
    editions.sort(key=lambda e: (e.year is None, e.year or 0, e.file))
    keys = list(dict.fromkeys(k for e in editions for k in e.metrics))
    rows: list[Row] = []
    for key in keys:
        before: Mapping[str, Metric] | None = None
        for entry in editions:
            metric = entry.metrics.get(key)
            last = (entry.previous if entry.previous is not None else before) or {}
            before = entry.metrics
            if metric is not None:
                rows.append(_row(key, metric, entry, last.get(key)))
    return rows


def _row(key: str, metric: Metric, edition: _Edition, last: Metric | None) -> Row:
    rate = rate_text(metric) if metric.target else ""
    change = ""
    if last is not None and last.value != 0:
        delta = percent(metric.value - last.value, last.value, metric.decimals)
        change = "持平" if delta == 0 else f"{'+' if delta > 0 else ''}{format_number(delta)}%"
    return Row(
        key,
        metric.label,
        metric.unit,
        edition.file,
        edition.year,
        format_number(metric.value),
        format_number(metric.target) if metric.target is not None else "",
        rate,
        format_number(last.value) if last is not None else "",
        change,
    )


def _edition_names(rows: list[Row]) -> dict[str, str]:
    """Editions are named by year when that is unambiguous, else by file name."""
    years: dict[str, int | None] = {r.file: r.year for r in rows}
    unique = None not in years.values() and len(set(years.values())) == len(years)
    return {f: (f"{y}年" if unique else Path(f).stem) for f, y in years.items()}


def to_csv(rows: list[Row]) -> str:
    """The table as CSV text (one row per metric and edition; CRLF line ends, as Excel writes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for r in rows:
        writer.writerow(
            (
                r.key,
                r.label,
                r.unit,
                r.file,
                r.year or "",
                r.value,
                r.target,
                r.rate,
                r.previous,
                r.change,
            )
        )
    return buffer.getvalue()


def to_table(rows: list[Row]) -> str:
    """The table aligned for a terminal (Chinese characters count as two columns)."""
    if not rows:
        return "没有指标可比较\n"
    names = _edition_names(rows)
    table: list[tuple[str, ...]] = [HEADERS]
    last_key = None
    for r in rows:
        metric = f"{r.label}（{r.unit}）" if r.unit else r.label
        table.append(
            (
                metric if r.key != last_key else "",
                names[r.file],
                r.value,
                r.target,
                r.rate,
                r.previous,
                r.change,
            )
        )
        last_key = r.key
    widths = [max(width(row[i]) for row in table) for i in range(len(HEADERS))]
    lines = []
    for row in table:
        cells = [pad(cell, widths[i], right=i >= 2) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int, right: bool = False) -> str:
    space = " " * (size - width(text))
    return space + text if right else text + space


def encode_csv(rows: list[Row], encoding: str) -> bytes:
    """The CSV as bytes Excel and WPS open with the Chinese intact: ``utf-8-sig`` (with a BOM) or
    ``gbk``; raise ReportgenError naming the first character GBK cannot hold."""
    text = to_csv(rows)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise ReportgenError(
            f"第 {line} 行的“{text[exc.start : exc.end]}”无法用 GBK 编码；"
            "请改用 --encoding utf-8-sig（Excel 2010 及以后的版本都能打开）"
        ) from None
