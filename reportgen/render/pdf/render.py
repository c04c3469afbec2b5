"""The PDF renderer: the document tree laid out on the GB/T 9704 grid, then written with reportlab."""

from __future__ import annotations

from ...document.tree import DocumentTree, Rendered
from ...model.template import Template
from .layout import PT_PER_MM, layout_document
from .write import write_pdf

__all__ = ["PT_PER_MM", "render_pdf"]


def render_pdf(tree: DocumentTree, template: Template) -> Rendered:
    """Render the tree to PDF bytes on the template's grid.

    Raises RenderError (with every character and its input location) when some character has
    no face at all. Faces that are substitutes for the official ones, and characters drawn from
    a fallback face, come back as warnings in ``Rendered.findings``.
    """
    placed = layout_document(tree, template)
    return Rendered(write_pdf(placed, tree.meta), placed.findings, len(placed.pages))
