"""Installed fonts: the cache folder and the font folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.render.pdf.fonts import installed


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert installed.cache_dir() == tmp_path / "reportgen"
