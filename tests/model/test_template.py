"""Style templates: the built-in GB/T 9704 numbers, `base:` inheritance, errors, shipped examples."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from reportgen.errors import TemplateError
from reportgen.model.template import MM_PER_PT, load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from reportgen.render.pdf.render import render_pdf
from tests.conftest import ROOT, SAMPLE

PROJECT_TEMPLATES = sorted((ROOT / "templates").glob("*.yaml"))


def test_builtin_is_gbt9704() -> None:
    t = load_template()
    page = t.page
    # §5.2.1: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm
    assert (page.width_mm, page.height_mm) == (210, 297)
    assert (page.text_width_mm, page.text_height_mm) == (156, 225)
    # §5.2.3: 22 lines × 28 characters; 579 tw is the largest pitch at which 22 lines fit
    assert (t.grid.lines_per_page, t.grid.chars_per_line) == (22, 28)
    assert t.grid.line_pitch_twips * t.grid.lines_per_page <= 225 / MM_PER_PT * 20
    assert (t.grid.line_pitch_twips + 1) * t.grid.lines_per_page > 225 / MM_PER_PT * 20
    roles = t.roles
    assert (roles.title.font, roles.title.size_pt) == ("方正小标宋简体", 22)
    assert [roles.heading(n).font for n in (1, 2, 3, 4)] == [
        "黑体",
        "楷体_GB2312",
        *["仿宋_GB2312"] * 2,
    ]
    assert (roles.page_number.font, roles.page_number.size_pt) == ("宋体", 14)
    assert (t.page_number.odd, t.page_number.even, t.page_number.below_text_mm) == (
        "right",
        "left",
        7,
    )


def test_base_inherits_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nbase: gbt9704\nlead_bold: true\ngrid: {lines_per_page: 21}\n")
    t = load_template(str(path))
    assert t.name == "mine" and t.lead_bold is True
    assert t.grid.lines_per_page == 21 and t.grid.chars_per_line == 28  # merged key by key
    assert t.roles.body.font == "仿宋_GB2312"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name: x\nbase: gbt9704\ngrid: {lines_per_page: 0}\n", "grid.lines_per_page"),
        ("name: x\nbase: gbt9704\nroles: {body: {align: middle}}\n", "roles.body.align"),
        ("name: x\nbase: nope\n", "找不到样式模板“nope”"),
        ("name: x\nbase: x\n", "循环"),
        ("name: [x\n", "YAML 语法错误"),
        ("- a\n", "应为对象"),
    ],
)
def test_bad_templates_are_reported(
    tmp_path: Path, write_input: Callable[..., Path], text: str, fragment: str
) -> None:
    path = write_input(text, name="x.yaml")
    with pytest.raises(TemplateError) as info:
        load_template(str(path))
    assert fragment in info.value.message


def test_unknown_template_name() -> None:
    with pytest.raises(TemplateError) as info:
        load_template("no-such-template")
    assert "gbt9704" in info.value.message  # lists the built-in ones


@pytest.mark.parametrize("path", PROJECT_TEMPLATES, ids=[p.stem for p in PROJECT_TEMPLATES])
def test_project_templates_load_by_name_and_render(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)  # templates/ is searched in the working folder
    template = load_template(path.stem)
    assert template.name == path.stem
    out = tmp_path / "out.pdf"
    out.write_bytes(render_pdf(prepare(SAMPLE, template).tree, template).data)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 2


def test_centred_page_numbers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    template = load_template("centred-page-numbers")
    out = tmp_path / "out.pdf"
    out.write_bytes(render_pdf(prepare(SAMPLE, template).tree, template).data)
    block_centre = (template.page.margin_left_mm + template.page.text_width_mm / 2) / MM_PER_PT
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages[:2]:  # an odd and an even page
            dashes = [c for c in page.chars if c["text"] == "—"]
            centre = (min(c["x0"] for c in dashes) + max(c["x1"] for c in dashes)) / 2
            assert abs(centre - block_centre) < 1.0


def _keep_case(tmp_path: Path, keep: int) -> tuple[Path, Path]:
    """A report whose 3-line last paragraph ends a full second page, and a template keeping
    ``keep`` lines with the closing."""
    base = "示例镇总工会推进基层工会规范化建设"
    text = (base * 300)[: 26 + 28 * 35] + "。"
    paragraphs = [text[i : i + 600] for i in range(0, len(text), 600)] + [(base * 4)[:54] + "。"]
    body = "\n".join(f"  - {p}" for p in paragraphs)
    source = tmp_path / "keep.yaml"
    source.write_text(
        "kind: report\ntitle: 示例镇总工会工作报告\norganization: 示例镇总工会\n"
        f"date: 2024-12-20\nbody:\n{body}\n",
        encoding="utf-8",
    )
    template = tmp_path / f"keep-{keep}.yaml"
    template.write_text(
        f"base: gbt9704\nname: keep-{keep}\nclosing:\n  keep_lines: {keep}\n", encoding="utf-8"
    )
    return source, template


@pytest.mark.parametrize(("keep", "kept"), [(4, 3), (0, 0)])
def test_closing_keep_lines_is_one_value_for_both_renderers(
    tmp_path: Path, keep: int, kept: int
) -> None:
    """§7.3.5: ``closing.keep_lines`` decides what goes with the signature and date, in the PDF
    (lines carried onto its last page) and in the DOCX (keep-with-next on the paragraph)."""
    source, template_path = _keep_case(tmp_path, keep)
    template = load_template(str(template_path))
    assert template.closing.keep_lines == keep
    tree = prepare(source, template).tree
    pdf = tmp_path / "keep.pdf"
    result = render_pdf(tree, template)
    pdf.write_bytes(result.data)
    with pdfplumber.open(pdf) as doc:
        lines = (doc.pages[-1].extract_text() or "").split("\n")
    assert lines.index("示例镇总工会") == kept, lines  # body lines above the signature
    assert any(p.code == "last-page-closing" for p in result.findings) is (kept == 0)
    document = render_docx(tree, template).data
    xml = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml").decode()
    paragraphs = xml.split("<w:p>")
    before_signature = next(i for i, p in enumerate(paragraphs) if 'w:val="Signature"' in p) - 1
    assert ("<w:keepNext/>" in paragraphs[before_signature]) is (kept > 0)
