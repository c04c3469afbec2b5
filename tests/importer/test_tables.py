"""Tables come back from our DOCX as tables (§8): a metric table as ``metrics: [keys]``, other
tables as their head and rows; rows that cannot make a table stay paragraphs."""

from __future__ import annotations

from pathlib import Path

import docx

from reportgen.document.tree import Table
from reportgen.importer.structure import import_file
from reportgen.importer.yamlout import dump
from reportgen.pipeline import build_file, prepare
from tests.conftest import INPUTS

UNIONS = INPUTS / "tables" / "tanzhou-unions-2024.yaml"


def _tables(path: Path) -> list[Table]:
    tree = prepare(path).tree
    assert tree is not None
    return [b for b in tree.blocks if isinstance(b, Table)]


def test_our_tables_come_back(tmp_path: Path) -> None:
    (docx_path,) = build_file(UNIONS, tmp_path, formats=("docx",)).outputs
    imported = import_file(docx_path)
    text = dump(imported, tmp_path / "back.yaml")
    assert "metrics: [unions, members, women, stations, activities]" in text
    assert '- [安阜社区, 3, 150, ""]' in text  # one line a row, whole numbers as numbers
    (tmp_path / "back.yaml").write_text(text, encoding="utf-8")
    original, back = _tables(UNIONS), _tables(tmp_path / "back.yaml")
    assert [t.caption for t in back] == [t.caption for t in original]
    # the village table whole; the metric table without last year's columns (the DOCX does
    # not name last year's file), its figures from the metrics
    assert (back[1].columns, back[1].rows) == (original[1].columns, original[1].rows)
    assert back[0].columns == original[0].columns[:5]
    assert [r[:5] for r in back[0].rows] == [r[:5] for r in original[0].rows]


def test_merged_cells_stay_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于工会工作情况的报告", style="Title")
    document.add_paragraph("今年工作情况如下。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate((("村名", "工会数", "备注"), ("前进村", "3", "已换届"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "合计"
    table.cell(2, 2).text = "3"
    document.add_paragraph("特此报告。")
    path = tmp_path / "merged.docx"
    document.save(str(path))
    imported = import_file(path)
    body = imported.data["body"]
    assert "村名，工会数，备注" in body and "合计，3" in body
    assert any("合并单元格" in note for note in imported.notes)
