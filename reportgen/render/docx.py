"""The DOCX renderer: a document tree placed on the style template's page as an editable Word file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

from ..document.build import text_width
from ..document.tree import (
    AttachmentNote,
    Closing,
    DocumentTree,
    Heading,
    Meta,
    Paragraph,
    Recipient,
    Rendered,
)
from ..model.template import MM_PER_PT, TWIPS_PER_PT, Role, Template

# Style ids of the named styles (built-in names where Word has one, so Word and WPS localise them).
NORMAL, TITLE, FOOTER = "Normal", "Title", "Footer"
HEADINGS = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}
RECIPIENT, ATTACHMENT, SIGNATURE, DATE = "Salutation", "AttachmentNote", "Signature", "Date"
LEAD = "LeadSentence"
# Styles python-docx itself relies on; every other style of its default template goes.
_KEPT_STYLES = {"DefaultParagraphFont", "TableNormal", "NoList"}
# Parts of python-docx's default template that describe a different document (a Word 2010
# copy of the styles, a thumbnail of an empty Letter page, SharePoint metadata).
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_DROPPED_RELS = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.THUMBNAIL, RT.WEB_SETTINGS}
_FONT_CHARSET_GB2312 = "86"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DOCUMENT_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"


def _mm_to_twips(mm: float) -> int:
    return round(mm / MM_PER_PT * TWIPS_PER_PT)


def _pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def _el(tag: str, **attrs: str | int) -> BaseOxmlElement:
    """A ``w:`` element; attribute names are given without the prefix."""
    element: BaseOxmlElement = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _children(parent: BaseOxmlElement, children: Iterable[BaseOxmlElement | None]) -> None:
    """Append in the order given: callers list children in OOXML schema order."""
    for child in children:
        if child is not None:
            parent.append(child)


@dataclass(frozen=True)
class _Layout:
    """The template's numbers in the units Word uses."""

    template: Template

    @property
    def pitch(self) -> int:
        return self.template.grid.line_pitch_twips

    @property
    def cell(self) -> float:
        """One 字 (§3.1) in twips: the width of the text block shared by the characters of a full
        line (§5.2.3 "每行排28个字，并撑满版心"), so indents line up with the columns of full lines."""
        return _mm_to_twips(self.template.page.text_width_mm) / self.template.grid.chars_per_line

    def chars(self, n: float) -> int:
        return round(n * self.cell)

    def char_spacing(self, role: Role) -> int:
        """The condensing that fits ``chars_per_line`` body characters in the text block applies to
        text at body size; larger or smaller text (title, page number) keeps its natural spacing."""
        if role.size_pt != self.template.roles.body.size_pt:
            return 0
        return _pt_to_twips(self.template.grid.docx_char_spacing_pt)

    def latin(self, role: Role) -> str:
        return role.latin_font or self.template.latin_font


# ---------------------------------------------------------------------------------- properties


def _ppr(layout: _Layout, role: Role, *, outline: bool = True) -> BaseOxmlElement:
    """Paragraph properties of a role, children in CT_PPrBase order."""
    pitch = layout.pitch
    indent = role.first_line_indent_chars
    ppr = _el("pPr")
    _children(
        ppr,
        [
            _el("keepNext") if role.keep_with_next else None,
            # Widow control would move single lines and leave 21-line pages (§5.2.3: 22 lines).
            _el("widowControl", val=0),
            None if role.snap_to_grid else _el("snapToGrid", val=0),
            _el(
                "spacing",
                before=role.space_before_lines * pitch,
                beforeLines=role.space_before_lines * 100,
                after=role.space_after_lines * pitch,
                afterLines=role.space_after_lines * 100,
                line=pitch,
                lineRule="exact",
            ),
            # Word reads the *Chars form (hundredths of a character); LibreOffice the twips.
            _el(
                "ind",
                firstLineChars=round(indent * 100),
                firstLine=layout.chars(indent),
            ),
            _el("jc", val={"justify": "both"}.get(role.align, role.align)),
            _el("outlineLvl", val=role.outline_level)
            if outline and role.outline_level is not None
            else None,
        ],
    )
    return ppr


