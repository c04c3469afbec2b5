"""Checks of the figures: percentages against the metrics they describe, units, metric values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from ..model.metrics import change_text, find_placeholders, format_number, percent
from ..model.models import Metric
from ..source.loader import PathKey, iter_strings
from ..textscan import Edit
from .context import Context
from .prose import is_prose


def figure_checks(
    ctx: Context, metrics: Mapping[str, Metric], previous: Mapping[str, Metric] | None
) -> None:
    """Percentages and units in the prose, then the metrics themselves."""
    for path, text in iter_strings(ctx.data):
        if is_prose(path):
            percent_checks(ctx, path, text, metrics, previous)
            unit_checks(ctx, path, text, metrics)
            doubled_checks(ctx, path, text, metrics)
    metric_checks(ctx, metrics, previous)


_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?[%％]")
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_RATE_WORDS = re.compile(
    r"完成率|达成率|完成[^，。；]{0,6}目标[^，。；]{0,3}的|完成[^，。；]{0,4}任务[^，。；]{0,3}的"
)
_SHARE_WORDS = re.compile(r"占比|占[^，。；]{0,8}的|比例|比重")
_GROWTH_WORDS = re.compile(r"(增长|增加|提高|提升|上升|下降|减少|降低)[了]?\s?$")
_ANY_WORDS = re.compile(r"率|占比|比例|比重|增长|增幅|下降|降低|提高|提升|目标的")
_NUMBER = re.compile(r"(?<![\d.{])(\d+(?:\.\d+)?)(?![\d.])")
_UNITS = sorted(
    (
        "人次",
        "场次",
        "户次",
        "万人",
        "万元",
        "亿元",
        "千元",
        "家",
        "个",
        "人",
        "名",
        "次",
        "场",
        "户",
        "件",
        "项",
        "元",
        "所",
        "支",
        "条",
        "份",
        "篇",
        "处",
        "座",
        "间",
        "台",
        "辆",
        "吨",
        "亩",
        "期",
        "批",
        "宗",
        "起",
        "组",
        "队",
        "站",
        "村",
        "栋",
        "套",
        "本",
        "册",
        "天",
        "小时",
    ),
    key=len,
    reverse=True,
)


def _metric_at(window: str, metrics: Mapping[str, Metric]) -> tuple[str, Metric] | None:
    """The metric a clause talks about: its last {key} placeholder, or a written figure
    (number and unit) equal to a metric's value."""
    found: tuple[int, str] | None = None
    for ph in find_placeholders(window):
        if ph.key in metrics and ph.attribute in ("value", "label"):
            found = (ph.start, ph.key)
    for m in _NUMBER.finditer(window):
        if found is not None and m.start() < found[0]:
            continue
        rest = window[m.end() :]
        if rest.startswith("年"):
            continue
        try:
            number = Decimal(m.group(1))
        except InvalidOperation:
            continue
        for key, metric in metrics.items():
            if metric.value == number and (not metric.unit or rest.startswith(metric.unit)):
                found = (m.start(), key)
                break
    if found is None:
        return None
    return found[1], metrics[found[1]]


def _decimals(stated: str) -> int:
    return len(stated.partition(".")[2])


