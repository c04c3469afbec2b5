"""Validation of loaded input: the schema's problems (model/schema_errors.py) plus cross-field rules."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..source.loader import Loaded, PathKey, SourceMap, format_path, iter_strings
from .metrics import STRAY_BRACE, PlaceholderError, find_placeholders, resolve, valid_key
from .models import DocumentModel, Metric, document_adapter
from .numbering import MAX_HEADING_LEVEL
from .official_rules import official_problems
from .schema_errors import field_title, schema_problems
from .table_rules import table_problems

# Fields whose strings are data, not prose: placeholders there are not expanded.
_NO_PLACEHOLDERS = {"kind", "metrics", "date", "extends", "previous", "template", "checks"}


def validate(loaded: Loaded, previous: Mapping[str, Metric] | None = None) -> DocumentModel:
    """Validate loaded data against the contract; raise InputError listing every problem."""
    schema, cross_field = input_problems(loaded, previous)
    if schema or cross_field:
        raise InputError(schema + cross_field)
    return document_adapter.validate_python(loaded.data)


def input_problems(
    loaded: Loaded, previous: Mapping[str, Metric] | None = None
) -> tuple[list[Problem], list[Problem]]:
    """Every problem of loaded data: the schema's, then the cross-field rules', each reported
    once (the same sentence from both passes is kept in the first)."""
    seen: set[str] = set()

    def fresh(problems: Iterable[Problem]) -> list[Problem]:
        out = []
        for p in problems:
            if str(p) not in seen:
                seen.add(str(p))
                out.append(p)
        return out

    schema = fresh(schema_problems(loaded.data, loaded.positions))
    return schema, fresh(cross_field_problems(loaded.data, loaded.positions, previous))


# --------------------------------------------------------------------------- cross-field rules


def metric_values(data: Any) -> dict[str, Metric]:
    """The metrics of raw data that validate on their own (others get schema errors)."""
    raw = data.get("metrics") if isinstance(data, dict) else None
    out: dict[str, Metric] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            try:
                out[key] = Metric.model_validate(value)
            except ValidationError:
                continue
    return out


def cross_field_problems(
    data: Any, positions: SourceMap, previous: Mapping[str, Metric] | None = None
) -> list[Problem]:
    """Rules no single field can check: placeholders, 其中 figures, nesting depth."""
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    metrics = metric_values(data)
    problems += _metric_problems(data, metrics, positions)
    problems += _placeholder_problems(data, metrics, positions, previous)
    for key in ("body",):
        problems += _depth_problems(data.get(key), (key,), 1, positions)
    problems += official_problems(data, positions)
    problems += table_problems(data, positions)
    problems += _size_problems(data, positions)
    return problems


# A long work report has a few hundred paragraphs; past this a document is not one anyone will
# file, and building it would take minutes. Checked before numbering, so 一、 never runs out.
MAX_BLOCKS = 2000


def _blocks(items: Any, path: PathKey) -> Iterator[PathKey]:
    """The path of every printed block (heading, paragraph, item) under a list, in order."""
    if not isinstance(items, list):
        return
    for i, block in enumerate(items):
        here: PathKey = (*path, i)
        yield here
        if isinstance(block, dict):
            for key in ("body", "items"):
                yield from _blocks(block.get(key), (*here, key))


def _size_problems(data: dict[str, Any], positions: SourceMap) -> list[Problem]:
    for key in ("achievements", "body"):
        for count, path in enumerate(_blocks(data.get(key), (key,)), start=1):
            if count > MAX_BLOCKS:
                return [
                    Problem(
                        positions.nearest(path),
                        format_path(path),
                        f"文档太长：小标题、段落和条目合计超过 {MAX_BLOCKS} 个（从这里开始超出），"
                        "请拆分成几个文件",
                        code="RG002",
                    )
                ]
    return []


def _metric_problems(data: Any, metrics: dict[str, Metric], positions: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    raw = data.get("metrics")
    if not isinstance(raw, dict):
        return problems
    for key in raw:
        path: PathKey = ("metrics", key)
        if not valid_key(key):
            problems.append(
                Problem(
                    positions.key_location(path),
                    format_path(path),
                    "指标的键只能用英文字母、数字、下划线和连字符，且以字母开头",
                    "指标",
                    code="RG002",
                )
            )
    for key, metric in metrics.items():
        if metric.part_of is None:
            continue
        path = ("metrics", key, "part_of")
        parent = metrics.get(metric.part_of)
        if metric.part_of not in raw:
            hint = difflib.get_close_matches(metric.part_of, list(raw), n=1)
            message = f"所属指标“{metric.part_of}”不存在" + (
                f"，是否想写“{hint[0]}”？" if hint else ""
            )
            problems.append(
                Problem(
                    positions.nearest(path),
                    format_path(path),
                    message,
                    "所属指标（其中）",
                    code="RG002",
                )
            )
        elif metric.part_of == key:
            problems.append(
                Problem(
                    positions.nearest(path),
                    format_path(path),
                    "指标不能是自己的“其中”项",
                    "所属指标（其中）",
                    code="RG002",
                )
            )
        elif parent is not None and _gt(metric.value, parent.value):
            vpath = ("metrics", key, "value")
            problems.append(
                Problem(
                    positions.nearest(vpath),
                    format_path(vpath),
                    f"“其中”项 {key}（{metric.value}{metric.unit}）大于所属指标 "
                    f"{metric.part_of}（{parent.value}{parent.unit}）",
                    "完成数",
                    code="RG402",
                )
            )
    return problems + _part_of_cycles(metrics, positions)


def _part_of_cycles(metrics: dict[str, Metric], positions: SourceMap) -> list[Problem]:
    """``a`` part of ``b`` part of ``a``: each cycle once, at its first metric's part_of."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for key in metrics:
        chain = [key]
        parent = metrics[key].part_of
        while parent in metrics and parent not in chain and parent != key:
            chain.append(parent)
            parent = metrics[parent].part_of
        if parent != key or len(chain) < 2 or reported & set(chain):
            continue
        reported |= set(chain)
        path: PathKey = ("metrics", key, "part_of")
        problems.append(
            Problem(
                positions.nearest(path),
                format_path(path),
                "“其中”关系形成循环：" + " → ".join([*chain, key]),
                "所属指标（其中）",
                code="RG002",
            )
        )
    return problems


