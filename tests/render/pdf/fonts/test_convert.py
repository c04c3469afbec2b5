"""The font cache: faces converted or subset once, the core character set, the first-use notice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.model.template import load_template
from reportgen.render.pdf.fonts import convert, fontset
from reportgen.render.pdf.fonts.installed import cache_dir
from tests.conftest import SAMPLE

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


def _latin_face() -> convert.Face:
    font_set = fontset.font_set(TEMPLATE)
    cand = font_set.logical[font_set.latin["body"]].primary
    assert cand is not None and cand.face.core_covers_all  # small: converted in a second
    return cand.face


def test_conversion_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """fontTools stamps head.modified on save; a converted face keeps its source's date."""
    from fontTools.ttLib import TTFont

    face = _latin_face()
    digits = range(0x30, 0x3A)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    first = convert._subset_ttf(face.installed, digits)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "172800")
    assert convert._subset_ttf(face.installed, digits) == first
    with TTFont(face.installed.path, fontNumber=face.installed.index) as source:
        modified = source["head"].modified
    with TTFont(io.BytesIO(first)) as subset:
        assert subset["head"].modified == modified


def _build_pdf(out: Path, **env: str) -> tuple[bytes, str]:
    """A `reportgen build` in a fresh process: the PDF's bytes and what it said on stderr."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen",
            "build",
            str(SAMPLE),
            "-o",
            str(out),
            "--format",
            "pdf",
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    return (out / "tanzhou-2024.pdf").read_bytes(), done.stderr


def test_first_build_on_a_machine_equals_later_builds(tmp_path: Path) -> None:
    """A build that has to convert a face (an empty cache: the first build on a machine) gives
    the same bytes as a build from a warm cache made at another time. The fresh cache is the
    warm one less one small face, converted again under another clock (SOURCE_DATE_EPOCH)."""
    warm, quiet = _build_pdf(tmp_path / "warm")
    face = _latin_face()
    fresh = tmp_path / "cache"
    shutil.copytree(cache_dir() / "fonts", fresh / "reportgen" / "fonts")
    core = fresh / "reportgen" / "fonts" / face.key / "core.ttf"
    core.unlink()
    env = {"XDG_CACHE_HOME": str(fresh), "SOURCE_DATE_EPOCH": "86400"}
    first, notice = _build_pdf(tmp_path / "first", **env)
    assert core.is_file()  # converted again by that build, which said why it was slow
    assert "首次使用" in notice and "首次使用" not in quiet
    assert first == warm


def test_every_role_face_draws_dashes_across_the_whole_em() -> None:
    """—— is one mark of two cells: each dash must reach both edges of its em to join."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font_set = fontset.font_set(TEMPLATE)
    faces = {}
    for role in ("body", "heading1", "heading2", "title"):
        cand = font_set.primary(role)
        assert cand is not None, role
        faces[cand.face.key] = cand.face
    checked = 0
    for face in faces.values():
        path, index = face.core_file()
        with TTFont(path, fontNumber=index) as font:
            name = (font.getBestCmap() or {}).get(0x2014)
            assert name is not None, face.label
            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[name].draw(pen)
            assert pen.bounds is not None
            upem = font["head"].unitsPerEm
            assert pen.bounds[0] <= 0 and pen.bounds[2] >= upem, (face.label, pen.bounds)
            assert font["hmtx"][name][0] == upem
            checked += 1
    assert checked >= 3


def test_double_dash_prints_as_one_unbroken_line(tmp_path: Path) -> None:
    """Rasterised by poppler: the pixel row through the dashes' middle is dark all along ——."""
    from PIL import Image

    from reportgen.pipeline import build_file

    src = tmp_path / "dash.yaml"
    src.write_text(
        "kind: report\ntitle: 报告\norganization: 测试单位\ndate: 2024-12-01\n"
        "body:\n  - 党建引领——凝聚群众力量。\n",
        encoding="utf-8",
    )
    pdf = build_file(src, tmp_path, ["pdf"]).outputs[0]
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        # the body's —— (the page number's dashes stand apart, in the footer)
        dashes = [c for c in doc.pages[0].chars if c["text"] == "—" and c["size"] > 15]
    assert len(dashes) == 2 and abs(dashes[0]["x1"] - dashes[1]["x0"]) < 0.5
    dpi = 300
    scale = dpi / 72
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.pgm")))
    x0, x1 = dashes[0]["x0"] * scale, dashes[1]["x1"] * scale
    top, bottom = dashes[0]["top"] * scale, dashes[0]["bottom"] * scale
    rows = range(int(top), int(bottom) + 1)
    # the row of the dash: the darkest row across the two cells
    row = max(
        rows, key=lambda y: sum(255 - image.getpixel((x, y)) for x in range(int(x0), int(x1)))
    )
    inner = range(int(x0) + 4, int(x1) - 4)  # the cells' edges themselves may be antialiased
    gaps = [x for x in inner if image.getpixel((x, row)) > 128]
    assert not gaps, f"{len(gaps)} light pixels between {int(x0)} and {int(x1)} at row {row}"


def test_empty_halves_follow_each_face_s_ink() -> None:
    """What a pushed-in line may squeeze is read from the face: the ink of every mark said to
    have an empty half lies in the other half (AR PL UMing centres 。、, so they are not listed)."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    face = fontset.font_set(TEMPLATE).primary("body")
    assert face is not None
    halves = face.face.empty_half
    assert halves["，"] == 1 and halves["”"] == 1 and halves["“"] == -1 and halves["（"] == -1
    if "UMing" in face.face.label:
        assert "。" not in halves and "、" not in halves
    path, index = face.face.core_file()
    with TTFont(path, fontNumber=index) as font:
        cmap, glyphs = font.getBestCmap() or {}, font.getGlyphSet()
        for ch, side in halves.items():
            pen = BoundsPen(glyphs)
            glyphs[cmap[ord(ch)]].draw(pen)
            assert pen.bounds is not None
            left, right = (
                v / font["hmtx"][cmap[ord(ch)]][0] for v in (pen.bounds[0], pen.bounds[2])
            )
            assert (right <= 0.52) if side == 1 else (left >= 0.48), (ch, left, right)
