"""The state of one run of the checks: where findings go, which rules are off, inline suppressions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, Problem
from ..model.schema_errors import field_title
from ..model.template import Template
from ..source.loader import Loaded, NodeInfo, PathKey, Source, SourceMap, format_path
from ..textscan import Edit, Hit
from .findings import Finding, SourceEdit
from .rules import RULES


@dataclass
class Context:
    loaded: Loaded
    template: Template
    disabled: frozenset[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def positions(self) -> SourceMap:
        return self.loaded.positions

    @property
    def data(self) -> Any:
        return self.loaded.data

    def add(
        self,
        code: str,
        path: PathKey,
        message: str,
        *,
        offset: int | None = None,
        fix: str = "",
        edits: tuple[SourceEdit, ...] = (),
        at: Location | None = None,
    ) -> None:
        if code in self.disabled:
            return
        rule = RULES[code]
        if at is not None:
            location = at
        elif offset is None:
            location = self.positions.nearest(path)
        else:
            location = self.positions.char_location(path, offset)
        problem = Problem(
            location,
            format_path(path),
            message,
            field_title(path, self.data),
            code,
            rule.severity,
            fix,
        )
        self.findings.append(Finding(problem, edits))

    def add_hit(self, path: PathKey, text: str, hit: Hit) -> None:
        edits = self.source_edits(path, text, hit.code, hit.edits)
        self.add(hit.code, path, hit.message, offset=hit.start, fix=hit.fix, edits=edits)

    def source_edits(
        self, path: PathKey, text: str, code: str, edits: Sequence[Edit]
    ) -> tuple[SourceEdit, ...]:
        """The value edits as edits of the file, only where the value is written verbatim there
        (not through escapes or folded lines), so a fix can never change anything else."""
        node = self.positions.info(path)
        if node is None or not node.is_scalar or node.value != text:
            return ()
        out = []
        for edit in edits:
            found = self._verbatim(node, text, edit) or self._verbatim(
                node, text, _core(text, edit)
            )
            if found is None:
                return ()
            start, end = found
            old = node.source.text[start:end]
            location = node.source.location(start)
            out.append(SourceEdit(node.source.name, start, end, old, edit.new, location, code))
        return tuple(out)

    @staticmethod
    def _verbatim(node: NodeInfo, text: str, edit: Edit | None) -> tuple[int, int] | None:
        if edit is None or edit.end <= edit.start:
            return None
        start = node.char_index(edit.start)
        end = node.char_index(edit.end - 1) + 1
        if node.source.text[start:end] != text[edit.start : edit.end]:
            return None
        return start, end


def _core(text: str, edit: Edit) -> Edit | None:
    """The edit without the spaces around it (they may be a folded line break in the file)."""
    span = text[edit.start : edit.end]
    core = span.strip(" ")
    if not core or core == span:
        return None
    start = edit.start + (len(span) - len(span.lstrip(" ")))
    return Edit(start, start + len(core), edit.new)


def get_path(data: Any, path: PathKey) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def disabled_codes(
    data: Any, template: Template
) -> tuple[frozenset[str], list[tuple[PathKey, str]]]:
    """Codes switched off by the template and the file, and the file's entries that are unknown."""
    codes = set(template.checks.disable)
    bad: list[tuple[PathKey, str]] = []
    raw = get_path(data, ("checks", "disable"))
    if isinstance(raw, list):
        for i, code in enumerate(raw):
            text = str(code).strip().upper()
            rule = RULES.get(text)
            if rule is None or not rule.can_disable:
                bad.append((("checks", "disable", i), text))
            else:
                codes.add(text)
    return frozenset(c for c in codes if c in RULES and RULES[c].can_disable), bad


_INLINE = re.compile(r"#.*?reportgen:\s*disable=([A-Za-z0-9, ]+)")


def suppressed(findings: list[Finding], positions: SourceMap) -> list[Finding]:
    """Drop findings whose line carries ``# reportgen: disable=RG207`` (a YAML comment)."""
    sources: dict[str, Source] = {n.source.name: n.source for n in positions.nodes.values()}
    out = []
    for finding in findings:
        loc = finding.problem.location
        source = sources.get(loc.file)
        if source is not None and loc.line > 0 and "reportgen:" in source.text:
            line = (
                source.text.splitlines()[loc.line - 1]
                if loc.line <= source.text.count("\n") + 1
                else ""
            )
            m = _INLINE.search(line)
            if m and finding.code in {c.strip().upper() for c in m.group(1).split(",")}:
                continue
        out.append(finding)
    return out
