"""Yearly editions: ``extends`` (inherit a base file), ``abstract`` bases and ``previous`` links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Location, Problem, display_path
from ..source.loader import (
    INPUT_SUFFIXES,
    Loaded,
    NodeInfo,
    PathKey,
    SourceMap,
    load,
    os_error_text,
)
from .models import Metric
from .schema_errors import problems_from_errors

# Keys that describe the file itself rather than the document: a child never inherits them
# from its base (a base's ``abstract: true`` must not make every edition abstract, and a
# ``previous`` link is always about the edition that writes it).
OWN_KEYS = ("extends", "abstract", "previous")

MAX_DEPTH = 32


class AbstractInputError(InputError):
    """An ``abstract: true`` base was asked to be built on its own."""


@dataclass
class Edition:
    """One input with its ``extends`` chain merged in and its ``previous`` edition's metrics."""

    loaded: Loaded
    chain: tuple[Path, ...]
    abstract: bool = False
    previous_path: Path | None = None
    previous: dict[str, Metric] | None = None
    attached: tuple[Path, ...] = ()  # the files a 公文's ``attachments[i].from`` read
    # Problems of attached files when the caller asked to collect them (``collect=True``)
    # instead of stopping: the rest of the input is still validated and checked.
    problems: list[Problem] = field(default_factory=list)


def load_edition(
    path: Path, *, with_previous: bool = True, attachments: bool = True, collect: bool = False
) -> Edition:
    """Load ``path``, merge the files it ``extends``, read the metrics of its ``previous``, and
    graft in the files its 附件 are filed ``from`` (model/attached.py).

    Every value of the merged data keeps the location where it was written, so a problem in
    an inherited value is reported at the base file's line. Raises InputError.
    """
    loaded, chain = _load_chain(path, ())
    data = loaded.data
    abstract = isinstance(data, dict) and data.get("abstract") is True
    edition = Edition(loaded, chain, abstract)
    if with_previous and isinstance(data, dict) and "previous" in data:
        edition.previous_path, edition.previous = _load_previous(loaded)
    if attachments:
        from .attached import graft_attachments

        grafted = graft_attachments(loaded)
        if grafted.problems and not collect:
            raise InputError(grafted.problems)
        edition.problems = grafted.problems
        edition.attached = tuple(grafted.files)
        if with_previous and grafted.previous:
            edition.previous = {**grafted.previous, **(edition.previous or {})}
    return edition


def require_buildable(edition: Edition) -> None:
    """Raise AbstractInputError if the edition is a base that only exists to be extended."""
    if edition.abstract:
        where = edition.loaded.positions.nearest(("abstract",))
        raise AbstractInputError(
            [
                Problem(
                    where,
                    "abstract",
                    "这是基础文件（abstract: true），只供其他文件用 extends 继承，不能单独生成；"
                    "请生成继承它的年度文件",
                    "基础文件",
                )
            ]
        )


def is_abstract(path: Path) -> bool:
    """Whether ``path`` itself says ``abstract: true`` (unreadable files count as not abstract)."""
    try:
        loaded = load(path)
    except InputError:
        return False
    return isinstance(loaded.data, dict) and loaded.data.get("abstract") is True


# --------------------------------------------------------------------------- references


def referenced_file(base_dir: Path, ref: str, where: Location, field: str, title: str) -> Path:
    """The input file a ``extends``/``previous`` value names, resolved; raises InputError when
    the path cannot name a reportgen input (NUL, too long, a loop, a device, another suffix)."""

    def fail(message: str) -> InputError:
        return InputError([Problem(where, field, message, title)])

    if "\0" in ref or any(ord(c) < 0x20 for c in ref):
        raise fail("路径中含有控制字符或空字符，请检查文件名")
    try:
        path = (base_dir / ref.strip()).resolve()
        is_file, is_dir, exists = path.is_file(), path.is_dir(), path.exists()
    except (OSError, RuntimeError, ValueError) as exc:
        reason = os_error_text(exc) if isinstance(exc, OSError) else "符号链接形成循环"
        raise fail(f"无法使用路径“{_short(ref)}”（{reason}）") from None
    if is_dir or (exists and not is_file):
        kind = "文件夹" if is_dir else "设备或特殊文件"
        raise fail(f"“{_short(ref)}”是{kind}，{_WHAT[field]}应为 reportgen 的输入文件")
    if not is_file:
        raise fail(f"找不到{_WHAT[field]}“{_short(ref)}”（{_short(display_path(path))}）")
    if not path.name.lower().endswith(INPUT_SUFFIXES):
        raise fail(
            f"{_WHAT[field]}应为 reportgen 的输入文件（.yaml、.yml 或 .json），不能是“{_short(ref)}”"
        )
    return path


