"""Each bundled input rendered once to PDF and to OFD, shared by the OFD tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.document.tree import DocumentTree
from reportgen.model.editions import load_edition
from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.ofd.render import render_ofd
from reportgen.render.pdf.render import render_pdf
from reportgen.source.loader import walk_inputs
from tests.conftest import INPUTS

# Every input in inputs/ that builds (base files only exist to be extended).
BUILDABLE = [p for p in walk_inputs(INPUTS) if not load_edition(p, with_previous=False).abstract]


@dataclass
class Both:
    tree: DocumentTree
    pdf: bytes
    ofd: bytes
    pages: int


_CACHE: dict[Path, Both] = {}


def rendered(path: Path) -> Both:
    """``path`` rendered with the built-in template, once per test session."""
    if path not in _CACHE:
        template = load_template()
        tree = prepare(path, template).tree
        pdf = render_pdf(tree, template)
        ofd = render_ofd(tree, template)
        assert ofd.pages == pdf.pages
        _CACHE[path] = Both(tree, pdf.data, ofd.data, ofd.pages)
    return _CACHE[path]


@pytest.fixture(params=BUILDABLE, ids=lambda p: str(p.relative_to(INPUTS)))
def example(request: pytest.FixtureRequest) -> Both:
    """Each buildable input of inputs/, rendered to PDF and OFD."""
    path: Path = request.param
    return rendered(path)
