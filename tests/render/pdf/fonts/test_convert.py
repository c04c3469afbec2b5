"""The font cache: faces converted or subset once, the core character set, the first-use notice."""

from __future__ import annotations

import pytest

from reportgen.model.template import load_template
from reportgen.render.pdf.fonts import convert, fontset
from reportgen.render.pdf.fonts.installed import cache_dir

TEMPLATE = load_template()


def test_title_face_is_bold_and_converted_once_to_truetype() -> None:
    cand = fontset.font_set(TEMPLATE).primary("title")
    assert cand is not None and cand.installed.cff and "Bold" in cand.installed.style
    path, index = cand.face.core_file()
    assert path.read_bytes()[:4] == b"\0\1\0\0"  # TrueType outlines, loadable by reportlab
    assert str(path).startswith(str(cache_dir()))
    assert cand.face.core_file() == (path, index)  # cached, not converted again


@pytest.mark.parametrize(
    ("char", "core"), [("党", True), ("，", True), ("镕", False), ("䶮", False)]
)
def test_core_set_is_gb2312_and_punctuation(char: str, core: bool) -> None:
    assert (ord(char) in convert.CORE_CHARS) is core


def test_first_use_notice_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slow cache preparation is announced once through the caller's notifier, never printed."""
    heard: list[str] = []
    monkeypatch.setattr(convert, "_notifier", None)
    convert.set_notifier(heard.append)
    convert._announce()
    convert._announce()
    assert len(heard) == 1 and "字体" in heard[0]
    convert.set_notifier(None)
    convert._announce()
    assert len(heard) == 1
