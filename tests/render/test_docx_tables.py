"""Tables in our DOCX (§8): w:tbl in schema order with a repeated head row, and LibreOffice's
rendering of it against our PDF: same pages, the head on each page, rows on the same pages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree  # type: ignore[import-untyped]

from reportgen.document.tree import Table
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from reportgen.render.pdf.render import render_pdf
from tests.conftest import INPUTS
from tests.libreoffice import convert_to_pdf

TEMPLATE = load_template()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLES = [
    INPUTS / "tables" / "tanzhou-unions-2024.yaml",
    INPUTS / "gongwen" / "tanzhou-request-2024.yaml",
]
TOTAL = 8844  # 156 mm in twips
# CT_TblPr, CT_TrPr and CT_TcPr children, in the order the schema gives them (the ones we write)
TBL_PR = ["tblW", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
TR_PR = ["cantSplit", "trHeight", "tblHeader"]
TC_PR = ["tcW", "vAlign"]


def _xml(data: bytes, part: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def _names(element: Any) -> list[str]:
    return [child.tag.removeprefix(W) for child in element]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, bytes, Any, Any]]:
    """Each example: tree, DOCX bytes, our PDF, LibreOffice's PDF of the DOCX (one soffice run)."""
    folder = tmp_path_factory.mktemp("tables-lo")
    out: dict[str, Any] = {}
    paths = []
    for path in EXAMPLES:
        tree = prepare(path, TEMPLATE).tree
        docx = render_docx(tree, TEMPLATE).data
        target = folder / f"{path.stem}.docx"
        target.write_bytes(docx)
        paths.append(target)
        out[path.stem] = [tree, docx, pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))]
    for pdf in convert_to_pdf(paths, folder):
        out[pdf.stem].append(pdfplumber.open(io.BytesIO(Path(pdf).read_bytes())))
    return {k: tuple(v) for k, v in out.items()}


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_table_xml_in_schema_order(rendered: dict[str, Any], stem: str) -> None:
    tree, docx, _, _ = rendered[stem]
    body = _xml(docx, "word/document.xml").find(f"{W}body")
    tables = body.findall(f"{W}tbl")
    expected = [b for b in tree.blocks if isinstance(b, Table)]
    assert len(tables) == len(expected)
    for tbl, table in zip(tables, expected, strict=True):
        assert _names(tbl)[:2] == ["tblPr", "tblGrid"]
        assert set(_names(tbl)[2:]) == {"tr"}
        assert _names(tbl.find(f"{W}tblPr")) == TBL_PR
        widths = [int(c.get(f"{W}w")) for c in tbl.find(f"{W}tblGrid")]
        assert sum(widths) == TOTAL and len(widths) == len(table.columns)
        rows = tbl.findall(f"{W}tr")
        assert len(rows) == 1 + len(table.rows)
        for k, tr in enumerate(rows):
            assert _names(tr)[0] == "trPr" and set(_names(tr)[1:]) == {"tc"}
            assert _names(tr.find(f"{W}trPr")) == (TR_PR if k == 0 else TR_PR[:2])
            for tc, width in zip(tr.findall(f"{W}tc"), widths, strict=True):
                assert _names(tc) == ["tcPr", "p"] and _names(tc.find(f"{W}tcPr")) == TC_PR
                assert int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) == width


def test_table_styles_only_where_there_are_tables(rendered: dict[str, Any]) -> None:
    _, docx, _, _ = rendered["tanzhou-unions-2024"]
    ids = {s.get(f"{W}styleId") for s in _xml(docx, "word/styles.xml").findall(f"{W}style")}
    assert {"TableCaption", "TableHeading", "TableText"} <= ids
    plain = prepare(INPUTS / "tanzhou-2024.yaml", TEMPLATE).tree
    other = _xml(render_docx(plain, TEMPLATE).data, "word/styles.xml")
    assert "TableText" not in {s.get(f"{W}styleId") for s in other.findall(f"{W}style")}


def _page_of(pdf: Any, text: str) -> int:
    for number, page in enumerate(pdf.pages, start=1):
        if text in "".join((page.extract_text() or "").split()):
            return number
    raise AssertionError(f"{text!r} not found")


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_libreoffice_pages_match_ours(rendered: dict[str, Any], stem: str) -> None:
    """Same page count; every table row (its first cell and figures) on the same page."""
    tree, _, ours, lo = rendered[stem]
    assert len(lo.pages) == len(ours.pages)
    for table in (b for b in tree.blocks if isinstance(b, Table)):
        for row in table.rows:
            key = "".join(row[:3])
            assert _page_of(lo, key) == _page_of(ours, key), key


