"""What the checks report: findings with their rule code and fixes, as text and as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, Problem
from .rules import ERROR, SEVERITY_NAMES, WARNING


@dataclass(frozen=True)
class SourceEdit:
    """One automatic fix in a file: replace ``text[start:end]`` (== ``old``) with ``new``."""

    file: str
    start: int
    end: int
    old: str
    new: str
    location: Location
    code: str


@dataclass(frozen=True)
class Finding:
    """A problem with its rule code and severity, and the edits that fix it (if automatic)."""

    problem: Problem
    edits: tuple[SourceEdit, ...] = ()
    validation: bool = False

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def severity(self) -> str:
        return self.problem.severity

    @property
    def fixable(self) -> bool:
        return bool(self.edits)


def format_finding(item: Problem | Finding, fixable: bool | None = None) -> str:
    """``file:line:col: field（title）: message [RG101 错误，可自动修复：“,”→“，”]``."""
    if isinstance(item, Finding):
        problem, fixable = item.problem, item.fixable
    else:
        problem = item
    tag = SEVERITY_NAMES.get(problem.severity, problem.severity)
    if problem.code:
        tag = f"{problem.code} {tag}"
    if problem.fix:
        tag += ("，可自动修复：" if fixable else "，建议：") + problem.fix
    return f"{problem} [{tag}]"


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding in the documented shape of ``schemas/findings.schema.json``."""
    p = finding.problem
    return {
        "file": p.location.file,
        "line": p.location.line,
        "column": p.location.col,
        "field": p.field,
        "title": p.title,
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
        "fix": p.fix or None,
        "fixable": finding.fixable,
    }


class ChecksFailed(InputError):
    """Checks found errors that block a build; lines carry each rule's code."""

    def lines(self) -> list[str]:
        return [format_finding(p) for p in self.problems]


@dataclass
class FileReport:
    """Everything ``check`` found in one input file."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)
