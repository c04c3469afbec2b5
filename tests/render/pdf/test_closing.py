"""RG701: the closing alone on the last page, in the PDF and in LibreOffice's rendering of the
DOCX, is reported with what to cut; cutting that much puts body text back with the closing."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from reportgen.model.template import load_template
from reportgen.pipeline import prepare, render
from tests.libreoffice import convert_to_pdf

TEMPLATE = load_template()
FILLER = "示例镇总工会推进基层工会规范化建设" * 200
CLOSING_TEXT = "示例镇总工会推进基层规范化建设"


def _report(tmp: Path, body_lines: int, last_chars: int, heading: bool, cut: int = 0) -> Path:
    """A report: ``body_lines`` lines of text, then (under a heading) a last paragraph of
    ``last_chars`` characters; ``cut`` characters fewer in the body's first paragraph."""
    text = FILLER[: 26 + 28 * (body_lines - 1) - cut] + "。"
    body = "".join(f"  - {text[i : i + 600]}\n" for i in range(0, len(text), 600))
    last = ("特此报告，请审阅。示例镇总工会将继续推进基层工会规范化建设，" * 20)[: last_chars - 1]
    if heading:
        body += f"  - heading: 下一步工作\n    body:\n      - {last}。\n"
    else:
        body += f"  - {last}。\n"
    path = tmp / f"c-{body_lines}-{last_chars}-{int(heading)}-{cut}.yaml"
    path.write_text(
        "kind: report\ntitle: 示例镇总工会工作报告\norganization: 示例镇总工会\n"
        f"date: 2024-12-20\nbody:\n{body}",
        encoding="utf-8",
    )
    return path


def _rg701(path: Path) -> list[str]:
    result = render(prepare(path, TEMPLATE).tree, "pdf", TEMPLATE)
    codes = ("last-page-closing", "closing-alone")
    return [str(p) for p in result.findings if p.code in codes]


def _last_page_has_body(pdf_path: Path) -> bool:
    with pdfplumber.open(pdf_path) as pdf:
        last = pdf.pages[-1].extract_text() or ""
    return sum(ch in CLOSING_TEXT for ch in last) > len("示例镇总工会")


# (body lines, last paragraph's characters, under a heading, the message): the PDF cannot carry
# lines over when they follow a heading; a last paragraph of 6 lines is not kept in the DOCX.
MESSAGES = [
    (
        36,
        54,
        True,
        "c-36-54-1-0.yaml:10:9: 最后一页只有署名和成文日期，没有正文（GB/T 9704-2012 §7.3.5）："
        "把第 10 行的这一段（排成 2 行）删去至少 28 个字（少 1 行），落款就能回到上一页",
    ),
    (
        37,
        54,
        True,
        "c-37-54-1-0.yaml:10:9: 最后一页只有署名和成文日期，没有正文（GB/T 9704-2012 §7.3.5）："
        "正文需缩短 2 行（约 56 字），落款才能回到上一页；第 10 行的最后一段只有 2 行，"
        "请在它前面的段落中删减",
    ),
    (
        34,
        166,
        False,
        "c-34-166-0-0.yaml:8:5: DOCX 中最后一页只有署名和成文日期，没有正文（GB/T 9704-2012 §7.3.5）："
        "把第 8 行的这一段（排成 6 行）删去至少 56 个字（少 2 行），落款就能回到上一页；"
        "或把这一段删到 112 字以内（删去至少 54 个字），它就会与落款排在同一页",
    ),
]


@pytest.mark.parametrize(("lines", "last", "heading", "message"), MESSAGES)
def test_the_message_says_which_paragraph_and_how_much(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lines: int,
    last: int,
    heading: bool,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _rg701(_report(tmp_path, lines, last, heading)) == [message]


def _cut(message: str) -> int:
    found = re.search(r"删去至少 (\d+) 个字|约 (\d+) 字", message)
    assert found is not None, message
    return int(found[1] or found[2])


def test_pdf_alone_exactly_when_reported_and_the_cut_fixes_it(tmp_path: Path) -> None:
    reported = []
    for lines in range(33, 40):
        path = _report(tmp_path, lines, 54, heading=True)
        found = _rg701(path)
        reported.append(bool(found))
        pdf = tmp_path / f"{path.stem}.pdf"
        pdf.write_bytes(render(prepare(path, TEMPLATE).tree, "pdf", TEMPLATE).data)
        assert _last_page_has_body(pdf) == (not found), (lines, found)
        if found:  # cut where the message says: the last paragraph, or the body before it
            cut = _cut(found[0])
            in_last = "删去至少" in found[0]
            fixed = _report(
                tmp_path, lines, 54 - cut if in_last else 54, True, 0 if in_last else cut
            )
            assert _rg701(fixed) == [], (lines, found)
    assert any(reported) and not all(reported)


def test_docx_alone_in_libreoffice_exactly_when_reported_and_each_cut_fixes_it(
    tmp_path: Path,
) -> None:
    template, docx_paths, warned = TEMPLATE, [], []  # one soffice run for all of them
    for lines in range(30, 38):
        for heading in (False, True):
            path = _report(tmp_path, lines, 166, heading)
            found = _rg701(path)
            warned.append(bool(found))
            cuts = [166 - _cut(m) for m in re.findall(r"删去至少 \d+ 个字", "".join(found))]
            for i, last in enumerate([166, *cuts]):
                tree = prepare(_report(tmp_path, lines, last, heading), template).tree
                docx = tmp_path / f"{lines}-{int(heading)}-{i}.docx"
                docx.write_bytes(render(tree, "docx", template).data)
                docx_paths.append(docx)
    alone = {
        p.stem: not _last_page_has_body(pdf)
        for p, pdf in zip(docx_paths, convert_to_pdf(docx_paths, tmp_path / "lo"), strict=True)
    }
    as_written = [alone[f"{n}-{h}-0"] for n in range(30, 38) for h in (0, 1)]
    assert as_written == warned and any(warned)
    assert not any(v for k, v in alone.items() if not k.endswith("-0")), alone
