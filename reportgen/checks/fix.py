"""``check --fix``: writing automatic fixes back, changing only the offending characters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, ReportgenError, display_path
from ..output import write_atomic
from ..source.loader import Source, parse_source
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
    """What ``apply_fixes`` did to one file."""

    path: Path
    changes: list[Change] = field(default_factory=list)
    elsewhere: list[SourceEdit] = field(default_factory=list)


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
    line endings, a BOM) stays byte for byte. The result must parse to the same structure,
    or nothing is written and ReportgenError is raised.
    """
    edits, elsewhere = plan(path, findings)
    result = FixResult(path, elsewhere=elsewhere)
    if not edits:
        return result
    raw = path.read_bytes()
    bom = raw.startswith(_BOM)
    text = raw[len(_BOM) :].decode("utf-8") if bom else raw.decode("utf-8")
    out: list[str] = []
    pos = 0
    for edit in edits:
        if text[edit.start : edit.end] != edit.old:
            continue  # the file changed since it was checked; leave this spot alone
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
        result.changes.append(Change(edit.location, edit.code, edit.old, edit.new))
    out.append(text[pos:])
    new_text = "".join(out)
    if not result.changes:
        return result
    _same_structure(path, text, new_text)
    if write:
        write_atomic(path, (_BOM if bom else b"") + new_text.encode("utf-8"))
    return result


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        return json.loads(text)
    return parse_source(path, Source(display_path(path), text)).data


def _shape(data: Any) -> Any:
    """The data with every string blanked: what a fix must leave unchanged."""
    if isinstance(data, dict):
        return {str(k): _shape(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shape(v) for v in data]
    if isinstance(data, str):
        return str
    return data


def _same_structure(path: Path, before: str, after: str) -> None:
    try:
        old, new = _parse(path, before), _parse(path, after)
    except (InputError, ValueError) as exc:
        raise ReportgenError(f"{path}: 自动修复后文件无法解析，未写入（{exc}）") from None
    if _shape(old) != _shape(new):
        raise ReportgenError(f"{path}: 自动修复会改变文件结构，未写入；请手工修改")
