"""Logical faces resolved to installed faces, and per-character fallback along each role's chain."""

from __future__ import annotations

import pytest

from reportgen.model.template import FontSpec, load_template
from reportgen.render.pdf.fonts import fontset as fonts

TEMPLATE = load_template()


@pytest.mark.parametrize(
    ("role", "family"),
    [
        ("title", "Noto Serif CJK SC"),
        ("body", "AR PL UMing CN"),
        ("heading1", "WenQuanYi Micro Hei"),
        ("heading2", "AR PL KaitiM GB"),
        ("page_number", "AR PL SungtiL GB"),
    ],
)
def test_roles_resolve_to_the_measured_substitutes(role: str, family: str) -> None:
    cand = fonts.font_set(TEMPLATE).primary(role)
    assert cand is not None
    assert cand.installed.family == family
    assert not cand.official


@pytest.mark.parametrize(
    ("role", "char", "family"),
    [
        ("heading2", "镕", "AR PL UKai CN"),  # KaitiM GB has GB2312 only
        ("heading1", "䶮", "Noto Sans CJK SC"),  # WenQuanYi Micro Hei lacks Ext A
        ("body", "䶮", "AR PL UMing CN"),
        ("body", "9", "Liberation Serif"),  # Times New Roman's stand-in for digits
        ("page_number", "9", "AR PL SungtiL GB"),  # §7.5: 宋体 digits
    ],
)
def test_per_character_fallback(role: str, char: str, family: str) -> None:
    face = fonts.font_set(TEMPLATE).face_for(role, char)
    assert face is not None and face.installed.family == family


def test_unknown_family_resolves_to_nothing_and_official_names_win() -> None:
    assert fonts.resolve("不存在的字体", FontSpec(substitutes=["No Such Face"])).primary is None
    # a face found under the logical name itself counts as official
    found = fonts.resolve("AR PL UMing CN", FontSpec())
    assert found.primary is not None and found.primary.official