def _rfonts(east_asian: str, latin: str) -> BaseOxmlElement:
    # hint=eastAsia: quotes, dashes and ellipses shared with Latin text take the Chinese face.
    return _el("rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin, hint="eastAsia")


def _rpr(layout: _Layout, role: Role) -> BaseOxmlElement:
    """Run properties of a role, children in CT_RPr order."""
    half_points = round(role.size_pt * 2)
    rpr = _el("rPr")
    _children(
        rpr,
        [
            _rfonts(role.font, layout.latin(role)),
            _el("b", val=1 if role.bold else 0),
            _el("bCs", val=1 if role.bold else 0),
            _el("color", val="000000"),  # §5.2.4: black
            _el("spacing", val=layout.char_spacing(role)),
            _el("sz", val=half_points),
            _el("szCs", val=half_points),
        ],
    )
    return rpr


# -------------------------------------------------------------------------------------- styles


def _style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = None,
    next_id: str | None = None,
    default: bool = False,
    priority: int | None = None,
    ppr: BaseOxmlElement | None = None,
    rpr: BaseOxmlElement | None = None,
) -> BaseOxmlElement:
    style = _el("style", type=kind, styleId=style_id)
    if default:
        style.set(qn("w:default"), "1")
    _children(
        style,
        [
            _el("name", val=name),
            _el("basedOn", val=based_on) if based_on else None,
            _el("next", val=next_id) if next_id else None,
            _el("uiPriority", val=priority) if priority is not None else None,
            _el("qFormat"),
            ppr,
            rpr,
        ],
    )
    return style


def _styles(document: Document, layout: _Layout, language: str) -> None:
    t = layout.template
    roles = t.roles
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)

    # docDefaults: what any text a user types anywhere starts from (body text, §5.2.2), with no
    # theme fonts left, because Word lets a theme attribute win over an explicit font name.
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    defaults = _el("docDefaults")
    rpr_default, ppr_default = _el("rPrDefault"), _el("pPrDefault")
    body_rpr = _rpr(layout, roles.body)
    for tag in ("w:b", "w:bCs", "w:color"):
        element = body_rpr.find(qn(tag))
        if element is not None:
            body_rpr.remove(element)
    body_rpr.append(_el("lang", val="en-US", eastAsia=language, bidi="ar-SA"))
    rpr_default.append(body_rpr)
    ppr = _el("pPr")
    _children(
        ppr,
        [
            _el("widowControl", val=0),
            # Word's own default, written out because LibreOffice reads an explicit 1 as "no
            # hanging punctuation": its hanging mode drops a line-final 、 from the PDF (LO 7.4),
            # and without hanging no character ever sits outside the text block.
            _el("overflowPunct", val=1),
            _el("spacing", before=0, after=0, line=layout.pitch, lineRule="exact"),
        ],
    )
    ppr_default.append(ppr)
    _children(defaults, [rpr_default, ppr_default])
    styles.insert(0, defaults)

    def para(style_id: str, name: str, role: Role, *, priority: int, based: bool = True) -> None:
        styles.append(
            _style(
                style_id,
                name,
                based_on=NORMAL if based else None,
                next_id=NORMAL,
                priority=priority,
                ppr=_ppr(layout, role),
                rpr=_rpr(layout, role),
            )
        )

    styles.append(
        _style(
            NORMAL,
            "Normal",
            default=True,
            priority=0,
            ppr=_ppr(layout, roles.body, outline=False),
            rpr=_rpr(layout, roles.body),
        )
    )
    para(TITLE, "Title", roles.title, priority=10)
    for level, style_id in HEADINGS.items():
        para(style_id, f"heading {level}", roles.heading(level), priority=9)
    para(RECIPIENT, "Salutation", roles.recipient, priority=99)
    para(ATTACHMENT, "附件说明", roles.attachment, priority=99)
    para(SIGNATURE, "Signature", roles.signature, priority=99)
    para(DATE, "Date", roles.date, priority=99)
    # The page number sits in a line exactly as tall as its size, off the body grid, so that
    # the footer distance alone decides where its dash falls (§7.5).
    number = roles.page_number
    footer_ppr = _ppr(layout, number)
    spacing = footer_ppr.find(qn("w:spacing"))
    spacing.set(qn("w:line"), str(_pt_to_twips(number.size_pt)))
    if footer_ppr.find(qn("w:snapToGrid")) is None:
        spacing.addprevious(_el("snapToGrid", val=0))
    styles.append(_style(FOOTER, "footer", priority=99, ppr=footer_ppr, rpr=_rpr(layout, number)))
    lead = _el("rPr")
    _children(lead, [_el("b", val=int(t.lead_bold)), _el("bCs", val=int(t.lead_bold))])
    styles.append(
        _style(LEAD, "条目首句", kind="character", based_on="DefaultParagraphFont", rpr=lead)
    )


