"""Pre-filing checks: findings at the exact line:col, rule switches, the JSON shape, exit codes."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from reportgen.checks.engine import check_file, examine, layout_findings
from reportgen.checks.rules import RULES
from reportgen.errors import InputError, Location, Problem
from reportgen.model.editions import AbstractInputError
from reportgen.model.template import load_template
from reportgen.pipeline import build_file
from tests.checks.samples import SEED_SAMPLE, TODAY, Run, Write, brand
from tests.conftest import INPUTS, ROOT, SEED


def lines(path: Path, today: dt.date = TODAY) -> list[str]:
    """Findings as ``line:col code message`` (without the file name)."""
    report = check_file(path, load_template(), today)
    out = []
    for f in report.findings:
        loc = f.problem.location
        out.append(f"{loc.line}:{loc.col} {f.code} {f.problem.field} {f.problem.message}")
    return out


def test_seed_artifacts_each_found_at_line_col() -> None:
    """The seed's raw artifacts, written into a sample input, each at the right place."""
    found = lines(SEED_SAMPLE)
    expected = [
        ("6:13 RG202", "(lǐng)"),
        ("6:19 RG101", "“,”"),
        ("7:12 RG207", "黨→党"),
        ("9:14 RG203", "?。ㄒ唬﹫?"),
        ("12:33 RG204", "&nbsp;"),
        ("14:46 RG101", "“;”"),
    ]
    for head, fragment in expected:
        assert any(f.startswith(head) and fragment in f for f in found), (head, found)
    assert len(found) == len(expected), found


def test_raw_seed_lines_are_all_flagged(write_input: Write) -> None:
    """The seed's own first lines, pasted verbatim into block scalars."""
    raw = SEED.read_text("utf-8").splitlines()
    name, meaning, heading, item = raw[1], raw[3], raw[5], raw[6]
    text = (
        "kind: brand-submission\norganization: 坦洲镇人大、工会联合党支部\ndate: 2024-12-01\n"
        f"brand:\n  name: |-\n    {name}\n  meaning: |-\n    {meaning}\n"
        f"achievements:\n  - heading: |-\n      {heading}\n    items:\n      - |-\n        {item}\n"
    )
    path = write_input(text)
    found = lines(path)
    codes = {f.split()[1] for f in found}
    assert {"RG101", "RG202", "RG203", "RG204", "RG207"} <= codes, found
    col = name.index("(lǐng)") + 5
    assert any(f.startswith(f"6:{col} RG202") for f in found), found
    assert any(f.startswith("11:7 RG203") and "?。ㄒ唬﹫?" in f for f in found), found


# (input text, expected "line:col code", fragment of the message)
CASES = [
    # words beside a placeholder that the placeholder prints itself (RG406)
    (brand(text="完成率{unions.rate}%。"), "11:31 RG406", "百分号"),
    (brand(text="完成率{unions.rate}％。"), "11:31 RG406", "“％”会重复"),
    (brand(text="共{unions}{unions.unit}家。"), "11:37 RG406", "单位“家”"),
    # a rate that disagrees with its figures (written, not computed)
    (brand(text="新建基层工会{unions}家，完成率达95%。"), "11:35 RG401", "28/30 计算应为 93.3%"),
    (brand(text="新建基层工会28家，完成率达93.0%。"), "11:29 RG401", "93.3%"),
    # a 其中 share computed against the parent, and the 1461/2000 rounding trap (73.05 → 73.1)
    (brand(text="其中非公企业工会{private}家，占比达70%。"), "11:37 RG401", "19/28 计算应为 68%"),
    (
        brand(
            text="新发展会员1461人，完成率达73.0%。",
            extra="  m: {label: 会员, value: 1461, target: 2000}\n",
        ),
        "11:30 RG401",
        "73.1%",
    ),
    # a percentage next to 完成率 that matches no metric
    (brand(text="会员入会完成率达88.5%。"), "11:23 RG404", "88.5%"),
    # a 其中 child above its parent
    (brand(private="31"), "14:35 RG402", "大于所属指标"),
    # an unknown placeholder
    (brand(text="新建基层工会{union}家。"), "11:21 RG208", "{unions}"),
    # a typed 一、 in a heading
    (brand(heading="一、加强组织建设"), "8:14 RG301", "一、"),
    # a future date (today is 2024-12-31 in these tests)
    (brand().replace("2024-12-01", "2025-01-02"), "3:7 RG501", "晚于今天"),
    # others
    (brand(text="由XX负责。"), "11:16 RG201", "XX"),
    (brand(private="-3"), "14:35 RG403", "不能为负"),
    (brand(unit="个"), "14:45 RG405", "单位"),
    (brand(text="新建基层工会{unions}个。"), "11:29 RG405", "“个”"),
    (brand(name="这是一个特别特别特别特别特别特别长的品牌名称啊"), "5:9 RG602", "超过模板规定"),
    (brand(text="'  '"), "11:15 RG605", "只有空白"),
    (brand(extra="year: 2020\n"), "15:7 RG502", "相差一年以上"),
    (brand(text="于2024年01月05日召开。"), "11:21 RG503", "补位"),
    (brand(heading="加强组织建设。"), "8:20 RG107", "。"),
    (brand(extra="checks: {disable: [RG999]}\n"), "15:20 RG009", "RG999"),
    (brand(extra="checks: {disable: [RG001]}\n"), "15:20 RG009", "不能停用"),
    # text after " #" is a YAML comment: it is lost without a word from the parser
    (brand(heading="加强 #组织建设# 促进"), "8:17 RG209", "“#组织建设# 促进”被当成了注释"),
    (brand(text="开展活动 #学习强国"), "11:20 RG209", "请给整段文字加引号"),
]


