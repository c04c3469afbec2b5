"""The 公文 elements measured on our PDF with pdfplumber: 版头, 版记, 附件 pages, the body grid."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.official import masthead_geometry
from reportgen.render.pdf.render import render_pdf
from tests.conftest import INPUTS

TEMPLATE = load_template()
PAGE = TEMPLATE.page
TOP, LEFT = PAGE.margin_top_mm, PAGE.margin_left_mm
RIGHT = PAGE.width_mm - PAGE.margin_right_mm
BOTTOM = PAGE.height_mm - PAGE.margin_bottom_mm
PITCH_MM = TEMPLATE.grid.line_pitch_pt * MM_PER_PT
EXAMPLES = INPUTS / "gongwen"
# the 版头 of GB/T 9704 §7.2 (a 函's 信函格式 has tests of its own: test_letter.py)
STEMS = sorted(
    p.stem for p in EXAMPLES.glob("*.yaml") if "\nkind: letter\n" not in p.read_text("utf-8")
)
RED = (1.0, 0.0, 0.0)
TOLERANCE_MM = 0.5


def _mm(pt: float) -> float:
    return pt * MM_PER_PT


def _pdf(path: Path, edit: tuple[str, str] | None = None, tmp: Path | None = None) -> Any:
    if edit is not None and tmp is not None:
        text = path.read_text(encoding="utf-8").replace(*edit)
        path = tmp / path.name
        path.write_text(text, encoding="utf-8")
    tree = prepare(path, TEMPLATE).tree
    return tree, pdfplumber.open(io.BytesIO(render_pdf(tree, TEMPLATE).data))


@pytest.fixture(scope="module")
def pdfs() -> dict[str, Any]:
    return {stem: _pdf(EXAMPLES / f"{stem}.yaml") for stem in STEMS}


def _red_chars(page: Any) -> list[dict[str, Any]]:
    return [c for c in page.chars if tuple(c["non_stroking_color"] or ()) == RED]


def _text_chars(page: Any, text: str) -> list[dict[str, Any]]:
    """The characters of the first line holding ``text``, in order."""
    for line in page.extract_text_lines(return_chars=True):
        compact = "".join(c["text"] for c in line["chars"])
        start = compact.find(text)
        if start >= 0:
            return list(line["chars"][start : start + len(text)])
    raise AssertionError(f"{text!r} not on the page")


@pytest.mark.parametrize("stem", STEMS)
def test_issuer_red_and_35mm_below_the_text_block(pdfs: dict[str, Any], stem: str) -> None:
    """§7.2.4: the 标志 is red, centred, its top edge 35 mm below the 版心's top edge."""
    tree, pdf = pdfs[stem]
    red = _red_chars(pdf.pages[0])
    assert sorted(c["text"] for c in red) == sorted(tree.masthead.issuer_text)
    assert abs(_mm(min(c["top"] for c in red)) - (TOP + 35)) <= TOLERANCE_MM
    left, right = _mm(min(c["x0"] for c in red)), _mm(max(c["x1"] for c in red))
    assert abs((left - LEFT) - (RIGHT - right)) <= TOLERANCE_MM  # centred
    assert left >= LEFT - TOLERANCE_MM and right <= RIGHT + TOLERANCE_MM  # one line of the 版心
    assert all(not _red_chars(p) for p in pdf.pages[1:])


@pytest.mark.parametrize("stem", STEMS)
def test_red_rule_4mm_below_the_number_as_wide_as_the_text_block(
    pdfs: dict[str, Any], stem: str
) -> None:
    """§7.2.7: the red separator line, 4 mm below the 发文字号, the 版心's width."""
    tree, pdf = pdfs[stem]
    page = pdf.pages[0]
    rules = [ln for ln in page.lines if tuple(ln["stroking_color"]) == RED]
    assert len(rules) == 1
    rule = rules[0]
    number = _text_chars(page, tree.masthead.number)
    han_bottom = max(_mm(c["bottom"]) for c in number if not c["text"].isascii())
    assert abs(_mm(rule["top"]) - han_bottom - 4) <= TOLERANCE_MM
    assert abs(_mm(rule["x0"]) - LEFT) <= TOLERANCE_MM
    assert abs(_mm(rule["x1"]) - RIGHT) <= TOLERANCE_MM


@pytest.mark.parametrize("stem", ["tanzhou-request-2024", "tanzhou-report-2024"])
def test_number_and_signers_on_one_line(pdfs: dict[str, Any], stem: str) -> None:
    """§7.2.5-7.2.6 上行文: the 发文字号 1 character in from the left, “签发人：” and the names
    1 character in from the right, on one baseline; names in 楷体."""
    tree, pdf = pdfs[stem]
    page = pdf.pages[0]
    number = _text_chars(page, tree.masthead.number)
    names = "\u3000".join(tree.masthead.signer_rows[-1]).replace("\u3000", "")
    signer = _text_chars(page, "签发人：" + names)
    assert {round(c["matrix"][5], 2) for c in number + signer} == {round(number[0]["matrix"][5], 2)}
    cell = PAGE.text_width_mm / TEMPLATE.grid.chars_per_line
    assert abs(_mm(number[0]["x0"]) - LEFT - cell) <= TOLERANCE_MM
    assert abs(RIGHT - _mm(signer[-1]["x1"]) - cell) <= TOLERANCE_MM
    assert all("Kai" in c["fontname"] for c in signer[4:])