def _font_table(document: Document, layout: _Layout) -> None:
    """One entry per face the document names, with an alternative name for machines that have the
    common face but not the official one (仿宋_GB2312 → 仿宋)."""
    t = layout.template
    roles = [getattr(t.roles, name) for name in type(t.roles).model_fields]
    faces: dict[str, bool] = {}
    for role in roles:
        faces.setdefault(role.font, True)
        faces.setdefault(layout.latin(role), False)
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE
    )
    part._blob = _font_table_xml(faces, t)  # python-docx loads it as a plain part: its bytes


def _font_table_xml(faces: dict[str, bool], t: Template) -> bytes:
    root = _el("fonts")
    for face, east_asian in faces.items():
        font = _el("font", name=face)
        spec = t.font_spec(face)
        # CT_Font order: altName, panose1, charset, family, notTrueType, pitch.
        _children(
            font,
            [
                _el("altName", val=spec.alt_names[0]) if spec.alt_names else None,
                _el("charset", val=_FONT_CHARSET_GB2312 if east_asian else "00"),
                _el("family", val="modern" if east_asian else "roman"),
                _el("pitch", val="variable"),
            ],
        )
        root.append(font)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# ------------------------------------------------------------------------------- page, settings


def _page(document: Document, layout: _Layout) -> None:
    page = layout.template.page
    sect_pr = document.sections[0]._sectPr
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]  # rsids of the template's author
    pg_sz = sect_pr.find(qn("w:pgSz"))
    pg_sz.set(qn("w:w"), str(_mm_to_twips(page.width_mm)))
    pg_sz.set(qn("w:h"), str(_mm_to_twips(page.height_mm)))
    pg_mar = sect_pr.find(qn("w:pgMar"))
    for attr, mm in (
        ("top", page.margin_top_mm),
        ("right", page.margin_right_mm),
        ("bottom", page.margin_bottom_mm),
        ("left", page.margin_left_mm),
        ("header", page.header_distance_mm),
        ("footer", _footer_distance_mm(layout.template)),
        ("gutter", 0),
    ):
        pg_mar.set(qn(f"w:{attr}"), str(_mm_to_twips(mm)))
    grid = layout.template.grid
    doc_grid = sect_pr.find(qn("w:docGrid"))  # python-docx's template has one: edit it, never add
    for attr in list(doc_grid.attrib):
        del doc_grid.attrib[attr]
    doc_grid.set(qn("w:type"), grid.docx_grid)
    doc_grid.set(qn("w:linePitch"), str(grid.line_pitch_twips))
    if grid.docx_grid == "linesAndChars":
        # Word's character grid: the cell is (cell - Normal size) × 4096 in w:charSpace.
        cell_pt = layout.cell / TWIPS_PER_PT
        doc_grid.set(
            qn("w:charSpace"), str(round((cell_pt - layout.template.roles.body.size_pt) * 4096))
        )


def _footer_distance_mm(t: Template) -> float:
    """§7.5: the page number's dash stroke sits ``below_text_mm`` below the text block. Word puts
    the footer's last line on the footer distance, so subtract the dash's height in that line."""
    number = t.page_number
    dash_mm = number.dash_above_line_bottom_em * t.roles.page_number.size_pt * MM_PER_PT
    return t.page.margin_bottom_mm - number.below_text_mm - dash_mm


def _settings(document: Document) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    element = settings.element
    lang = element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    rsids = element.find(qn("w:rsids"))
    if rsids is not None:
        element.remove(rsids)


# ------------------------------------------------------------------------------------- content


def _paragraph(body: BaseOxmlElement, style_id: str | None) -> BaseOxmlElement:
    p = _el("p")
    if style_id is not None:
        ppr = _el("pPr")
        ppr.append(_el("pStyle", val=style_id))
        p.append(ppr)
    body.append(p)
    return p