def _gt(a: Decimal, b: Decimal) -> bool:
    try:
        return a > b
    except InvalidOperation:
        return False


def _placeholder_problems(
    data: dict[str, Any],
    metrics: dict[str, Metric],
    positions: SourceMap,
    previous: Mapping[str, Metric] | None,
) -> list[Problem]:
    problems: list[Problem] = []
    raw = data.get("metrics")
    # A metric with its own schema error is reported there, not again at every {key} using it.
    invalid = set(raw) - set(metrics) if isinstance(raw, dict) else set()
    for path, text in iter_strings(data):
        if path[:1] == ("metrics",) and path[-1:] in (("label",), ("unit",)):
            problems += _stray_braces(text, path, data, positions, printed_as_is=True)
            continue
        if path and path[0] in _NO_PLACEHOLDERS:
            continue
        for placeholder in find_placeholders(text):
            if placeholder.key in invalid:
                continue
            try:
                resolve(placeholder, metrics, previous)
            except PlaceholderError as exc:
                problems.append(_at(positions, path, placeholder.start, exc.reason, data))
        problems += _stray_braces(text, path, data, positions)
    return problems


def _at(positions: SourceMap, path: PathKey, offset: int, message: str, data: Any) -> Problem:
    return Problem(
        positions.char_location(path, offset),
        format_path(path),
        message,
        field_title(path, data),
        code="RG208",
    )


def _stray_braces(
    text: str, path: PathKey, data: Any, positions: SourceMap, printed_as_is: bool = False
) -> list[Problem]:
    """Braces that would be printed: a lone ``{`` or ``}``, full-width ones, and in a metric's
    label or unit (printed as they are) any brace at all. One problem per string."""
    for match in STRAY_BRACE.finditer(text):
        brace = match.group(1)
        if brace is None and not printed_as_is:
            continue  # {{ }} or a placeholder: filled or checked above
        brace = brace or match.group(0)[0]
        if printed_as_is:
            message = f"指标的名称和单位原样印出，不能含花括号“{brace}”（不会替换成数值）"
        elif brace in "\uff5b\uff5d":  # full-width braces
            message = f"全角花括号“{brace}”会原样印出；占位符用半角 {{键}}"
        else:
            message = (
                f"单独的花括号“{brace}”会原样印出；占位符写成 {{键}}，要印出花括号请写 {{{{ 或 }}}}"
            )
        return [_at(positions, path, match.start(), message, data)]
    return []


def _depth_problems(body: Any, path: PathKey, level: int, positions: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(body, list):
        return problems
    for i, block in enumerate(body):
        if isinstance(block, dict) and "heading" in block:
            here: PathKey = (*path, i)
            if level > MAX_HEADING_LEVEL:
                problems.append(
                    Problem(
                        positions.nearest((*here, "heading")),
                        format_path((*here, "heading")),
                        f"小节最多嵌套 {MAX_HEADING_LEVEL} 层（一、（一）1.（1））",
                        "小标题",
                        code="RG002",
                    )
                )
                continue
            problems += _depth_problems(block.get("body"), (*here, "body"), level + 1, positions)
    return problems
