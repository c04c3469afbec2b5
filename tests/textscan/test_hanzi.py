"""Traditional characters: each named once, and the prefilter that spares OpenCC."""

from __future__ import annotations

from reportgen.textscan import scan
from tests.conftest import ROOT


def test_traditional_names_each_character() -> None:
    (hit,) = [h for h in scan("黨建引領，黨員") if h.code == "RG207"]
    assert "黨→党" in hit.message and "領→领" in hit.message
    assert "4 处" in hit.message and "員→员" in hit.message
    assert hit.message.count("黨→党") == 1  # each character named once
    assert len(hit.edits) == 4


def test_t2s_prefilter_converts_exactly_like_opencc() -> None:
    """The prefilter only skips text that OpenCC would return unchanged."""
    import opencc

    from reportgen.textscan.hanzi import simplified

    converter = opencc.OpenCC("t2s")
    simple = (ROOT / "inputs" / "tanzhou-2024.yaml").read_text(encoding="utf-8")
    samples = [*simple.splitlines(), *opencc.OpenCC("s2t").convert(simple).splitlines()]
    samples += ["覆盖职工200人次", "什么", "乾隆", "於是", "著作", "黨建引領", "天后"]
    for text in samples:
        assert simplified(text) == converter.convert(text), text