def test_libreoffice_repeats_the_head_row(rendered: dict[str, Any]) -> None:
    _, _, ours, lo = rendered["tanzhou-unions-2024"]
    for pdf in (ours, lo):
        pages = ["".join((p.extract_text() or "").split()) for p in pdf.pages]
        assert all("村（社区）" in text and "备注" in text for text in pages)


def test_libreoffice_table_on_the_text_block(rendered: dict[str, Any]) -> None:
    """The frame's left and right rules on the 版心's edges (28 mm and 184 mm), as in our PDF."""
    _, _, _, lo = rendered["tanzhou-unions-2024"]
    page = TEMPLATE.page
    for p in lo.pages:
        xs = [e["x0"] * MM_PER_PT for e in p.lines + p.rects if abs(e["x0"] - e["x1"]) < 2]
        assert abs(min(xs) - page.margin_left_mm) <= 0.5
        assert abs(max(xs) - (page.width_mm - page.margin_right_mm)) <= 0.5


ADJACENT = """\
kind: report
title: 两张相邻的表格
organization: 测试单位
metrics:
  a: {label: 新建工会, value: 28, unit: 家, target: 30}
body:
  - 第一段。
  - table: metrics
  - table:
      columns: [甲, 乙, 说明]
      widths: [1, 1, 1]
      rows:
        - [一, 二, 这一格的文字较长要换成两行]
        - [三, 四, 短]
  - 表格之后的正文。
"""


def test_adjacent_tables_and_every_line_where_ours_is(tmp_path: Path) -> None:
    """Two tables in a row stay two (a blank line between, in both files), and LibreOffice sets
    every word within 1 mm of where our PDF has it: rows, centred cells, the text after."""
    source = tmp_path / "adjacent.yaml"
    source.write_text(ADJACENT, encoding="utf-8")
    tree = prepare(source, TEMPLATE).tree
    docx = render_docx(tree, TEMPLATE).data
    body = _xml(docx, "word/document.xml").find(f"{W}body")
    names = _names(body)
    assert names.count("tbl") == 2 and "p" in names[names.index("tbl") + 1 : -3]
    (tmp_path / "adjacent.docx").write_bytes(docx)
    (lo_path,) = convert_to_pdf([tmp_path / "adjacent.docx"], tmp_path)
    ours = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data)).pages[0]
    lo = pdfplumber.open(io.BytesIO(lo_path.read_bytes())).pages[0]

    def tops(page: Any) -> dict[str, float]:
        return {w["text"]: w["bottom"] * MM_PER_PT for w in page.extract_words()}

    mine, theirs = tops(ours), tops(lo)
    for word in ("甲", "一", "三", "短", "表格之后的正文。", "测试单位"):
        assert abs(mine[word] - theirs[word]) <= 1.0, word
    # the short cells of the 2-line row sit centred, half a line down (as LibreOffice has them)
    pitch = TEMPLATE.grid.line_pitch_pt * MM_PER_PT
    assert abs(mine["二"] - mine["一"]) < 0.01
    assert abs(mine["三"] - mine["一"] - 1.5 * pitch) < 0.3


def test_a_row_longer_than_a_page_splits_in_both(tmp_path: Path) -> None:
    """A row too long for any page starts a page and runs on to the next, the head repeated,
    in our PDF and in LibreOffice alike."""
    note = "这是一段很长的说明文字，用来检查单元格比一页还长时两种文件的分页是否一致。" * 24
    source = tmp_path / "long.yaml"
    source.write_text(
        "kind: report\ntitle: 比一页还长的单元格\norganization: 测试单位\nbody:\n  - 第一段。\n"
        "  - table:\n      columns: [项目, 说明]\n      widths: [1, 3]\n      rows:\n"
        f"        - [甲, 短]\n        - [乙, {note}]\n        - [丙, 短]\n  - 表格之后的正文。\n",
        encoding="utf-8",
    )
    tree = prepare(source, TEMPLATE).tree
    (tmp_path / "long.docx").write_bytes(render_docx(tree, TEMPLATE).data)
    (lo_path,) = convert_to_pdf([tmp_path / "long.docx"], tmp_path)
    ours = pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))
    lo = pdfplumber.open(io.BytesIO(lo_path.read_bytes()))
    assert len(ours.pages) == len(lo.pages) == 4
    for word in ("甲", "丙", "表格之后的正文。"):
        assert _page_of(ours, word) == _page_of(lo, word), word
    for pdf in (ours, lo):
        assert all("项目说明" in "".join((p.extract_text() or "").split()) for p in pdf.pages[1:3])
