"""``check --fix``: only the offending characters change, byte for byte; the fixed file passes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen import output
from reportgen.checks import fix
from reportgen.checks.engine import check_file
from reportgen.checks.findings import Finding, SourceEdit
from reportgen.checks.fix import apply_fixes
from reportgen.errors import Location, Problem, ReportgenError
from reportgen.model.template import load_template
from reportgen.source.loader import parse_text
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
    assert again.code == 0 and again.out == ""


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


# --------------------------------------------------------------------------- meaning kept

HEADING = (
    "kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - heading: {}\n    body: [文字。]\n"
)

# (heading as written, heading after --fix): where removing characters would turn the rest into
# YAML syntax (a comment, a list, an anchor, a tag, a quote, a number), the value is quoted.
MEANING = [
    ("按照2024 \u3000#1号文件", '"按照2024 #1号文件"'),
    ("\u3000#井号在前", '"#井号在前"'),
    ("1. [草稿]", '"[草稿]"'),
    ("一、- 项目建设", '"- 项目建设"'),
    ("一、&锚点", '"&锚点"'),
    ("一、*别名", '"*别名"'),
    ("1. '引号'", "\"'引号'\""),
    ("1. 2024", '"2024"'),
    ("1. null", '"null"'),
    ("一、|", '"|"'),
    ("1. 是", "是"),  # nothing to quote: the fix stays minimal
    ("(一)  #注释", "（一）  #注释"),  # a real comment stays a comment
]


@pytest.mark.parametrize(("heading", "fixed"), MEANING)
def test_fix_never_changes_meaning(
    run_cli: Run, write_input: Write, heading: str, fixed: str
) -> None:
    path = write_input(HEADING.format(heading))
    result = run_cli("check", "--fix", "--today", "2024-12-31", path)
    assert "已修改" in result.out, result.out + result.err
    assert path.read_text("utf-8") == HEADING.format(fixed)
    value = parse_text(path.read_text("utf-8"))["body"][0]["heading"]
    assert isinstance(value, str)
    assert value == parse_text(HEADING.format(fixed))["body"][0]["heading"]


def test_fix_of_the_reported_paragraph(run_cli: Run, write_input: Write) -> None:
    """The reported case: a comment began after the fix and the paragraph became 按照2024."""
    text = "kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - 按照2024 \u3000#1号文件要求，全年开展活动。\n"
    path = write_input(text)
    result = run_cli("check", "--fix", "--today", "2024-12-31", path)
    assert result.code == 0, result.err
    assert parse_text(path.read_text("utf-8"))["body"] == ["按照2024 #1号文件要求，全年开展活动。"]


def test_fix_refuses_what_it_cannot_verify(
    write_input: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If quoting did not help, the loaded values differ from the expected ones: refuse."""
    text = HEADING.format("按照2024 \u3000#1号文件")
    path = write_input(text)
    report = check_file(path, load_template(), TODAY)
    monkeypatch.setattr(
        fix, "_requote", lambda text, edits, loaded, quoted: fix._splice(text, edits)
    )
    with pytest.raises(ReportgenError, match="改变文件内容的含义，未修改"):
        apply_fixes(path, report.findings)
    assert path.read_text("utf-8") == text


def test_fix_outside_a_text_value_is_refused(write_input: Write) -> None:
    text = "kind: report\ntitle: 标题\norganization: 单位\nbody: [文字。]\n"
    path = write_input(text)
    location = Location(str(path), 2, 1)
    edit = SourceEdit(str(path), 13, 18, "title", "name", location, "RG101")
    finding = Finding(Problem(location, "title", "x", code="RG101"), (edit,))
    with pytest.raises(ReportgenError, match="不在一个文本值之内"):
        apply_fixes(path, [finding])
    assert path.read_text("utf-8") == text


def test_fix_block_scalar_is_quoted_whole(write_input: Write) -> None:
    text = "kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - heading: 1. [草稿]\n    body:\n      - |\n        第一行。\n"
    path = write_input(text)
    apply_fixes(path, check_file(path, load_template(), TODAY).findings)
    data = parse_text(path.read_text("utf-8"))
    assert data["body"][0] == {"heading": "[草稿]", "body": ["第一行。\n"]}


# --------------------------------------------------------------------------- the file itself

COMMA = "kind: report\ntitle: 标题\norganization: 单位\nbody:\n  - 党建引领,凝聚群众。\n"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_fix_keeps_the_mode(write_input: Write, mode: int) -> None:
    path = write_input(COMMA)
    path.chmod(mode)
    apply_fixes(path, check_file(path, load_template(), TODAY).findings)
    assert "，" in path.read_text("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_fix_writes_through_a_symlink(write_input: Write, tmp_path: Path) -> None:
    real = write_input(COMMA, name="real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    apply_fixes(link, check_file(link, load_template(), TODAY).findings)
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text("utf-8") == COMMA.replace(",", "，")


# (how the file is made special, message fragment): refused, file untouched
REFUSED = [
    ("read-only", "文件是只读的，未修改"),
    ("hard link", "个硬链接"),
    ("folder not writable", "无法写入（没有写入权限）"),
]


@pytest.mark.parametrize(("how", "message"), REFUSED)
def test_fix_refuses_to_replace(
    run_cli: Run,
    write_input: Write,
    tmp_path: Path,
    how: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_input(COMMA)
    if how == "read-only":
        path.chmod(0o444)
    elif how == "hard link":
        os.link(path, tmp_path / "other.yaml")
    else:  # simulated: root, who runs these tests, may write anywhere

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(output, "_create_temp", refuse)
    result = run_cli("check", "--fix", "--today", "2024-12-31", path)
    assert result.code == 1
    assert message in result.err and "Traceback" not in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert path.read_text("utf-8") == COMMA
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


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
