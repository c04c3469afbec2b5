"""What cleaning did: the cleaned lines, each change with its line, and what a person must review."""

from __future__ import annotations

from dataclasses import dataclass, field

# Step names, in the order they run, with the words the summary uses for them.
STEPS = {
    "mojibake": "乱码修复（GBK 错位）",
    "entity": "HTML 实体",
    "space": "多余空白和缩进",
    "pinyin": "拼音注音",
    "t2s": "繁体转简体",
    "zhe": "助词“著”改“着”",
    "punct": "半角标点改全角",
    "dash": "破折号",
}


@dataclass(frozen=True)
class Change:
    """One change made to one line (1-based line of the input)."""

    step: str
    line: int
    before: str
    after: str


@dataclass(frozen=True)
class Review:
    """Something a person has to look at: a line, the damaged or guessed span, and why."""

    line: int
    span: str
    message: str


@dataclass(frozen=True)
class Removal:
    """Text taken out of the document (web page furniture, a stray separator), with its line and
    why; every removal is reported, so nothing leaves the input silently."""

    line: int
    text: str
    reason: str


@dataclass
class Cleaned:
    """The cleaned lines (same count and order as the input) and what was done to them."""

    lines: list[str]
    changes: list[Change] = field(default_factory=list)
    review: list[Review] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    converted_script: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def summary(self) -> list[tuple[str, int, list[int]]]:
        """(step label, count, line numbers) for every step that changed something."""
        out = []
        for step, label in STEPS.items():
            hits = [c for c in self.changes if c.step == step]
            if hits:
                out.append((label, len(hits), sorted({c.line for c in hits})))
        return out