@pytest.mark.parametrize(
    "heading",
    ["加强组织建设 # 这是注释", "'加强 #组织建设#'", "加强#组织建设#", '"加强 #组织建设"'],
)
def test_a_comment_that_reads_as_one_is_left_alone(write_input: Write, heading: str) -> None:
    assert not [f for f in lines(write_input(brand(heading=heading))) if "RG209" in f]


@pytest.mark.parametrize(("text", "head", "fragment"), CASES)
def test_finding_at(write_input: Write, text: str, head: str, fragment: str) -> None:
    found = lines(write_input(text))
    assert any(f.startswith(head + " ") and fragment in f for f in found), found


def test_change_placeholder_after_its_own_words_is_flagged_and_fixed(
    write_input: Write, run_cli: Run
) -> None:
    path = write_input(
        brand(text="新建基层工会{unions}家，比上年增长{unions.change}。").replace(
            "date: 2024-12-01", "date: 2024-12-01\nprevious: last.yaml"
        )
    )
    (path.parent / "last.yaml").write_text(
        brand().replace("value: 28", "value: 20").replace("2024-12-01", "2023-12-01"), "utf-8"
    )
    found = [f for f in lines(path) if "RG406" in f]
    assert len(found) == 1 and found[0].startswith("12:31 RG406"), found
    assert "前面的“比上年增长”会重复" in found[0]
    result = run_cli("check", "--fix", path)
    assert "新建基层工会{unions}家，{unions.change}。" in path.read_text("utf-8"), result.err
    assert run_cli("check", path).code == 0


def test_growth_checked_against_previous(write_input: Write) -> None:
    write_input(
        brand().replace("2024-12-01", "2023-12-01").replace("value: 28", "value: 20"),
        name="prev.yaml",
    )
    text = brand(text="新建基层工会{unions}家，比上年增长50%。") + "previous: prev.yaml\n"
    found = lines(write_input(text))
    assert any(f.startswith("11:36 RG401") and "比上年增长40%" in f for f in found), found


def test_report_checks(write_input: Write) -> None:
    text = """\
    kind: report
    title: 示例镇总工会2024年工作总结
    organization: 示例镇总工会
    date: 2024-12-20
    recipient: 示例市总工会：
    body:
      - 全年新建基层工会{unions}家，工会组织覆盖面持续扩大，服务阵地不断完善。
      - heading: 存在的问题
      - heading: 下一步打算
        body:
          - 全年新建基层工会{unions}家，工会组织覆盖面持续扩大，服务阵地不断完善。
          - （一）加强组织建设。
    metrics:
      unions: {label: 新建基层工会, value: 28, unit: 家}
    """
    found = lines(write_input(text))
    for head, fragment in [
        ("5:18 RG109", "冒号"),
        ("8:14 RG601", "存在的问题"),
        ("11:9 RG604", "input.yaml:7:5"),
        ("12:9 RG302", "（一）"),
    ]:
        assert any(f.startswith(head) and fragment in f for f in found), (head, found)


