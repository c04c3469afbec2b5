"""What an import produces: source paragraphs and the input-shaped result with its comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .changes import Cleaned, Removal, Review

KINDS = ("auto", "brand-submission", "report")


@dataclass
class Para:
    """One paragraph of the source with its 1-based line (or paragraph) number."""

    text: str
    line: int
    role: str = ""  # from a Word style: title, heading, recipient, attachment, signature, date
    level: int = 0
    lead: str = ""
    # From Word: whether the paragraph is known to be an 一是 item (True/False) or unknown (None).
    item: bool | None = None
    cells: tuple[str, ...] = ()  # the cells of a table row (role "table")


@dataclass
class Imported:
    """The result of an import: input-shaped data, comments for the YAML, and what was done."""

    data: dict[str, Any]
    source: str
    cleaned: Cleaned | None = None
    comments: dict[tuple[str | int, ...], list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # structural decisions, for the summary
    review: list[Review] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)  # e.g. a byline's 来源, a title's date
    encoding: str = "utf-8"

    def comment(self, path: tuple[str | int, ...], text: str) -> None:
        self.comments.setdefault(path, []).append(text)
