"""``check --fix``: writing automatic fixes back, changing only the offending characters."""

from __future__ import annotations

import bisect
import copy
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, ReportgenError, display_path
from ..output import OutputError, write_atomic
from ..source.loader import Loaded, NodeInfo, PathKey, Source, parse_source
from .findings import Finding, SourceEdit

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Change:
    """One edit that was written: where (in the file before the fix), which rule, old → new."""

    location: Location
    code: str
    old: str
    new: str

    def __str__(self) -> str:
        new = f"“{self.new}”" if self.new else "（删除）"
        return f"{self.location}: {self.code} “{self.old}”→{new}"


@dataclass
class FixResult:
    """What ``apply_fixes`` did to one file; ``quoted`` values had to be put in quotes."""

    path: Path
    changes: list[Change] = field(default_factory=list)
    elsewhere: list[SourceEdit] = field(default_factory=list)
    quoted: list[Location] = field(default_factory=list)


def _same_file(name: str, path: Path) -> bool:
    return Path(name).resolve() == path.resolve()


def plan(path: Path, findings: Sequence[Finding]) -> tuple[list[SourceEdit], list[SourceEdit]]:
    """The edits to make in ``path`` (sorted, non-overlapping) and those in other files
    (values inherited from a base through ``extends``, fixed by running --fix on that file)."""
    here: list[SourceEdit] = []
    elsewhere: list[SourceEdit] = []
    for finding in findings:
        for edit in finding.edits:
            (here if _same_file(edit.file, path) else elsewhere).append(edit)
    here.sort(key=lambda e: (e.start, e.end))
    kept: list[SourceEdit] = []
    for edit in here:
        if kept and edit.start < kept[-1].end:
            continue  # two rules fixing the same characters: the first wins, a re-run does the rest
        kept.append(edit)
    return kept, elsewhere


def apply_fixes(path: Path, findings: Sequence[Finding], *, write: bool = True) -> FixResult:
    """Apply the automatic fixes of ``findings`` that lie in ``path``, atomically.

    Only the characters each fix names are replaced; everything else (comments, quoting,
    line endings, a BOM) stays byte for byte, unless a value must be put in quotes so that
    the fix does not turn into YAML syntax (`` #`` starting a comment). The fixed text is
    loaded again and must give exactly the values expected, or nothing is written and
    ReportgenError is raised. A symlink's target is fixed; its mode is kept; read-only files
    and files with hard links are refused.
    """
    edits, elsewhere = plan(path, findings)
    result = FixResult(path, elsewhere=elsewhere)
    if not edits:
        return result
    target, mode = _target(path)
    raw = target.read_bytes()
    bom = raw.startswith(_BOM)
    text = raw[len(_BOM) :].decode("utf-8") if bom else raw.decode("utf-8")
    # The file changed since it was checked where an edit's text differs: leave that spot alone.
    edits = [e for e in edits if text[e.start : e.end] == e.old]
    if not edits:
        return result
    new_text = _fixed_text(path, text, edits, result)
    result.changes = [Change(e.location, e.code, e.old, e.new) for e in edits]
    if write:
        try:
            write_atomic(target, (_BOM if bom else b"") + new_text.encode("utf-8"), mode=mode)
        except OutputError as exc:
            raise ReportgenError(f"{exc.message}，文件未修改") from None
    return result


def _target(path: Path) -> tuple[Path, int]:
    """The file to write (a symlink's target) and its mode; refuse what must not be replaced."""
    name = display_path(path)
    target = path.resolve()
    try:
        st = target.stat()
    except OSError:
        raise ReportgenError(f"{name}: 无法读取文件，未修改") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReportgenError(f"{name}: 不是普通文件，未修改")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise ReportgenError(f"{name}: 文件是只读的，未修改；如确需修复，请先去掉只读属性")
    if st.st_nlink > 1:
        raise ReportgenError(
            f"{name}: 文件有 {st.st_nlink} 个硬链接，自动修复会使它们不再是同一个文件，"
            "未修改；请先复制一份独立的文件再修复"
        )
    return target, stat.S_IMODE(st.st_mode)


# --------------------------------------------------------------------------- the safety check