def test_bundled_inputs_are_clean() -> None:
    template = load_template()
    for path in sorted(INPUTS.rglob("*.yaml")):
        report = check_file(path, template)
        assert report.findings == [], (path, [str(f.problem) for f in report.findings])


# --------------------------------------------------------------------------- switching rules off


def test_disable_per_file(write_input: Write) -> None:
    text = brand(name="黨建引领") + "checks:\n  disable: [RG207]\n"
    assert lines(write_input(text)) == []


def test_disable_per_template(write_input: Write) -> None:
    path = write_input(brand(name="黨建引领"))
    base = load_template()
    template = base.model_copy(
        update={"checks": base.checks.model_copy(update={"disable": ["RG207"]})}
    )
    assert check_file(path, template, TODAY).findings == []
    assert [f.code for f in check_file(path, base, TODAY).findings] == ["RG207"]


def test_disable_inline_comment(write_input: Write) -> None:
    text = brand(name="黨建引领  # reportgen: disable=RG207")
    assert lines(write_input(text)) == []


def test_validation_rules_cannot_be_disabled(write_input: Write) -> None:
    text = brand(text="新建{nope}家") + "checks: {disable: [RG208]}\n"
    codes = [f.split()[1] for f in lines(write_input(text))]
    assert "RG208" in codes and "RG009" in codes


# --------------------------------------------------------------------------- editions


def test_inherited_value_reported_in_base(write_input: Write) -> None:
    write_input(
        "abstract: true\nkind: brand-submission\norganization: 示例镇总工会\n"
        "brand:\n  name: 红色纽带\n  meaning: 党建引领,凝聚群众。\n",
        name="base.yaml",
    )
    child = write_input(
        "extends: base.yaml\ndate: 2024-12-01\nachievements:\n  - heading: 建强组织\n"
        "    items: [文字。]\n",
        name="child.yaml",
    )
    report = check_file(child, load_template(), TODAY)
    (finding,) = report.findings
    assert finding.code == "RG101"
    assert str(finding.problem.location).endswith("base.yaml:6:16")


# --------------------------------------------------------------------------- the registry


def test_rules_registry() -> None:
    assert len(RULES) >= 30
    for code, rule in RULES.items():
        assert code == rule.code and len(code) == 5 and code.startswith("RG")
        assert rule.severity in ("error", "warning")
        assert rule.title
        assert rule.example or rule.stage == "build"
    for code in ("RG701", "RG702", "RG703"):
        assert RULES[code].stage == "build"


def test_layout_findings_get_codes() -> None:
    template = load_template()
    given = [
        Problem(Location("模板"), "fonts.黑体", "未安装黑体", code="font-substitute"),
        Problem(Location("a.yaml", 3, 4), "", "字符“䶮”改用后备字体", code="glyph-fallback"),
        Problem(Location("a.yaml"), "", "末页只有落款", code="last-page-closing"),
        Problem(Location("a.yaml"), "", "末页只有落款", code="RG701"),
        # A finding without a layout code is RG700, whatever its text says.
        Problem(Location("a.yaml"), "", "最后一页使用了替代字体"),
    ]
    codes = [p.code for p in layout_findings(given, template)]
    assert codes == ["RG702", "RG703", "RG701", "RG701", "RG700"]
    off = template.model_copy(
        update={"checks": template.checks.model_copy(update={"disable": ["RG703"]})}
    )
    assert [p.code for p in layout_findings(given, off)] == ["RG702", "RG701", "RG701", "RG700"]


def test_build_blocked_by_errors(write_input: Write, tmp_path: Path) -> None:
    from reportgen.checks.findings import ChecksFailed

    path = write_input(brand(name="黨建引领"))
    out = tmp_path / "out"
    with pytest.raises(ChecksFailed) as exc:
        build_file(path, out, ("docx",))
    assert "RG207" in exc.value.lines()[0]
    assert not out.exists()


