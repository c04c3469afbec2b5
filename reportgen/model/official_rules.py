"""Cross-field rules of the filed 公文 kinds: 发文字号, 份号, 签发人, 主送, 版记 dates, 附件 (GB/T 9704)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..source.loader import PathKey, SourceMap, format_path, iter_strings
from .official import GENRES, OFFICIAL_KINDS, UPWARD_KINDS

# §7.2.5: 机关代字〔年份〕序号号, full year, no 虚位 (leading zeros), no 第.
DOC_NUMBER = re.compile(r"^[^〔〕]+〔[0-9]{4}〕[1-9][0-9]*号$")
# Brackets people type instead of 〔〕: half-width, full-width square, lenticular, small, round.
_WRONG_BRACKETS = re.compile("[\\[\\]\uff3b\uff3d【】﹝﹞()（）〖〗]")
_YEAR = re.compile(r"〔([^〔〕]*)〕")
_SEQUENCE = re.compile(r"〕(第?)([0-9]+)号?$")
_COPY_NUMBER = re.compile(r"^[0-9]{6}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(★.+)?$")
# Separators of several organs in one 主送机关 line.
_ORGAN_SEPARATORS = "、，,；;"
_ATTACHMENT_REF = re.compile(r"附件([0-9]+)")

_TITLES = {
    ("header",): "版头",
    ("header", "number"): "发文字号",
    ("header", "signers"): "签发人",
    ("header", "copy_number"): "份号",
    ("header", "secrecy"): "密级和保密期限",
    ("header", "issuer"): "发文机关标志",
    ("header", "issuer_suffix"): "标志后缀",
    ("recipient",): "主送机关",
    ("date",): "成文日期",
    ("imprint", "printed_on"): "印发日期",
    ("imprint", "printed_by"): "印发机关",
}


class _Rules:
    def __init__(self, data: dict[str, Any], positions: SourceMap) -> None:
        self.data = data
        self.positions = positions
        self.problems: list[Problem] = []
        self.kind = str(data.get("kind"))
        self.genre = GENRES[self.kind]

    def add(self, path: PathKey, message: str, offset: int | None = None) -> None:
        if offset is None:
            location = self.positions.nearest(path)
        else:
            location = self.positions.char_location(path, offset)
        title = _TITLES.get(tuple(p for p in path if not isinstance(p, int)), "")
        self.problems.append(Problem(location, format_path(path), message, title))

    def header(self) -> dict[str, Any] | None:
        header = self.data.get("header")
        return header if isinstance(header, dict) else None

    # ------------------------------------------------------------------ rules

    def doc_number(self, header: dict[str, Any]) -> None:
        """§7.2.5: 坦委〔2024〕12号."""
        number = header.get("number")
        path: PathKey = ("header", "number")
        if not isinstance(number, str) or DOC_NUMBER.match(number):
            return
        wrong = _WRONG_BRACKETS.search(number)
        if wrong:
            self.add(
                path,
                f"年份应使用六角括号〔〕（不用“{wrong.group()}”），如 坦委〔2024〕12号（§7.2.5）",
                wrong.start(),
            )
            return
        year = _YEAR.search(number)
        if year is None:
            self.add(path, "发文字号应写成 机关代字〔年份〕序号号，如 坦委〔2024〕12号（§7.2.5）")
            return
        if not re.fullmatch("[0-9]{4}", year.group(1)):
            self.add(path, "年份应写全 4 位阿拉伯数字（半角），如〔2024〕（§7.2.5）", year.start(1))
            return
        sequence = _SEQUENCE.search(number)
        if sequence is None:
            self.add(path, "年份之后应是序号和“号”，如〔2024〕12号（§7.2.5）", year.end())
        elif sequence.group(1):
            self.add(path, "序号前不加“第”，写成〔2024〕12号（§7.2.5）", sequence.start(1))
        elif sequence.group(2).startswith("0"):
            self.add(path, "序号不编虚位：写 1号，不写 001号（§7.2.5）", sequence.start(2))
        else:
            self.add(path, "发文字号应以“号”结尾，如 坦委〔2024〕12号（§7.2.5）")

    def copy_and_secrecy(self, header: dict[str, Any]) -> None:
        """§7.2.1-7.2.2: 份号 is six digits, and every 涉密 document has one."""
        copy_number, secrecy = header.get("copy_number"), header.get("secrecy")
        if isinstance(secrecy, str) and not _SECRECY.match(secrecy):
            self.add(
                ("header", "secrecy"),
                "密级应为 绝密、机密 或 秘密，保密期限用“★”连接，如 机密★1年（§7.2.2）",
            )
        if secrecy and copy_number is None:
            self.add(("header", "secrecy"), "标注密级的公文必须标注份号（copy_number）（§7.2.1）")
        if copy_number is not None and not _COPY_NUMBER.match(str(copy_number)):
            self.add(
                ("header", "copy_number"),
                "份号应为 6 位阿拉伯数字，如 000123（加引号写成文本）（§7.2.1）",
            )

    def signers(self, header: dict[str, Any]) -> None:
        """§7.2.6: 签发人 on 上行文 only, and every 上行文 names one."""
        signers = header.get("signers")
        if self.kind in UPWARD_KINDS:
            if not signers:
                self.add(
                    ("header",) if "signers" not in header else ("header", "signers"),
                    f"{self.genre}是上行文，版头须标注签发人（signers）（§7.2.6）",
                )
        elif signers:
            self.add(
                ("header", "signers"),
                f"签发人只标注在上行文（请示、报告）的版头，{self.genre}不标注（§7.2.6）",
            )

    def recipient(self) -> None:
        """主送机关 per 文种: a 请示 goes to one organ; 请示 and 报告 name theirs."""
        recipient = self.data.get("recipient")
        if recipient is None:
            if self.kind in UPWARD_KINDS or self.kind == "letter":
                self.add(("title",), f"{self.genre}须有主送机关（recipient）（§7.3.2）")
            return
        if self.kind == "request" and isinstance(recipient, str):
            text = recipient.rstrip("：:")
            for i, ch in enumerate(text):
                if ch in _ORGAN_SEPARATORS:
                    self.add(
                        ("recipient",),
                        "请示只主送一个上级机关，不多头主送；需要其他机关知晓的列入抄送",
                        i,
                    )
                    return

    def minutes(self) -> None:
        """§10.3: a 纪要 records a meeting: no 主送机关 and no seal."""
        if self.kind != "minutes":
            return
        if "recipient" in self.data:
            self.add(("recipient",), "纪要不标注主送机关；需要知晓的机关列入版记的抄送")
        for key in ("sealed", "seal_image"):
            if self.data.get(key):
                self.add((key,), "纪要不加盖印章（§10.3）")

    def letter(self, header: dict[str, Any] | None) -> None:
        """§10.1: a 函 carries its lead organ's 标志 without “文件”, and a 版记 of 抄送 only."""
        if self.kind != "letter":
            return
        if header is not None:
            issuer = header.get("issuer")
            if isinstance(issuer, list) and len(issuer) > 1:
                self.add(
                    ("header", "issuer", 1),
                    "函联合行文时只标注主办机关的标志，写成一个机关（§10.1）",
                )
            if header.get("issuer_suffix"):
                self.add(("header", "issuer_suffix"), "函的发文机关标志不加“文件”（§10.1）")
        imprint = self.data.get("imprint")
        if isinstance(imprint, dict):
            for key in ("printed_by", "printed_on"):
                if key in imprint:
                    self.add(
                        ("imprint", key),
                        "函的版记不标注印发机关和印发日期，只标注抄送机关（§10.1）",
                    )

    def dates(self) -> None:
        """§7.3.5.4, §7.4.3: the 成文日期 exists, and printing does not precede it."""
        issued = _date(self.data.get("date"))
        if "date" not in self.data:
            self.add(("title",), f"{self.genre}须有成文日期（date）（§7.3.5）")
        imprint = self.data.get("imprint")
        if not isinstance(imprint, dict):
            return
        printed = _date(imprint.get("printed_on"))
        if self.kind != "letter" and ("printed_by" in imprint) != ("printed_on" in imprint):
            missing = "printed_on" if "printed_by" in imprint else "printed_by"
            present = "printed_by" if missing == "printed_on" else "printed_on"
            self.add(
                ("imprint", present),
                f"印发机关和印发日期须同时标注（缺少 {missing}）（§7.4.3）",
            )
        if issued is not None and printed is not None and printed < issued:
            self.add(
                ("imprint", "printed_on"),
                f"印发日期 {printed.isoformat()} 早于成文日期 {issued.isoformat()}",
            )

    def attachments(self) -> None:
        """§7.3.4, §7.3.7: the 附件说明 and the attachments agree, and the body cites only those."""
        items = self.data.get("attachments")
        items = items if isinstance(items, list) else []
        names: dict[str, int] = {}
        for i, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(item, dict):
                title = item.get("title")
                if isinstance(title, str) and isinstance(name, str) and title != name:
                    self.add(
                        ("attachments", i, "title"),
                        f"附件标题“{title}”与附件说明中的名称“{name}”不一致（§7.3.7）",
                    )
            if isinstance(name, str):
                if name in names:
                    self.add(
                        ("attachments", i) if isinstance(item, str) else ("attachments", i, "name"),
                        f"附件“{name}”重复（已是第 {names[name] + 1} 个附件）",
                    )
                names.setdefault(name, i)
        for path, start, n in _attachment_refs(self.data):
            if not 1 <= n <= len(items):
                have = f"只有 {len(items)} 个附件" if items else "没有附件（attachments）"
                self.add(path, f"正文提到“附件{n}”，但{have}", start)


