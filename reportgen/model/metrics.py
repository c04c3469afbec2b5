"""Metric figures in text: {key} placeholders, completion rates (half-up) and year-over-year change."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import METRIC_PLACES, Metric

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
# What PLACEHOLDER consumes, or else (group 1) a brace that would reach print unchanged.
STRAY_BRACE = re.compile(r"\{\{|\}\}|\{[^{}]*\}|([{}\uff5b\uff5d])")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
ATTRIBUTES = ("value", "target", "rate", "unit", "label", "prev", "change")


def format_number(value: Decimal) -> str:
    """A figure as written: 28 → 28, 4.2 → 4.2, 1E+3 → 1000, never an exponent.

    Trailing zeros past the six places a metric may hold are dropped, so ``28.000…0`` cannot
    print a line of zeros."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -METRIC_PLACES:
        value = value.normalize()
    return format(value, "f")


def percent(numerator: Decimal, denominator: Decimal, decimals: int = 1) -> Decimal:
    """numerator/denominator as a percentage, rounded half-up (1461/2000 → 73.1, not 73.0)."""
    quantum = Decimal(1).scaleb(-decimals)
    return (numerator * 100 / denominator).quantize(quantum, rounding=ROUND_HALF_UP)


def rate_text(metric: Metric) -> str:
    if metric.target is None or metric.target == 0:
        raise ValueError("no target")
    return f"{format_number(percent(metric.value, metric.target, metric.decimals))}%"


def change_text(value: Decimal, previous: Decimal, decimals: int = 1) -> str:
    """比上年增长x.x% / 比上年下降x.x% / 与上年持平, worded by the sign of the change."""
    if previous == 0:
        raise ValueError("previous is zero")
    delta = percent(value - previous, previous, decimals)
    if delta > 0:
        return f"比上年增长{format_number(delta)}%"
    if delta < 0:
        return f"比上年下降{format_number(-delta)}%"
    return "与上年持平"


@dataclass(frozen=True)
class Placeholder:
    """One {key} or {key.attr} found in a text, with its character offset."""

    start: int
    end: int
    key: str
    attribute: str

    @property
    def source(self) -> str:
        return "{" + self.key + ("." + self.attribute if self.attribute != "value" else "") + "}"


def find_placeholders(text: str) -> Iterator[Placeholder]:
    """The placeholders of a text; ``{{`` and ``}}`` are literal braces."""
    for match in PLACEHOLDER.finditer(text):
        inner = match.group(1)
        if inner is None:
            continue
        key, _, attribute = inner.strip().partition(".")
        yield Placeholder(match.start(), match.end(), key, attribute or "value")


class PlaceholderError(ValueError):
    """A placeholder that cannot be filled; ``reason`` is a Chinese sentence."""

    def __init__(self, placeholder: Placeholder, reason: str) -> None:
        super().__init__(reason)
        self.placeholder = placeholder
        self.reason = reason


def resolve(
    placeholder: Placeholder,
    metrics: Mapping[str, Metric],
    previous: Mapping[str, Metric] | None = None,
) -> str:
    """The text a placeholder prints; raises PlaceholderError with a Chinese reason."""
    import difflib

    key, attribute = placeholder.key, placeholder.attribute
    metric = metrics.get(key)
    if metric is None:
        hint = difflib.get_close_matches(key, list(metrics), n=1)
        reason = f"未知的指标占位符 {{{key}}}"
        if hint:
            reason += f"，是否想写 {{{hint[0]}}}？"
        elif not metrics:
            reason += "（metrics 中没有定义任何指标）"
        else:
            reason += f"（已定义：{'、'.join(metrics)}）"
        raise PlaceholderError(placeholder, reason)
    if attribute not in ATTRIBUTES:
        raise PlaceholderError(
            placeholder,
            f"占位符 {{{key}.{attribute}}} 的属性无效，可用：{'、'.join(ATTRIBUTES)}",
        )
    if attribute == "value":
        return format_number(metric.value)
    if attribute == "unit":
        return metric.unit
    if attribute == "label":
        return metric.label
    if attribute == "target":
        if metric.target is None:
            raise PlaceholderError(placeholder, f"指标 {key} 没有 target（目标数）")
        return format_number(metric.target)
    if attribute == "rate":
        if metric.target is None or metric.target == 0:
            raise PlaceholderError(
                placeholder, f"指标 {key} 没有非零的 target（目标数），无法计算完成率"
            )
        return rate_text(metric)
    last = (previous or {}).get(key)
    if last is None:
        raise PlaceholderError(
            placeholder,
            f"{{{key}.{attribute}}} 需要上一年的同名指标（用 previous: 指向上一年的文件）",
        )
    if attribute == "prev":
        return format_number(last.value)
    if last.value == 0:
        raise PlaceholderError(placeholder, f"上一年的指标 {key} 为 0，无法计算增减幅度")
    return change_text(metric.value, last.value, metric.decimals)


def substitute(
    text: str,
    metrics: Mapping[str, Metric],
    previous: Mapping[str, Metric] | None = None,
) -> str:
    """Fill every placeholder of ``text``; raises PlaceholderError at the first bad one."""
    out: list[str] = []
    pos = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(text[pos : match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            out.append(token[0])
        else:
            inner = match.group(1)
            key, _, attribute = inner.strip().partition(".")
            out.append(
                resolve(
                    Placeholder(match.start(), match.end(), key, attribute or "value"),
                    metrics,
                    previous,
                )
            )
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def valid_key(key: str) -> bool:
    return bool(_KEY.match(key))
