"""Building the tree of a filed 公文: 版头, 主送, 正文, 附件说明, 署名 with or without seal, 附注, 附件, 版记."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..model.models import BrandSubmission, Metric, Report
from ..model.numbering import format_date
from ..model.official import (
    GENRES,
    Attachment,
    Header,
    Letter,
    Minutes,
    OfficialModel,
    issuers,
)
from ..source.loader import PathKey, SourceMap
from .build import _Builder, closing, text_width
from .titles import break_title
from .tree import (
    AttachmentNote,
    AttachmentPage,
    Attendance,
    Closing,
    DocumentTree,
    Imprint,
    Masthead,
    Meta,
    Note,
    Recipient,
    SealedClosing,
    Title,
)

# §7.3.5.1: the date of a sealed document is right-indented 4 characters.
SEALED_DATE_RIGHT_INDENT = 4.0
# §7.2.6: several 签发人 are set two names to a row.
SIGNERS_PER_ROW = 2


def signer_rows(names: list[str]) -> tuple[tuple[str, ...], ...]:
    """签发人 names two to a row, in the order given (§7.2.6)."""
    return tuple(
        tuple(names[i : i + SIGNERS_PER_ROW]) for i in range(0, len(names), SIGNERS_PER_ROW)
    )


def sealed_closing(
    signature: str, date: str, seal_image: str, origin: tuple[str, ...]
) -> SealedClosing:
    """§7.3.5.1: the date right-indented 4 characters, the signature centred over the date."""
    date_indent = SEALED_DATE_RIGHT_INDENT
    sig_indent = date_indent + (text_width(date) - text_width(signature)) / 2
    return SealedClosing(signature, date, max(sig_indent, 0.0), date_indent, seal_image, origin)


def masthead(
    header: Header, text: _Builder, default_suffix: str = "文件", letter: bool = False
) -> Masthead:
    corner = [
        header.copy_number or "",
        header.secrecy or "",
        header.urgency or "",
    ]
    return Masthead(
        corner=tuple(c for c in corner if c),
        issuers=tuple(text.text(i) for i in issuers(header)),
        # the kind's own suffix (纪要) unless the input names one
        suffix=header.issuer_suffix
        if "issuer_suffix" in header.model_fields_set
        else default_suffix,
        number=header.number or "",
        signer_rows=signer_rows([text.text(s) for s in header.signers]),
        preprinted=header.preprinted,
        letter=letter,
    )


class _OfficialBuilder(_Builder):
    model: OfficialModel

    def attachments_note(self) -> None:
        names = [self.text(_name(a)) for a in self.model.attachments]
        if not names:
            return
        entries = names if len(names) == 1 else [f"{i}. {e}" for i, e in enumerate(names, 1)]
        self.blocks.append(AttachmentNote("附件：", tuple(entries), ("attachments",)))

    def attendance(self, m: Minutes) -> None:
        """§10.3: 出席, 请假, 列席, one line each (names joined by 、)."""
        for label, key, names in (
            ("出席：", "attendees", m.attendees),
            ("请假：", "absent", m.absent),
            ("列席：", "observers", m.observers),
        ):
            if names:
                text = "、".join(self.text(n) for n in names)
                first = not isinstance(self.blocks[-1], Attendance)
                self.blocks.append(Attendance(label, text, (key,), first))

    def signature(self, positions: SourceMap | None) -> None:
        m = self.model
        date = format_date(m.date) if m.date else ""
        signature = self.text(m.organization)
        if m.sealed or m.seal_image:
            image = ""
            if m.seal_image:
                # relative to the file that names it (which may be a base file it extends)
                path = Path(m.seal_image)
                if positions is not None and not path.is_absolute():
                    path = Path(positions.nearest(("seal_image",)).file).parent / path
                image = str(path.resolve())
            self.blocks.append(sealed_closing(signature, date, image, ("organization",)))
        else:
            self.blocks.append(closing(signature, date, ("organization",)))
        if m.note:
            text = self.text(m.note).strip("（）()")
            self.blocks.append(Note(f"（{text}）", ("note",)))

    def attachment_pages(self) -> None:
        bound = [
            (i, a)
            for i, a in enumerate(self.model.attachments)
            if isinstance(a, Attachment) and (a.body or a.document is not None)
        ]
        several = len(self.model.attachments) > 1
        for i, a in bound:
            label = f"附件{i + 1}" if several else "附件"
            title = break_title(self.text(a.title or a.name), self.title_chars)
            origin = ("attachments", i)
            self.blocks.append(AttachmentPage(label, Title(title, (*origin, "name")), origin))
            if a.document is not None:
                self.attached(a.document, (*origin, "document"))
            self.section_body(a.body, (*origin, "body"), 1)

    def attached(self, document: BrandSubmission | Report, origin: PathKey) -> None:
        """A 附件 filed from another input: its blocks as that kind builds them (一、 （一） …,
        its own metrics), without its 附件说明 and 署名 (the 公文 carries those)."""
        sub = _Builder(document, self.previous, self.title_chars)
        if isinstance(document, BrandSubmission):
            sub.brand_submission(document)
        else:
            sub.report(document)
        for block in sub.blocks:
            if not isinstance(block, (AttachmentNote, Closing)):
                self.blocks.append(dataclasses.replace(block, origin=(*origin, *block.origin)))

    def imprint(self) -> Imprint | None:
        imprint = self.model.imprint
        if imprint is None:
            return None
        copy_to = ""
        if imprint.copy_to:
            copy_to = (
                "抄送：" + "，".join(self.text(c).rstrip("。，") for c in imprint.copy_to) + "。"
            )
        if isinstance(self.model, Letter):  # §10.1: a 函's 版记 is its 抄送 line only
            return Imprint(copy_to, "", "") if copy_to else None
        printed_on = format_date(imprint.printed_on) + "印发" if imprint.printed_on else ""
        return Imprint(copy_to, self.text(imprint.printed_by or ""), printed_on)


def _masthead(model: OfficialModel, b: _OfficialBuilder) -> Masthead | None:
    """The kind's 版头: 纪要 names its 标志 “×××纪要” (§10.3); a 函 has the 信函格式 (§10.1)."""
    if model.header is None:
        return None
    if isinstance(model, Letter):
        return masthead(model.header, b, "", letter=True)
    return masthead(model.header, b, "纪要" if isinstance(model, Minutes) else "文件")


