"""Reading the file to import: plain text in any of its encodings, or a Word file's paragraphs."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location, Problem, display_path
from .blocks import ITEM
from .changes import Cleaned
from .cleaning import clean_text
from .restore import split_lines
from .result import Para


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


def read_source(path: Path, hints: dict[str, str] | None = None) -> tuple[list[Para], Cleaned, str]:
    """The paragraphs of a text or Word file, cleaned; a Word file's reportgen properties (the
    metric definitions) go into ``hints``."""
    name = display_path(path)
    if not path.exists():
        raise InputError([Problem(Location(name), "", "文件不存在")])
    if path.is_dir():
        raise InputError([Problem(Location(name), "", "这是一个文件夹，不是要导入的文件")])
    if path.suffix.lower() == ".docx":
        from ..document.build import METRICS_PROPERTY
        from .docx_read import made_by_reportgen, read_docx, read_properties

        paragraphs = read_docx(path)
        properties = read_properties(path)
        ours = made_by_reportgen(path)
        if hints is not None and METRICS_PROPERTY in properties:
            hints["metrics"] = properties[METRICS_PROPERTY]
        cleaned = clean_text("\n".join(p.text.replace("\n", "") for p in paragraphs))
        paras = []
        for p, text in zip(paragraphs, cleaned.lines, strict=True):
            lead = p.lead
            if lead and not text.startswith(lead):
                lead = clean_text(lead).text if text.startswith(clean_text(lead).text) else ""
            # reportgen writes an item's ordinal (or ordinal + lead) as a run of its own.
            item: bool | None = bool(lead) or bool(ITEM.fullmatch(p.first_run))
            if not ours and not item:
                item = None  # typed by a person: 一是 at the start of the text says it
            # a lone dash is an empty cell's mark (document/tables.py), not a 破折号 to mend
            cells = tuple(clean_text(c).text if c.strip("—") else c for c in p.cells)
            paras.append(Para(text, p.number, p.role, p.level, lead, item, cells))
        # Line numbers of the cleaning report are paragraph positions; map them back.
        numbers = [p.number for p in paragraphs]
        _renumber(cleaned, numbers)
        return paras, cleaned, "docx"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(Location(name), "", f"无法读取文件（{exc.strerror}）")]) from None
    text, encoding = decode_text(raw)
    segments, numbers, removed = split_lines(
        text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    cleaned = clean_text("\n".join(segments))
    _renumber(cleaned, numbers)
    cleaned.removed[:0] = removed
    paras = [Para(line, n) for line, n in zip(cleaned.lines, numbers, strict=True) if line.strip()]
    return paras, cleaned, encoding


def _renumber(cleaned: Cleaned, numbers: list[int]) -> None:
    from dataclasses import replace

    def fix(line: int) -> int:
        return numbers[line - 1] if 0 < line <= len(numbers) else line

    cleaned.changes = [replace(c, line=fix(c.line)) for c in cleaned.changes]
    cleaned.review = [replace(r, line=fix(r.line)) for r in cleaned.review]
    cleaned.removed = [replace(r, line=fix(r.line)) for r in cleaned.removed]
