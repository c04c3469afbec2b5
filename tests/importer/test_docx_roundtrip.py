"""Issue 13, item 10: last year's reportgen DOCX comes back as the same data (metric keys
included), and a Word file made by hand imports as well as text does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.importer.docx_read import read_properties
from reportgen.importer.structure import import_file
from reportgen.importer.yamlout import dump
from reportgen.model.editions import load_edition
from reportgen.pipeline import build_file
from reportgen.source.loader import parse_text
from tests.conftest import INPUTS
from tests.importer.corpus import lost_clauses

SOURCES = sorted(INPUTS.glob("*.yaml"))
# Editions of one document: {key.change} cites last year's file, which a DOCX does not name, so
# their texts come back with the printed change; the metrics come back whole.
EDITIONS = sorted((INPUTS / "examples").glob("shili-20*.yaml"))


def _stripped(node: Any) -> Any:
    """The data as the DOCX can hold it: no trailing newline of a block text, no schema keys."""
    if isinstance(node, dict):
        skip = ("extends", "previous", "abstract", "year")
        return {k: _stripped(v) for k, v in node.items() if k not in skip}
    if isinstance(node, list):
        return [_stripped(v) for v in node]
    return node.strip() if isinstance(node, str) else node


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_reportgen_docx_comes_back_as_its_data(source: Path, tmp_path: Path) -> None:
    (out,) = build_file(source, tmp_path, formats=("docx",)).outputs
    assert "reportgen-metrics" in read_properties(out)
    imported = import_file(out)
    expected = _stripped(load_edition(source).loaded.data)
    assert _stripped(imported.data) == expected
    # …and what is written reads back the same.
    assert _stripped(parse_text(dump(imported, tmp_path / "x.yaml"))) == expected


@pytest.mark.parametrize("source", EDITIONS, ids=lambda p: p.name)
def test_edition_docx_keeps_its_metrics(source: Path, tmp_path: Path) -> None:
    (out,) = build_file(source, tmp_path, formats=("docx",)).outputs
    metrics = import_file(out).data["metrics"]
    assert metrics == load_edition(source).loaded.data["metrics"]


def _hand_made(tmp_path: Path) -> Path:
    """Word as a person uses it: auto-numbered headings (numbering, no typed number), typed
    numbers elsewhere, a table, a signature and a date."""
    document = docx.Document()
    document.add_paragraph("示例镇妇联2024年工作总结", style="Title")
    for text, style in (("主要工作", "Heading 1"), ("强化思想引领", "Heading 2")):
        p = document.add_paragraph(text, style=style)
        num = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0" if style == "Heading 1" else "1")
        num.append(ilvl)
        p._p.get_or_add_pPr().append(num)
    document.add_paragraph("一是深化理论学习。组织集中学习12次。")
    document.add_paragraph("二是开展巾帼宣讲。深入村居宣讲48场次。")
    document.add_paragraph("（二）服务妇女发展")
    document.add_paragraph("举办技能培训班15期，培训妇女620人次。")
    table = document.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate((("项目", "数量"), ("妇女之家", "12个"))):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.add_paragraph("示例镇妇女联合会")
    document.add_paragraph("2024年12月25日")
    path = tmp_path / "hand.docx"
    document.save(str(path))
    return path


def test_hand_made_word_file(tmp_path: Path) -> None:
    imported = import_file(_hand_made(tmp_path))
    data = imported.data
    assert (data["title"], data["organization"], data["date"]) == (
        "示例镇妇联2024年工作总结",
        "示例镇妇女联合会",
        "2024-12-25",
    )
    work = data["body"][0]
    assert work["heading"] == "主要工作"
    assert [s["heading"] for s in work["body"]] == ["强化思想引领", "服务妇女发展"]
    assert [i["lead"] for i in work["body"][0]["items"]] == ["深化理论学习。", "开展巾帼宣讲。"]
    # a Word table comes back as a table: its first row the head
    table = {"columns": ["项目", "数量"], "rows": [["妇女之家", "12个"]]}
    assert work["body"][1]["body"][1:] == [{"table": table}]
    assert {m["value"] for m in data["metrics"].values()} >= {12, 48, 15, 620}
    assert lost_clauses(imported) == []
