"""Lifting figures out of the text as metrics: a value with its completion rate, the target inferred."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..model.metrics import percent
from .result import Imported

_RATE = re.compile(
    r"(?P<label>[^，。；、：,;:\d]{0,30}?(?:\d+(?:人|家|个)以上)?[^，。；、：,;:\d]{0,30}?)"
    r"(?P<value>\d+(?:\.\d+)?)(?P<unit>[家人个项场次户名份所件万元座支条]{0,2})"
    r"[，,]\s*(?:完成率|完成年度目标的|完成目标的|占目标的)(?:达到?|为)?\s*"
    r"(?P<rate>\d+(?:\.\d+)?)[%％]"
)
_FILLER = re.compile(r"^(目前|截至目前|截至年底|全年|今年|其中|累计|共|已)+")


def infer_target(value: Decimal, rate: Decimal) -> tuple[Decimal, list[int]] | None:
    """The target that makes ``value`` the stated ``rate`` (half-up), preferring round numbers;
    also returns every integer that reproduces the rate."""
    if rate <= 0:
        return None
    decimals = max(0, -rate.as_tuple().exponent)  # type: ignore[operator]
    estimate = value * 100 / rate
    low = int(estimate * Decimal("0.98")) - 1
    high = int(estimate * Decimal("1.02")) + 2
    fits = [t for t in range(max(1, low), high + 1) if percent(value, Decimal(t), decimals) == rate]
    if not fits:
        return None

    def roundness(t: int) -> int:
        zeros = 0
        while t and t % 10 == 0:
            zeros += 1
            t //= 10
        return zeros

    best = max(fits, key=lambda t: (roundness(t), -abs(Decimal(t) - estimate)))
    return Decimal(best), fits


def lift_metrics(data: dict[str, Any], imported: Imported) -> None:
    metrics: dict[str, dict[str, Any]] = {}
    last_parent: list[str] = []

    def rewrite(text: str, path: tuple[str | int, ...]) -> str:
        def repl(m: re.Match[str]) -> str:
            value, rate = Decimal(m.group("value")), Decimal(m.group("rate"))
            found = infer_target(value, rate)
            if found is None:
                imported.notes.append(
                    f"完成率 {rate}% 与数值 {value} 对不上任何整数目标，未提取为指标"
                )
                return m.group(0)
            target, fits = found
            key = f"m{len(metrics) + 1}"
            label = _FILLER.sub("", m.group("label").strip()) or "指标"
            metric: dict[str, Any] = {"label": label, "value": value, "unit": m.group("unit")}
            metric["target"] = target
            decimals = max(0, -rate.as_tuple().exponent)  # type: ignore[operator]
            if decimals != 1:
                metric["decimals"] = decimals
            is_part = m.group("label").lstrip().startswith("其中")
            if is_part and last_parent and metrics[last_parent[-1]]["value"] >= value:
                metric["part_of"] = last_parent[-1]
            else:
                last_parent.append(key)
            metrics[key] = metric
            span = f"{fits[0]}～{fits[-1]}" if len(fits) > 1 else str(fits[0])
            imported.comment(
                ("metrics", key),
                f"target 由完成率反推：{value} ÷ {rate}% ≈ {target}（能得出 {rate}% 的整数：{span}），请核对",
            )
            start = m.start("value") - m.start()
            head = m.group(0)[:start]
            tail = m.group(0)[m.end("unit") - m.start() : m.start("rate") - m.start()]
            return f"{head}{{{key}}}{m.group('unit')}{tail}{{{key}.rate}}"

        return _RATE.sub(repl, text.replace("{", "{{").replace("}", "}}"))

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(node, str):
            if path[-1:] in (("heading",), ("name",)):
                return node.replace("{", "{{").replace("}", "}}")
            return rewrite(node, path)
        if isinstance(node, list):
            return [walk(v, (*path, i)) for i, v in enumerate(node)]
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        return node

    for key in ("brand", "achievements", "body", "title", "recipient", "attachments"):
        if key in data:
            data[key] = walk(data[key], (key,))
    if "organization" in data:
        data["organization"] = data["organization"].replace("{", "{{").replace("}", "}}")
    if metrics:
        data["metrics"] = metrics
        imported.notes.append(f"提取了 {len(metrics)} 个带完成率的指标（target 为反推值）")