_WHAT = {"extends": "基础文件", "previous": "上一年的文件", "from": "附件文件"}
_TITLE = {"extends": "继承", "previous": "上一年", "from": "附件文件"}


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def require_input(loaded: Loaded, where: Location, field: str, ref: str) -> None:
    data = loaded.data
    if not isinstance(data, dict) or "kind" not in data:
        raise InputError(
            [
                Problem(
                    where,
                    field,
                    f"{_WHAT[field]}“{_short(ref)}”不是 reportgen 的输入文件（缺少 kind）",
                    _TITLE[field],
                )
            ]
        )


class _InheritedError(InputError):
    """A base file's problems, with one note where the chain starts (not one per level)."""

    def __init__(self, where: Location, ref: str, via: list[Path], inner: list[Problem]) -> None:
        self.inner, self.via = inner, via
        names = [display_path(p) for p in via]
        if len(names) > 4:
            names = [*names[:2], f"…（共 {len(names)} 层）…", names[-1]]
        chain = "" if len(via) < 2 else "（经由 " + " → ".join(names) + "）"
        note = Problem(where, "extends", f"基础文件“{_short(ref)}”有问题{chain}", "继承")
        super().__init__([note, *inner])


# --------------------------------------------------------------------------- extends


def _load_chain(
    path: Path, seen: tuple[tuple[Path, Location], ...]
) -> tuple[Loaded, tuple[Path, ...]]:
    loaded = load(path)
    data = loaded.data
    if not isinstance(data, dict) or "extends" not in data:
        return loaded, (path,)
    ref = data["extends"]
    where = loaded.positions.nearest(("extends",))
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(
            [Problem(where, "extends", "应为基础文件的路径（相对本文件），如 base.yaml", "继承")]
        )
    key = path.resolve()
    visited = (*seen, (key, where))
    base_path = referenced_file(path.parent, ref, where, "extends", "继承")
    if base_path in {p for p, _ in visited}:
        cycle = " → ".join(display_path(p) for p, _ in visited) + f" → {display_path(base_path)}"
        raise InputError([Problem(where, "extends", f"继承关系形成循环：{cycle}", "继承")])
    if len(visited) > MAX_DEPTH:
        raise InputError([Problem(where, "extends", f"继承层级超过 {MAX_DEPTH} 层", "继承")])
    try:
        base, chain = _load_chain(base_path, visited)
    except _InheritedError as exc:
        raise _InheritedError(where, ref, [base_path, *exc.via], exc.inner) from None
    except InputError as exc:
        if any(p.field == "extends" and p.location == where for p in exc.problems):
            raise
        # The base's own problems are reported where they are, plus where it was pulled in.
        raise _InheritedError(where, ref, [base_path], list(exc.problems)) from None
    if not isinstance(base.data, dict):
        raise InputError(
            [Problem(where, "extends", f"基础文件“{ref}”的内容应为对象（“键: 值”形式）", "继承")]
        )
    merged = merge(base, loaded)
    return merged, (path, *chain)


def merge(base: Loaded, child: Loaded) -> Loaded:
    """``child`` over ``base``: mappings merge key by key, lists and scalars replace.

    The positions of the result mix both files: each value keeps the node it was written at.
    """
    base_data = {k: v for k, v in base.data.items() if k not in OWN_KEYS}
    positions = SourceMap(default=child.positions.default)
    data = _merge_node(base_data, base.positions, child.data, child.positions, (), positions.nodes)
    return Loaded(child.path, data, positions, child.source)


def _subtree(positions: SourceMap, prefix: PathKey, out: dict[PathKey, NodeInfo]) -> None:
    n = len(prefix)
    for path, node in positions.nodes.items():
        if path[:n] == prefix:
            out[path] = node


