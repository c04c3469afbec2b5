"""The one exception family of reportgen, and the located problem it reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file: 1-based line and column (columns count characters)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, as the user will read it.

    ``field`` is the field's path as written in the input (``achievements[0].heading``),
    ``title`` its Chinese name where the model gives one, ``message`` a Chinese sentence.

    ``code`` is the rule code ``check`` prints (``reportgen rules``; the registry is
    checks/rules.py), given where the problem is raised. The default, RG001 (输入格式错误), is
    right for anything found reading, merging or validating an input: a new problem in source/
    or model/ needs no code of its own. Give one when another rule describes it better:
    ``Problem(where, field, message, title, code="RG002")`` for relations between fields (keys,
    所属指标, nesting), RG208 for placeholders, RG402 for 其中 figures. Renderers give their
    layout findings an RG7xx code or an alias that checks.engine.LAYOUT_ALIASES maps.
    """

    location: Location
    field: str
    message: str
    title: str = ""
    code: str = "RG001"
    severity: str = "error"
    fix: str = ""

    def __str__(self) -> str:
        name = self.field
        if self.title and self.field:
            name = f"{self.field}（{self.title}）"
        elif self.title:
            name = self.title
        head = f"{self.location}: "
        if name:
            head += f"{name}: "
        return head + self.message


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The error as the lines the CLI prints on stderr."""
        return [self.message]


class InputError(ReportgenError):
    """An input file has one or more problems; all of them are carried together."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class TemplateError(ReportgenError):
    """A style template is missing or invalid."""


class RenderError(ReportgenError):
    """A document could not be rendered (for example a character no installed font has)."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [self.message]


def display_path(path: Path) -> str:
    """The path as the user should read it: relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the folder; or NUL, a link loop
        return str(path)
