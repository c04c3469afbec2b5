"""Importing pasted text or a Word file: cleaning, structure detection, metrics, an input-shaped result."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, Problem, display_path
from ..model.metrics import percent
from .cleaning import Cleaned, Review, clean_text

KINDS = ("auto", "brand-submission", "report")

_CN = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS = (
    (1, re.compile(f"^([{_CN}]+)\\s*[、．.，,]\\s*")),
    (2, re.compile(f"^[（(]\\s*([{_CN}]+)\\s*[）)]\\s*[、．.]?\\s*")),
    (3, re.compile(r"^([0-9]{1,2})\s*(?:[、．]|\.(?![0-9]))\s*")),
    (4, re.compile(r"^[（(]\s*([0-9]{1,2})\s*[）)]\s*[、．.]?\s*")),
)
_ITEM = re.compile(f"^([{_CN}]+)是")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = re.compile(
    "^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_ATTACHMENT = re.compile(r"^附\s*件\s*[：:]\s*")
_SENTENCE_END = "。！？"

# Labelled parts of a brand submission: heading text → field.
_PART_NAMES = {
    "name": re.compile(r"^(党建)?品牌名称"),
    "meaning": re.compile(
        r"^(党建)?品牌(内涵|理念|释义|简介|概况)|^品牌标识及释义|^品牌标识|^内涵"
    ),
    "achievements": re.compile(
        r"创建成效|工作成效|主要做法|主要成效|特色做法|创建举措|经验做法|成效|做法|举措"
    ),
}
_DEFAULT_PARTS = {"name": "品牌名称", "meaning": "品牌内涵", "achievements": "党建品牌创建成效"}
_ORG = re.compile(
    r"(?:^|[。，；：])([^。，；：“”（）\n]{2,30}(?:党支部|党总支|党委|党组|总工会|工会|委员会|人民政府|办公室|局|中心|协会|联合会))"
)


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


@dataclass
class Imported:
    """The result of an import: input-shaped data, comments for the YAML, and what was done."""

    data: dict[str, Any]
    source: str
    cleaned: Cleaned | None = None
    comments: dict[tuple[str | int, ...], list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # structural decisions, for the summary
    review: list[Review] = field(default_factory=list)
    encoding: str = "utf-8"

    def comment(self, path: tuple[str | int, ...], text: str) -> None:
        self.comments.setdefault(path, []).append(text)


# --------------------------------------------------------------------------- reading


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text of a plain file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "utf-8（有无法解码的字节）"


def _read(path: Path) -> tuple[list[Para], Cleaned, str]:
    name = display_path(path)
    if not path.exists():
        raise InputError([Problem(Location(name), "", "文件不存在")])
    if path.is_dir():
        raise InputError([Problem(Location(name), "", "这是一个文件夹，不是要导入的文件")])
    if path.suffix.lower() == ".docx":
        from .docx_read import read_docx

        paragraphs = read_docx(path)
        cleaned = clean_text("\n".join(p.text.replace("\n", "") for p in paragraphs))
        paras = []
        for p, text in zip(paragraphs, cleaned.lines, strict=True):
            lead = p.lead
            if lead and not text.startswith(lead):
                lead = clean_text(lead).text if text.startswith(clean_text(lead).text) else ""
            # reportgen writes an item's ordinal (or ordinal + lead) as a run of its own.
            item = bool(lead) or bool(_ITEM.fullmatch(p.first_run))
            paras.append(Para(text, p.number, p.role, p.level, lead, item))
        # Line numbers of the cleaning report are paragraph positions; map them back.
        numbers = [p.number for p in paragraphs]
        _renumber(cleaned, numbers)
        return paras, cleaned, "docx"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(Location(name), "", f"无法读取文件（{exc.strerror}）")]) from None
    text, encoding = decode_text(raw)
    cleaned = clean_text(text)
    paras = [Para(line, n) for n, line in enumerate(cleaned.lines, start=1) if line.strip()]
    return paras, cleaned, encoding


def _renumber(cleaned: Cleaned, numbers: list[int]) -> None:
    from dataclasses import replace

    def fix(line: int) -> int:
        return numbers[line - 1] if 0 < line <= len(numbers) else line

    cleaned.changes = [replace(c, line=fix(c.line)) for c in cleaned.changes]
    cleaned.review = [replace(r, line=fix(r.line)) for r in cleaned.review]


# --------------------------------------------------------------------------- classification


@dataclass
class _Block:
    kind: str  # "heading", "item", "para"
    text: str
    line: int
    level: int = 0
    lead: str = ""


def _strip_number(text: str, level: int | None = None) -> tuple[int, str] | None:
    for lvl, pattern in _HEADING_PATTERNS:
        if level is not None and lvl != level:
            continue
        m = pattern.match(text)
        if m and text[m.end() :].strip():
            return lvl, text[m.end() :].strip()
    return None


def _is_heading_text(text: str) -> bool:
    """A heading is a phrase, not a paragraph: short, and not ending like a sentence."""
    return len(text) <= 40 and text[-1:] not in "。；;：:"


def _split_glued_item(text: str) -> tuple[str, str] | None:
    """A heading whose following 一是 lost its line break: （三）办好“实事”一是积极…。"""
    m = re.search(r"(?<=[^\s统唯其专划同单])一是(?=[\u4e00-\u9fff“])", text)
    if m and m.start() <= 40 and not any(c in text[: m.start()] for c in _SENTENCE_END):
        return text[: m.start()], text[m.start() :]
    return None


def _classify(paras: list[Para], imported: Imported) -> list[_Block]:
    blocks: list[_Block] = []
    for p in paras:
        text = p.text.strip()
        if p.role == "heading" and p.level:
            stripped = _strip_number(text, p.level) or _strip_number(text)
            blocks.append(_Block("heading", stripped[1] if stripped else text, p.line, p.level))
            continue
        item = _ITEM.match(text)
        # Several 一是；二是 in one paragraph are a paragraph, not an item.
        inline = bool(re.search(f"[；;。][{_CN}]+是", text))
        if p.item is False or (p.item is None and inline):
            item = None
        if item and len(text) > item.end():
            body = text[item.end() :]
            lead = p.lead[item.end() :] if p.lead.startswith(item.group(0)) else ""
            blocks.append(_Block("item", body, p.line, lead=lead))
            continue
        found = _strip_number(text)
        if found:
            level, rest = found
            glued = _split_glued_item(rest)
            if glued:
                imported.notes.append(f"第{p.line}行：小标题后面接着“一是”，已拆成小标题和条目")
                blocks.append(_Block("heading", glued[0], p.line, level))
                it = _ITEM.match(glued[1])
                assert it is not None
                blocks.append(_Block("item", glued[1][it.end() :], p.line))
                continue
            if _is_heading_text(rest):
                blocks.append(_Block("heading", rest, p.line, level))
                continue
            # A standalone heading typed with a full stop: 2、推进重点领域治理。
            single = re.fullmatch(r"([^。；;]{2,40})[。；;]", rest)
            if single:
                blocks.append(_Block("heading", single.group(1), p.line, level))
                imported.notes.append(f"第{p.line}行：小标题末尾的标点已去掉")
                continue
            # A run-in heading: 1.加强学习。全年开展…… → the first sentence is the heading.
            m = re.match(r"([^。；]{2,40})[。；](.+)", rest)
            if m and level >= 2:
                blocks.append(_Block("heading", m.group(1), p.line, level))
                blocks.append(_Block("para", m.group(2).strip(), p.line))
                imported.notes.append(f"第{p.line}行：标题与正文在同一段，已拆开")
                continue
        blocks.append(_Block("para", text, p.line, lead=p.lead))
    return blocks


def _item_value(block: _Block) -> str | dict[str, str]:
    text = block.text.strip()
    if block.lead:
        return {"lead": block.lead, "text": text[len(block.lead) :].strip()}
    m = re.match(f"([^{_SENTENCE_END}]{{2,30}}[{_SENTENCE_END}])(.+)", text)
    if m and "，" not in m.group(1)[:6]:
        return {"lead": m.group(1), "text": m.group(2).strip()}
    return text


# --------------------------------------------------------------------------- front and back matter


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


def _front_back(paras: list[Para], data: dict[str, Any], imported: Imported) -> list[Para]:
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
            and not _strip_number(first.text)
            and not _ITEM.match(first.text)
            and len(first.text) <= 60
            and first.text[-1:] not in _SENTENCE_END + "：:，"
            and len(paras) > 1
        ):
            data["title"] = paras.pop(0).text
    # Recipient: a short line ending with a colon, right after the title.
    if paras:
        first = paras[0]
        if first.role == "recipient" or (
            re.match(r"^[^。，；]{2,40}[：:]$", first.text) and not _strip_number(first.text)
        ):
            data["recipient"] = paras.pop(0).text.rstrip("：:")
    return paras


# --------------------------------------------------------------------------- building


def _nest(blocks: list[_Block], imported: Imported, base: int = 1) -> list[Any]:
    """Blocks → a report body: paragraphs and {heading, body, items} sections by level."""
    root: dict[str, Any] = {"body": [], "items": [], "level": base - 1, "numbered": base - 1}
    stack = [root]
    for block in blocks:
        if block.kind == "heading":
            numbered = max(base, min(block.level, 4))  # the level its typed number says
            while len(stack) > 1 and stack[-1]["numbered"] >= numbered:
                stack.pop()
            # A skipped level (一、 then 1.) nests one deeper than its parent, not more; its
            # siblings are found by the typed level, so 1、 and 2、 stay side by side.
            level = min(numbered, stack[-1]["level"] + 1)
            section = {
                "heading": block.text,
                "body": [],
                "items": [],
                "level": level,
                "numbered": numbered,
                "line": block.line,
            }
            stack[-1]["body"].append(section)
            stack.append(section)
        elif block.kind == "item":
            stack[-1]["items"].append(_item_value(block))
        else:
            node = stack[-1]
            if node["items"]:
                # Text after the items cannot follow them in the model; keep the order by
                # turning the items back into numbered paragraphs.
                node["body"].extend(_item_text(i, n) for n, i in enumerate(node["items"], 1))
                node["items"] = []
                imported.notes.append(f"第{block.line}行：条目之后还有段落，条目按原文保留为段落")
            node["body"].append(block.text)
    return _finish(root)["body"]  # type: ignore[no-any-return]


def _item_text(item: str | dict[str, str], n: int) -> str:
    from ..model.numbering import item_ordinal

    if isinstance(item, str):
        return item_ordinal(n) + item
    return item_ordinal(n) + item["lead"] + item["text"]


def _finish(node: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "heading" in node:
        out["heading"] = node["heading"]
    body = [b if isinstance(b, str) else _finish(b) for b in node["body"]]
    if body or "heading" not in node:
        out["body"] = body
    if node["items"]:
        out["items"] = node["items"]
    return out


def _brand(blocks: list[_Block], data: dict[str, Any], imported: Imported) -> bool:
    """Map labelled parts onto a brand submission; False when the text has no 品牌名称 part."""
    parts: list[tuple[str, _Block, list[_Block]]] = []
    current: list[_Block] | None = None
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            field_name = next((k for k, rx in _PART_NAMES.items() if rx.search(block.text)), "")
            current = []
            parts.append((field_name, block, current))
        elif current is not None:
            current.append(block)
        else:
            imported.notes.append(f"第{block.line}行：第一部分之前的文字已并入品牌内涵")
            parts.append(("meaning", _Block("heading", "", block.line), [block]))
    if not any(name == "name" for name, _, _ in parts):
        return False
    brand: dict[str, str] = {}
    achievements: list[dict[str, Any]] = []
    custom: dict[str, str] = {}
    meaning: list[str] = []
    for name, heading, content in parts:
        text = heading.text
        if name == "name":
            inline = re.split(r"[：:]", text, maxsplit=1)
            if len(inline) == 2 and inline[1].strip():
                brand["name"] = inline[1].strip()
                text = inline[0]
            elif content:
                brand["name"] = content[0].text
                content = content[1:]
                meaning_extra = [b.text for b in content]
                if meaning_extra:
                    imported.notes.append(
                        f"第{heading.line}行：品牌名称下有多段，第一段作名称，其余并入品牌内涵"
                    )
                    meaning.extend(meaning_extra)
            if text and text != _DEFAULT_PARTS["name"]:
                custom["name"] = text
        elif name == "meaning":
            if heading.text and meaning and _PART_NAMES["meaning"].search(heading.text):
                imported.notes.append(f"第{heading.line}行：“{heading.text}”部分并入品牌内涵")
                imported.comment(("brand", "meaning"), f"含原“{heading.text}”部分的内容，请核对")
            elif heading.text and heading.text != _DEFAULT_PARTS["meaning"]:
                custom["meaning"] = heading.text
            meaning.extend(b.text for b in content)
        else:
            if name != "achievements":
                imported.notes.append(
                    f"第{heading.line}行：未识别的部分“{heading.text}”按创建成效处理"
                )
                imported.comment(
                    ("achievements",), f"原文“{heading.text}”部分未识别，按创建成效导入，请核对"
                )
            if "achievements" in custom or achievements:
                imported.comment(("achievements",), f"原文“{heading.text}”部分也并入了创建成效")
            elif heading.text != _DEFAULT_PARTS["achievements"]:
                custom["achievements"] = heading.text
            achievements.extend(_achievements(content, imported, heading))
    if "name" not in brand or not brand["name"]:
        return False
    brand["meaning"] = "\n\n".join(meaning) or "（待填写）"
    if not meaning:
        imported.comment(("brand", "meaning"), "原文没有品牌内涵，请填写")
    data["kind"] = "brand-submission"
    data["brand"] = brand
    data["achievements"] = achievements
    if custom:
        data["parts"] = {**_DEFAULT_PARTS, **custom}
    return True


def _achievements(content: list[_Block], imported: Imported, part: _Block) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for block in content:
        if block.kind == "heading" and block.level == 2:
            current = {"heading": block.text, "body": [], "items": []}
            out.append(current)
            continue
        if current is None:
            current = {"heading": "（待填写小标题）", "body": [], "items": []}
            out.append(current)
            imported.notes.append(
                f"第{block.line}行：创建成效下没有（一）小标题，已建一个待填写的小标题"
            )
            imported.comment(
                ("achievements", len(out) - 1, "heading"), "原文没有这个小标题，请填写"
            )
        if block.kind == "heading":
            # Deeper headings have no place in an achievement; keep them as their own paragraph.
            current["body"].append(block.text)
            imported.notes.append(f"第{block.line}行：创建成效中的第{block.level}级标题保留为段落")
        elif block.kind == "item":
            current["items"].append(_item_value(block))
        elif current["items"]:
            current["body"].extend(_item_text(i, n) for n, i in enumerate(current["items"], 1))
            current["items"] = []
            current["body"].append(block.text)
            imported.notes.append(f"第{block.line}行：条目之后还有段落，条目按原文保留为段落")
        else:
            current["body"].append(block.text)
    for a in out:
        if not a["body"]:
            del a["body"]
        if not a["items"]:
            del a["items"]
    return out


# --------------------------------------------------------------------------- metrics

_RATE = re.compile(
    r"(?P<label>[^，。；、：,;:\d]{0,30}?(?:\d+(?:人|家|个)以上)?[^，。；、：,;:\d]{0,30}?)"
    r"(?P<value>\d+(?:\.\d+)?)(?P<unit>[家人个项场次户名份所件万元座支条]{0,2})"
    r"[，,]\s*(?:完成率|完成年度目标的|完成目标的|占目标的)(?:达到?|为)?\s*"
    r"(?P<rate>\d+(?:\.\d+)?)[%％]"
)
_FILLER = re.compile(r"^(目前|截至目前|截至年底|全年|今年|其中|累计|共|已)+")


def infer_target(value: Decimal, rate: Decimal) -> tuple[Decimal, list[int]] | None:
    """The target that makes ``value`` the stated ``rate`` (half-up), preferring round numbers;
    also returns every integer that reproduces the rate."""
    if rate <= 0:
        return None
    decimals = max(0, -rate.as_tuple().exponent)  # type: ignore[operator]
    estimate = value * 100 / rate
    low = int(estimate * Decimal("0.98")) - 1
    high = int(estimate * Decimal("1.02")) + 2
    fits = [t for t in range(max(1, low), high + 1) if percent(value, Decimal(t), decimals) == rate]
    if not fits:
        return None

    def roundness(t: int) -> int:
        zeros = 0
        while t and t % 10 == 0:
            zeros += 1
            t //= 10
        return zeros

    best = max(fits, key=lambda t: (roundness(t), -abs(Decimal(t) - estimate)))
    return Decimal(best), fits


def _lift_metrics(data: dict[str, Any], imported: Imported) -> None:
    metrics: dict[str, dict[str, Any]] = {}
    last_parent: list[str] = []

    def rewrite(text: str, path: tuple[str | int, ...]) -> str:
        def repl(m: re.Match[str]) -> str:
            value, rate = Decimal(m.group("value")), Decimal(m.group("rate"))
            found = infer_target(value, rate)
            if found is None:
                imported.notes.append(
                    f"完成率 {rate}% 与数值 {value} 对不上任何整数目标，未提取为指标"
                )
                return m.group(0)
            target, fits = found
            key = f"m{len(metrics) + 1}"
            label = _FILLER.sub("", m.group("label").strip()) or "指标"
            metric: dict[str, Any] = {"label": label, "value": value, "unit": m.group("unit")}
            metric["target"] = target
            decimals = max(0, -rate.as_tuple().exponent)  # type: ignore[operator]
            if decimals != 1:
                metric["decimals"] = decimals
            is_part = m.group("label").lstrip().startswith("其中")
            if is_part and last_parent and metrics[last_parent[-1]]["value"] >= value:
                metric["part_of"] = last_parent[-1]
            else:
                last_parent.append(key)
            metrics[key] = metric
            span = f"{fits[0]}～{fits[-1]}" if len(fits) > 1 else str(fits[0])
            imported.comment(
                ("metrics", key),
                f"target 由完成率反推：{value} ÷ {rate}% ≈ {target}（能得出 {rate}% 的整数：{span}），请核对",
            )
            start = m.start("value") - m.start()
            head = m.group(0)[:start]
            tail = m.group(0)[m.end("unit") - m.start() : m.start("rate") - m.start()]
            return f"{head}{{{key}}}{m.group('unit')}{tail}{{{key}.rate}}"

        return _RATE.sub(repl, text.replace("{", "{{").replace("}", "}}"))

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(node, str):
            if path[-1:] in (("heading",), ("name",)):
                return node.replace("{", "{{").replace("}", "}}")
            return rewrite(node, path)
        if isinstance(node, list):
            return [walk(v, (*path, i)) for i, v in enumerate(node)]
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        return node

    for key in ("brand", "achievements", "body", "title", "recipient", "attachments"):
        if key in data:
            data[key] = walk(data[key], (key,))
    if "organization" in data:
        data["organization"] = data["organization"].replace("{", "{{").replace("}", "}}")
    if metrics:
        data["metrics"] = metrics
        imported.notes.append(f"提取了 {len(metrics)} 个带完成率的指标（target 为反推值）")


# --------------------------------------------------------------------------- entry point


def import_file(path: Path, kind: str = "auto", metrics: bool = True) -> Imported:
    """Read, clean and structure one text or Word file into input-shaped data."""
    if kind not in KINDS:
        raise ValueError(kind)
    paras, cleaned, encoding = _read(path)
    imported = Imported({}, display_path(path), cleaned, encoding=encoding)
    imported.review.extend(cleaned.review)
    if not paras:
        raise InputError([Problem(Location(imported.source), "", "文件里没有文字")])
    data: dict[str, Any] = {}
    body_paras = _front_back(paras, data, imported)
    blocks = _classify(body_paras, imported)
    structured: dict[str, Any] = {}
    is_brand = False
    if kind in ("auto", "brand-submission"):
        # Decisions of a brand reading only count when the text is read as a brand submission.
        trial = Imported({}, imported.source)
        is_brand = _brand(blocks, structured, trial)
        if is_brand:
            imported.notes.extend(trial.notes)
            for where, texts in trial.comments.items():
                imported.comments.setdefault(where, []).extend(texts)
        if not is_brand and kind == "brand-submission":
            imported.notes.append(
                "没有找到“品牌名称”部分，仍按党建品牌申报材料导入，请补全品牌名称"
            )
            structured = {
                "kind": "brand-submission",
                "brand": {
                    "name": "（待填写）",
                    "meaning": "\n\n".join(b.text for b in blocks if b.kind != "heading")
                    or "（待填写）",
                },
            }
            imported.comment(("brand", "name"), "原文没有品牌名称，请填写")
            is_brand = True
    if not is_brand:
        structured = {"kind": "report", "body": _nest(blocks, imported)}
        if "title" not in data:
            data["title"] = "（待填写标题）"
            imported.comment(("title",), "原文没有标题，请填写")
    organization = data.pop("organization", None)
    if organization is None:
        text = "\n".join(p.text for p in paras)
        m = _ORG.search(text)
        if m:
            organization = m.group(1).strip()
            imported.comment(("organization",), "原文没有落款，发文机关按正文推断，请核对")
            imported.notes.append(f"原文没有落款，发文机关推断为“{organization}”")
        else:
            organization = "（待填写）"
            imported.comment(("organization",), "原文没有落款，请填写发文机关")
    if (
        structured.get("kind") == "brand-submission"
        and data.get("title") == f"{organization}党建品牌申报材料"
    ):
        del data[
            "title"
        ]  # the default title; leaving it out keeps it in step with the organization
    result: dict[str, Any] = {"kind": structured.pop("kind")}
    if "title" in data:
        result["title"] = data.pop("title")
    result["organization"] = organization
    if "date" in data:
        result["date"] = data.pop("date")
    if "recipient" in data:
        if result["kind"] == "report":
            result["recipient"] = data.pop("recipient")
        else:
            imported.notes.append(f"主送机关“{data.pop('recipient')}”不属于申报材料，已略去")
    result.update(structured)
    if "attachments" in data:
        result["attachments"] = data.pop("attachments")
    if "parts" in result:
        result["parts"] = result.pop("parts")
    imported.data = result
    if metrics:
        _lift_metrics(result, imported)
    return imported


def summary_lines(imported: Imported, out: Path | None = None) -> list[str]:
    """What the import changed and what a person must look at, as lines for stderr."""
    data = imported.data
    lines = [f"{imported.source}: 导入为 {data['kind']}（编码 {imported.encoding}）"]
    if data["kind"] == "brand-submission":
        counts = "、".join(str(len(a.get("items", []))) for a in data.get("achievements", []))
        lines.append(
            f"  品牌名称：{data['brand']['name']}；创建成效 {len(data.get('achievements', []))} 节"
            + (f"（条目 {counts}）" if counts else "")
        )
    if imported.cleaned is not None:
        for label, count, where in imported.cleaned.summary():
            shown = "、".join(map(str, where[:20])) + ("…" if len(where) > 20 else "")
            lines.append(f"  已修改 · {label}：{count} 行（第 {shown} 行）")
        for change in imported.cleaned.changes:
            if change.step == "mojibake":
                lines.append(
                    f"    第{change.line}行 乱码“{change.before}”→“{change.after.strip('　')}”"
                )
    for note in imported.notes:
        lines.append(f"  结构 · {note}")
    if imported.review:
        lines.append(f"  需要人工核对 {len(imported.review)} 处：")
        for review in imported.review:
            lines.append(f"    第{review.line}行“{review.span}”：{review.message}")
    flagged = sum(len(v) for v in imported.comments.values())
    if flagged:
        lines.append(f"  输出文件中有 {flagged} 条“请核对/请填写”注释")
    if out is not None:
        lines.append(f"  已写入 {out}，请运行 reportgen check {out}")
    return lines