def _run(p: BaseOxmlElement, text: str, style_id: str | None = None) -> BaseOxmlElement:
    r = _el("r")
    if style_id is not None:
        rpr = _el("rPr")
        rpr.append(_el("rStyle", val=style_id))
        r.append(rpr)
    t = _el("t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    p.append(r)
    return r


def _content(body: BaseOxmlElement, tree: DocumentTree, layout: _Layout) -> None:
    sect_pr = body.find(qn("w:sectPr"))
    body.remove(sect_pr)
    for p in body.findall(qn("w:p")):
        body.remove(p)

    title = _paragraph(body, TITLE)
    for i, line in enumerate(tree.title.lines):
        line_run = _run(title, line)
        if i:  # each printed line of the title, as the tree broke it (§7.3.1)
            line_run.insert(0, _el("br"))

    for block in tree.blocks:
        if isinstance(block, Heading):
            _run(_paragraph(body, HEADINGS[block.level]), block.full_text)
        elif isinstance(block, Paragraph):
            p = _paragraph(body, None)
            for run in block.runs:
                _run(p, run.text, LEAD if run.role == "lead" else None)
        elif isinstance(block, Recipient):
            _run(_paragraph(body, RECIPIENT), block.text)
        elif isinstance(block, AttachmentNote):
            _attachments(body, block, layout)
        elif isinstance(block, Closing):
            _closing(body, block, layout)
    body.append(sect_pr)


def _attachments(body: BaseOxmlElement, note: AttachmentNote, layout: _Layout) -> None:
    """§7.3.4: "附件：" at the body indent; later entries and wrapped lines align after the label."""
    indent = layout.template.roles.attachment.first_line_indent_chars
    label = text_width(note.label)
    left = indent + label
    for i, entry in enumerate(note.entries):
        p = _paragraph(body, ATTACHMENT)
        ppr = p.find(qn("w:pPr"))
        if i:
            ppr.append(_el("spacing", before=0, beforeLines=0))
            ppr.append(
                _el(
                    "ind",
                    leftChars=round(left * 100),
                    left=layout.chars(left),
                    firstLineChars=0,
                    firstLine=0,
                )
            )
            _run(p, entry)
        else:
            ppr.append(
                _el(
                    "ind",
                    leftChars=round(left * 100),
                    left=layout.chars(left),
                    hangingChars=round(label * 100),
                    hanging=layout.chars(label),
                )
            )
            _run(p, note.label + entry)


# The longest last paragraph (in lines) that moves to the closing's page with it.
_KEEP_WITH_CLOSING_LINES = 4


def _keep_next(p: BaseOxmlElement) -> None:
    """Keep a paragraph on the page of the next one (``w:keepNext`` right after ``w:pStyle``)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = _el("pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is not None:
        return
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(0 if style is None else 1, _el("keepNext"))


def _closing(body: BaseOxmlElement, closing: Closing, layout: _Layout) -> None:
    """§7.3.5.2: signature and date right-aligned at the indents the tree computed.

    The signature keeps with the date. The last paragraph before them keeps with the closing when
    it is short, so the closing never stands alone on the last page (§7.3.5); a long one does not,
    because LibreOffice moves a kept paragraph whole rather than its last lines as Word does."""
    previous = body.findall(qn("w:p"))
    if previous:
        text = "".join(t.text or "" for t in previous[-1].iter(qn("w:t")))
        if text_width(text) <= _KEEP_WITH_CLOSING_LINES * layout.template.grid.chars_per_line:
            _keep_next(previous[-1])
    for style_id, text, indent in (
        (SIGNATURE, closing.signature, closing.signature_right_indent),
        (DATE, closing.date, closing.date_right_indent),
    ):
        if not text:
            continue
        p = _paragraph(body, style_id)
        p.find(qn("w:pPr")).append(
            _el("ind", rightChars=round(indent * 100), right=layout.chars(indent))
        )
        _run(p, text)
        if style_id == SIGNATURE and closing.date:
            _keep_next(p)


def _footers(document: Document, layout: _Layout) -> None:
    """§7.5: "— N —", odd pages right and even pages left, one 字 in from the text block's edge."""
    number = layout.template.page_number
    before, _, after = number.format.partition("{n}")
    section = document.sections[0]
    for footer, align in ((section.footer, number.odd), (section.even_page_footer, number.even)):
        footer.is_linked_to_previous = False
        root = footer._element
        for p in root.findall(qn("w:p")):
            root.remove(p)
        p = _paragraph(root, FOOTER)
        ppr = p.find(qn("w:pPr"))
        side = {"right": "right", "left": "left"}.get(align)
        if side is not None:
            cells = number.indent_chars
            ppr.append(
                _el("ind", **{f"{side}Chars": round(cells * 100), side: layout.chars(cells)})
            )
        ppr.append(_el("jc", val=align))
        if before:
            _run(p, before)
        _field(p, "PAGE", "1")
        if after:
            _run(p, after)


def _field(p: BaseOxmlElement, instruction: str, shown: str) -> None:
    def char(kind: str) -> None:
        r = _el("r")
        r.append(_el("fldChar", fldCharType=kind))
        p.append(r)

    char("begin")
    r = _el("r")
    instr = _el("instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(instr)
    p.append(r)
    char("separate")
    _run(p, shown)
    char("end")


# ----------------------------------------------------------------------------------- packaging


def _clean_package(document: Document) -> None:
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED_RELS:
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype in _DROPPED_RELS:
            del package_rels[rel_id]


def _core_xml(meta: Meta) -> bytes:
    """docProps/core.xml from the tree's metadata."""
    element = CT_CoreProperties.new()
    props = CoreProperties(element)
    props.title = meta.title
    props.author = meta.author
    props.subject = meta.subject
    props.keywords = meta.keywords
    props.language = meta.language
    props.comments = ""
    props.category = ""
    # Derived from the input, never the clock, so the same input gives the same bytes.
    created = meta.created.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.created = created
    props.modified = created
    props.last_modified_by = meta.author
    props.revision = 1
    return serialize_part_xml(element)


def _app_properties(document: Document) -> None:
    app = next(
        rel.target_part
        for rel in document.part.package.rels.values()
        if rel.reltype == RT.EXTENDED_PROPERTIES
    )
    app._blob = (
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Application>reportgen</Application><DocSecurity>0</DocSecurity>"
        b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


def _zip(parts: dict[str, bytes], when: dt.datetime) -> bytes:
    """The package with fixed timestamps and attributes, members in a stable order."""
    stamp = max((when.year, when.month, when.day, 0, 0, 0), _ZIP_EPOCH)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, data, compresslevel=9)
    return out.getvalue()


# Everything that depends only on the template (styles, font table, page, settings, footers) is
# built once per template and language; each document then adds only its body and properties.
_SKELETONS: dict[str, dict[str, bytes]] = {}


def _skeleton(template: Template, language: str) -> dict[str, bytes]:
    key = f"{language}\n{template.model_dump_json()}"
    parts = _SKELETONS.get(key)
    if parts is None:
        layout = _Layout(template)
        document = docx.Document()
        _clean_package(document)
        _page(document, layout)
        _settings(document)
        _styles(document, layout, language)
        _font_table(document, layout)
        _footers(document, layout)
        _app_properties(document)
        body = document.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)
        buffer = io.BytesIO()
        document.save(buffer)
        with zipfile.ZipFile(buffer) as source:
            names = source.namelist()
            # [Content_Types].xml first: some readers sniff the package from the first member.
            names.sort(key=lambda n: n != "[Content_Types].xml")
            parts = {name: source.read(name) for name in names}
        _SKELETONS[key] = parts
    return parts


def render_docx(tree: DocumentTree, template: Template) -> Rendered:
    """The tree as a .docx laid out to ``template`` (GB/T 9704-2012 by default). Word paginates,
    so ``pages`` is left at 0."""
    parts = dict(_skeleton(template, tree.meta.language))
    root = parse_xml(parts[_DOCUMENT_PART])
    _content(root.find(qn("w:body")), tree, _Layout(template))
    parts[_DOCUMENT_PART] = serialize_part_xml(root)
    parts[_CORE_PART] = _core_xml(tree.meta)
    return Rendered(_zip(parts, tree.meta.created))