def test_build_prints_warnings_with_codes(
    run_cli: Run, write_input: Write, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_input(brand(heading="加强组织建设。"))
    out = tmp_path / "out"
    result = run_cli("build", "--format", "docx", "-o", out, path)
    assert result.code == 0, result.err
    assert "input.yaml:8:20: achievements[0].heading（成效小标题）" in caplog.text
    assert "[RG107 警告，可自动修复：删去末尾的“。”]" in caplog.text
    assert (out / "input.docx").exists()


def test_build_cli_exit_1_on_errors(run_cli: Run, write_input: Write, tmp_path: Path) -> None:
    path = write_input(brand(text="由XX负责。"))
    out = tmp_path / "out"
    result = run_cli("build", "--format", "docx", "-o", out, path)
    assert result.code == 1
    assert "RG201 错误" in result.err
    assert not (out / "input.docx").exists()


def test_sample_text_dedent() -> None:
    """The helper's template must stay valid YAML with the metrics flow mappings."""
    assert textwrap.dedent(brand()).count("\n") == 14


# --------------------------------------------------------------------------- one path, codes at the source

REPORT = """\
kind: report
title: 关于工作的报告
organization: 示例镇总工会
date: 2024-12-01
metrics:
  a: {{label: 甲, value: 5, unit: 家}}
  b: {{label: 乙, value: {b}, unit: 家, part_of: {parent}}}
body:
  - {body}
"""

# (metric b's value, its part_of, the body, the code and field the validation finding carries)
VALIDATION_CODES = [
    ("3", "a", "共{a}家。", None),
    ("9", "a", "共{a}家。", ("RG402", "metrics.b.value")),
    ("3", "c", "共{a}家。", ("RG002", "metrics.b.part_of")),
    ("3", "a", "共{zz}家。", ("RG208", "body[0]")),
    (
        "3",
        "a",
        "{heading: 一, body: [{heading: 二, body: [{heading: 三, body: [{heading: 四, "
        "body: [{heading: 五, body: [正文。]}]}]}]}]}",
        ("RG002", "body[0].body[0].body[0].body[0].body[0].heading"),
    ),
    ("x", "a", "共{a}家。", ("RG001", "metrics.b.value")),
]


@pytest.mark.parametrize(("b", "parent", "body", "expected"), VALIDATION_CODES)
def test_validation_problems_carry_their_codes(
    write_input: Write, b: str, parent: str, body: str, expected: tuple[str, str] | None
) -> None:
    path = write_input(REPORT.format(b=b, parent=parent, body=body))
    found = [(f.code, f.problem.field) for f in examine(path, today=TODAY).findings if f.validation]
    assert found == ([expected] if expected else [])


def test_check_and_build_share_one_path(write_input: Write) -> None:
    """What check reports as validation is what build raises; a valid input builds its tree once."""
    bad = examine(write_input(REPORT.format(b="9", parent="a", body="共{a}家。"), name="bad.yaml"))
    assert bad.model is None and bad.tree is None
    with pytest.raises(InputError) as exc:
        bad.buildable()
    assert exc.value is bad.stop
    assert [p.code for p in exc.value.problems] == [f.code for f in bad.findings if f.validation]

    good = examine(write_input(brand(heading="加强组织建设。")), today=TODAY)
    prepared = good.buildable()
    assert prepared.tree is good.tree and prepared.model is good.model
    assert [w.code for w in prepared.warnings] == ["RG107"]
    unchecked = examine(write_input(brand(heading="加强组织建设。")), checks=False)
    assert unchecked.findings == [] and unchecked.buildable().warnings == []


def test_abstract_base_is_checked_not_built(write_input: Write) -> None:
    base = examine(write_input("kind: report\nabstract: true\ntitle: 黨建\n"), today=TODAY)
    assert base.note and [f.code for f in base.findings] == ["RG207"]
    with pytest.raises(AbstractInputError):
        base.buildable()


def test_every_code_given_at_the_source_is_a_rule() -> None:
    """``code="RG…"`` written anywhere in the package names a rule of the registry."""
    written = set()
    for path in (ROOT / "reportgen").rglob("*.py"):
        written.update(re.findall(r'code="(RG\d{3})"', path.read_text(encoding="utf-8")))
    assert {"RG002", "RG208", "RG402"} <= written
    assert written <= set(RULES)
    assert Problem(Location("a.yaml"), "", "文件是空的").code == "RG001"
