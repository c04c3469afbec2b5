"""Tables of the document tree (GB/T 9704-2012 §8): cell text filled, metric tables generated."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ..model.metrics import Placeholder, resolve
from ..model.models import METRICS_TABLE, Metric, Table
from ..source.loader import PathKey
from .tree import Table as TableBlock

# A cell with nothing to show (no target, no last year's figure): a dash, as statistical tables do.
EMPTY_CELL = "—"
PART_PREFIX = "其中："


def table(
    spec: Table | str,
    metrics: Mapping[str, Metric],
    previous: Mapping[str, Metric] | None,
    text: Callable[[str], str],
    origin: PathKey,
) -> TableBlock:
    """The tree's table of a validated ``table:`` block: ``table: metrics`` (every metric), a
    table of chosen ``metrics``, or columns and rows whose cells may cite metrics as {key}."""
    if isinstance(spec, str):
        assert spec == METRICS_TABLE
        return metric_table(list(metrics), metrics, previous, "", origin)
    caption = text(spec.caption or "")
    if spec.metrics is not None:
        table = metric_table(spec.metrics, metrics, previous, caption, origin)
        return replace(table, landscape=spec.landscape)
    total = sum(spec.widths or ())
    rows = tuple(tuple(_cell(text, c) for c in row) for row in spec.rows)
    return TableBlock(
        columns=tuple(_cell(text, c) for c in spec.columns),
        rows=rows,
        caption=caption,
        widths=tuple(w / total for w in spec.widths) if spec.widths else (),
        align=tuple(spec.align) if spec.align else default_align(len(spec.columns), rows),
        landscape=spec.landscape,
        origin=origin,
    )


# A cell wider than this (in characters) is a phrase, not a figure: its column is set flush left.
SHORT_CELL_CHARS = 8


def default_align(n: int, rows: Sequence[Sequence[str]] = ()) -> tuple[str, ...]:
    """The first column (what a row is about) flush left, figures and short words centred,
    columns of phrases (a 备注) flush left."""
    from .build import text_width  # build imports this module

    def phrases(j: int) -> bool:
        return any(text_width(row[j]) > SHORT_CELL_CHARS for row in rows if j < len(row))

    return ("left", *("left" if phrases(j) else "center" for j in range(1, n)))


def _cell(text: Callable[[str], str], cell: str | int) -> str:
    # a cell is one paragraph: lines written in the YAML join as in body text
    return "".join(line.strip() for line in text(str(cell)).splitlines())


def metric_table(
    keys: Sequence[str],
    metrics: Mapping[str, Metric],
    previous: Mapping[str, Metric] | None,
    caption: str,
    origin: PathKey,
) -> TableBlock:
    """One row per metric: 指标、单位、数值、目标、完成率、上年、增减, a column only when some metric
    of the table has it. Figures are the placeholders' own ({key}, {key.rate}, {key.change})."""
    chosen = [(k, metrics[k]) for k in keys]
    last = previous or {}

    def figure(key: str, attribute: str) -> str:
        return resolve(Placeholder(0, 0, key, attribute), metrics, previous)

    columns: list[tuple[str, Callable[[str, Metric], str]]] = [
        ("指标", lambda k, m: _part_label(m))
    ]
    if any(m.unit for _, m in chosen):
        columns.append(("单位", lambda k, m: m.unit or EMPTY_CELL))
    columns.append(("数值", lambda k, m: figure(k, "value")))
    if any(m.target is not None for _, m in chosen):
        columns.append(
            ("目标", lambda k, m: EMPTY_CELL if m.target is None else figure(k, "target"))
        )
        columns.append(("完成率", lambda k, m: figure(k, "rate") if m.target else EMPTY_CELL))
    if any(k in last for k, _ in chosen):
        columns.append(("上年", lambda k, m: figure(k, "prev") if k in last else EMPTY_CELL))
        columns.append(("增减", lambda k, m: _change(figure, k) if last.get(k) else EMPTY_CELL))
    return TableBlock(
        columns=tuple(name for name, _ in columns),
        rows=tuple(tuple(cell(k, m) for _, cell in columns) for k, m in chosen),
        caption=caption,
        align=default_align(len(columns)),
        origin=origin,
    )


def _change(figure: Callable[[str, str], str], key: str) -> str:
    """{key.change} without its “比上年”/“与上年”: the column head already says 增减."""
    words = figure(key, "change")
    return words.removeprefix("比上年").removeprefix("与上年")


def _part_label(metric: Metric) -> str:
    """A 其中 figure says so, unless its label already does."""
    if metric.part_of and not metric.label.startswith("其中"):
        return PART_PREFIX + metric.label
    return metric.label
