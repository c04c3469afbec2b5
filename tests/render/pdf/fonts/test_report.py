"""The ``reportgen fonts`` listing: a line per role, and the characters outside the preferred faces."""

from __future__ import annotations

from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.pdf.fonts.fontset import ROLE_NAMES, font_set
from reportgen.render.pdf.fonts.report import coverage_lines, role_lines
from tests.conftest import SAMPLE


def test_one_line_per_role() -> None:
    lines = role_lines(font_set(load_template()))
    assert len(lines) == len(ROLE_NAMES)
    for line, title in zip(lines, ROLE_NAMES.values(), strict=True):
        assert line.startswith(f"{title}（")
        assert "官方字体" in line or "替代字体" in line or "未找到" in line


def test_coverage_names_the_input() -> None:
    template = load_template()
    lines = coverage_lines("a.yaml", prepare(SAMPLE, template).tree, font_set(template))
    assert lines[0].startswith("a.yaml: ")
    assert all(line.startswith("  ") for line in lines[1:])
