"""``check`` over many files: automatic fixes, each finding reported once, the text and JSON reports.

The library never prints: a run returns the lines to show (``Line.err`` for standard error), the
CLI echoes them as they come, file by file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ReportgenError
from ..model.template import Template
from .engine import check_file
from .findings import FileReport, Finding, finding_json, format_finding
from .fix import FixResult, apply_fixes
from .rules import ERROR


@dataclass(frozen=True)
class Line:
    """One line of the report; ``err`` lines go to standard error."""

    text: str
    err: bool = False


@dataclass
class CheckRun:
    """The state of one ``check`` over many files: what was shown, fixed and counted."""

    template: Template
    today: dt.date | None = None
    fix: bool = False
    strict: bool = False
    fmt: str = "text"
    explicit: Collection[Path] = ()
    quiet: bool = False
    failed: bool = False
    fixable: int = 0
    totals: dict[str, int] = field(
        default_factory=lambda: {"files": 0, "errors": 0, "warnings": 0, "fixed": 0}
    )
    records: list[dict[str, Any]] = field(default_factory=list)
    fixes: list[dict[str, Any]] = field(default_factory=list)
    _shown: set[tuple[object, ...]] = field(default_factory=set)

    @property
    def text(self) -> bool:
        return self.fmt == "text"

    def check(self, path: Path) -> list[Line]:
        """Check (and with ``fix``, repair) one file; the lines to show for it."""
        lines: list[Line] = []
        report = check_file(path, self.template, self.today)
        if report.note and path not in self.explicit:
            if self.text and not self.quiet:
                lines.append(
                    Line(f"{path}: 基础文件（abstract: true），随继承它的文件一起检查", True)
                )
            return lines
        if self.fix and any(f.fixable for f in report.findings):
            try:
                result = apply_fixes(path, report.findings)
            except ReportgenError as exc:
                self.failed = True
                return [*lines, Line(exc.message, err=True)]
            lines += self._fixed(path, result)
            if result.changes:
                report = check_file(path, self.template, self.today)
            self.totals["fixed"] += len(result.changes)
        self.totals["files"] += 1
        return lines + self._report(path, report)

    def _fixed(self, path: Path, result: FixResult) -> list[Line]:
        lines = []
        if result.elsewhere and self.text:
            bases = "、".join(sorted({e.file for e in result.elsewhere}))
            lines.append(
                Line(
                    err=True,
                    text=f"{path}: {len(result.elsewhere)} 处可自动修复的问题在基础文件 {bases} 中，"
                    "请对该文件运行 check --fix",
                )
            )
        for change in result.changes:
            self.fixes.append(
                {
                    "file": change.location.file,
                    "line": change.location.line,
                    "column": change.location.col,
                    "code": change.code,
                    "old": change.old,
                    "new": change.new,
                }
            )
            if self.text and not self.quiet:
                lines.append(Line(f"已修改 {change}"))
        return lines

    def _new(self, findings: list[Finding]) -> list[Finding]:
        """The findings not shown yet: an inherited value is reported once, not once per edition."""
        new = []
        for finding in findings:
            p = finding.problem
            key = (p.location, p.code, p.field, p.message)
            if key not in self._shown:
                self._shown.add(key)
                new.append(finding)
        return new

    def _report(self, path: Path, report: FileReport) -> list[Line]:
        new = self._new(report.findings)
        errors = sum(1 for f in new if f.severity == ERROR)
        warnings = len(new) - errors
        self.totals["errors"] += errors
        self.totals["warnings"] += warnings
        self.fixable += sum(1 for f in new if f.fixable)
        self.failed = self.failed or errors > 0 or (self.strict and warnings > 0)
        if not self.text:
            self.records.extend(finding_json(f) for f in new)
            return []
        # The findings on standard output (``> 问题.txt``), in file order; the rest on stderr.
        new.sort(key=lambda f: f.problem.location)
        shown = [f for f in new if f.severity == ERROR] if self.quiet else new
        lines = [Line(format_finding(f.problem, f.fixable) + _through(f, path)) for f in shown]
        if self.quiet:
            return lines
        if report.note:
            lines.append(Line(f"{path}: {report.note}", err=True))
        if report.findings and not new:
            n = len(report.findings)
            lines.append(Line(f"{path}: {n} 个问题在它用到的其他文件中，已在上面列出", err=True))
        elif not new:
            lines.append(Line(f"{path}: 没有发现问题", err=True))
        return lines

    def finish(self) -> list[Line]:
        """The closing lines: the JSON document, or the text summary."""
        if not self.text:
            doc = {
                "version": 1,
                "findings": self.records,
                "fixes": self.fixes,
                "summary": {**self.totals, "failed": self.failed, "strict": self.strict},
            }
            return [Line(json.dumps(doc, ensure_ascii=False, indent=2))]
        errors, warnings = self.totals["errors"], self.totals["warnings"]
        if not (errors or warnings) or self.quiet:
            return []
        hint = (
            f"；其中 {self.fixable} 个可用 --fix 自动修复" if self.fixable and not self.fix else ""
        )
        return [Line(f"共 {errors} 个错误、{warnings} 个警告{hint}", err=True)]


def _through(finding: Finding, path: Path) -> str:
    """For a finding in another file (a base reached through extends): the file being checked."""
    where = Path(finding.problem.location.file)
    if where.name and _real(where) != _real(path):
        return f"（检查 {path} 时发现，经 extends、previous 或附件的 from）"
    return ""


def _real(path: Path) -> Path:
    """``path`` resolved; as written when it cannot be (a symlink loop, a path too long)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
