"""The PDF writer: placed pages written as PDF, measured with pdfplumber."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest

from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.pdf.layout import layout_document
from reportgen.render.pdf.placed import Rule
from reportgen.render.pdf.render import render_pdf
from reportgen.render.pdf.write import write_pdf
from tests.conftest import SAMPLE

TEMPLATE = load_template()


def test_writing_the_layout_is_rendering() -> None:
    tree = prepare(SAMPLE, TEMPLATE).tree
    assert write_pdf(layout_document(tree, TEMPLATE), tree.meta) == render_pdf(tree, TEMPLATE).data


def test_rules_are_drawn_in_their_colour_and_width() -> None:
    tree = prepare(SAMPLE, TEMPLATE).tree
    placed = layout_document(tree, TEMPLATE)
    first = placed.pages[0]
    red = Rule(79.37, 700.0, 521.57, 700.0, 1.2, (255, 0, 0))
    placed.pages[0] = dataclasses.replace(first, rules=[red])
    with pdfplumber.open(io.BytesIO(write_pdf(placed, tree.meta))) as pdf:
        lines = pdf.pages[0].lines
        assert not pdf.pages[1].lines
    assert len(lines) == 1
    (line,) = lines
    assert (line["x0"], line["x1"]) == pytest.approx((79.37, 521.57), abs=0.01)
    assert line["y0"] == pytest.approx(700.0, abs=0.01)
    assert line["linewidth"] == pytest.approx(1.2)
    assert tuple(line["stroking_color"]) == (1, 0, 0)
