"""What a document needs from its fonts: fallback characters, characters no face has, warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.document.tree import DocumentTree, Heading, Meta, Paragraph, Run, Title
from reportgen.errors import RenderError
from reportgen.model.template import load_template
from reportgen.render.pdf.fonts import coverage, fontset

TEMPLATE = load_template()
FONTS = fontset.font_set(TEMPLATE)


def _tree(*texts: str, heading: str = "基本情况") -> DocumentTree:
    meta = Meta("标题", "单位", "", "", dt.datetime(2024, 12, 20))
    blocks = (
        Heading(2, "（一）", heading),
        *(Paragraph((Run(t),), origin=("body", i)) for i, t in enumerate(texts)),
    )
    return DocumentTree("report", meta, Title(("标题",)), blocks)


@pytest.mark.parametrize(
    ("texts", "heading", "uses"),
    [
        (["党建引领，凝聚力量。"], "基本情况", []),  # GB2312 and punctuation: nothing to say
        # 䶮 (Ext A) is in the body face but outside its cached core set: same face, no fallback
        (["刘䶮"], "基本情况", [("䶮", "body", False)]),
        # 镕 is not in KaitiM GB (GB2312 only): heading2 falls back to AR PL UKai CN
        (["正文"], "镕基本情况", [("镕", "heading2", True)]),
        (["刘䶮", "又见䶮"], "基本情况", [("䶮", "body", False)]),  # once per (character, role)
    ],
)
def test_characters_outside_the_cached_faces(
    texts: list[str], heading: str, uses: list[tuple[str, str, bool]]
) -> None:
    found = coverage.check_coverage(_tree(*texts, heading=heading), FONTS)
    assert [(u.char, u.role, u.fallback) for u in found] == uses


def test_fallback_characters_and_substitutes_are_warnings() -> None:
    uses = coverage.check_coverage(_tree("正文", heading="镕"), FONTS)
    problems = coverage.findings(FONTS, ["body", "heading2"], uses, TEMPLATE)
    codes = [p.code for p in problems]
    assert codes.count("font-substitute") == 2  # 仿宋_GB2312 and 楷体_GB2312 are not installed
    assert codes[-1] == "glyph-fallback" and "镕" in problems[-1].message
    assert all(p.severity == "warning" for p in problems)


def test_a_character_no_face_has_is_an_error_with_its_code() -> None:
    with pytest.raises(RenderError) as caught:
        coverage.check_coverage(_tree("私用区\ue000字"), FONTS)
    assert [p.code for p in caught.value.problems] == ["missing-glyph"]
    assert "U+E000" in caught.value.problems[0].message
