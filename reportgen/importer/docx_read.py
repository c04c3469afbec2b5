"""Reading a Word file's paragraphs for import: text, heading level (style or outline level), lead runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Besides the DOCX renderer, this reader is the one module that uses python-docx: the renderer
# writes Word files, this reads them back for `reportgen import`.
import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import InputError, Location, Problem, display_path

# Style ids and names that mark each role; reportgen's own renderer writes the ids on the left
# (reportgen.docx_render), Word and WPS write localised names.
_TITLE = {"title", "标题"}
_RECIPIENT = {"salutation", "称呼"}
_ATTACHMENT = {"attachmentnote"}
_SIGNATURE = {"signature", "签名"}
_DATE = {"date", "日期"}
_LEAD_STYLES = {"leadsentence", "条目首句"}
_TABLE_CAPTION = {"tablecaption", "表题"}
_HEADING = re.compile(r"(?:heading|标题)\s*([1-9])\Z", re.IGNORECASE)


@dataclass(frozen=True)
class DocxParagraph:
    """One non-empty paragraph: its text, role ("title", "heading", "recipient", "attachment",
    "signature", "date" or ""), heading level, and the text of a lead-styled first run."""

    number: int
    text: str
    role: str = ""
    level: int = 0
    lead: str = ""
    first_run: str = ""
    cells: tuple[str, ...] = ()  # a table row's cells ("table"); the row's text joins them


def _role(names: set[str]) -> tuple[str, int]:
    for name in names:
        m = _HEADING.match(name)
        if m:
            return "heading", int(m.group(1))
    for role, keys in (
        ("title", _TITLE),
        ("recipient", _RECIPIENT),
        ("attachment", _ATTACHMENT),
        ("signature", _SIGNATURE),
        ("date", _DATE),
        ("table_caption", _TABLE_CAPTION),
    ):
        if names & keys:
            return role, 0
    return "", 0


def _outline_level(p: Any, style: Any) -> int | None:
    """The paragraph's outline level: set on the paragraph, or on its style or a style it is
    based on (custom heading styles in real Word files carry it there)."""
    path = f"{qn('w:pPr')}/{qn('w:outlineLvl')}"
    found = p.find(path)
    seen = 0
    while found is None and style is not None and seen < 20:
        found = style.element.find(path)
        style = style.base_style
        seen += 1
    if found is None:
        return None
    try:
        return int(found.get(qn("w:val"), "9"))
    except ValueError:
        return None


def _blocks(document: Any) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in document order (python-docx lists them apart)."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)


def _table_rows(number: int, table: Table) -> Iterator[DocxParagraph]:
    """A table, one entry per row with its cells (all rows of a table share ``number``); the
    text joins the cells with commas, which is what the import keeps when the rows cannot make
    a table of the model (merged cells, ragged rows)."""
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        for cell in row.cells:
            if seen and cell._tc is seen[-1]:
                continue  # a merged cell: python-docx lists it once per column it spans
            seen.append(cell._tc)
            cells.append("".join(p.text for p in cell.paragraphs).strip())
        if any(cells):
            yield DocxParagraph(
                number, "，".join(c for c in cells if c), "table", cells=tuple(cells)
            )


def read_docx(path: Path) -> list[DocxParagraph]:
    """The body paragraphs of a .docx in order; raises InputError when it cannot be read."""
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        loc = Location(display_path(path))
        raise InputError([Problem(loc, "", f"无法读取 Word 文件（{exc}）")]) from None
    out: list[DocxParagraph] = []
    for number, paragraph in enumerate(_blocks(document), start=1):
        if isinstance(paragraph, Table):
            out.extend(_table_rows(number, paragraph))
            continue
        # A line break inside a paragraph (the title's printed lines) is not a paragraph break.
        text = "".join(t.text or "" for t in paragraph._p.iter() if t.tag in (qn("w:t"),))
        if not text.strip():
            continue
        style = paragraph.style
        names = set()
        if style is not None:
            names = {str(style.name or "").lower(), str(style.style_id or "").lower()}
        role, level = _role(names)
        outline = _outline_level(paragraph._p, style)
        if outline is not None and not role and 0 <= outline <= 3:
            role, level = "heading", outline + 1
        lead = ""
        runs = paragraph.runs
        if runs:
            first = runs[0]
            rstyle = first._r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            rname = (rstyle.get(qn("w:val"), "") if rstyle is not None else "").lower()
            if rname in _LEAD_STYLES:
                lead = first.text
            elif first.bold and not all(r.bold for r in runs):
                for run in runs:
                    if not run.bold:
                        break
                    lead += run.text
        first_run = runs[0].text if len(runs) > 1 else ""
        out.append(DocxParagraph(number, text, role, level, lead, first_run))
    return out


_CUSTOM_PROPERTY = re.compile(
    r'<property [^>]*name="([^"]+)"[^>]*><vt:lpwstr>(.*?)</vt:lpwstr>', re.S
)


def read_properties(path: Path) -> dict[str, str]:
    """The custom document properties of a .docx (text ones), {} when it has none."""
    import html
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("docProps/custom.xml").decode("utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    return {html.unescape(k): html.unescape(v) for k, v in _CUSTOM_PROPERTY.findall(xml)}


def made_by_reportgen(path: Path) -> bool:
    """Whether reportgen wrote this .docx (its extended properties name the application)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            app = package.read("docProps/app.xml").decode("utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return "<Application>reportgen</Application>" in app