def _name(item: str | Attachment) -> str:
    return item if isinstance(item, str) else item.name


def build_official(
    model: OfficialModel,
    positions: SourceMap | None,
    previous: Mapping[str, Metric] | None,
    title_chars: int,
) -> DocumentTree:
    """The tree of a 请示, 报告, 通知, 纪要 or 函: GB/T 9704 §7 (§10) from 版头 to 版记."""
    b = _OfficialBuilder(model, previous, title_chars)
    title = break_title(b.text(model.title), title_chars)
    if model.recipient:
        text = b.text(model.recipient).rstrip("：:")
        b.blocks.append(Recipient(text + "：", ("recipient",)))
    b.section_body(model.body, ("body",), 1)
    b.attachments_note()
    if isinstance(model, Minutes):
        b.attendance(model)
    b.signature(positions)
    b.attachment_pages()
    if model.date:
        created = dt.datetime.combine(model.date, dt.time(), tzinfo=dt.timezone.utc)
    else:
        created = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    meta = Meta(
        title="".join(title),
        author=b.text(model.organization),
        subject=GENRES[model.kind],
        keywords=model.header.number or "" if model.header else "",
        created=created,
    )
    return DocumentTree(
        model.kind,
        meta,
        Title(title, ("title",)),
        tuple(b.blocks),
        positions,
        masthead=_masthead(model, b),
        imprint=b.imprint(),
    )
