"""Schema errors of loaded input: pydantic's errors as Chinese problems at the field's line:col."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Location, Problem
from ..source.loader import PathKey, SourceMap, format_path
from ..source.syntax import missing_space
from .models import KIND_TITLES, KINDS, document_adapter


def schema_problems(data: Any, positions: SourceMap) -> Iterator[Problem]:
    try:
        document_adapter.validate_python(data)
    except ValidationError as exc:
        yield from problems_from_errors(exc.errors(include_url=False), data, positions)


def problems_from_errors(errors: list[Any], data: Any, positions: SourceMap) -> Iterator[Problem]:
    """pydantic's errors of ``data`` as located Chinese problems, one per mistake."""
    misspelt = _misspelt_fields(errors, data)
    for error in errors:
        if error["type"] == "missing" and _raw_path(tuple(error["loc"]), data) in misspelt:
            continue  # reported once, as the unknown field with a "did you mean" hint
        problem = problem_from_error(error, data, positions)
        if problem is not None:
            yield problem


def _misspelt_fields(errors: list[Any], data: Any) -> set[PathKey]:
    """Paths of missing fields that an unknown field beside them stands for: a likely
    misspelling, ``value:28`` for ``value``, or ``时间: 2024年`` (text read as a mapping)
    for whatever that mapping lacks."""
    missing = {_raw_path(tuple(e["loc"]), data) for e in errors if e["type"] == "missing"}
    out: set[PathKey] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        path = _raw_path(tuple(error["loc"]), data)
        siblings = [m for m in missing if m[:-1] == path[:-1]]
        key = str(path[-1])
        if not key.isascii():
            out.update(siblings)
        if missing_space(key) is not None:
            out.add((*path[:-1], key.split(":")[0]))
        names = [str(m[-1]) for m in siblings]
        for hint in difflib.get_close_matches(key, names, n=1, cutoff=0.5):
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


_SEPARATOR_NAMES = {",": "逗号", "，": "逗号", " ": "空格", "\u00a0": "空格", "\u3000": "空格"}
_GROUPED = re.compile(
    r"[-+]?[0-9]{1,3}(?P<sep>[,， \u00a0\u3000])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?"
)


def thousands_hint(name: str, value: Any) -> str | None:
    """``value: 1,461`` (or ``1，461``, ``1 461``) given as a number: what to write instead."""
    if not isinstance(value, str):
        return None
    match = _GROUPED.fullmatch(value.strip())
    if match is None:
        return None
    plain = value.strip().replace(match["sep"], "")
    separator = _SEPARATOR_NAMES[match["sep"]]
    return f"数字不要用{separator}分隔千位：“{name}: {value.strip()}”应写成“{name}: {plain}”"


def _group_key(key: Any, written: dict[str, Any], last: bool) -> bool:
    pattern = r"\d{3}(\.\d+)?" if last else r"\d{3}"
    return written.get(key, 0) is None and bool(re.fullmatch(pattern, str(key)))


def _thousands_comma(path: tuple[Any, ...], data: Any) -> tuple[str, str | None] | None:
    """``{value: 1,461}`` reads as ``value: 1`` and a key ``461``: the field and what to write
    when the unknown key is three digits after a number (None for the later groups of
    ``1,461,000``, which the first one's message covers)."""
    written = _mapping_at(path[:-1], data) if path else {}
    keys = list(written) if isinstance(written, dict) else []
    key = path[-1] if path else None
    if key not in keys or not _group_key(key, written, last=True):
        return None
    first = keys.index(key)
    while first > 0 and _group_key(keys[first - 1], written, last=False):
        first -= 1
    number = written.get(keys[first - 1]) if first else None
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    before = str(keys[first - 1])
    if keys.index(key) != first:
        return before, None
    groups = [str(key)]
    for later in keys[first + 1 :]:
        if not _group_key(later, written, last=True):
            break
        groups.append(str(later))
    shown = ",".join([str(number), *groups])
    return (
        before,
        f"数字不要用逗号分隔千位：“{before}: {shown}”应写成“{before}: {shown.replace(',', '')}”",
    )


