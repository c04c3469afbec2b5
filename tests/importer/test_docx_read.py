"""Tests for reportgen.importer.docx_read: roles and heading levels from styles, outline levels, lead runs."""

from __future__ import annotations

from pathlib import Path

import docx
import docx.enum.style
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.errors import InputError
from reportgen.importer.docx_read import read_docx
from reportgen.importer.structure import import_file
from reportgen.pipeline import build_file
from tests.conftest import INPUTS


def _word_file(tmp_path: Path) -> Path:
    """A Word file as a person makes it: built-in heading styles, an outline level on a plain
    paragraph, a bold lead, typed numbers."""
    document = docx.Document()
    document.add_paragraph("示例镇团委2024年工作总结", style="Title")
    document.add_paragraph("一、主要工作", style="Heading 1")
    document.add_paragraph("（一）强化思想引领", style="Heading 2")
    p = document.add_paragraph()
    p.add_run("一是深化理论学习。").bold = True
    p.add_run("全年开展学习12次。")
    outlined = document.add_paragraph("（二）服务青年发展")
    ppr = outlined._p.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    ppr.append(level)
    document.add_paragraph("举办青年技能培训班5期。")
    document.add_paragraph("")
    document.add_paragraph("示例镇团委")
    document.add_paragraph("2024年12月20日")
    path = tmp_path / "word.docx"
    document.save(str(path))
    return path


def test_roles_and_levels(tmp_path: Path) -> None:
    paragraphs = read_docx(_word_file(tmp_path))
    assert [(p.text, p.role, p.level) for p in paragraphs[:5]] == [
        ("示例镇团委2024年工作总结", "title", 0),
        ("一、主要工作", "heading", 1),
        ("（一）强化思想引领", "heading", 2),
        ("一是深化理论学习。全年开展学习12次。", "", 0),
        ("（二）服务青年发展", "heading", 2),
    ]
    assert paragraphs[3].lead == "一是深化理论学习。"
    assert paragraphs[-1].number == 9  # paragraph numbers count the empty one too


def test_outline_level_from_a_custom_style(tmp_path: Path) -> None:
    """Real Word files often carry the outline level on a custom style (e.g. 公文二级标题), based
    on another custom style; the level is found through the chain."""
    document = docx.Document()
    base = document.styles.add_style("公文标题基础", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    base.element.get_or_add_pPr().append(level)
    child = document.styles.add_style("公文二级标题", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    document.add_paragraph("（一）强化思想引领", style="公文二级标题")
    document.add_paragraph("正文段落。")
    path = tmp_path / "custom.docx"
    document.save(str(path))
    paragraphs = read_docx(path)
    assert [(p.role, p.level) for p in paragraphs] == [("heading", 2), ("", 0)]


def test_word_file_imports(tmp_path: Path) -> None:
    data = import_file(_word_file(tmp_path)).data
    assert data["kind"] == "report"
    assert data["title"] == "示例镇团委2024年工作总结"
    assert data["date"] == "2024-12-20" and data["organization"] == "示例镇团委"
    section = data["body"][0]
    assert section["heading"] == "主要工作"
    assert section["body"][0]["items"] == [
        {"lead": "深化理论学习。", "text": "全年开展学习{kai_zhan_xue_xi}次。"}
    ]
    assert data["metrics"]["kai_zhan_xue_xi"] == {"label": "开展学习", "value": 12, "unit": "次"}
    assert section["body"][1]["heading"] == "服务青年发展"


@pytest.mark.parametrize("source", sorted(INPUTS.glob("*.yaml")), ids=lambda p: p.name)
def test_reportgen_docx_roles(source: Path, tmp_path: Path) -> None:
    (path,) = build_file(source, tmp_path, formats=("docx",)).outputs
    paragraphs = read_docx(path)
    roles = [p.role for p in paragraphs]
    assert roles[0] == "title" and roles[-2:] == ["signature", "date"]
    assert any(p.role == "heading" and p.level == 2 for p in paragraphs)
    assert any(p.lead for p in paragraphs)


@pytest.mark.parametrize("content", [b"", b"not a zip file"])
def test_damaged_file(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(InputError, match="无法读取 Word 文件"):
        read_docx(path)
