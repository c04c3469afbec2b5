"""Validation of loaded input: schema errors mapped to line:col in Chinese, plus cross-field rules."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem
from ..source.loader import Loaded, PathKey, SourceMap, format_path, iter_strings
from .metrics import PlaceholderError, find_placeholders, resolve, valid_key
from .models import KIND_TITLES, KINDS, DocumentModel, Metric, document_adapter
from .numbering import MAX_HEADING_LEVEL
from .official_rules import official_problems

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


# --------------------------------------------------------------------------- schema errors


def schema_problems(data: Any, positions: SourceMap) -> Iterator[Problem]:
    try:
        document_adapter.validate_python(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        misspelt = _misspelt_fields(errors, data)
        for error in errors:
            if error["type"] == "missing" and _raw_path(tuple(error["loc"]), data) in misspelt:
                continue  # reported once, as the unknown field with a "did you mean" hint
            yield _problem_from_error(error, data, positions)


def _misspelt_fields(errors: list[Any], data: Any) -> set[PathKey]:
    """Paths of missing fields for which an unknown field beside them is a likely misspelling."""
    missing = {_raw_path(tuple(e["loc"]), data) for e in errors if e["type"] == "missing"}
    out: set[PathKey] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        path = _raw_path(tuple(error["loc"]), data)
        siblings = [m for m in missing if m[:-1] == path[:-1]]
        names = [str(m[-1]) for m in siblings]
        for hint in difflib.get_close_matches(str(path[-1]), names, n=1, cutoff=0.5):
            out.add((*path[:-1], hint))
    return out


def _raw_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """pydantic's loc with union tags removed: only steps that exist in (or under) the data."""
    path: list[str | int] = []
    node = data
    for i, step in enumerate(loc):
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        ):
            path.append(step)
            node = node[step]
        elif isinstance(node, dict) and i == len(loc) - 1 and isinstance(step, str):
            path.append(step)  # a missing field: name it, locate it at its parent
            node = None
        # anything else is a union tag or a model name: skip it
    return tuple(path)


def _model_at(path: PathKey, data: Any) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for field names and hints)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    model: Any = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return None
    annotation: Any = model
    for step in path:
        if isinstance(step, int):
            annotation = _element_type(annotation, list_like=True)
            continue
        current = _find_model(annotation)
        if current is None:
            return None
        if step in current.model_fields:
            annotation = current.model_fields[step].annotation
        else:
            annotation = _element_type(annotation, list_like=False)
    return _find_model(annotation)


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _element_type(annotation: Any, list_like: bool) -> Any:
    """Element type of list[X] (list_like) or value type of dict[str, X]."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in args:
            inner = _element_type(arg, list_like)
            if inner is not None:
                return inner
        return None
    if list_like and origin is list and args:
        return args[0]
    if not list_like and origin is dict and len(args) == 2:
        return args[1]
    return None


def field_title(path: PathKey, data: Any) -> str:
    """The Chinese title of the field at ``path``, when the model gives one."""
    if not path:
        return ""
    last = path[-1]
    if isinstance(last, int):
        parent = path[:-1]
        return field_title(parent, data) if parent else ""
    model = _model_at(path[:-1], data)
    if model is None or last not in model.model_fields:
        return ""
    return model.model_fields[last].title or ""


_MESSAGES = {
    "missing": "缺少必填字段",
    "string_type": "应为文本（数字等请加引号）",
    "string_too_short": "不能为空",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为对象（“键: 值”形式）",
    "model_type": "应为对象（“键: 值”形式）",
    "model_attributes_type": "应为对象（“键: 值”形式）",
    "none_required": "应为空",
}


def _problem_from_error(error: Any, data: Any, positions: SourceMap) -> Problem:
    etype: str = error["type"]
    loc = tuple(error["loc"])
    path = _raw_path(loc, data)
    ctx = error.get("ctx") or {}
    field = format_path(path)
    title = field_title(path, data)
    location = positions.nearest(path)
    if etype == "extra_forbidden":
        key = str(path[-1]) if path else ""
        location = positions.key_location(path)
        model = _model_at(path[:-1], data)
        message = f"未知字段“{key}”"
        if model is not None:
            allowed = list(model.model_fields)
            hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
            if hint:
                message += f"，是否想写“{hint[0]}”？"
            else:
                message += f"（此处可用：{'、'.join(allowed)}）"
        return Problem(location, field, message, title)
    if etype == "missing":
        return Problem(location, field, "缺少必填字段", title)
    if etype in ("union_tag_not_found", "union_tag_invalid") and not path:
        kind = data.get("kind") if isinstance(data, dict) else None
        where = positions.nearest(("kind",)) if kind is not None else location
        kinds = "、".join(f"{k}（{t}）" for k, t in KIND_TITLES.items())
        if kind is None:
            return Problem(where, "kind", f"缺少 kind（文档类型），应为 {kinds}", "文档类型")
        return Problem(where, "kind", f"文档类型“{kind}”无效，应为 {kinds}", "文档类型")
    if etype == "model_type" and not path:
        return Problem(location, "", "文件内容应为对象（“键: 值”形式）")
    if etype.startswith("date") or etype.startswith("datetime"):
        value = error.get("input")
        return Problem(
            location, field, f"日期“{value}”无效，应写成 2024-12-01 这样的真实日期", title
        )
    if etype == "literal_error":
        return Problem(location, field, f"取值无效，应为 {ctx.get('expected', '')}", title)
    if etype in ("greater_than_equal", "greater_than"):
        return Problem(location, field, f"应不小于 {ctx.get('ge', ctx.get('gt'))}", title)
    if etype in ("less_than_equal", "less_than"):
        return Problem(location, field, f"应不大于 {ctx.get('le', ctx.get('lt'))}", title)
    message = _MESSAGES.get(etype, f"取值无效（{error.get('msg', etype)}）")
    return Problem(location, field, message, title)


# --------------------------------------------------------------------------- cross-field rules


def _metric_values(data: Any) -> dict[str, Metric]:
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
    metrics = _metric_values(data)
    problems += _metric_problems(data, metrics, positions)
    problems += _placeholder_problems(data, metrics, positions, previous)
    for key in ("body",):
        problems += _depth_problems(data.get(key), (key,), 1, positions)
    problems += official_problems(data, positions)
    return problems


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
    for path, text in iter_strings(data):
        if path and path[0] in _NO_PLACEHOLDERS:
            continue
        for placeholder in find_placeholders(text):
            try:
                resolve(placeholder, metrics, previous)
            except PlaceholderError as exc:
                problems.append(
                    Problem(
                        positions.char_location(path, placeholder.start),
                        format_path(path),
                        exc.reason,
                        field_title(path, data),
                        code="RG208",
                    )
                )
    return problems


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
