"""Schema errors of loaded input: pydantic's errors as Chinese problems at the field's line:col."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..source.loader import PathKey, SourceMap, format_path
from .models import KIND_TITLES, KINDS, document_adapter


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
        current = _find_model(annotation, (step,))
        if current is None:
            return None
        if step in current.model_fields:
            annotation = current.model_fields[step].annotation
        else:
            annotation = _element_type(annotation, list_like=False)
    return _find_model(annotation, tuple(_mapping_at(path, data)))


def _find_model(annotation: Any, keys: tuple[Any, ...] = ()) -> type[BaseModel] | None:
    """The model of an annotation; of a union (a body's paragraph, section or table), the one
    with most of ``keys`` (the fields written there), the first on a tie."""
    models = list(_models(annotation))
    if not models:
        return None
    return max(models, key=lambda m: sum(k in m.model_fields for k in keys))


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models(arg)


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


def _thousands_comma(path: tuple[Any, ...], data: Any) -> tuple[str, str] | None:
    """``value: 1,461`` in braces reads as ``value: 1`` and a key ``461``: the field and what to
    write, when the unknown key is three digits after a number."""
    written = _mapping_at(path[:-1], data) if path else {}
    keys = list(written) if isinstance(written, dict) else []
    key = path[-1] if path else None
    if key not in keys or written[key] is not None or not re.fullmatch(r"\d{3}", str(key)):
        return None
    before = keys[keys.index(key) - 1] if keys.index(key) else None
    number = written.get(before) if before is not None else None
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    return str(before), (
        f"数字不要用逗号分隔千位：“{before}: {number},{key}”应写成“{before}: {number}{key}”"
    )


def _bound(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


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
        if (comma := _thousands_comma(path, data)) is not None:
            value_path = (*path[:-1], comma[0])
            return Problem(
                location, format_path(value_path), comma[1], field_title(value_path, data)
            )
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
    if etype == "greater_than":  # a strict bound (a column's width share): say so
        return Problem(location, field, f"应大于 {_bound(ctx.get('gt'))}", title)
    if etype == "greater_than_equal":
        return Problem(location, field, f"应不小于 {ctx.get('ge')}", title)
    if etype in ("less_than_equal", "less_than"):
        return Problem(location, field, f"应不大于 {ctx.get('le', ctx.get('lt'))}", title)
    message = _MESSAGES.get(etype, "取值无效")
    try:
        message = message.format(**ctx)
    except (KeyError, IndexError, ValueError):
        message = message.split("（")[0]
    return Problem(location, field, message, title)
