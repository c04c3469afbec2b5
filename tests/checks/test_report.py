"""``check`` through the CLI: the text and JSON reports, exit codes, bases in folders, ``rules``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from reportgen.checks.rules import RULES
from tests.checks.samples import FINDINGS_SCHEMA, SEED_SAMPLE, Run, Write, brand
from tests.conftest import INPUTS


def test_cli_text_and_exit_codes(run_cli: Run, write_input: Write) -> None:
    bad = write_input(brand(text="新建基层工会{unions}家,完成率达{unions.rate}。"), name="bad.yaml")
    warn = write_input(brand(heading="加强组织建设。"), name="warn.yaml")
    clean = write_input(brand(), name="clean.yaml")
    result = run_cli("check", "--today", "2024-12-31", bad)
    assert result.code == 1
    assert "bad.yaml:11:30: achievements[0].items[0].text（正文）: " in result.out
    assert "[RG101 错误，可自动修复：“,”→“，”]" in result.out
    assert run_cli("check", "--today", "2024-12-31", clean).code == 0
    assert run_cli("check", "--today", "2024-12-31", warn).code == 0
    assert run_cli("check", "--strict", "--today", "2024-12-31", warn).code == 1
    assert run_cli("check", "--today", "2024-13-01", clean).code == 2
    assert run_cli("check", "--format", "xml", clean).code == 2
    assert run_cli("check").code == 2


def test_cli_future_date_needs_today(run_cli: Run, write_input: Write) -> None:
    path = write_input(brand())
    early = run_cli("check", "--today", "2024-11-30", path)
    assert early.code == 0 and "RG501" in early.out  # a warning: papers are prepared ahead
    assert run_cli("check", "--strict", "--today", "2024-11-30", path).code == 1
    on_the_day = run_cli("check", "--today", "2024-12-01", path)
    assert on_the_day.code == 0 and "RG501" not in on_the_day.out + on_the_day.err


def test_cli_schema_errors_first_same_format(run_cli: Run, write_input: Write) -> None:
    path = write_input(brand(name="黨建", text="新建{nope}家"))
    result = run_cli("check", "--format", "json", "--today", "2024-12-31", path)
    assert result.code == 1
    doc = json.loads(result.out)
    jsonschema.validate(doc, FINDINGS_SCHEMA)
    codes = [f["code"] for f in doc["findings"]]
    assert codes == ["RG208", "RG207"]


def test_cli_json_validates(run_cli: Run) -> None:
    result = run_cli("check", "--format", "json", SEED_SAMPLE, INPUTS)
    assert result.code == 1
    doc = json.loads(result.out)
    jsonschema.validate(doc, FINDINGS_SCHEMA)
    assert doc["summary"]["errors"] == 6 and doc["summary"]["failed"] is True
    first = doc["findings"][0]
    assert first["file"].endswith("seed-artifacts.yaml")
    assert (first["line"], first["column"], first["code"]) == (6, 13, "RG202")
    assert first["fixable"] is True and first["fix"]


def test_cli_folder_skips_bases(run_cli: Run) -> None:
    result = run_cli("check", INPUTS)
    assert result.code == 0, result.err
    assert "shili-base.yaml: 基础文件" in result.err
    assert "shili-2024.yaml: 没有发现问题" in result.err


def test_cli_rules(run_cli: Run) -> None:
    result = run_cli("rules")
    assert result.code == 0
    for code in RULES:
        assert code in result.out
    assert "例：引领(lǐng) → 引领" in result.out
    items = json.loads(run_cli("rules", "--format", "json").out)
    assert [i["code"] for i in items] == list(RULES)


# (how the sample is broken, the findings expected, in order): one mistake gives one message, and
# what can still be checked is checked.
MESSAGES = [
    (  # a thousands comma in braces: not 未知字段“461”
        {"value: 28, unit": "value: 1,461, unit"},
        [
            "metrics.unions.value（完成数）: 数字不要用逗号分隔千位：“value: 1,461”应写成“value: 1461” [RG001 错误]"
        ],
    ),
    (  # an unknown placeholder does not hide a wrong rate in the same file
        {"完成率达{unions.rate}": "完成率达95%，另有{unionz}家"},
        [
            "写的是“95%”，与指标 unions（新建基层工会）不符：按 28/30 计算应为 93.3%，建议改用 {unions.rate} [RG401 错误]",
            "未知的指标占位符 {unionz}，是否想写 {unions}？ [RG208 错误]",
        ],
    ),
    (  # a bad metric is reported there, not at every use
        {"target: 30}": "target: 十五}"},
        ["metrics.unions.target（目标数）: 应为数字 [RG001 错误]"],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), MESSAGES)
def test_one_mistake_one_message(
    run_cli: Run, write_input: Write, changes: dict[str, str], expected: list[str]
) -> None:
    text = brand()
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    result = run_cli("check", "--today", "2024-12-31", write_input(text))
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == len(expected), result.out
    for line, fragment in zip(lines, expected, strict=True):
        assert line.endswith(fragment), line


def test_an_error_in_a_base_names_both_files(run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    shutil.copytree(INPUTS / "examples", folder)
    base = folder / "shili-base.yaml"
    base.write_text(
        base.read_text("utf-8").replace("\nabstract: true\n", "\nabstract: true\nbogus: 1\n")
    )
    result = run_cli("check", folder / "shili-2024.yaml", folder / "shili-2025.yaml")
    assert result.code == 1
    (line,) = result.out.splitlines()  # said once, for the first file that uses the base
    assert "shili-base.yaml:5:1: bogus: 未知字段“bogus”" in line
    assert line.endswith(
        f"（检查 {folder / 'shili-2024.yaml'} 时发现，经 extends、previous 或附件的 from）"
    )
    assert "shili-2025.yaml: 1 个问题在它用到的其他文件中，已在上面列出" in result.err
    assert "没有发现问题" not in result.err
