"""The DOCX style sheet and font table: one named style per role of the template."""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

from ...model.template import Role, Template
from .ooxml import (
    ATTACHMENT,
    DATE,
    FOOTER,
    HEADINGS,
    LEAD,
    NORMAL,
    RECIPIENT,
    SIGNATURE,
    TABLE_CAPTION,
    TABLE_HEADING,
    TABLE_TEXT,
    TITLE,
    WordLayout,
    children,
    el,
    ppr_of,
    pt_to_twips,
    rpr_of,
)

# Styles python-docx itself relies on; every other style of its default template goes.
_KEPT_STYLES = {"DefaultParagraphFont", "TableNormal", "NoList"}
_FONT_CHARSET_GB2312 = "86"


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
    style = el("style", type=kind, styleId=style_id)
    if default:
        style.set(qn("w:default"), "1")
    children(
        style,
        [
            el("name", val=name),
            el("basedOn", val=based_on) if based_on else None,
            el("next", val=next_id) if next_id else None,
            el("uiPriority", val=priority) if priority is not None else None,
            el("qFormat"),
            ppr,
            rpr,
        ],
    )
    return style


def write_styles(
    document: Document, layout: WordLayout, language: str, tables: bool = False
) -> None:
    """The style sheet: document defaults, then one style per role (python-docx's own go); the
    table styles only in a document with tables, so other documents' files stay as they were."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(0, _doc_defaults(layout, language))
    for style in _role_styles(layout):
        styles.append(style)
    if tables:
        for style in _table_styles(layout):
            styles.append(style)


def _doc_defaults(layout: WordLayout, language: str) -> BaseOxmlElement:
    """docDefaults: what any text a user types anywhere starts from (body text, §5.2.2), with no
    theme fonts left, because Word lets a theme attribute win over an explicit font name."""
    defaults = el("docDefaults")
    rpr_default, ppr_default = el("rPrDefault"), el("pPrDefault")
    body_rpr = rpr_of(layout, layout.template.roles.body)
    for tag in ("w:b", "w:bCs", "w:color"):
        element = body_rpr.find(qn(tag))
        if element is not None:
            body_rpr.remove(element)
    body_rpr.append(el("lang", val="en-US", eastAsia=language, bidi="ar-SA"))
    rpr_default.append(body_rpr)
    ppr = el("pPr")
    children(
        ppr,
        [
            el("widowControl", val=0),
            # Word's own default, written out because LibreOffice reads an explicit 1 as "no
            # hanging punctuation": its hanging mode drops a line-final 、 from the PDF (LO 7.4),
            # and without hanging no character ever sits outside the text block.
            el("overflowPunct", val=1),
            el("spacing", before=0, after=0, line=layout.pitch, lineRule="exact"),
        ],
    )
    ppr_default.append(ppr)
    children(defaults, [rpr_default, ppr_default])
    return defaults


def _role_styles(layout: WordLayout) -> list[BaseOxmlElement]:
    roles = layout.template.roles

    def para(style_id: str, name: str, role: Role, *, priority: int) -> BaseOxmlElement:
        return _style(
            style_id,
            name,
            based_on=NORMAL,
            next_id=NORMAL,
            priority=priority,
            ppr=ppr_of(layout, role),
            rpr=rpr_of(layout, role),
        )

    normal = _style(
        NORMAL,
        "Normal",
        default=True,
        priority=0,
        ppr=ppr_of(layout, roles.body, outline=False),
        rpr=rpr_of(layout, roles.body),
    )
    return [
        normal,
        para(TITLE, "Title", roles.title, priority=10),
        *(
            para(style_id, f"heading {level}", roles.heading(level), priority=9)
            for level, style_id in HEADINGS.items()
        ),
        para(RECIPIENT, "Salutation", roles.recipient, priority=99),
        para(ATTACHMENT, "附件说明", roles.attachment, priority=99),
        para(SIGNATURE, "Signature", roles.signature, priority=99),
        para(DATE, "Date", roles.date, priority=99),
        _footer_style(layout),
        _lead_style(layout.template.lead_bold),
    ]


def _table_styles(layout: WordLayout) -> list[BaseOxmlElement]:
    """表题 (kept with its table), 表头 and 表格文字: one grid line per line of text, as the PDF."""
    roles = layout.template.roles
    caption = roles.table_caption.model_copy(update={"keep_with_next": True})
    return [
        _style(
            style_id,
            name,
            based_on=NORMAL,
            next_id=NORMAL,
            priority=99,
            ppr=ppr_of(layout, role),
            rpr=rpr_of(layout, role),
        )
        for style_id, name, role in (
            (TABLE_CAPTION, "表题", caption),
            (TABLE_HEADING, "表头", roles.table_header),
            (TABLE_TEXT, "表格文字", roles.table_cell),
        )
    ]


def _footer_style(layout: WordLayout) -> BaseOxmlElement:
    """The page number sits in a line exactly as tall as its size, off the body grid, so that
    the footer distance alone decides where its dash falls (§7.5)."""
    number = layout.template.roles.page_number
    footer_ppr = ppr_of(layout, number)
    spacing = footer_ppr.find(qn("w:spacing"))
    spacing.set(qn("w:line"), str(pt_to_twips(number.size_pt)))
    if footer_ppr.find(qn("w:snapToGrid")) is None:
        spacing.addprevious(el("snapToGrid", val=0))
    return _style(FOOTER, "footer", priority=99, ppr=footer_ppr, rpr=rpr_of(layout, number))


def _lead_style(bold: bool) -> BaseOxmlElement:
    lead = el("rPr")
    children(lead, [el("b", val=int(bold)), el("bCs", val=int(bold))])
    return _style(LEAD, "条目首句", kind="character", based_on="DefaultParagraphFont", rpr=lead)


def font_table(document: Document, layout: WordLayout) -> None:
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
    root = el("fonts")
    for face, east_asian in faces.items():
        font = el("font", name=face)
        spec = t.font_spec(face)
        # CT_Font order: altName, panose1, charset, family, notTrueType, pitch.
        children(
            font,
            [
                el("altName", val=spec.alt_names[0]) if spec.alt_names else None,
                el("charset", val=_FONT_CHARSET_GB2312 if east_asian else "00"),
                el("family", val="modern" if east_asian else "roman"),
                el("pitch", val="variable"),
            ],
        )
        root.append(font)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# ------------------------------------------------------------------------------- page, settings
