"""Building the document tree from a validated model: numbering, metric figures, final text."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence

from ..model.metrics import substitute
from ..model.models import (
    Achievement,
    BrandSubmission,
    DocumentModel,
    LeadItem,
    Metric,
    Report,
    Section,
    TableBlock,
)
from ..model.numbering import format_date, heading_number, item_ordinal
from ..source.loader import PathKey, SourceMap
from .tables import table
from .titles import break_title
from .tree import (
    AttachmentNote,
    Block,
    Closing,
    DocumentTree,
    Heading,
    Meta,
    Paragraph,
    Recipient,
    Run,
    Title,
)

# GB/T 9704-2012 §7.3.5.2 (unsealed documents), in characters of body text.
SIGNATURE_RIGHT_INDENT = 2.0
DATE_OFFSET = 2.0
# A 2号 title on a 156 mm line: 442.2 pt / 22 pt.
DEFAULT_TITLE_CHARS = 20
# Core-property date for documents without a 成文日期, so the bytes stay reproducible.
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

_BLANK_LINES = re.compile(r"\n\s*\n")


def text_width(text: str) -> float:
    """Width in body characters: ASCII letters and digits are half a character wide."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def closing(signature: str, date: str, origin: PathKey = ()) -> Closing:
    """Right indents of the signature and date lines per §7.3.5.2."""
    sig_w, date_w = text_width(signature), text_width(date)
    if not date or date_w + DATE_OFFSET <= sig_w:
        sig_indent = SIGNATURE_RIGHT_INDENT
        date_indent = sig_w - DATE_OFFSET - date_w + SIGNATURE_RIGHT_INDENT
    else:
        # The date is the longer line: it keeps the 2-character indent, the signature moves left.
        date_indent = SIGNATURE_RIGHT_INDENT
        sig_indent = date_indent + date_w + DATE_OFFSET - sig_w
    return Closing(signature, date, sig_indent, date_indent if date else 0.0, origin)