def percent_checks(
    ctx: Context,
    path: PathKey,
    text: str,
    metrics: Mapping[str, Metric],
    previous: Mapping[str, Metric] | None,
) -> None:
    last_end = 0
    for m in _PERCENT.finditer(text):
        clause_start = max((c.end() for c in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
        window = text[max(clause_start, last_end) : m.start()]
        last_end = m.end()
        tail = window[-14:]
        if not _ANY_WORDS.search(tail):
            continue
        stated = Decimal(m.group(1))
        places = _decimals(m.group(1))
        hit = _metric_at(window, metrics)
        expected: Decimal | None = None
        how = ""
        if hit is not None:
            key, metric = hit
            if _GROWTH_WORDS.search(tail) and previous and key in previous and previous[key].value:
                last = previous[key].value
                expected = abs(percent(metric.value - last, last, places))
                how = (
                    f"按上年 {format_number(last)} 计算，{change_text(metric.value, last, places)}"
                )
            elif _SHARE_WORDS.search(tail) and metric.part_of and metric.part_of in metrics:
                parent = metrics[metric.part_of]
                if parent.value:
                    expected = percent(metric.value, parent.value, places)
                    how = f"按 {format_number(metric.value)}/{format_number(parent.value)} 计算应为 {format_number(expected)}%"
            elif _RATE_WORDS.search(tail) and metric.target:
                expected = percent(metric.value, metric.target, places)
                shown = percent(metric.value, metric.target, max(places, metric.decimals))
                how = (
                    f"按 {format_number(metric.value)}/{format_number(metric.target)} 计算应为 "
                    f"{format_number(shown)}%，建议改用 {{{key}.rate}}"
                )
            if expected is not None:
                if expected != stated:
                    ctx.add(
                        "RG401",
                        path,
                        f"写的是“{m.group()}”，与指标 {key}（{metric.label}）不符：{how}",
                        offset=m.start(),
                    )
                continue
        if any(_rate_matches(stated, places, metric) for metric in metrics.values()):
            continue
        ctx.add(
            "RG404",
            path,
            f"“{tail.strip()[-8:]}”后的百分比“{m.group()}”与任何指标都对不上，"
            "请核对数字，或在 metrics 中定义指标后用 {键.rate} 引用",
            offset=m.start(),
        )


def _rate_matches(stated: Decimal, places: int, metric: Metric) -> bool:
    if not metric.target:
        return False
    return percent(metric.value, metric.target, places) == stated


def _unit_after(text: str, start: int) -> str:
    for unit in _UNITS:
        if text.startswith(unit, start):
            return unit
    return ""


def unit_checks(ctx: Context, path: PathKey, text: str, metrics: Mapping[str, Metric]) -> None:
    for ph in find_placeholders(text):
        metric = metrics.get(ph.key)
        if metric is None or ph.attribute not in ("value", "target", "prev") or not metric.unit:
            continue
        written = _unit_after(text, ph.end)
        if written and written != metric.unit and metric.unit in _UNITS:
            ctx.add(
                "RG405",
                path,
                f"{ph.source} 后写的单位是“{written}”，指标 {ph.key} 的单位是“{metric.unit}”",
                offset=ph.end,
            )


# What a placeholder prints already holds these words (metrics.change_text, rate_text): written
# again beside it they print twice (比上年增长比上年增长15.0%, 93.3%%).
_CHANGE_BEFORE = re.compile(r"(?:同比|较上年|比上年|与上年相比)?(?:增长|增加|下降|减少|持平)?$")
_PERCENT_AFTER = ("%", "％")


def doubled_checks(ctx: Context, path: PathKey, text: str, metrics: Mapping[str, Metric]) -> None:
    """RG406: words written beside a placeholder that the placeholder itself prints."""
    for ph in find_placeholders(text):
        metric = metrics.get(ph.key)
        if metric is None:
            continue
        if ph.attribute == "change":
            before = _CHANGE_BEFORE.search(text, 0, ph.start)
            if before and before.group():
                doubled = before.group()
                ctx.add(
                    "RG406",
                    path,
                    f"{ph.source} 本身就会写出“比上年增长/下降……%”或“与上年持平”，"
                    f"前面的“{doubled}”会重复",
                    offset=before.start(),
                    fix=f"{doubled}{ph.source} → {ph.source}",
                    edits=ctx.source_edits(
                        path, text, "RG406", (Edit(before.start(), ph.start, ""),)
                    ),
                )
        if ph.attribute == "rate" and text.startswith(_PERCENT_AFTER, ph.end):
            ctx.add(
                "RG406",
                path,
                f"{ph.source} 本身就带百分号（如 93.3%），后面的“{text[ph.end]}”会重复",
                offset=ph.end,
                fix=f"{ph.source}{text[ph.end]} → {ph.source}",
                edits=ctx.source_edits(path, text, "RG406", (Edit(ph.end, ph.end + 1, ""),)),
            )
        if ph.attribute == "unit" and metric.unit and text.startswith(metric.unit, ph.end):
            ctx.add(
                "RG406",
                path,
                f"{ph.source} 会写出单位“{metric.unit}”，后面又写了一遍",
                offset=ph.end,
                fix=f"{ph.source}{metric.unit} → {ph.source}",
                edits=ctx.source_edits(
                    path, text, "RG406", (Edit(ph.end, ph.end + len(metric.unit), ""),)
                ),
            )


def metric_checks(
    ctx: Context, metrics: Mapping[str, Metric], previous: Mapping[str, Metric] | None
) -> None:
    for key, metric in metrics.items():
        for name in ("value", "target"):
            number = getattr(metric, name)
            if number is not None and number < 0:
                ctx.add("RG403", ("metrics", key, name), f"指标 {key} 的数值不能为负（{number}）")
        parent = metrics.get(metric.part_of or "")
        if parent is not None and metric.unit and parent.unit and metric.unit != parent.unit:
            ctx.add(
                "RG405",
                ("metrics", key, "unit"),
                f"“其中”项 {key} 的单位“{metric.unit}”与所属指标 {metric.part_of} 的单位“{parent.unit}”不同",
            )
        last = (previous or {}).get(key)
        if last is not None and metric.unit and last.unit and metric.unit != last.unit:
            ctx.add(
                "RG405",
                ("metrics", key, "unit"),
                f"指标 {key} 的单位“{metric.unit}”与上一年的“{last.unit}”不同，同比没有意义",
            )