def test_notice_number_centred_without_signers(pdfs: dict[str, Any]) -> None:
    tree, pdf = pdfs["tanzhou-notice-2024"]
    page = pdf.pages[0]
    number = _text_chars(page, tree.masthead.number)
    left, right = _mm(number[0]["x0"]), _mm(number[-1]["x1"])
    assert abs((left - LEFT) - (RIGHT - right)) <= TOLERANCE_MM
    assert "签发人" not in page.extract_text()


@pytest.mark.parametrize("stem", STEMS)
def test_title_and_body_on_the_grid_after_the_header(pdfs: dict[str, Any], stem: str) -> None:
    """The 版头 takes whole grid lines (§7.3.1: the title two lines below the red line); the body
    below it stays on the 22-line grid of page 1, 28 characters to a full line."""
    tree, pdf = pdfs[stem]
    geometry = masthead_geometry(tree.masthead, TEMPLATE)
    page = pdf.pages[0]
    title = _text_chars(page, tree.title.lines[0])
    row_top = TOP + geometry.title_row * PITCH_MM
    title_top = _mm(title[0]["top"])
    assert row_top <= title_top <= row_top + PITCH_MM
    rule = next(ln for ln in page.lines if tuple(ln["stroking_color"]) == RED)
    assert title_top - _mm(rule["top"]) >= 2 * PITCH_MM  # 空二行
    recipient = _text_chars(page, tree.blocks[0].text[:8])  # 主送机关, or the 纪要's first line
    han = next(c for c in recipient if not c["text"].isascii())
    offset = (_mm(han["top"]) - TOP) % PITCH_MM
    assert abs(offset - (PITCH_MM - 16 * MM_PER_PT) / 2) <= 0.3  # a 3号 line centred in its row
    full = [
        ln
        for p in pdf.pages
        for ln in p.extract_text_lines(return_chars=True)
        if abs(_mm(ln["x0"]) - LEFT) < 0.5
        and _mm(ln["x1"]) >= RIGHT - 0.5
        and all(not c["text"].isascii() for c in ln["chars"])
        and round(ln["chars"][0]["size"]) == 16
    ]
    inside = [[c for c in ln["chars"] if _mm(c["x1"]) <= RIGHT + 0.5] for ln in full]
    # 28 to a full line, each on its cell; fewer, spread over the line, where the line breaker
    # pushed characters down (避头尾)
    chars_per_line = TEMPLATE.grid.chars_per_line
    cell = PAGE.text_width_mm / chars_per_line
    assert all(len(chars) <= chars_per_line for chars in inside)
    full_grid = [chars for chars in inside if len(chars) == chars_per_line]
    assert not inside or full_grid
    for chars in full_grid:
        assert all(abs(_mm(c["x0"]) - LEFT - k * cell) <= 0.3 for k, c in enumerate(chars))
    assert full or stem == "tanzhou-notice-2024"  # its full lines all hold digits


@pytest.mark.parametrize("stem", STEMS)
def test_imprint_at_the_bottom_of_an_even_last_page(pdfs: dict[str, Any], stem: str) -> None:
    """§7.4: the 版记 on the last page, which is even; its last rule on the 版心's bottom edge,
    thick first and last rules (0.35 mm), a thin one between (0.25 mm)."""
    tree, pdf = pdfs[stem]
    assert len(pdf.pages) % 2 == 0
    last = pdf.pages[-1]
    count = 3 if tree.imprint.copy_to else 2
    # the 版记's are the page's last rules (a table of a 附件 may draw its own above them)
    rules = sorted(last.lines, key=lambda ln: ln["top"])[-count:]
    widths = [round(_mm(ln["linewidth"]), 2) for ln in rules]
    assert widths == ([0.35, 0.25, 0.35] if tree.imprint.copy_to else [0.35, 0.35])
    assert abs(_mm(rules[-1]["bottom"]) - BOTTOM) <= TOLERANCE_MM
    for rule in rules:
        assert abs(_mm(rule["x0"]) - LEFT) <= TOLERANCE_MM
        assert abs(_mm(rule["x1"]) - RIGHT) <= TOLERANCE_MM
    printed = _text_chars(last, tree.imprint.printed_on)
    assert abs(RIGHT - _mm(printed[-1]["x1"]) - 14 * MM_PER_PT) <= TOLERANCE_MM  # 右空一字
    assert round(printed[0]["size"]) == 14  # 4号
    for page in pdf.pages[:-1]:
        assert tree.imprint.printed_on not in page.extract_text()


