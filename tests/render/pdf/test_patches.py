"""reportgen's changes to reportlab: what they write, pinned byte for byte."""

from __future__ import annotations

import hashlib
import random
import subprocess
from pathlib import Path

import pytest

from reportgen.render.pdf import patches


def _numbers() -> list[float]:
    rng = random.Random(9704)
    values: list[float] = [
        0,
        0.0,
        -0.0,
        1e-8,
        -1e-7,
        2e-7,
        1,
        -1,
        16,
        100,
        0.5,
        1000,
        1e6,
        123456789,
    ]
    for exp in range(-8, 9):
        for base in (1, 9.9999995, 9.99999949, 5.0000005, 0.99999995):
            values += [base * 10.0**exp, -base * 10.0**exp]
    values += [rng.uniform(-1000, 1000) for _ in range(3000)]
    values += [rng.uniform(-2, 2) for _ in range(2000)]
    values += [rng.randint(0, 600) * 28.95 / 7 for _ in range(500)]
    return values


def test_number_format_is_reportlabs_fp_str() -> None:
    # The renderer writes Tm/Tz/Tf/TJ numbers itself; they must be byte for byte what reportlab
    # writes, or the PDFs would change (reproducibility across versions, golden hashes).
    from reportlab.lib.rl_accel import fp_str

    for value in _numbers():
        assert patches.format_number(value) == fp_str(value), value
        assert patches.num(value) == fp_str(value), value


def _sample_pdf() -> bytes:
    """A small page through every patched path: content and outline streams (Flate level,
    no ASCII85), numbers in objects (fp_str), a text object written directly."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    patches.apply()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595.2756, 841.8898), invariant=True, pageCompression=True)
    canvas.setTitle("pinned")
    canvas.setDateFormatter(lambda *_: "D:20241220000000+08'00'")
    canvas.bookmarkPage("b1-0", fit="XYZ", left=0, top=735.1181)
    canvas.addOutlineEntry("pinned", "b1-0", level=0, closed=False)
    text = canvas.beginText()
    text.setFont("Helvetica", 15.79)
    code = patches.text_code(text)
    code.append(f"1 0 0 1 {patches.num(79.37008)} {patches.num(712.4535)} Tm")
    code.append("(reportgen) Tj")
    patches.forget_font(text)
    canvas.drawText(text)
    canvas.setLineWidth(0.48)
    canvas.line(79.37008, 700.1, 521.5748, 700.1)
    canvas.showPage()
    canvas.showOutline()
    canvas.save()
    return out.getvalue()


# The sample's bytes with reportlab 5.1 (pyproject.toml allows 5.x). If this fails after a
# reportlab upgrade, look at what changed in the PDF (qpdf --qdf) before re-pinning: every
# reportgen PDF changes with it.
PINNED_SHA256 = "e437afb6ea8b4ae62e0a775ce377b2f3aaa3a891b70954ea0ee1c9254f867a1d"


def test_patched_output_is_pinned() -> None:
    assert hashlib.sha256(_sample_pdf()).hexdigest() == PINNED_SHA256


def test_streams_are_flate_level_2_without_ascii85() -> None:
    import re
    import zlib

    data = _sample_pdf()
    assert b"/ASCII85Decode" not in data
    streams = [
        data[m.end() : m.end() + int(m.group(1))]
        for m in re.finditer(rb"/Length (\d+)\n>>\nstream\r?\n", data)
    ]
    assert len(streams) == 1  # the page's content stream
    for raw in streams:
        assert zlib.compress(zlib.decompress(raw), patches.FLATE_LEVEL) == raw


def test_importing_the_renderer_changes_nothing_in_reportlab() -> None:
    """The patches are applied when a PDF is first written, not at import."""
    import subprocess
    import sys

    code = (
        "import reportgen.render.pdf.render, reportgen.pipeline\n"
        "from reportlab import rl_config\n"
        "from reportlab.pdfbase import pdfdoc\n"
        "from reportlab.lib.rl_accel import fp_str\n"
        "print(rl_config.useA85, pdfdoc.fp_str is fp_str, type(pdfdoc.PDFZCompress).__name__)\n"
        "from reportgen.render.pdf import patches\n"
        "patches.apply()\n"
        "print(rl_config.useA85, pdfdoc.fp_str is patches.num, type(pdfdoc.PDFZCompress).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["1 True PDFStreamFilterZCompress", "0 True _Flate"]


def test_source_date_epoch_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """reportlab lets SOURCE_DATE_EPOCH override an invariant document's time stamp (the seed
    of its /ID); reportgen's bytes depend on the input only."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert hashlib.sha256(_sample_pdf()).hexdigest() == PINNED_SHA256


def test_to_unicode_cmap_writes_utf16_and_keeps_reportlabs_bmp_bytes() -> None:
    from reportgen.render.pdf.patches import REPORTLAB_TO_UNICODE_CMAP, to_unicode_cmap

    bmp = [0, 0x515A, 0x3002, 0x20]
    text = to_unicode_cmap("AAAAAA+Face", bmp)
    assert "<01> <515A>" in text and "4 beginbfchar" in text
    assert text == REPORTLAB_TO_UNICODE_CMAP("AAAAAA+Face", bmp)
    astral = to_unicode_cmap("AAAAAA+Face", [0, 0x2000B])
    assert "<01> <D840DC0B>" in astral  # UTF-16BE surrogate pair, not <2000B>


def test_characters_outside_the_bmp_copy_out_of_the_pdf(tmp_path: Path) -> None:
    from reportgen.pipeline import build_file

    src = tmp_path / "rare.yaml"
    src.write_text(
        "kind: report\ntitle: 报告\norganization: 测试单位\ndate: 2024-12-01\n"
        "body:\n  - 𠀋李参加，䶮镕同志出席。\n",
        encoding="utf-8",
    )
    pdf = build_file(src, tmp_path, ["pdf"]).outputs[0]
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "𠀋李参加，䶮镕同志出席。" in text
