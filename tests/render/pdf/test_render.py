"""The PDF as its readers see it: pdfplumber for geometry, pdffonts for fonts, pdftotext for text."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from reportgen.document.tree import DocumentTree, Rendered
from reportgen.model.template import Template, load_template
from reportgen.pipeline import prepare
from reportgen.render.pdf.fonts import fontset as fonts
from reportgen.render.pdf.fonts.convert import Face
from reportgen.render.pdf.linebreak import CANNOT_END, CANNOT_START
from reportgen.render.pdf.render import PT_PER_MM, render_pdf
from tests.conftest import INPUTS, SAMPLE

TEMPLATE = load_template()
LEFT = 28 * PT_PER_MM
TEXT_WIDTH = 156 * PT_PER_MM
RIGHT = LEFT + TEXT_WIDTH
CELL = TEXT_WIDTH / 28
PITCH = 28.95
TOP = 37 * PT_PER_MM  # pdfplumber measures from the top of the page
BLOCK_BOTTOM = (297 - 35) * PT_PER_MM
PAGE_NUMBER = re.compile(r"^— \d+ —$")
RARE = "堃喆镕䶮"


def _buildable_inputs() -> list[Path]:
    paths = sorted(INPUTS.rglob("*.yaml"))
    return [p for p in paths if "abstract: true" not in p.read_text(encoding="utf-8")]


def _stress_text() -> str:
    """Every offset of a line gets a ，“”《》。 (the pattern's length walks through the grid)."""
    return "".join("党" * n + "，“建”。《章程》；" for n in range(1, 30))


def _write_variant(tmp: Path, name: str, edit: Callable[[str], str]) -> Path:
    text = edit(SAMPLE.read_text(encoding="utf-8"))
    target = tmp / f"{name}.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def _stress_input(tmp: Path) -> Path:
    stress = _stress_text()

    def edit(text: str) -> str:
        text = re.sub(r"(?m)^(  meaning: \|\n    ).*$", lambda m: m.group(1) + stress, text)
        return text.replace("扎实开展学习贯彻", stress + "扎实开展学习贯彻")

    return _write_variant(tmp, "stress", edit)


def _rare_input(tmp: Path) -> Path:
    def edit(text: str) -> str:
        text = text.replace("骑手何志伟", "骑手何堃喆、朱镕、刘䶮")
        return text.replace("heading: 坚持党建引领", "heading: 镕堃坚持党建引领")

    return _write_variant(tmp, "rare", edit)


@dataclass
class Built:
    path: Path
    tree: DocumentTree
    rendered: Rendered


def _build(path: Path, out: Path, template: Template = TEMPLATE) -> Built:
    tree = prepare(path, template).tree
    rendered = render_pdf(tree, template)
    target = out / f"{path.stem}.pdf"
    target.write_bytes(rendered.data)
    return Built(target, tree, rendered)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    tmp = tmp_path_factory.mktemp("pdf")
    result = {p.stem: _build(p, tmp) for p in _buildable_inputs()}
    result["stress"] = _build(_stress_input(tmp), tmp)
    result["rare"] = _build(_rare_input(tmp), tmp)
    return result


@dataclass
class Row:
    page: int
    bottom: float
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def size(self) -> float:
        return round(max(c["size"] for c in self.chars))


def _rows(path: Path) -> list[Row]:
    rows = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            by_line: dict[float, list[dict[str, Any]]] = {}
            for ch in page.chars:
                # the baseline (text matrix), not the glyph box: faces differ in descent
                by_line.setdefault(round(page.height - ch["matrix"][5], 1), []).append(ch)
            for bottom in sorted(by_line):
                chars = sorted(by_line[bottom], key=lambda c: c["x0"])
                rows.append(Row(number, bottom, chars))
    return rows


def _body_rows(path: Path) -> list[Row]:
    return [r for r in _rows(path) if r.size == 16 and r.bottom < BLOCK_BOTTOM]


def test_sample_renders_and_reports_substitutes(built: dict[str, Built]) -> None:
    sample = built["tanzhou-2024"]
    assert sample.rendered.pages == 4
    assert sample.rendered.data.startswith(b"%PDF-")
    codes = {f.code for f in sample.rendered.findings}
    assert codes == {"font-substitute"}  # no official face is installed here
    assert all(f.severity == "warning" for f in sample.rendered.findings)


# Marks whose ink sits in one half of the em in the substitute body face (AR PL UMing): what a
# pushed-in line may squeeze (its 。、 are centred, so they keep their whole cell).
_GIVES_RIGHT = frozenset("，；：”’）》〕】」』")
_GIVES_LEFT = frozenset("“‘（《〔【「『")


@pytest.mark.parametrize("name", ["tanzhou-2024", "stress"])
def test_full_lines_have_28_cells_and_are_flush(built: dict[str, Built], name: str) -> None:
    rows = _body_rows(built[name].path)
    full = [r for r in rows if r.chars[-1]["x1"] > RIGHT - 1]
    assert len(full) > 20
    exact = pushed = squeezed = 0
    for row in full:
        first = row.chars[0]["x0"]
        assert first == pytest.approx(LEFT, abs=0.5) or first == pytest.approx(
            LEFT + 2 * CELL, abs=0.5
        )
        end = row.chars[-1]["x1"]
        if row.text.isascii() or any(c["text"].isascii() for c in row.chars):
            assert end == pytest.approx(RIGHT, abs=0.6) or end == pytest.approx(
                RIGHT + CELL / 2, abs=0.6
            ), row.text
            continue
        indent = round((first - LEFT) / CELL)
        steps = [b["x0"] - a["x0"] for a, b in zip(row.chars, row.chars[1:], strict=False)]
        cells = len(row.chars) + indent
        if cells == 28:
            exact += 1
            assert end == pytest.approx(RIGHT, abs=0.6), row.text
            assert steps == pytest.approx([CELL] * len(steps), abs=0.02)
        elif cells > 28:
            # pushed in: punctuation gave up at most half a cell each, the line-end mark first
            # (its empty half past the edge: its box ends half a cell out, its ink inside)
            squeezed += 1
            assert end == pytest.approx(RIGHT, abs=0.6) or end == pytest.approx(
                RIGHT + CELL / 2, abs=0.6
            ), row.text
            for a, b, step in zip(row.chars, row.chars[1:], steps, strict=False):
                room = CELL / 2 * ((a["text"] in _GIVES_RIGHT) + (b["text"] in _GIVES_LEFT))
                assert CELL - room - 0.02 <= step <= CELL + 0.02, row.text
        else:
            # kinsoku pushed a character (or a “建”。 chain) down: the rest spread over 28 cells
            assert end == pytest.approx(RIGHT, abs=0.6), row.text
            assert 25 <= cells < 28, row.text
            assert steps == pytest.approx([steps[0]] * len(steps), abs=0.02)
            pushed += 1
    # ordinary text rarely needs a push; the stress input is built to need one on every line
    assert exact > (1 if name == "stress" else 4) * pushed
    assert squeezed > 0  # the template pushes in (linebreak.line_end: push-in)


@pytest.mark.parametrize("name", ["tanzhou-2024", "stress"])
def test_pages_hold_22_lines_on_a_28_95_pt_pitch(built: dict[str, Built], name: str) -> None:
    rows = [r for r in _rows(built[name].path) if r.bottom < BLOCK_BOTTOM]
    pages = max(r.page for r in rows)
    first_body = next(r for r in rows if r.size == 16)
    offset = (first_body.bottom - TOP) % PITCH
    for row in rows:
        if row.size != 16:
            continue
        slot = (row.bottom - TOP - offset) / PITCH
        assert slot == pytest.approx(round(slot), abs=0.01)
        assert 0 <= round(slot) < 22
    for page in range(1, pages):
        slots = [
            round((r.bottom - TOP - offset) / PITCH)
            for r in rows
            if r.page == page and r.size == 16
        ]
        # a full page ends on its 22nd line (a heading kept with its text may leave one empty)
        assert max(slots) >= 20
    full_pages = [
        p
        for p in range(1, pages)
        if max(round((r.bottom - TOP - offset) / PITCH) for r in rows if r.page == p) == 21
    ]
    assert full_pages


def test_no_forbidden_mark_starts_or_ends_a_line(built: dict[str, Built]) -> None:
    checked = 0
    for name, item in built.items():
        for row in _body_rows(item.path):
            text = row.text.strip()
            if len(text) < 2:
                continue
            assert text[0] not in CANNOT_START, (name, text)
            assert text[-1] not in CANNOT_END, (name, text)
            checked += 1
    stress = _body_rows(built["stress"].path)
    assert sum(1 for r in stress if r.text[-1] in "，。》；”") > 10  # the stress input did stress
    assert checked > 300


def _pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.mark.parametrize("name", ["tanzhou-2024", "rare"])
def test_every_font_embedded_and_subset_no_helvetica(built: dict[str, Built], name: str) -> None:
    rows = _pdffonts(built[name].path)
    assert rows
    for cols in rows:
        assert re.match(r"^[A-Z]{6}\+", cols[0]), cols
        assert cols[-5:-2] == ["yes", "yes", "yes"], cols  # emb sub uni
        assert "Helvetica" not in cols[0]


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("name", ["tanzhou-2024", "stress", "rare"])
def test_text_layer_equals_the_tree(built: dict[str, Built], name: str) -> None:
    item = built[name]
    text = _pdftotext(item.path)
    assert "\x00" not in text
    lines = [line for line in text.splitlines() if not PAGE_NUMBER.match(line.strip())]
    got = re.sub(r"\s+", "", "".join(lines))
    want = re.sub(r"\s+", "", "".join(item.tree.text_lines()))
    assert got == want
    assert "一是" in got


def test_page_numbers_odd_right_even_left(built: dict[str, Built]) -> None:
    rows = [r for r in _rows(built["tanzhou-2024"].path) if r.bottom > BLOCK_BOTTOM]
    assert [r.text.replace(" ", "") for r in rows] == ["—1—", "—2—", "—3—", "—4—"]
    for row in rows:
        assert row.size == 14
        dash = row.chars[0]
        # §7.5: the dash sits 7 mm below the text block
        assert (dash["top"] + dash["bottom"]) / 2 == pytest.approx(
            BLOCK_BOTTOM + 7 * PT_PER_MM, abs=2.5
        )
        if row.page % 2:
            assert row.chars[-1]["x1"] == pytest.approx(RIGHT - 14, abs=0.5)
        else:
            assert row.chars[0]["x0"] == pytest.approx(LEFT + 14, abs=0.5)


def _postscript_name(face: Face) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(face.installed.path, fontNumber=face.installed.index, lazy=True) as font:
        return str(font["name"].getDebugName(6))


def test_title_and_headings_in_the_faces_fonts_reports(built: dict[str, Built]) -> None:
    font_set = fonts.font_set(TEMPLATE)
    rows = _rows(built["tanzhou-2024"].path)
    expected = {
        "坦洲镇人大": font_set.primary("title"),
        "一、品牌名称": font_set.primary("heading1"),
        "（一）坚持党建引领": font_set.primary("heading2"),
        "一是坚持不懈": font_set.primary("body"),
    }
    for start, cand in expected.items():
        assert cand is not None
        row = next(r for r in rows if r.text.startswith(start))
        names = {c["fontname"].split("+", 1)[1] for c in row.chars if not c["text"].isascii()}
        assert names == {_postscript_name(cand.face)}, start


def test_rare_characters_fall_back_and_are_reported(
    built: dict[str, Built], run_cli: Any, tmp_path: Path
) -> None:
    item = built["rare"]
    text = _pdftotext(item.path)
    for ch in RARE:
        assert ch in text
    fallbacks = [f for f in item.rendered.findings if f.code == "glyph-fallback"]
    messages = "\n".join(str(f) for f in fallbacks)
    # the 楷体 heading: KaitiM GB has GB2312 only, so 镕 and 堃 come from UKai CN
    assert "镕" in messages and "U+9555" in messages and "堃" in messages
    assert all(f.location.line > 0 for f in fallbacks)
    result = run_cli("fonts", _rare_input(tmp_path))
    assert result.code == 0
    for ch in RARE:
        assert ch in result.out
    assert "U+9555" in result.out and "回退到" in result.out


def test_fonts_command_lists_every_role(run_cli: Any) -> None:
    result = run_cli("fonts")
    assert result.code == 0
    for title in fonts.ROLE_NAMES.values():
        assert title in result.out
    assert "替代字体" in result.out


def test_missing_glyph_is_an_error_with_its_location(tmp_path: Path) -> None:
    from reportgen.errors import RenderError

    path = _write_variant(
        tmp_path, "missing", lambda t: t.replace("骑手何志伟", "骑手何\U000f0001")
    )
    tree = prepare(path, TEMPLATE).tree
    with pytest.raises(RenderError) as info:
        render_pdf(tree, TEMPLATE)
    line = "\n".join(info.value.lines())
    assert "U+F0001" in line and "missing.yaml:" in line


def test_same_bytes_twice_and_metadata(built: dict[str, Built]) -> None:
    item = built["tanzhou-2024"]
    again = render_pdf(item.tree, TEMPLATE)
    assert again.data == item.rendered.data
    with pdfplumber.open(item.path) as pdf:
        meta = pdf.metadata
    assert meta["Title"] == item.tree.meta.title
    assert meta["Author"] == item.tree.meta.author
    assert meta["Creator"].startswith("reportgen ")
    assert meta["CreationDate"].startswith("D:" + item.tree.meta.created.strftime("%Y%m%d"))


def test_outline_has_title_and_headings(built: dict[str, Built]) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    item = built["tanzhou-2024"]
    with item.path.open("rb") as fh:
        outline = list(PDFDocument(PDFParser(fh)).get_outlines())
    got = [(level, title) for level, title, *_ in outline]
    assert got[0] == (1, item.tree.title.text)
    assert [t for _, t in got[1:]] == [h.full_text for h in item.tree.headings()]
    assert [lv for lv, _ in got[1:]] == [h.level + 1 for h in item.tree.headings()]


def test_build_cli_writes_the_pdf_reproducibly(run_cli: Any, tmp_path: Path) -> None:
    for out in ("a", "b"):
        result = run_cli("build", SAMPLE, "-o", tmp_path / out, "--format", "pdf")
        assert result.code == 0, result.err
    a = (tmp_path / "a" / "tanzhou-2024.pdf").read_bytes()
    assert a == (tmp_path / "b" / "tanzhou-2024.pdf").read_bytes()


def _closing_case(tmp: Path, chars: int) -> Path:
    """A report whose body is ``chars`` characters of plain text (no punctuation to push)."""
    text = ("示例镇总工会推进基层工会规范化建设" * 200)[:chars] + "。"
    body = "\n".join(f"  - {text[i : i + 600]}" for i in range(0, len(text), 600))
    path = tmp / f"closing-{chars}.yaml"
    path.write_text(
        f"kind: report\ntitle: 示例镇总工会工作报告\norganization: 示例镇总工会\n"
        f"date: 2024-12-20\nbody:\n{body}\n",
        encoding="utf-8",
    )
    return path


def test_closing_never_stands_alone_on_the_last_page(tmp_path: Path) -> None:
    """§7.3.5: whatever the body's length, the last page holds body text with the closing."""
    alone_warnings = 0
    # 19 + 22 body lines fill two pages; sweep the lengths around that edge, a line at a time.
    for lines in range(36, 44):
        path = _closing_case(tmp_path, 26 + 28 * (lines - 1))
        result = render_pdf(prepare(path, TEMPLATE).tree, TEMPLATE)
        out = tmp_path / f"{path.stem}.pdf"
        out.write_bytes(result.data)
        with pdfplumber.open(out) as pdf:
            last = pdf.pages[-1].extract_text() or ""
        body_chars = sum(1 for ch in last if ch in "示例镇总工会推进基层规范化建设")
        signature_chars = len("示例镇总工会")
        assert body_chars > signature_chars, (lines, last)
        alone_warnings += sum(p.code == "last-page-closing" for p in result.findings)
    assert alone_warnings == 0


def test_smaller_than_libreoffices_pdf_of_the_same_document(
    built: dict[str, Built], tmp_path: Path
) -> None:
    # The Flate level trades bytes for speed; the PDF must stay smaller than what LibreOffice
    # makes of our DOCX of the same document (the alternative a user has).
    from reportgen.render.docx import render_docx
    from tests.libreoffice import convert_to_pdf

    sample = built[SAMPLE.stem]
    docx = tmp_path / f"{SAMPLE.stem}.docx"
    docx.write_bytes(render_docx(sample.tree, TEMPLATE).data)
    (theirs,) = convert_to_pdf([docx], tmp_path / "lo")
    assert len(sample.rendered.data) < theirs.stat().st_size


def test_attachment_entries_align_after_the_label(tmp_path: Path) -> None:
    """§7.3.4: "附件：1. …" and the later "2. …" entries start at the same x."""
    path = INPUTS / "shili-union-2024-summary.yaml"
    out = tmp_path / "report.pdf"
    out.write_bytes(render_pdf(prepare(path, TEMPLATE).tree, TEMPLATE).data)
    with pdfplumber.open(out) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    label = text.index("附件：")
    starts = {}
    for i, c in enumerate(chars[label + 3 : -1], start=label + 3):
        before, nxt = chars[i - 1], chars[i + 1]
        line_start = abs(before["top"] - c["top"]) > 1  # the padding 　 draws no glyph
        if c["text"] in "12" and nxt["text"] == "." and (before["text"] == "：" or line_start):
            starts.setdefault(c["text"], c["x0"])
    assert set(starts) == {"1", "2"}, starts
    assert abs(starts["1"] - starts["2"]) < 0.5, starts