def _attachment_refs(data: dict[str, Any]) -> Iterator[tuple[PathKey, int, int]]:
    """Every “附件N” in the body: (path, offset, N)."""
    for path, text in iter_strings(data.get("body"), ("body",)):
        for match in _ATTACHMENT_REF.finditer(text):
            yield path, match.start(), int(match.group(1))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def official_problems(data: Any, positions: SourceMap) -> list[Problem]:
    """Every rule of GB/T 9704 a single field cannot check, for the 公文 kinds (else nothing)."""
    if not isinstance(data, dict) or data.get("kind") not in OFFICIAL_KINDS:
        return []
    rules = _Rules(data, positions)
    header = rules.header()
    if header is None:
        if "header" not in data:
            rules.add(("title",), f"{rules.genre}须有版头（header）：发文机关标志和发文字号")
    else:
        if rules.kind == "minutes":
            pass  # a 纪要's number is its issue (第3期), not a 发文字号 (§10.3)
        elif "number" not in header:
            rules.add(("header",), "版头须有发文字号（number），如 坦委〔2024〕12号（§7.2.5）")
        else:
            rules.doc_number(header)
        rules.copy_and_secrecy(header)
        rules.signers(header)
    rules.recipient()
    rules.minutes()
    rules.letter(header)
    rules.dates()
    rules.attachments()
    return rules.problems
