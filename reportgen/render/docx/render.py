"""The DOCX renderer: a document tree placed on the style template's page as an editable Word file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.ns import qn

from ...document.tree import DocumentTree, Meta, Rendered, Table
from ...model.template import MM_PER_PT, TWIPS_PER_PT, Template
from .content import write_content
from .custom import add_custom_properties
from .drawing import add_media
from .ooxml import FOOTER, WordLayout, el, mm_to_twips, page_number_runs, paragraph
from .styles import font_table, write_styles
from .turned import add_turned_footers

# Parts of python-docx's default template that describe a different document (a Word 2010
# copy of the styles, a thumbnail of an empty Letter page, SharePoint metadata).
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_DROPPED_RELS = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.THUMBNAIL, RT.WEB_SETTINGS}
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DOCUMENT_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"


def _page(document: Document, layout: WordLayout) -> None:
    page = layout.template.page
    sect_pr = document.sections[0]._sectPr
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]  # rsids of the template's author
    pg_sz = sect_pr.find(qn("w:pgSz"))
    pg_sz.set(qn("w:w"), str(mm_to_twips(page.width_mm)))
    pg_sz.set(qn("w:h"), str(mm_to_twips(page.height_mm)))
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
        pg_mar.set(qn(f"w:{attr}"), str(mm_to_twips(mm)))
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
    zoom = element.find(qn("w:zoom"))
    if zoom is not None:
        # python-docx's template says val="bestFit" without the percent ISO/IEC 29500 requires
        # (CT_Zoom); Word writes percent="100" for a document opened at 100 %.
        zoom.attrib.pop(qn("w:val"), None)
        zoom.set(qn("w:percent"), "100")


def _footers(document: Document, layout: WordLayout) -> None:
    """§7.5: "— N —", odd pages right and even pages left, one 字 in from the text block's edge."""
    number = layout.template.page_number
    section = document.sections[0]
    for footer, align in ((section.footer, number.odd), (section.even_page_footer, number.even)):
        footer.is_linked_to_previous = False
        root = footer._element
        for p in root.findall(qn("w:p")):
            root.remove(p)
        p = paragraph(root, FOOTER)
        ppr = p.find(qn("w:pPr"))
        side = {"right": "right", "left": "left"}.get(align)
        if side is not None:
            cells = number.indent_chars
            ppr.append(el("ind", **{f"{side}Chars": round(cells * 100), side: layout.chars(cells)}))
        ppr.append(el("jc", val=align))
        page_number_runs(p, number.format)


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


def _skeleton(template: Template, language: str, tables: bool) -> dict[str, bytes]:
    key = f"{language}\n{tables}\n{template.model_dump_json()}"
    parts = _SKELETONS.get(key)
    if parts is None:
        layout = WordLayout(template)
        document = docx.Document()
        _clean_package(document)
        _page(document, layout)
        _settings(document)
        write_styles(document, layout, language, tables)
        font_table(document, layout)
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
    tables = any(isinstance(block, Table) for block in tree.blocks)
    parts = dict(_skeleton(template, tree.meta.language, tables))
    root = parse_xml(parts[_DOCUMENT_PART])
    media = write_content(root.find(qn("w:body")), tree, WordLayout(template))
    parts[_DOCUMENT_PART] = serialize_part_xml(root)
    add_media(parts, media)
    if any(isinstance(block, Table) and block.landscape for block in tree.blocks):
        add_turned_footers(parts, WordLayout(template))
    parts[_CORE_PART] = _core_xml(tree.meta)
    add_custom_properties(parts, tree.meta.properties)
    return Rendered(_zip(parts, tree.meta.created))
