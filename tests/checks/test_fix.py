"""``check --fix``: only the offending characters change, byte for byte; the fixed file passes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.checks.engine import check_file
from reportgen.checks.fix import apply_fixes
from reportgen.errors import ReportgenError
from reportgen.model.template import load_template
from tests.conftest import ROOT, Result

Run = Callable[..., Result]
Write = Callable[..., Path]
TODAY = dt.date(2024, 12, 31)

PUNCTUATION = """\
# 注释保留：标点, 不改（注释里的半角逗号不是正文）
kind: brand-submission
organization: 示例镇总工会   # 行尾注释
date: 2024-12-01
brand:
  name: 党建引领(lǐng),凝聚群众力量
  meaning: |
    党的力量在群众,群众的力量在组织;坚持“四位一体”学习机制。。
    知、信、行统一。&nbsp;
achievements:
  - heading: 一、加强组织建设。
    items:
      - lead: 一是推动基层工会组织建设。
        text: 新建基层工会{unions}家,完成率达{unions.rate}。
      - "双引号里的文字,也能修复"
metrics:
  unions: {label: 新建基层工会, value: 28, unit: 家, target: 30}
"""

FIXED = """\
# 注释保留：标点, 不改（注释里的半角逗号不是正文）
kind: brand-submission
organization: 示例镇总工会   # 行尾注释
date: 2024-12-01
brand:
  name: 党建引领，凝聚群众力量
  meaning: |
    党的力量在群众，群众的力量在组织；坚持“四位一体”学习机制。
    知、信、行统一。
achievements:
  - heading: 加强组织建设
    items:
      - lead: 推动基层工会组织建设。
        text: 新建基层工会{unions}家，完成率达{unions.rate}。
      - "双引号里的文字，也能修复"
metrics:
  unions: {label: 新建基层工会, value: 28, unit: 家, target: 30}
"""


def test_fix_changes_only_offending_characters(run_cli: Run, write_input: Write) -> None:
    path = write_input(PUNCTUATION)
    result = run_cli("check", "--fix", "--today", "2024-12-31", path)
    assert result.code == 0, result.err
    assert path.read_bytes() == FIXED.encode("utf-8")
    assert "input.yaml:6:13: RG202 “(lǐng)”→（删除）" in result.out
    assert "input.yaml:6:19: RG101 “,”→“，”" in result.out
    assert "input.yaml:11:14: RG301 “一、”→（删除）" in result.out
    assert result.out.count("已修改") == 11
    again = run_cli("check", "--today", "2024-12-31", path)
    assert again.code == 0 and again.err == ""


# (file text, what is left untouched and why)
NOT_FIXABLE = [
    ('kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - "党建引领\\u002c凝聚"\n', "escape"),
    ("kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - 由XX负责。\n", "leftover"),
]


@pytest.mark.parametrize(("text", "why"), NOT_FIXABLE)
def test_not_fixable_left_alone(write_input: Write, text: str, why: str) -> None:
    path = write_input(text)
    report = check_file(path, load_template(), TODAY)
    assert report.findings, why
    assert not any(f.fixable for f in report.findings), why
    result = apply_fixes(path, report.findings)
    assert result.changes == []
    assert path.read_text("utf-8") == text


def test_fix_keeps_bom_and_crlf(write_input: Write, tmp_path: Path) -> None:
    text = (
        "kind: report\r\ntitle: 标题\r\norganization: 单位\r\nbody:\r\n  - 党建引领,凝聚群众。\r\n"
    )
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = check_file(path, load_template(), TODAY)
    result = apply_fixes(path, report.findings)
    assert [(c.code, c.old, c.new) for c in result.changes] == [("RG101", ",", "，")]
    expected = b"\xef\xbb\xbf" + text.replace(",", "，").encode("utf-8")
    assert path.read_bytes() == expected


def test_fix_json_input(tmp_path: Path) -> None:
    doc = {"kind": "report", "title": "标题", "organization": "单位", "body": ["党建引领,凝聚。"]}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    path = tmp_path / "input.json"
    path.write_text(text, "utf-8")
    apply_fixes(path, check_file(path, load_template(), TODAY).findings)
    assert path.read_text("utf-8") == text.replace(",凝", "，凝")
    assert check_file(path, load_template(), TODAY).findings == []


def test_fix_folded_line_keeps_the_break(write_input: Write) -> None:
    """In a wrapped plain scalar the space after a comma is a line break: only , changes."""
    text = "kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - 党建引领,\n    凝聚群众。\n"
    path = write_input(text)
    report = check_file(path, load_template(), TODAY)
    result = apply_fixes(path, report.findings)
    assert [c.code for c in result.changes] == ["RG101"]
    assert path.read_text("utf-8") == text.replace(",", "，")


def test_fix_inherited_value_is_left_to_the_base(write_input: Write) -> None:
    base_text = (
        "abstract: true\nkind: brand-submission\norganization: 单位\n"
        "brand:\n  name: 红色纽带\n  meaning: 党建引领,凝聚群众。\n"
    )
    base = write_input(base_text, name="base.yaml")
    child_text = (
        "extends: base.yaml\ndate: 2024-12-01\nachievements:\n  - heading: 建强组织\n"
        "    items:\n      - 文字,内容。\n"
    )
    child = write_input(child_text, name="child.yaml")
    result = apply_fixes(child, check_file(child, load_template(), TODAY).findings)
    assert [c.old for c in result.changes] == [","]
    assert len(result.elsewhere) == 1
    assert base.read_text("utf-8") == base_text
    assert child.read_text("utf-8") == child_text.replace("文字,", "文字，")


def test_fix_refuses_to_change_structure(write_input: Write) -> None:
    """Stripping a typed number must not turn the rest into YAML syntax."""
    text = "kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - heading: 1. [草稿]\n    body: [文字。]\n"
    path = write_input(text)
    report = check_file(path, load_template(), TODAY)
    assert any(f.code == "RG301" and f.fixable for f in report.findings)
    with pytest.raises(ReportgenError, match="结构"):
        apply_fixes(path, report.findings)
    assert path.read_text("utf-8") == text


def test_fix_seed_sample(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    shutil.copy(ROOT / "tests" / "data" / "seed-artifacts.yaml", path)
    before = path.read_text("utf-8")
    result = run_cli("check", "--fix", "--format", "json", "--today", "2024-12-31", path)
    doc = json.loads(result.out)
    assert [f["code"] for f in doc["fixes"]] == ["RG202", "RG101", "RG207", "RG204", "RG101"]
    # What is left needs a person: the garbled heading.
    assert [f["code"] for f in doc["findings"]] == ["RG203"]
    assert result.code == 1
    after = path.read_text("utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 4
