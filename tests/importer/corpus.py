"""Scoring `reportgen import` on the corpus of tests/data/import/: per case and per capability.

Each ``NAME.txt`` has a ``NAME.expected.yaml`` beside it: the capabilities of issue 13 it exercises,
the ``--kind`` to import with, the furniture that must be reported as removed, and the data a
careful editor would make of it. Run ``python -m tests.importer.corpus`` for the score table.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from reportgen.importer.structure import import_file, summary_lines
from reportgen.model.metrics import substitute
from reportgen.model.models import Metric

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
CAPABILITIES = {
    1: "不静默丢内容",
    2: "去网页杂项",
    3: "无编号小标题",
    4: "无“品牌名称”的品牌",
    5: "一段内的一是二是",
    6: "恢复段落结构",
    7: "指标",
    8: "清理",
    9: "单位和标题",
    10: "DOCX 往返",
}
_BRAND_DEFAULTS = ("品牌名称", "品牌内涵", "党建品牌创建成效", "党建品牌申报材料")


@dataclass
class Case:
    name: str
    path: Path
    spec: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.spec.get("kind", "auto"))

    @property
    def capabilities(self) -> list[int]:
        return [int(c) for c in self.spec["capabilities"]]


def cases() -> list[Case]:
    out = []
    for expected in sorted(DATA.glob("*.expected.yaml")):
        name = expected.name.removesuffix(".expected.yaml")
        spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
        out.append(Case(name, DATA / f"{name}.txt", spec))
    return out


# --------------------------------------------------------------------------- normalising data


def _metrics(data: dict[str, Any]) -> dict[str, Metric]:
    return {k: Metric.model_validate(v) for k, v in (data.get("metrics") or {}).items()}


def _scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def resolved(data: dict[str, Any]) -> dict[str, Any]:
    """The data with every text's placeholders filled in and dates as ISO text, metrics left out."""
    metrics = _metrics(data)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            try:
                return substitute(node, metrics).strip()
            except ValueError:
                return node
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return _scalar(node)

    return {k: walk(v) for k, v in data.items() if k != "metrics"}


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, (*path, i))
    else:
        yield path, _scalar(node)


def structure_score(expected: dict[str, Any], got: dict[str, Any]) -> float:
    """F1 of (path, text) pairs: every field in its place with its text, nothing extra."""
    want = set(leaves(resolved(expected)))
    have = set(leaves(resolved(got)))
    if not want and not have:
        return 1.0
    hits = len(want & have)
    if not hits:
        return 0.0
    precision, recall = hits / len(have), hits / len(want)
    return 2 * precision * recall / (precision + recall)


def metric_score(expected: dict[str, Any], got: dict[str, Any]) -> float:
    """Each expected metric matched by value, unit and target (half) and label (half); metrics
    that were not expected count against; keys named m1, m2 … lose a fifth."""
    want = list((expected.get("metrics") or {}).values())
    have = dict(got.get("metrics") or {})
    if not want and not have:
        return 1.0
    used: set[str] = set()
    total = 0.0
    for w in want:
        best, best_key = 0.0, ""
        for key, h in have.items():
            if key in used:
                continue
            same = (
                Decimal(str(h["value"])) == Decimal(str(w["value"]))
                and h.get("unit", "") == w.get("unit", "")
                and _target(h) == _target(w)
            )
            score = (0.5 if same else 0.0) + (0.5 if same and h["label"] == w["label"] else 0.0)
            if score > best:
                best, best_key = score, key
        if best_key:
            used.add(best_key)
        total += best
    score = total / max(len(want), len(have))
    if have and any(re.fullmatch(r"m\d+", k) for k in have):
        score *= 0.8
    return score


def _target(metric: dict[str, Any]) -> Decimal | None:
    t = metric.get("target")
    return None if t is None else Decimal(str(t))


# --------------------------------------------------------------------------- the invariant

_ORDINAL = re.compile(r"(^|[。；，：！？\s])[一二三四五六七八九十]+是")
_NUMBERS = re.compile(
    r"[一二三四五六七八九十]+[、．.，]|[（(][一二三四五六七八九十]+[）)]|[（(]\d{1,2}[）)]"
    r"|(?<![\d.])\d{1,2}[、．]|(?<![\d.])\d{1,2}\.(?!\d)"
)


def _norm(text: str) -> str:
    text = _NUMBERS.sub("", _ORDINAL.sub(r"\1", text))
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")


def _date_text(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{value}\n{d.year}年{d.month}月{d.day}日"


def lost_clauses(imported: Any) -> list[tuple[int, str]]:
    """(line, clause) of the cleaned input that is neither in the output nor in the report."""
    data = imported.data
    texts = [_date_text(v) for _, v in leaves(resolved(data))]
    if data.get("kind") == "brand-submission":
        texts += [*_BRAND_DEFAULTS, f"{data.get('organization', '')}党建品牌申报材料"]
    haystack = _norm("\n".join(texts)) + "\n" + _norm("\n".join(summary_lines(imported)))
    removed = sorted({_norm(r.text) for r in imported.removed}, key=len, reverse=True)
    lost = []
    for n, line in enumerate(imported.cleaned.lines, start=1):
        for clause in re.split("[。！？；]", line):
            core = _norm(clause)
            for text in removed:
                if text and len(text) > 1:
                    core = core.replace(text, "")
            if core and core not in haystack:
                lost.append((n, clause))
    return lost


# --------------------------------------------------------------------------- scoring


@dataclass
class Scored:
    case: Case
    structure: float
    metrics: float
    removals: float
    lost: list[tuple[int, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def capability(self, cap: int) -> float:
        expected = self.case.spec["data"]
        if cap == 1:
            return 1.0 if not self.lost else 0.0
        if cap == 2:
            return (self.removals + self.structure) / 2
        if cap == 7:
            return self.metrics
        if cap == 9:
            keys = ("title", "organization")
            return sum(self.data.get(k) == expected.get(k) for k in keys) / len(keys)
        return self.structure


def score(case: Case) -> Scored:
    imported = import_file(case.path, case.kind)
    expected = case.spec["data"]
    report = "\n".join(summary_lines(imported))
    removed = case.spec.get("removed") or []
    found = [r for r in removed if r in report]
    return Scored(
        case,
        structure_score(expected, imported.data),
        metric_score(expected, imported.data),
        len(found) / len(removed) if removed else 1.0,
        lost_clauses(imported),
        imported.data,
    )


def capability_scores(scored: list[Scored]) -> dict[int, float]:
    out: dict[int, float] = {}
    for cap in CAPABILITIES:
        relevant = [s for s in scored if cap == 1 or cap in s.case.capabilities]
        if relevant:
            out[cap] = sum(s.capability(cap) for s in relevant) / len(relevant)
    return out


def main() -> None:
    scored = [score(c) for c in cases()]
    print(f"{'case':32} {'struct':>6} {'metric':>6} {'removal':>7} lost")
    for s in scored:
        print(
            f"{s.case.name:32} {s.structure:6.2f} {s.metrics:6.2f} {s.removals:7.2f} {len(s.lost)}"
        )
    print()
    for cap, value in capability_scores(scored).items():
        n = sum(1 for s in scored if cap == 1 or cap in s.case.capabilities)
        print(f"{cap:2}. {CAPABILITIES[cap]:14} {value:5.2f}  ({n} texts)")


if __name__ == "__main__":
    main()
