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
from .metrics import STRAY_BRACE, PlaceholderError, find_placeholders, resolve, valid_key
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
        if _is_union_tag(node, step, loc[i + 1 :]):
            continue
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


def _mapping_at(path: PathKey, data: Any) -> dict[str, Any]:
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _is_union_tag(node: Any, step: Any, rest: tuple[Any, ...]) -> bool:
    """Whether ``step`` is pydantic's union tag (``lead`` of the {lead, text} item) although the
    data has a key of that name: the next step is then a key of this very mapping."""
    if not (isinstance(node, dict) and step in node and rest and isinstance(rest[0], str)):
        return False
    return not isinstance(node[step], dict) and rest[0] in node


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
    "finite_number": "应为有限的数字（不能是 NaN 或无穷大）",
    "decimal_max_places": "小数位数太多（最多 {decimal_places} 位）",
    "decimal_max_digits": "数字位数太多（最多 {max_digits} 位）",
    "decimal_whole_digits": "整数部分位数太多",
    "string_too_long": "太长（最多 {max_length} 个字）",
    "too_long": "项数太多（最多 {max_length} 项）",
    "recursion_loop": "嵌套太深",
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
            # A hint names a field not written yet (never the one beside it, or itself).
            written = _mapping_at(path[:-1], data)
            unused = [f for f in allowed if f not in written]
            hint = difflib.get_close_matches(key, unused, n=1, cutoff=0.5)
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
    message = _MESSAGES.get(etype, "取值无效")
    try:
        message = message.format(**ctx)
    except (KeyError, IndexError, ValueError):
        message = message.split("（")[0]
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
