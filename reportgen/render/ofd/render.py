"""The OFD renderer: the PDF layout's placed pages written as an OFD package (GB/T 33190-2016)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from ... import __version__
from ...document.tree import DocumentTree, Meta, Rendered
from ...model.template import MM_PER_PT, Template
from ..pdf.embed import embedded_subset
from ..pdf.glyphs import glyph_xs
from ..pdf.layout import layout_document
from ..pdf.placed import PlacedDocument, PlacedLine, PlacedPage
from . import parts
from .package import write_package


def render_ofd(tree: DocumentTree, template: Template) -> Rendered:
    """Render the tree to OFD bytes: the same pages, glyph for glyph, as :func:`render_pdf`.

    Raises RenderError as the PDF renderer does (a character no face has); its font warnings
    come back in ``Rendered.findings``.
    """
    placed = layout_document(tree, template)
    return Rendered(write_ofd(placed, tree.meta), placed.findings, len(placed.pages))


def write_ofd(placed: PlacedDocument, meta: Meta) -> bytes:
    """The placed pages as an OFD package, with the document's information and outline.

    The document's identifier is a digest of its parts and every date is the document's own, so
    the same document always gives the same bytes.
    """
    entries = _document_entries(placed)
    doc_id = hashlib.sha256(b"".join(data for _, data in entries)).hexdigest()[:32]
    info = parts.DocInfo(
        doc_id=doc_id,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=(meta.keywords,) if meta.keywords else (),
        created=meta.created.date(),
        creator="reportgen",
        creator_version=__version__,
    )
    return write_package([("OFD.xml", parts.ofd_xml(info)), *entries], meta.created.date())


def _lines(page: PlacedPage) -> list[PlacedLine]:
    return [*page.lines, *([page.folio] if page.folio is not None else [])]


def _images(page: PlacedPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(PNG file, box in pt) of each image on the page (a 公文's seal, drawn over the text)."""
    return [(i.path, (i.x, i.y, i.width, i.height)) for i in page.images]


def _pieces(line: PlacedLine) -> Iterator[tuple[str, bool, str, list[float]]]:
    """(font, bold, text, glyph xs) of a line, consecutive runs of one font and look joined:
    DeltaX places each glyph, so one text object holds them all."""
    font, bold, text = "", False, ""
    xs: list[float] = []
    for run in line.runs:
        if text and (run.font, run.bold) != (font, bold):
            yield font, bold, text, xs
            text, xs = "", []
        font, bold = run.font, run.bold
        text += run.text
        xs += glyph_xs(run, line)
    if text:
        yield font, bold, text, xs


def _document_entries(placed: PlacedDocument) -> list[tuple[str, bytes]]:
    """Doc_0's parts: Document.xml, the resources, each page's content and the font files."""
    ids = parts.Ids()
    font_ids, resources, font_files = _fonts(placed, ids)
    box = f"0 0 {parts.mm(placed.width * MM_PER_PT)} {parts.mm(placed.height * MM_PER_PT)}"
    images: dict[str, parts.ImageResource] = {}
    page_ids = []
    contents = []
    for i, page in enumerate(placed.pages):
        page_ids.append(ids.next())
        layer_id = ids.next()
        # in the PDF's order: rules, text, images (a seal over the signature), the page number;
        # a 横排 page's own objects are laid out in the turned frame (its height the page width)
        frame = placed.width if page.turned else placed.height
        upright = (placed.width * MM_PER_PT, placed.height * MM_PER_PT) if page.turned else None
        objects = [parts.path_object(r, ids.next(), frame, upright) for r in page.rules]
        objects += _texts(page.lines, ids, font_ids, placed, frame, upright)
        for path, image_box in _images(page):
            if path not in images:
                image_id = ids.next()
                suffix = Path(path).suffix.lower() or ".png"
                name = f"image_{image_id}{suffix}"
                images[path] = parts.ImageResource(image_id, name, suffix[1:].upper())
            resource = images[path].id
            objects.append(parts.image_object(image_box, ids.next(), resource, frame, upright))
        objects += _texts([page.folio] if page.folio else [], ids, font_ids, placed, placed.height)
        content = parts.content_xml(objects, layer_id, box)
        contents.append((f"Doc_0/Pages/Page_{i}/Content.xml", content))
    image_files = [(f"Doc_0/Res/{r.file}", Path(path).read_bytes()) for path, r in images.items()]
    outline = parts.outline_entries(placed.pages, page_ids, placed.height)
    return [
        ("Doc_0/Document.xml", parts.document_xml(ids.last, box, page_ids, outline)),
        ("Doc_0/PublicRes.xml", parts.public_res_xml(resources)),
        ("Doc_0/DocumentRes.xml", parts.document_res_xml(images.values())),
        *contents,
        *font_files,
        *image_files,
    ]


def _fonts(
    placed: PlacedDocument, ids: parts.Ids
) -> tuple[dict[str, int], list[parts.FontResource], list[tuple[str, bytes]]]:
    """Each face the pages use: its ID, its resource entry and its subset file (in order of
    first use)."""
    chars: dict[str, set[str]] = {}
    for page in placed.pages:
        for line in _lines(page):
            for run in line.runs:
                chars.setdefault(run.font, set()).update(run.text)
    font_ids = {name: ids.next() for name in chars}
    resources = []
    files = []
    for name, font_id in font_ids.items():
        embedded = embedded_subset(name, chars[name])
        file = f"font_{font_id}.ttf"
        # no Bold attribute: the faces are drawn as they are, and a reader that saw Bold might
        # embolden the (already heavy) title face again
        resources.append(parts.FontResource(font_id, embedded.full_name, embedded.family, file))
        files.append((f"Doc_0/Res/{file}", embedded.data))
    return font_ids, resources, files


def _texts(
    lines: list[PlacedLine],
    ids: parts.Ids,
    font_ids: dict[str, int],
    placed: PlacedDocument,
    frame_height: float,
    upright: parts.Upright = None,
) -> list[str]:
    objects = []
    for line in lines:
        for font, bold, text, xs in _pieces(line):
            stroke = placed.bold_stroke_pt if bold else 0.0
            key = (ids.next(), font_ids[font])
            objects.append(parts.text_object(line, text, xs, key, frame_height, stroke, upright))
    return objects