def _fixed_text(path: Path, text: str, edits: list[SourceEdit], result: FixResult) -> str:
    """The text with ``edits`` made, checked by loading it again; quotes added where needed."""
    before = _load(path, text)
    if before is None:
        raise ReportgenError(f"{display_path(path)}: 文件无法解析，未修改")
    groups = _by_value(before, edits)
    expected = _expected(before.data, groups)
    new_text = _splice(text, edits)
    after = _load(path, new_text)
    if after is not None and _same(after.data, expected):
        return new_text
    # Put the values the fix broke (or, if the file no longer parses, every fixed value) in
    # double quotes: in quotes, no character of a value can be syntax.
    broken = [
        path_key
        for path_key, (_, value) in groups.items()
        if after is None or not _same(_lookup(after.data, path_key), value)
    ]
    quoted = {k: groups[k] for k in broken}
    new_text = _requote(text, edits, before, quoted)
    after = _load(path, new_text)
    if after is None or not _same(after.data, expected):
        raise ReportgenError(
            f"{display_path(path)}: 自动修复会改变文件内容的含义，未修改；请手工修改"
        )
    result.quoted = [before.positions.nodes[k].location for k in quoted]
    return new_text


def _load(path: Path, text: str) -> Loaded | None:
    if path.suffix.lower() == ".json":
        text = text.replace("\t", " ")  # as loader.read_source reads JSON
    try:
        return parse_source(path, Source(display_path(path), text))
    except InputError:
        return None


Groups = dict[PathKey, tuple[list[SourceEdit], str]]


def _by_value(loaded: Loaded, edits: list[SourceEdit]) -> Groups:
    """Each edited string value's path → (its edits, the value the edits should give)."""
    scalars = sorted(
        (n.start, n.end, key)
        for key, n in loaded.positions.nodes.items()
        if n.is_scalar and isinstance(n.value, str)
    )
    starts = [s[0] for s in scalars]
    found: dict[PathKey, list[SourceEdit]] = {}
    for edit in edits:
        i = bisect.bisect_right(starts, edit.start) - 1
        if i < 0 or not (scalars[i][0] <= edit.start and edit.end <= scalars[i][1]):
            raise ReportgenError(f"{edit.location}: 自动修复不在一个文本值之内，未修改")
        found.setdefault(scalars[i][2], []).append(edit)
    return {
        key: (group, _fixed_value(loaded.positions.nodes[key], group))
        for key, group in found.items()
    }


def _fixed_value(node: NodeInfo, edits: list[SourceEdit]) -> str:
    """The value with each edit made to the characters written at the edit's place."""
    value: str = node.value
    out: list[str] = []
    done: set[int] = set()
    for offset, char in enumerate(value):
        index = node.char_index(offset)
        hit = next((i for i, e in enumerate(edits) if e.start <= index < e.end), None)
        if hit is None:
            out.append(char)
        elif hit not in done:
            done.add(hit)
            out.append(edits[hit].new)
    return "".join(out)


def _expected(data: Any, groups: Groups) -> Any:
    expected = copy.deepcopy(data)
    for key, (_, value) in groups.items():
        if not key:
            return value
        parent = _lookup(expected, key[:-1])
        parent[key[-1]] = value
    return expected


def _lookup(data: Any, key: PathKey) -> Any:
    for part in key:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types, all the way down (``1 == True`` is not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _splice(text: str, edits: Sequence[SourceEdit]) -> str:
    out: list[str] = []
    pos = 0
    for edit in edits:
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def _requote(text: str, edits: list[SourceEdit], loaded: Loaded, quoted: Groups) -> str:
    """``text`` with the edits made, each value of ``quoted`` rewritten as a quoted string."""
    spans: list[tuple[int, int, str]] = []
    inside: set[int] = set()
    for key, (group, value) in quoted.items():
        node = loaded.positions.nodes[key]
        end = node.start + len(text[node.start : node.end].rstrip())
        spans.append((node.start, end, json.dumps(value, ensure_ascii=False)))
        inside.update(id(e) for e in group)
    spans += [(e.start, e.end, e.new) for e in edits if id(e) not in inside]
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end, new in spans:
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)
