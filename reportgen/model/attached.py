"""附件 filed from another input: ``attachments[i].from`` names a brand submission (or report)
whose data is grafted in as the attachment's ``document``, and whose metrics the 公文 may cite.

Every grafted value keeps the node it was written at, so a problem in the attached file is
reported at that file's line, and one in the 公文 at its own."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem
from ..source.loader import Loaded, PathKey, format_path
from .models import Metric
from .official import OFFICIAL_KINDS

if TYPE_CHECKING:
    from .editions import Edition

TITLE = "附件文件"


@dataclass
class Attached:
    """What the attached files add: their files (for rebuilds) and their previous metrics."""

    files: list[Path] = field(default_factory=list)
    previous: dict[str, Metric] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # a note at ``from``, then the file's


def graft_attachments(loaded: Loaded) -> Attached:
    """Load every ``attachments[i].from`` of a 公文 (relative to the file that writes it) and
    graft it in; every problem goes to ``problems`` (an item that fails is left as written)."""
    out = Attached()
    data = loaded.data
    if not isinstance(data, dict) or data.get("kind") not in OFFICIAL_KINDS:
        return out
    items = data.get("attachments")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and "from" in item:
            out.problems += _graft(loaded, i, item, out)
    return out


def _graft(loaded: Loaded, i: int, item: dict[str, Any], out: Attached) -> list[Problem]:
    from .editions import load_edition, referenced_file, require_input

    path: PathKey = ("attachments", i, "from")
    where = loaded.positions.nearest(path)
    ref = item["from"]

    def problem(message: str) -> list[Problem]:
        return [Problem(where, format_path(path), message, TITLE)]

    if not isinstance(ref, str) or not ref.strip():
        return problem("应为附件文件的路径（相对本文件），如 ../tanzhou-2024.yaml")
    for key in ("document", "body"):
        if key in item:
            return problem(f"写了 from 的附件不再写 {key}：附件的内容来自该文件")
    try:
        target = referenced_file(Path(where.file).parent, ref, where, "from", TITLE)
        if target == loaded.path.resolve():
            return problem("不能指向本文件自己")
        attached: Edition = load_edition(target, attachments=False)
        require_input(attached.loaded, where, "from", ref)
    except InputError as exc:
        if any(p.location == where for p in exc.problems):
            field_name = format_path(path)  # "from" → "attachments[0].from", like the others
            return [
                replace(p, field=field_name) if p.location == where else p for p in exc.problems
            ]
        return [*problem(f"附件文件“{ref}”有问题"), *exc.problems]
    item["document"] = attached.loaded.data
    loaded.positions.merge(attached.loaded.positions, ("attachments", i, "document"))
    out.files += attached.chain
    out.previous.update(attached.previous or {})
    return _graft_metrics(loaded, attached.loaded, ref)


def _graft_metrics(loaded: Loaded, attached: Loaded, ref: str) -> list[Problem]:
    """The attached file's metrics, for the 公文's own text; a key both define alike is fine,
    defined differently it is a mistake (one {key} would print two figures)."""
    theirs = attached.data.get("metrics") if isinstance(attached.data, dict) else None
    ours = loaded.data.setdefault("metrics", {})
    if not isinstance(theirs, dict) or not isinstance(ours, dict):
        return []
    problems = []
    for key, value in theirs.items():
        if key in ours:
            if ours[key] != value:
                path: PathKey = ("metrics", key)
                problems.append(
                    Problem(
                        loaded.positions.nearest(path),
                        format_path(path),
                        f"附件文件“{ref}”中的指标 {key} 与这里的定义不同：请改用别的键，"
                        "或删去这一项、直接引用附件文件中的指标",
                        "指标",
                    )
                )
            continue
        ours[key] = value
        for node_path, node in attached.positions.nodes.items():
            if node_path[:2] == ("metrics", key):
                loaded.positions.nodes[node_path] = node
    return problems
