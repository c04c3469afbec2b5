"""The front and back matter of a text: title, recipient, attachments, signature and date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .blocks import ITEM, SENTENCE_END, strip_number
from .changes import Removal
from .labels import LABEL_WORD
from .result import Imported, Para

_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = re.compile(
    "^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_ATTACHMENT = re.compile(r"^附\s*件\s*[：:]\s*")


def _parse_date(text: str) -> dt.date | None:
    m = _DATE.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _CN_DATE.match(text)
    if m:
        digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}

        def small(s: str) -> int:
            if s == "十":
                return 10
            if s.startswith("十"):
                return 10 + digits[s[1]]
            if s.endswith("十"):
                return digits[s[0]] * 10
            if "十" in s:
                return digits[s[0]] * 10 + digits[s[2]]
            return digits[s]

        try:
            year = int("".join(str(digits[c]) for c in m.group(1)))
            return dt.date(year, small(m.group(2)), small(m.group(3)))
        except (KeyError, ValueError, IndexError):
            return None
    return None


def front_back(paras: list[Para], data: dict[str, Any], imported: Imported) -> list[Para]:
    """Take the title, recipient, attachments and closing off the paragraphs."""
    paras = list(paras)
    # Closing: a date line, and the signature right above it.
    if paras and (paras[-1].role == "date" or _parse_date(paras[-1].text)):
        date = _parse_date(paras[-1].text)
        if date:
            data["date"] = date.isoformat()
            paras.pop()
    if paras and (
        paras[-1].role == "signature"
        or (
            "date" in data
            and len(paras[-1].text) <= 30
            and not re.search("[，。；：、]", paras[-1].text)
        )
    ):
        data["organization"] = paras.pop().text
    # Attachments: "附件：1. 名称" and the entries after it, just before the closing.
    for i, p in enumerate(paras):
        if _ATTACHMENT.match(p.text) and (p.role == "attachment" or i >= len(paras) - 10):
            entries = [_ATTACHMENT.sub("", p.text)] + [q.text for q in paras[i + 1 :]]
            clean = [re.sub(r"^[0-9]{1,2}\s*[.．、]\s*", "", e).strip("　 ") for e in entries]
            if all(clean) and all(len(e) <= 60 for e in clean):
                data["attachments"] = [e.rstrip("。") for e in clean]
                del paras[i:]
            break
    # Title: a first line that is neither a heading nor a sentence.
    if paras:
        first = paras[0]
        if first.role == "title" or (
            not first.role
            and not strip_number(first.text)
            and not ITEM.match(first.text)
            and len(first.text) <= 60
            and first.text[-1:] not in SENTENCE_END + "：:，"
            and len(paras) > 1
        ):
            title = paras.pop(0)
            data["title"] = _title_without_date(title, data, imported)
    # Recipient: a short line ending with a colon, right after the title.
    if paras:
        first = paras[0]
        if first.role == "recipient" or (
            re.match(r"^[^。，；]{2,40}[：:]$", first.text)
            and not strip_number(first.text)
            and not LABEL_WORD.search(first.text)
        ):
            data["recipient"] = paras.pop(0).text.rstrip("：:")
    return paras


_GLUED_DATE = re.compile(
    r"\s*[（(]?(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[）)]?$"
)


def _title_without_date(title: Para, data: dict[str, Any], imported: Imported) -> str:
    """A web page's date glued to the headline comes off (and is the date when none is signed)."""
    m = _GLUED_DATE.search(title.text)
    if not m or m.start() < 4 or title.role:
        return title.text
    try:
        date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return title.text
    imported.removed.append(Removal(title.line, m.group(0).strip(), "标题后面的发布日期"))
    if "date" not in data:
        data["date"] = date.isoformat()
        imported.notes.append(f"第{title.line}行：没有落款日期，成文日期取标题后的日期，请核对")
        imported.comment(("date",), "成文日期取自标题后的日期，请核对")
    return title.text[: m.start()]
