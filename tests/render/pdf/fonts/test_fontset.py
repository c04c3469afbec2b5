"""Font discovery, cached faces and per-character fallback along each role's chain."""

from __future__ import annotations

from pathlib import Path

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


def test_title_face_is_bold_and_converted_once_to_truetype() -> None:
    cand = fonts.font_set(TEMPLATE).primary("title")
    assert cand is not None and cand.installed.cff and "Bold" in cand.installed.style
    path, index = cand.face.core_file()
    assert path.read_bytes()[:4] == b"\0\1\0\0"  # TrueType outlines, loadable by reportlab
    assert str(path).startswith(str(fonts.cache_dir()))
    assert cand.face.core_file() == (path, index)  # cached, not converted again


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


@pytest.mark.parametrize(
    ("char", "core"), [("党", True), ("，", True), ("镕", False), ("䶮", False)]
)
def test_core_set_is_gb2312_and_punctuation(char: str, core: bool) -> None:
    assert (ord(char) in fonts.CORE_CHARS) is core


def test_unknown_family_resolves_to_nothing_and_official_names_win() -> None:
    assert fonts.resolve("不存在的字体", FontSpec(substitutes=["No Such Face"])).primary is None
    # a face found under the logical name itself counts as official
    found = fonts.resolve("AR PL UMing CN", FontSpec())
    assert found.primary is not None and found.primary.official


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fonts.cache_dir() == tmp_path / "reportgen"


def test_first_use_notice_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slow cache preparation is announced once through the caller's notifier, never printed."""
    heard: list[str] = []
    monkeypatch.setattr(fonts, "_notifier", None)
    fonts.set_notifier(heard.append)
    fonts._announce()
    fonts._announce()
    assert len(heard) == 1 and "字体" in heard[0]
    fonts.set_notifier(None)
    fonts._announce()
    assert len(heard) == 1