def _missing_space_key(key: str, value: Any) -> str | None:
    """``{value:28}`` reads as a key ``value:28`` without a value."""
    if value is not None:
        return None
    found = missing_space(key)
    return found[1] if found is not None else None


def _text_read_as_mapping(key: str, value: Any) -> str | None:
    """``- 时间: 2024年`` in a list of paragraphs reads as a mapping {时间: 2024年}."""
    if key.isascii() or isinstance(value, (dict, list)):
        return None
    text = f"{key}: {'' if value is None else value}".strip()
    return (
        f"“{text}”被读成了“键: 值”（半角冒号后跟空格）：请改用全角冒号写成"
        f"“{key}：{'' if value is None else value}”，或给整段文字加引号"
    )


def _misread_value(error: Any, path: PathKey, positions: SourceMap) -> tuple[Location, str] | None:
    """A value of the wrong type because of how it was written: ``1,461`` for a number,
    ``heading:标题`` for an object, ``#1 工作`` (a comment) for anything."""
    etype: str = error["type"]
    value = error.get("input")
    if not path or not (etype.endswith(("_parsing", "_type")) or etype == "literal_error"):
        return None
    key = path[-1]
    if isinstance(key, str) and (spaced_key := missing_space(key)) is not None:
        # ``unions:{value: 120}`` under metrics: the key is ``unions:{value``, its value ``120}``
        where = positions.key_location(path)
        return replace(where, col=max(where.col, 1) + spaced_key[0]), spaced_key[1]
    hint = thousands_hint(str(path[-1]), value)
    if hint is not None:
        return positions.nearest(path), hint
    info = positions.info(path)
    if isinstance(value, str) and (spaced := missing_space(value)) is not None:
        return positions.char_location(path, spaced[0]), spaced[1]
    if value is None and info is not None and info.is_scalar:
        text = info.source.text
        at = info.start
        while at < len(text) and text[at] == " ":
            at += 1
        if text.startswith("#", at):
            return info.source.location(at), (
                "“#”及其后的文字被当成了注释，这里成了空值：以“#”开头的文字请整段加引号"
            )
    return None


def _extra_field(error: Any, data: Any, positions: SourceMap) -> Problem | None:
    path = _raw_path(tuple(error["loc"]), data)
    key = str(path[-1]) if path else ""
    location = positions.key_location(path)
    field = format_path(path)
    if (comma := _thousands_comma(path, data)) is not None:
        if comma[1] is None:
            return None
        value_path = (*path[:-1], comma[0])
        where = positions.nearest(value_path)
        return Problem(where, format_path(value_path), comma[1], field_title(value_path, data))
    value = _mapping_at(path[:-1], data).get(key)
    if (spaced := _missing_space_key(key, value)) is not None:
        at = replace(location, col=max(location.col, 1) + key.index(":"))
        name = (*path[:-1], key.split(":")[0])
        return Problem(at, format_path(name), spaced, field_title(name, data))
    one_key = len(_mapping_at(path[:-1], data)) == 1  # a line of text, not a real mapping
    if one_key and (as_text := _text_read_as_mapping(key, value)) is not None:
        return Problem(location, format_path(path[:-1]), as_text, field_title(path[:-1], data))
    message = f"未知字段“{key}”"
    model = _model_at(path[:-1], data)
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
    return Problem(location, field, message, field_title(path, data))


def _bound(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def problem_from_error(error: Any, data: Any, positions: SourceMap) -> Problem | None:
    """One pydantic error of ``data`` as a located Chinese problem (None when another error's
    problem already says it, as for the later groups of ``{value: 1,461,000}``)."""
    etype: str = error["type"]
    loc = tuple(error["loc"])
    path = _raw_path(loc, data)
    ctx = error.get("ctx") or {}
    field = format_path(path)
    title = field_title(path, data)
    location = positions.nearest(path)
    if etype == "extra_forbidden":
        return _extra_field(error, data, positions)
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
    if (found := _misread_value(error, path, positions)) is not None:
        return Problem(found[0], field, found[1], title)
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