def test_blank_page_before_a_full_even_page_imprint(tmp_path: Path) -> None:
    """When the body ends on a full even page, a blank page and the 版记 page follow, neither
    numbered (§7.5)."""
    long_body = "  - " + "坦洲镇总工会持续推进基层工会规范化建设，服务职工群众。" * 40 + "\n"
    tree, pdf = _pdf(
        EXAMPLES / "tanzhou-notice-2024.yaml",
        ("  - 特此通知。\n", long_body * 2 + "  - 特此通知。\n"),
        tmp_path,
    )
    texts = [p.extract_text() for p in pdf.pages]
    assert len(texts) % 2 == 0
    if texts[-2].strip():  # the body ended on an odd page: the 版记 page follows it
        assert tree.imprint.printed_on in texts[-1]
        return
    assert texts[-2].strip() == ""
    assert "—" not in texts[-1]
    assert tree.imprint.printed_on in texts[-1]


def test_attachment_pages_start_a_new_page(pdfs: dict[str, Any]) -> None:
    """§7.3.7: each bound 附件 starts a page; “附件N” in 黑体 flush left on line 1, the title
    centred on line 3."""
    _, pdf = pdfs["tanzhou-request-2024"]
    starts = []
    for number, page in enumerate(pdf.pages):
        lines = page.extract_text_lines(return_chars=True)
        if lines and lines[0]["text"].startswith("附件") and len(lines[0]["text"]) <= 3:
            starts.append(number)
            label = lines[0]["chars"]
            assert abs(_mm(label[0]["x0"]) - LEFT) <= TOLERANCE_MM
            assert TOP <= _mm(label[0]["top"]) <= TOP + PITCH_MM
            assert "Hei" in label[0]["fontname"]
            title = lines[1]
            assert TOP + 2 * PITCH_MM <= _mm(title["top"]) <= TOP + 3 * PITCH_MM
            assert abs((_mm(title["x0"]) - LEFT) - (RIGHT - _mm(title["x1"]))) <= 1
    assert [pdf.pages[i].extract_text_lines()[0]["text"] for i in starts] == ["附件1", "附件2"]
    assert starts[0] > 0 and starts == sorted(set(starts))


def test_preprinted_paper_leaves_header_blank_keeps_the_grid(tmp_path: Path) -> None:
    tree, pdf = _pdf(
        EXAMPLES / "tanzhou-notice-2024.yaml",
        ("  number: 坦工〔2025〕3号", "  number: 坦工〔2025〕3号\n  preprinted: true"),
        tmp_path,
    )
    page = pdf.pages[0]
    assert not _red_chars(page) and not page.lines
    geometry = masthead_geometry(tree.masthead, TEMPLATE)
    title = _text_chars(page, tree.title.lines[0])
    assert TOP + geometry.title_row * PITCH_MM <= _mm(title[0]["top"])
    assert tree.masthead.number in page.extract_text()


def test_minutes_attendance_lists(pdfs: dict[str, Any]) -> None:
    """§10.3: “出席：” in 黑体 two characters in, the names in 仿宋 right after the colon."""
    _, pdf = pdfs["tanzhou-minutes-2024"]
    page = next(p for p in pdf.pages if "出席：" in p.extract_text())
    chars = _text_chars(page, "出席：陈志远")
    cell = PAGE.text_width_mm / TEMPLATE.grid.chars_per_line
    assert abs(_mm(chars[0]["x0"]) - LEFT - 2 * cell) <= TOLERANCE_MM
    assert all("Hei" in c["fontname"] for c in chars[:3])
    assert all("Hei" not in c["fontname"] for c in chars[3:])
    assert abs(_mm(chars[3]["x0"]) - LEFT - 5 * cell) <= TOLERANCE_MM


def test_attachment_pages_hold_the_filed_submission(pdfs: dict[str, Any]) -> None:
    """The 附件 filed from ../tanzhou-2024.yaml starts a page with “附件” and its title, and its
    pages hold the submission's text as that kind prints it, before the 版记."""
    tree, pdf = pdfs["tanzhou-request-brand-2024"]
    texts = [(p.extract_text() or "").replace("\n", "") for p in pdf.pages]
    start = next(i for i, t in enumerate(texts) if t.startswith("附件坦洲镇人大"))
    assert start > 0
    rest = "".join(texts[start:])
    for fragment in (
        "一、品牌名称",
        "党的力量在群众",
        "三、党建品牌创建成效",
        "（一）坚持党建引领",
    ):
        assert fragment in rest, fragment
    assert "解决企业实际技术难题16个" in rest
    assert "坦洲镇人大、工会联合党支部2024年12月1日" not in rest.replace(" ", "")  # no 署名
    assert tree.imprint.printed_on in texts[-1]