def _merge_node(
    base: Any,
    base_pos: SourceMap,
    child: Any,
    child_pos: SourceMap,
    path: PathKey,
    out: dict[PathKey, NodeInfo],
) -> Any:
    if not (isinstance(base, dict) and isinstance(child, dict)):
        _subtree(child_pos, path, out)
        return child
    node = child_pos.nodes.get(path) or base_pos.nodes.get(path)
    if node is not None:
        out[path] = node
    merged: dict[str, Any] = {}
    for key, value in base.items():
        if key not in child:
            merged[key] = value
            _subtree(base_pos, (*path, key), out)
    for key, value in child.items():
        here = (*path, key)
        if key in base:
            merged[key] = _merge_node(base[key], base_pos, value, child_pos, here, out)
        else:
            merged[key] = value
            _subtree(child_pos, here, out)
    return merged


# --------------------------------------------------------------------------- previous


def _load_previous(loaded: Loaded) -> tuple[Path | None, dict[str, Metric] | None]:
    ref = loaded.data["previous"]
    where = loaded.positions.nearest(("previous",))
    if ref is None:
        return None, None
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(
            [
                Problem(
                    where, "previous", "应为上一年文件的路径（相对本文件），如 2023.yaml", "上一年"
                )
            ]
        )
    # ``previous`` is never inherited, so it is always relative to this very file.
    prev_path = referenced_file(loaded.path.parent, ref, where, "previous", "上一年")
    if prev_path == loaded.path.resolve():
        raise InputError([Problem(where, "previous", "不能指向本文件自己", "上一年")])
    try:
        prev = load_edition(prev_path, with_previous=False)
    except InputError as exc:
        note = Problem(where, "previous", f"上一年的文件“{ref}”有问题", "上一年")
        raise InputError([note, *exc.problems]) from None
    require_input(prev.loaded, where, "previous", ref)
    metrics, problems = _metrics(prev.loaded)
    if problems:
        note = Problem(where, "previous", f"上一年的文件“{ref}”中的指标有问题", "上一年")
        raise InputError([note, *problems])
    _check_years(loaded, prev.loaded, where)
    return prev_path, metrics


def _metrics(loaded: Loaded) -> tuple[dict[str, Metric], list[Problem]]:
    raw = loaded.data.get("metrics") if isinstance(loaded.data, dict) else None
    metrics: dict[str, Metric] = {}
    problems: list[Problem] = []
    if raw is None:
        return metrics, problems
    if not isinstance(raw, dict):
        loc = loaded.positions.nearest(("metrics",))
        return metrics, [Problem(loc, "metrics", "应为对象（“键: 值”形式）", "指标")]
    for key, value in raw.items():
        if isinstance(value, dict) and "label" not in value:
            # last year's file may hold bare figures ({value: 1200}): this year names them
            value = {**value, "label": str(key)}
        try:
            metrics[key] = Metric.model_validate(value)
        except ValidationError as exc:
            errors = [
                {**error, "loc": ("metrics", key, *error["loc"])}
                for error in exc.errors(include_url=False)
            ]
            problems += problems_from_errors(errors, loaded.data, loaded.positions)
    return metrics, problems


def _year(data: Mapping[str, Any]) -> int | None:
    year = data.get("year")
    if isinstance(year, int):
        return year
    date = data.get("date")
    text = str(date) if date is not None else ""
    return int(text[:4]) if text[:4].isdigit() else None


def _check_years(loaded: Loaded, prev: Loaded, where: Location) -> None:
    if not (isinstance(loaded.data, dict) and isinstance(prev.data, dict)):
        return
    year, last = _year(loaded.data), _year(prev.data)
    if year is not None and last is not None and last > year:
        raise InputError(
            [
                Problem(
                    where,
                    "previous",
                    f"上一年的文件是 {last} 年度，晚于本文件的 {year} 年度",
                    "上一年",
                )
            ]
        )


def edition_year(loaded: Loaded) -> int | None:
    """The edition's year (``year``, or the year of ``date``), for ordering editions."""
    return _year(loaded.data) if isinstance(loaded.data, dict) else None
