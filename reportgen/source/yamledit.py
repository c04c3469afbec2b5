"""Editing YAML text in place: new data merged into the parsed text so hand-written comments survive."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import InputError, Location, Problem

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long Chinese line: a fold would change nothing but the diff
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _parse(text: str) -> Any:
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location("<text>", mark.line + 1, mark.column + 1) if mark else Location("<text>")
        raise InputError([Problem(where, "", "YAML 语法错误，无法按表单修改")]) from None


def _scalar(old: Any, new: Any) -> Any:
    """The new value, written the way the old one was (a ``|`` block stays a block)."""
    if isinstance(new, str) and "\n" in new:
        return LiteralScalarString(new if new.endswith("\n") else new + "\n")
    if isinstance(new, str) and _DATE.match(new):
        try:
            return dt.date.fromisoformat(new)  # written bare, as a person types a date
        except ValueError:
            return new
    if isinstance(new, float) and new == int(new):
        return int(new)
    if isinstance(new, Decimal):
        return int(new) if new == new.to_integral_value() else float(new)
    return new


def _same(old: Any, new: Any) -> bool:
    """Whether the text already says ``new`` (so it is left exactly as written)."""
    if old is None or new is None:
        return old is new
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, (int, float)) and isinstance(new, (int, float, Decimal)):
        return Decimal(str(old)) == Decimal(str(new))
    if hasattr(old, "isoformat") and isinstance(new, str):
        return bool(old.isoformat() == new)
    if isinstance(old, str) and isinstance(new, str):
        return old.rstrip("\n") == new.rstrip("\n")
    return False


def _fresh(new: Any) -> Any:
    """A value that was not in the text: mappings and lists as ruamel's commented types."""
    if isinstance(new, dict):
        out = CommentedMap()
        for key, value in new.items():
            out[key] = _fresh(value)
        return out
    if isinstance(new, list):
        return CommentedSeq([_fresh(v) for v in new])
    return _scalar(None, new)


def _merge(old: Any, new: Any) -> Any:
    """``new`` with as much of ``old`` (its comments, order, quoting, flow style) as still fits."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            if key in old:
                old[key] = _merge(old[key], value)
            else:
                old[key] = _fresh(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        # Items are matched by position: a comment stays with the item at its place in the list.
        while len(old) > len(new):
            del old[len(old) - 1]
        for i, value in enumerate(new):
            if i < len(old):
                old[i] = _merge(old[i], value)
            else:
                old.append(_fresh(value))
        return old
    if isinstance(new, (dict, list)):
        return _fresh(new)
    if _same(old, new):
        return old
    return _scalar(old, new)


def update_text(text: str, data: Any) -> str:
    """``text`` rewritten to hold ``data``, keeping its comments wherever the values still stand.

    Values that did not change keep their exact spelling; a changed string that spans lines is
    written as a ``|`` block. Raises InputError when ``text`` is not YAML.
    """
    doc = _parse(text) if text.strip() else None
    merged = _merge(doc, data) if doc is not None else _fresh(data)
    out = io.StringIO()
    _yaml().dump(merged, out)
    return out.getvalue()
