"""WordprocessingML pieces: units, elements, and a role's paragraph and run properties."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...model.template import MM_PER_PT, TWIPS_PER_PT, Role, Template

# Style ids of the named styles (built-in names where Word has one, so Word and WPS localise them).
NORMAL, TITLE, FOOTER = "Normal", "Title", "Footer"
HEADINGS = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}
RECIPIENT, ATTACHMENT, SIGNATURE, DATE = "Salutation", "AttachmentNote", "Signature", "Date"
LEAD = "LeadSentence"
TABLE_CAPTION, TABLE_HEADING, TABLE_TEXT = "TableCaption", "TableHeading", "TableText"


def mm_to_twips(mm: float) -> int:
    return round(mm / MM_PER_PT * TWIPS_PER_PT)


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def el(tag: str, **attrs: str | int) -> BaseOxmlElement:
    """A ``w:`` element; attribute names are given without the prefix."""
    element: BaseOxmlElement = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def children(parent: BaseOxmlElement, children: Iterable[BaseOxmlElement | None]) -> None:
    """Append in the order given: callers list children in OOXML schema order."""
    for child in children:
        if child is not None:
            parent.append(child)


@dataclass(frozen=True)
class WordLayout:
    """The template's numbers in the units Word uses."""

    template: Template

    @property
    def pitch(self) -> int:
        return self.template.grid.line_pitch_twips

    @property
    def cell(self) -> float:
        """One 字 (§3.1) in twips: the width of the text block shared by the characters of a full
        line (§5.2.3 "每行排28个字，并撑满版心"), so indents line up with the columns of full lines."""
        return mm_to_twips(self.template.page.text_width_mm) / self.template.grid.chars_per_line

    def chars(self, n: float) -> int:
        return round(n * self.cell)

    def char_spacing(self, role: Role) -> int:
        """The condensing that fits ``chars_per_line`` body characters in the text block applies to
        text at body size; larger or smaller text (title, page number) keeps its natural spacing."""
        if role.size_pt != self.template.roles.body.size_pt:
            return 0
        return pt_to_twips(self.template.grid.docx_char_spacing_pt)

    def latin(self, role: Role) -> str:
        return role.latin_font or self.template.latin_font


def ppr_of(layout: WordLayout, role: Role, *, outline: bool = True) -> BaseOxmlElement:
    """Paragraph properties of a role, children in CT_PPrBase order."""
    pitch = layout.pitch
    indent = role.first_line_indent_chars
    ppr = el("pPr")
    children(
        ppr,
        [
            el("keepNext") if role.keep_with_next else None,
            # Widow/orphan control (the template's pagination rule, as the PDF paginates): a page
            # may end a line early rather than leave one line of a paragraph alone.
            el("widowControl", val=int(layout.template.pagination.min_lines_at_break >= 2)),
            None if role.snap_to_grid else el("snapToGrid", val=0),
            el(
                "spacing",
                before=role.space_before_lines * pitch,
                beforeLines=role.space_before_lines * 100,
                after=role.space_after_lines * pitch,
                afterLines=role.space_after_lines * 100,
                line=pitch,
                lineRule="exact",
            ),
            # Word reads the *Chars form (hundredths of a character); LibreOffice the twips.
            el(
                "ind",
                firstLineChars=round(indent * 100),
                firstLine=layout.chars(indent),
            ),
            el("jc", val={"justify": "both"}.get(role.align, role.align)),
            el("outlineLvl", val=role.outline_level)
            if outline and role.outline_level is not None
            else None,
        ],
    )
    return ppr


def _rfonts(east_asian: str, latin: str) -> BaseOxmlElement:
    # hint=eastAsia: quotes, dashes and ellipses shared with Latin text take the Chinese face.
    return el("rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin, hint="eastAsia")


def rpr_of(layout: WordLayout, role: Role) -> BaseOxmlElement:
    """Run properties of a role, children in CT_RPr order."""
    half_points = round(role.size_pt * 2)
    rpr = el("rPr")
    children(
        rpr,
        [
            _rfonts(role.font, layout.latin(role)),
            el("b", val=1 if role.bold else 0),
            el("bCs", val=1 if role.bold else 0),
            el("color", val="000000"),  # §5.2.4: black
            el("spacing", val=layout.char_spacing(role)),
            el("sz", val=half_points),
            el("szCs", val=half_points),
        ],
    )
    return rpr


# -------------------------------------------------------------------------------------- styles


def paragraph(body: BaseOxmlElement, style_id: str | None) -> BaseOxmlElement:
    p = el("p")
    if style_id is not None:
        ppr = el("pPr")
        ppr.append(el("pStyle", val=style_id))
        p.append(ppr)
    body.append(p)
    return p


def run_of(p: BaseOxmlElement, text: str, style_id: str | None = None) -> BaseOxmlElement:
    r = el("r")
    if style_id is not None:
        rpr = el("rPr")
        rpr.append(el("rStyle", val=style_id))
        r.append(rpr)
    t = el("t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    p.append(r)
    return r


def field(p: BaseOxmlElement, instruction: str, shown: str) -> None:
    """A field (PAGE) in ``p``: begin, the instruction, ``shown`` as its last result, end."""

    def char(kind: str) -> None:
        r = el("r")
        r.append(el("fldChar", fldCharType=kind))
        p.append(r)

    char("begin")
    r = el("r")
    instr = el("instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(instr)
    p.append(r)
    char("separate")
    run_of(p, shown)
    char("end")


def page_number_runs(p: BaseOxmlElement, number_format: str) -> None:
    """The page number as the template writes it ("— {n} —"): its text around a PAGE field."""
    before, _, after = number_format.partition("{n}")
    if before:
        run_of(p, before)
    field(p, "PAGE", "1")
    if after:
        run_of(p, after)
