"""The OFD renderer: the PDF renderer's placed pages written as an OFD package (GB/T 33190-2016)."""

from __future__ import annotations

import hashlib

from ... import __version__
from ...document.tree import DocumentTree, Rendered
from ...model.template import MM_PER_PT, Template
from ..pdf.embed import embedded_subset
from . import parts
from .from_pdf import place
from .package import write_package
from .placed import PlacedDocument


def render_ofd(tree: DocumentTree, template: Template) -> Rendered:
    """Render the tree to OFD bytes: the same pages, glyph for glyph, as :func:`render_pdf`.

    Raises RenderError as the PDF renderer does (a character no face has); its font warnings
    come back in ``Rendered.findings``.
    """
    placed, findings = place(tree, template)
    entries = _document_entries(placed)
    doc_id = hashlib.sha256(b"".join(data for _, data in entries)).hexdigest()[:32]
    meta = tree.meta
    info = parts.DocInfo(
        doc_id=doc_id,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=tuple(k for k in (meta.keywords,) if k),
        created=meta.created.date(),
        creator="reportgen",
        creator_version=__version__,
    )
    data = write_package([("OFD.xml", parts.ofd_xml(info)), *entries], meta.created.date())
    return Rendered(data, findings, len(placed.pages))


def _document_entries(placed: PlacedDocument) -> list[tuple[str, bytes]]:
    """Doc_0's parts: Document.xml, the resources, each page's content and the font files."""
    ids = parts.Ids()
    chars: dict[str, set[str]] = {}
    for page in placed.pages:
        for run in page.runs:
            chars.setdefault(run.font, set()).update(run.text)
    font_ids = {name: ids.next() for name in chars}
    resources = []
    font_files = []
    for name, font_id in font_ids.items():
        embedded = embedded_subset(name, chars[name])
        file = f"font_{font_id}.ttf"
        resources.append(parts.FontResource(font_id, embedded.family, embedded.family, file))
        font_files.append((f"Doc_0/Res/{file}", embedded.data))
    box = f"0 0 {parts.mm(placed.width_pt * MM_PER_PT)} {parts.mm(placed.height_pt * MM_PER_PT)}"
    page_ids = []
    contents = []
    for i, page in enumerate(placed.pages):
        page_ids.append(ids.next())
        layer_id = ids.next()
        objects = [
            parts.text_object(run, ids.next(), font_ids[run.font], placed.height_pt)
            for run in page.runs
        ]
        objects += [parts.path_object(rule, ids.next(), placed.height_pt) for rule in page.rules]
        contents.append((f"Doc_0/Pages/Page_{i}/Content.xml", parts.content_xml(objects, layer_id, box)))
    outline = parts.outline_entries(placed.pages, page_ids, placed.height_pt)
    return [
        ("Doc_0/Document.xml", parts.document_xml(ids.last, box, page_ids, outline)),
        ("Doc_0/PublicRes.xml", parts.public_res_xml(resources)),
        ("Doc_0/DocumentRes.xml", parts.document_res_xml()),
        *contents,
        *font_files,
    ]
