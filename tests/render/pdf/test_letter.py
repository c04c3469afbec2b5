"""The 函's 信函格式 (GB/T 9704 §10.1) measured on our PDF against the template's numbers."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest

from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.official import letter_geometry
from reportgen.render.pdf.render import render_pdf
from tests.conftest import INPUTS

TEMPLATE = load_template()
PAGE = TEMPLATE.page
LETTER = TEMPLATE.official.letter
LEFT, RIGHT = PAGE.margin_left_mm, PAGE.width_mm - PAGE.margin_right_mm
TOP, BOTTOM = PAGE.margin_top_mm, PAGE.height_mm - PAGE.margin_bottom_mm
PITCH_MM = TEMPLATE.grid.line_pitch_pt * MM_PER_PT
RED = (1.0, 0.0, 0.0)
TOLERANCE_MM = 0.5
EXAMPLE = INPUTS / "gongwen" / "tanzhou-letter-2024.yaml"


def _mm(pt: float) -> float:
    return pt * MM_PER_PT


@pytest.fixture(scope="module")
def letter() -> tuple[Any, Any]:
    tree = prepare(EXAMPLE, TEMPLATE).tree
    return tree, pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))


def _red_rules(page: Any) -> list[dict[str, Any]]:
    rules = [ln for ln in page.lines if tuple(ln["stroking_color"] or ()) == RED]
    return sorted(rules, key=lambda ln: ln["top"])


def test_issuer_30mm_from_the_page_top_red_and_centred(letter: tuple[Any, Any]) -> None:
    """§10.1: the 标志 (no “文件”) red, its top edge 30 mm below the page's top edge, centred."""
    tree, pdf = letter
    red = [c for c in pdf.pages[0].chars if tuple(c["non_stroking_color"] or ()) == RED]
    assert "".join(c["text"] for c in red) == "坦洲镇总工会" == tree.masthead.issuer_text
    assert abs(_mm(min(c["top"] for c in red)) - LETTER.issuer_top_mm) <= TOLERANCE_MM
    left, right = _mm(min(c["x0"] for c in red)), _mm(max(c["x1"] for c in red))
    assert abs((left - LEFT) - (RIGHT - right)) <= TOLERANCE_MM


def test_two_red_double_rules_170mm_on_page_1_only(letter: tuple[Any, Any]) -> None:
    """§10.1: 4 mm below the 标志 thick over thin; 20 mm above the page's bottom edge thin over
    thick; both 170 mm, centred on the 版心."""
    _, pdf = letter
    page = pdf.pages[0]
    rules = _red_rules(page)
    widths = [round(_mm(r["linewidth"]), 2) for r in rules]
    assert widths == [LETTER.thick_mm, LETTER.thin_mm, LETTER.thin_mm, LETTER.thick_mm]
    for r in rules:
        assert abs(_mm(r["x1"] - r["x0"]) - LETTER.rule_length_mm) <= TOLERANCE_MM
        assert abs((_mm(r["x0"]) - LEFT) - (RIGHT - _mm(r["x1"]))) <= TOLERANCE_MM
    red = [c for c in page.chars if tuple(c["non_stroking_color"] or ()) == RED]
    issuer_bottom = _mm(max(c["bottom"] for c in red))
    thick_top = _mm(rules[0]["top"]) - LETTER.thick_mm / 2
    assert abs(thick_top - issuer_bottom - LETTER.rule_below_issuer_mm) <= TOLERANCE_MM
    gap = _mm(rules[1]["top"]) - _mm(rules[0]["top"])
    assert abs(gap - (LETTER.thick_mm + LETTER.thin_mm) / 2 - LETTER.rule_gap_mm) <= 0.05
    lower_edge = _mm(rules[3]["top"]) + LETTER.thick_mm / 2
    assert abs(PAGE.height_mm - lower_edge - LETTER.bottom_rule_above_page_mm) <= TOLERANCE_MM
    assert all(not _red_rules(p) and not p.lines for p in pdf.pages[1:])


def test_number_flush_right_under_the_first_rule(letter: tuple[Any, Any]) -> None:
    """§10.1: 发文字号顶格居版心右边缘, 7/8 of a 3号 character below the first double rule; the
    title two lines below it; no page number on page 1 (page 2 has one)."""
    tree, pdf = letter
    page = pdf.pages[0]
    line = next(ln for ln in page.extract_text_lines(return_chars=True) if "〔" in ln["text"])
    assert line["text"] == tree.masthead.number
    assert abs(_mm(line["x1"]) - RIGHT) <= TOLERANCE_MM
    han = next(c for c in line["chars"] if not c["text"].isascii())
    rule_bottom = _mm(_red_rules(page)[1]["bottom"])
    seven_eighths = LETTER.element_gap_em * 16 * MM_PER_PT
    assert abs(_mm(han["top"]) - rule_bottom - seven_eighths) <= TOLERANCE_MM
    geometry = letter_geometry(tree.masthead, TEMPLATE)
    title = next(ln for ln in page.extract_text_lines() if ln["text"] == tree.title.lines[0])
    row_top = TOP + geometry.title_row * PITCH_MM
    assert row_top <= _mm(title["top"]) <= row_top + PITCH_MM
    assert _mm(title["top"]) - _mm(line["bottom"]) >= 2 * PITCH_MM - TOLERANCE_MM  # 相距二行
    assert "—" not in (page.extract_text() or "")
    assert "— 2 —" in pdf.pages[1].extract_text()


def test_copy_to_alone_on_the_last_line_without_rules(letter: tuple[Any, Any]) -> None:
    """§10.1: the 版记 without 印发机关, 印发日期 and rules, on the last line of the 版心."""
    tree, pdf = letter
    assert tree.imprint.printed_by == tree.imprint.printed_on == ""
    last = pdf.pages[-1]
    assert not last.lines
    line = next(ln for ln in last.extract_text_lines() if ln["text"].startswith("抄送："))
    assert line["text"] == "抄送：中山市总工会。"
    assert BOTTOM - PITCH_MM <= _mm(line["top"]) <= BOTTOM
    assert "印发" not in last.extract_text()


def test_preprinted_letter_keeps_the_number_and_leaves_the_head_blank(tmp_path: Any) -> None:
    text = EXAMPLE.read_text("utf-8").replace(
        "  number: 坦工函〔2024〕25号", "  number: 坦工函〔2024〕25号\n  preprinted: true"
    )
    path = tmp_path / EXAMPLE.name
    path.write_text(text, "utf-8")
    tree = prepare(path, TEMPLATE).tree
    pdf = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))
    page = pdf.pages[0]
    assert not page.lines and "坦洲镇总工会\n" not in page.extract_text()[:20]
    assert tree.masthead.number in page.extract_text()
