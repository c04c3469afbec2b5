"""Lifting figures out of the text as metrics: counts, targets (目标/计划/任务数) and completion rates."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..model.metrics import percent
from .pinyin import syllable
from .result import Imported

_UNITS = (
    "万人次|人次|场次|户次|万元|亿元|千元|万人|万亩|万户|万册|万份|"
    "[人家个项场次户名份所件元座支条期篇批台套辆处卷亩吨册]"
)
_NUMBER = re.compile(
    f"(?<![\\d.第])(?P<num>\\d+(?:\\.\\d+)?)(?P<unit>{_UNITS})(?!余|多|以上|以下|左右|以内|之)"
    r"|(?<![\d.])(?P<rate>\d+(?:\.\d+)?)[%％]"
)
_RATE_WORDS = re.compile(
    r"(?:完成率|完成年度目标的|完成目标的|占目标的|目标完成率)(?:达到?|为|是)?\s*$"
)
_TARGET_WORDS = re.compile(r"目标任务数?|年度目标|目标|计划|任务数|任务|预期")
_APPROXIMATE = re.compile(r"(?:近|约|超过?|逾|不少于|不到|每[^，。；]{0,8})$")
_FILLER = re.compile(
    r"^(?:目前|截至目前|截至年底|截至\d+月底|全年|今年|上半年|下半年|其中|累计|共计|共|已经|已|实际|"
    r"完成|达到|达|同比|较上年)+"
)
_TRAILING = re.compile(r"(?:共计|共|累计|达到|达|为|了|约)+$")
_CLAUSE = re.compile(r"[，,；;：:。！？!?]")


@dataclass
class _Figure:
    start: int
    end: int
    value: Decimal
    unit: str = ""
    rate: bool = False
    target: bool = False
    label: str = ""
    part: bool = False  # 其中 …
    key: str = ""
    paired: bool = False


@dataclass
class _Lifter:
    imported: Imported
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)
    known: dict[str, dict[str, Any]] | None = None  # from a reportgen DOCX's custom properties

    def text(self, text: str) -> str:
        escaped = text.replace("{", "{{").replace("}", "}}")
        out, pos = [], 0
        for m in re.finditer(r"[^。；;！？]*[。；;！？]?", escaped):
            if m.group(0):
                out.append(self.sentence(m.group(0)))
            pos = m.end()
        return "".join(out) + escaped[pos:]

    def sentence(self, sentence: str) -> str:
        figures = _figures(sentence)
        if not any(not f.rate for f in figures):
            return sentence
        replacements: list[tuple[int, int, str]] = []
        for value in [f for f in figures if not f.rate and not f.target]:
            target = _pair_target(value, figures)
            rate = _rate_after(value, figures)
            key = self.add(value, target, rate)
            if not key:
                continue
            replacements.append((value.start, value.end, f"{{{key}}}"))
            if target:
                replacements.append((target.start, target.end, f"{{{key}.target}}"))
            if rate and "target" in self.metrics[key] and rate.paired:
                replacements.append((rate.start, rate.end, f"{{{key}.rate}}"))
        for start, end, new in sorted(replacements, reverse=True):
            sentence = sentence[:start] + new + sentence[end:]
        return sentence

    def add(self, value: _Figure, target: _Figure | None, rate: _Figure | None) -> str:
        if self.known is not None:
            return self.add_known(value, target, rate)
        label = max((value.label, target.label if target else ""), key=len)
        if not label and not target and not rate:
            return ""  # a bare count (a table cell) has no name to compare it by next year
        label = label or "指标"
        metric: dict[str, Any] = {"label": label, "value": value.value, "unit": value.unit}
        note = ""
        if target:
            metric["target"] = target.value
            target.paired = True
        if rate:
            rate.paired = True
            decimals = max(0, -rate.value.as_tuple().exponent)  # type: ignore[operator]
            if target and percent(value.value, target.value, decimals) != rate.value:
                note = f"原文完成率 {rate.value}% 与 {value.value} ÷ {target.value} 对不上，完成率保留原文"
                rate.paired = False
            elif not target:
                found = infer_target(value.value, rate.value)
                if found is None:
                    self.imported.notes.append(
                        f"完成率 {rate.value}% 与数值 {value.value} 对不上任何整数目标，完成率保留原文"
                    )
                    rate.paired = False
                else:
                    metric["target"], fits = found
                    span = f"{fits[0]}～{fits[-1]}" if len(fits) > 1 else str(fits[0])
                    note = (
                        f"target 由完成率反推：{value.value} ÷ {rate.value}% ≈ {metric['target']}"
                        f"（能得出 {rate.value}% 的整数：{span}），请核对"
                    )
            if rate.paired and decimals != 1:
                metric["decimals"] = decimals
        key = self.key(label)
        if value.part and self.parents and self.metrics[self.parents[-1]]["value"] >= value.value:
            metric["part_of"] = self.parents[-1]
        else:
            self.parents.append(key)
        self.metrics[key] = metric
        if note:
            self.imported.comment(("metrics", key), note)
        return key

    def add_known(self, value: _Figure, target: _Figure | None, rate: _Figure | None) -> str:
        """A figure of a DOCX that reportgen wrote: the metric it printed, key and all; other
        figures were typed as they are and stay text."""
        assert self.known is not None
        for key, metric in self.known.items():
            if key in self.metrics or Decimal(str(metric["value"])) != value.value:
                continue
            if metric.get("unit", "") != value.unit:
                continue
            known_target = metric.get("target")
            if target and (known_target is None or Decimal(str(known_target)) != target.value):
                continue
            restored = {
                k: Decimal(str(v)) if k in ("value", "target") else v for k, v in metric.items()
            }
            self.metrics[key] = restored
            if target:
                target.paired = True
            if rate and "target" in restored:
                decimals = int(restored.get("decimals", 1))
                rate.paired = percent(value.value, restored["target"], decimals) == rate.value
            return key
        return ""

    def key(self, label: str) -> str:
        syllables = [s for s in (syllable(c) for c in label) if s]
        base = "_".join(syllables[-4:]) or "metric"
        key, n = base, 2
        while key in self.metrics:
            key, n = f"{base}_{n}", n + 1
        return key


def _figures(sentence: str) -> list[_Figure]:
    out = []
    for m in _NUMBER.finditer(sentence):
        before = sentence[: m.start()]
        clause = _CLAUSE.split(before)[-1]
        if m.group("rate"):
            out.append(
                _Figure(m.start("rate"), m.end("rate") + 1, Decimal(m.group("rate")), rate=True)
            )
            if not _RATE_WORDS.search(clause):
                out[-1].paired = True  # a rate of something else (办结率, 满意度): not ours
            continue
        if _APPROXIMATE.search(clause) or "每" in clause or "{" in clause[-2:]:
            continue
        previous = [f for f in out if f.end <= m.start() and not f.rate]
        if previous and previous[-1].end > len(before) - len(clause):
            clause = before[previous[-1].end + 0 :]
            clause = re.sub(f"^(?:{_UNITS})", "", clause)
        target = bool(_TARGET_WORDS.search(clause))
        label = _TARGET_WORDS.sub("", clause) if target else clause
        label = _TRAILING.sub("", _FILLER.sub("", label.strip()))
        label = label.replace("{", "").replace("}", "").strip("、 　")
        out.append(
            _Figure(
                m.start("num"),
                m.end("num"),
                Decimal(m.group("num")),
                m.group("unit"),
                target=target,
                label=label,
                part=clause.lstrip().startswith("其中"),
            )
        )
    return out


def _pair_target(value: _Figure, figures: list[_Figure]) -> _Figure | None:
    for f in figures:
        if f.target and not f.paired and f.unit == value.unit:
            return f
    return None


def _rate_after(value: _Figure, figures: list[_Figure]) -> _Figure | None:
    """A completion rate later in the sentence, with no other value between."""
    for f in figures:
        if f.start <= value.start:
            continue
        if f.rate:
            return None if f.paired else f
        if not f.target:
            return None
    return None


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


_SKIPPED = (("heading",), ("name",))


def lift_metrics(data: dict[str, Any], imported: Imported) -> None:
    """Every count in the text becomes a metric cited as {key}; a target (目标, 计划, 任务数) in the
    same sentence becomes its target, and a completion rate its {key.rate} (inferred when the
    text gives no target)."""
    known = json.loads(imported.hints["metrics"]) if "metrics" in imported.hints else None
    lifter = _Lifter(imported, known=known if isinstance(known, dict) else None)

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(node, str):
            if path[-1:] in _SKIPPED or path[:1] in (("title",), ("recipient",), ("attachments",)):
                return node.replace("{", "{{").replace("}", "}}")
            return lifter.text(node)
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
    if lifter.known:
        # Metrics the text does not print (a base for the next edition) come back all the same.
        for key, metric in lifter.known.items():
            if key not in lifter.metrics:
                lifter.metrics[key] = {
                    k: Decimal(str(v)) if k in ("value", "target") else v for k, v in metric.items()
                }
        imported.notes.append("指标的键和定义取自 Word 文件中 reportgen 写入的自定义属性")
    if lifter.metrics:
        data["metrics"] = lifter.metrics
        listed = "、".join(f"{k}（{m['label']}）" for k, m in lifter.metrics.items())
        imported.notes.append(f"提取了 {len(lifter.metrics)} 个指标，请核对名称和数值：{listed}")