def paragraphs(text: str) -> list[str]:
    """Split a multi-paragraph text at blank lines; line breaks inside a paragraph are joined."""
    out = []
    for chunk in _BLANK_LINES.split(text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        joined = ""
        for line in lines:
            # Chinese lines join without a space; Latin words keep one.
            if joined and joined[-1].isascii() and line[0].isascii():
                joined += " "
            joined += line
        if joined:
            out.append(joined)
    return out


class _Builder:
    def __init__(
        self,
        model: DocumentModel,
        previous: Mapping[str, Metric] | None,
        title_chars: int,
    ) -> None:
        self.model = model
        self.previous = previous
        self.title_chars = title_chars
        self.blocks: list[Block] = []

    def text(self, value: str) -> str:
        return substitute(value, self.model.metrics, self.previous).strip()

    def heading(self, level: int, n: int, text: str, origin: PathKey) -> None:
        self.blocks.append(Heading(level, heading_number(level, n), self.text(text), origin))

    def body(self, text: str, origin: PathKey) -> None:
        for para in paragraphs(self.text(text)):
            self.blocks.append(Paragraph((Run(para),), "body", origin))

    def items(self, items: Sequence[str | LeadItem], origin: PathKey) -> None:
        for i, item in enumerate(items, start=1):
            path = (*origin, i - 1)
            ordinal = item_ordinal(i)
            if isinstance(item, str):
                runs = (Run(ordinal), Run(self.text(item)))
            else:
                lead, rest = self.text(item.lead), self.text(item.text)
                runs = (
                    (Run(ordinal + lead, "lead"), Run(rest)) if lead else (Run(ordinal), Run(rest))
                )
            self.blocks.append(Paragraph(tuple(r for r in runs if r.text), "item", path))

    def closing(self) -> None:
        m = self.model
        if m.attachments:
            entries = [self.text(a if isinstance(a, str) else a.name) for a in m.attachments]
            if len(entries) > 1:
                entries = [f"{i}. {e}" for i, e in enumerate(entries, start=1)]
            self.blocks.append(AttachmentNote("附件：", tuple(entries), ("attachments",)))
        date = format_date(m.date) if m.date else ""
        self.blocks.append(closing(self.text(m.organization), date, ("organization",)))

    # ------------------------------------------------------------------ kinds

    def brand_submission(self, m: BrandSubmission) -> Title:
        if m.title:
            title = break_title(self.text(m.title), self.title_chars)
        else:
            org = self.text(m.organization)
            title = break_title(f"{org}党建品牌申报材料", self.title_chars, (len(org),))
        self.heading(1, 1, m.parts.name, ("parts", "name"))
        self.body(m.brand.name, ("brand", "name"))
        self.heading(1, 2, m.parts.meaning, ("parts", "meaning"))
        self.body(m.brand.meaning, ("brand", "meaning"))
        self.heading(1, 3, m.parts.achievements, ("parts", "achievements"))
        for i, achievement in enumerate(m.achievements):
            self.achievement(i, achievement)
        self.closing()
        return Title(title, ("title",))

    def achievement(self, i: int, a: Achievement) -> None:
        origin: PathKey = ("achievements", i)
        self.heading(2, i + 1, a.heading, (*origin, "heading"))
        for j, para in enumerate(a.body):
            self.body(para, (*origin, "body", j))
        self.items(a.items, (*origin, "items"))

    def report(self, m: Report) -> Title:
        title = break_title(self.text(m.title), self.title_chars)
        if m.recipient:
            text = self.text(m.recipient).rstrip("：:")
            self.blocks.append(Recipient(text + "：", ("recipient",)))
        self.section_body(m.body, ("body",), 1)
        self.closing()
        return Title(title, ("title",))

    def section_body(
        self, body: Sequence[str | TableBlock | Section], origin: PathKey, level: int
    ) -> None:
        n = 0
        for i, block in enumerate(body):
            path = (*origin, i)
            if isinstance(block, str):
                self.body(block, path)
                continue
            if isinstance(block, TableBlock):
                spec = block.table
                where = (*path, "table")
                self.blocks.append(table(spec, self.model.metrics, self.previous, self.text, where))
                continue
            n += 1
            self.heading(level, n, block.heading, (*path, "heading"))
            self.section_body(block.body, (*path, "body"), level + 1)
            self.items(block.items, (*path, "items"))


_SUBJECTS = {"brand-submission": "党建品牌申报材料", "report": "报告"}


def build_tree(
    model: DocumentModel,
    positions: SourceMap | None = None,
    previous: Mapping[str, Metric] | None = None,
    title_chars: int = DEFAULT_TITLE_CHARS,
) -> DocumentTree:
    """The document tree of a validated model. Placeholders must already have been validated."""
    if not isinstance(model, (BrandSubmission, Report)):
        # imported here: the 公文 builder extends this module's builder
        from .official import build_official

        return build_official(model, positions, previous, title_chars)
    builder = _Builder(model, previous, title_chars)
    if isinstance(model, BrandSubmission):
        title = builder.brand_submission(model)
        keywords = builder.text(model.brand.name)
    else:
        title = builder.report(model)
        keywords = ""
    year = model.year or (model.date.year if model.date else None)
    if model.date:
        created = dt.datetime.combine(model.date, dt.time(), tzinfo=dt.timezone.utc)
    elif year:
        created = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)
    else:
        created = _EPOCH
    meta = Meta(
        title=title.text,
        author=builder.text(model.organization),
        subject=_SUBJECTS[model.kind],
        keywords=keywords,
        created=created,
        properties=metric_properties(model.metrics),
    )
    return DocumentTree(model.kind, meta, title, tuple(builder.blocks), positions)


METRICS_PROPERTY = "reportgen-metrics"


def metric_properties(metrics: Mapping[str, Metric]) -> tuple[tuple[str, str], ...]:
    """The metric definitions as one custom property (JSON), so an import can restore the keys."""
    if not metrics:
        return ()
    dumped = {k: m.model_dump(mode="json", exclude_defaults=True) for k, m in metrics.items()}
    return ((METRICS_PROPERTY, json.dumps(dumped, ensure_ascii=False, sort_keys=False)),)
