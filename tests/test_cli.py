"""The command line: exit codes, messages on stderr, outline, schema, help for every command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from reportgen.cli import cli
from reportgen.model.models import json_schema

from .conftest import INPUTS, ROOT, SAMPLE, Result

Run = Callable[..., Result]


def test_check_bundled_inputs(run_cli: Run) -> None:
    files = sorted(INPUTS.glob("*.yaml"))
    assert len(files) >= 2
    result = run_cli("check", *files)
    assert result.code == 0, result.err
    assert result.out == ""  # findings go to stdout: there are none
    assert result.err.count("没有发现问题") == len(files)


def test_outline_of_sample(run_cli: Run) -> None:
    result = run_cli("outline", SAMPLE)
    assert result.code == 0, result.err
    out = result.out
    order = [
        "一、品牌名称",
        "二、品牌内涵",
        "三、党建品牌创建成效",
        "（一）坚持党建引领",
        "一是",
        "二是",
        "（二）加强组织建设",
        "完成率达93.3%",
        "73.1%",
        "（三）突出以人为本",
        "三是",
    ]
    positions = [out.find(s) for s in order]
    assert -1 not in positions, order[positions.index(-1)]
    assert positions == sorted(positions)


def test_check_reports_problems_with_exit_1(run_cli: Run, write_input: Callable[..., Path]) -> None:
    path = write_input("kind: report\ntitle: 示例\norganisation: 示例镇\n")
    result = run_cli("check", path)
    assert result.code == 1
    assert (
        "input.yaml:3:1: organisation: 未知字段“organisation”，是否想写“organization”？"
        in result.out
    )
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["outline"],
        ["nope"],
        ["build", "--format", "doc", "x.yaml"],
        ["check", "--bogus", "x"],
    ],
)
def test_usage_errors_exit_2(run_cli: Run, args: list[str]) -> None:
    assert run_cli(*args).code == 2


def test_missing_file(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("check", tmp_path / "none.yaml")
    assert result.code == 1
    assert "none.yaml: 文件不存在" in result.out


def test_every_command_has_help(run_cli: Run) -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        result = run_cli(name, "--help")
        assert result.code == 0 and "用法：" in result.out and "选项" in result.out


def test_schema_file_matches_models() -> None:
    path = ROOT / "schemas" / "reportgen.schema.json"
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "schemas/ drifted from the models: run `reportgen schema`"


def test_schema_command_writes_and_checks(run_cli: Run, tmp_path: Path) -> None:
    assert run_cli("schema", "-o", tmp_path).code == 0
    assert run_cli("schema", "-o", tmp_path, "--check").code == 0
    (tmp_path / "reportgen.schema.json").write_text("{}", encoding="utf-8")
    assert run_cli("schema", "-o", tmp_path, "--check").code == 1


def test_console_entry_point_runs_as_a_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "check", str(SAMPLE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "没有发现问题" in proc.stderr and proc.stdout == ""


MIXED = """\
kind: brand-submission
organization: 示例镇总工会
date: 2024-12-01
brand:
  name: 红色"纽带"
  meaning: 党的力量在群众,群众的力量在组织。
achievements:
  - heading: 加强组织建设。
    items:
      - lead: 推动基层工会组织建设。
        text: 新建基层工会{unionz}家，完成率达{unions.rate}。
metrics:
  unions: {label: 新建基层工会, value: 28, unit: 家, target: 30}
"""


def test_check_findings_sorted_on_stdout_summary_on_stderr(
    run_cli: Run, write_input: Callable[..., Path]
) -> None:
    path = write_input(MIXED)
    result = run_cli("check", "--today", "2024-12-31", path)
    assert result.code == 1
    places = [line.split(": ")[0].rsplit(":", 2)[1:] for line in result.out.splitlines()]
    assert places == [["5", "11"], ["6", "19"], ["8", "20"], ["11", "21"]]  # RG208 last, by line
    assert result.err == "共 2 个错误、2 个警告；其中 3 个可用 --fix 自动修复\n"
    # A pair of straight quotes is one finding whose hint shows the words, not the marks.
    assert '[RG103 警告，可自动修复："纽带" → “纽带”]' in result.out


@pytest.mark.parametrize(
    "args",
    [
        ["-q", "check", "{path}"],
        ["check", "-q", "{path}"],
        ["check", "{path}", "--quiet"],
    ],
)
def test_quiet_anywhere_prints_only_errors(
    run_cli: Run, write_input: Callable[..., Path], args: list[str]
) -> None:
    path = write_input(MIXED)
    result = run_cli(*(a.format(path=path) for a in args), "--today", "2024-12-31")
    assert result.code == 1
    assert [line.rsplit("[", 1)[1] for line in result.out.splitlines()] == [
        "RG101 错误，可自动修复：“,”→“，”]",
        "RG208 错误]",
    ]
    assert result.err == ""
    clean = run_cli("check", SAMPLE, "-q")
    assert (clean.code, clean.out, clean.err) == (0, "", "")


def test_verbose_after_the_command(run_cli: Run) -> None:
    assert run_cli("check", "-vv", SAMPLE).code == 0


# (arguments, what the usage error says): click's own texts in Chinese, quotes as “”.
USAGE_ERRORS = [
    (["check"], "错误：缺少参数 “FILES...”"),
    (["chek", "x"], "错误：没有命令 “chek”。 （是不是：“check”, “schema”？）"),
    (["check", "--bogus", "x"], "错误：没有选项 “--bogus”。"),
    (
        ["check", "--format", "xml", "x"],
        "错误：“--format” 的值无效：“xml” 不是 “text”, “json” 之一。",
    ),
    (["outline", "a", "b"], "错误：多余的参数（b）"),
]


@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS)
def test_usage_errors_in_chinese(run_cli: Run, args: list[str], expected: str) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.splitlines()[-1] == expected
    assert result.err.startswith("用法： reportgen")
    assert "--help 查看帮助。" in result.err
    for english in ("Usage", "Error", "Try ", "Missing", "No such", "Invalid"):
        assert english not in result.err


@pytest.mark.parametrize(
    ("args", "headings"),
    [
        (["--help"], ["用法：", "选项:", "命令:", "显示本帮助并退出。"]),
        (["build", "--help"], ["用法：", "选项:"]),
    ],
)
def test_help_headings_in_chinese(run_cli: Run, args: list[str], headings: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 0
    for heading in headings:
        assert heading in result.out
    for english in ("Usage:", "Options:", "Commands:", "Show this message"):
        assert english not in result.out


def test_log_lines_have_a_chinese_prefix() -> None:
    code = (
        "import logging; from reportgen.cli.app import setup_logging; setup_logging(0, 0); "
        "logging.getLogger('reportgen').warning('替代字体')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.stderr == "警告：替代字体\n"


def test_check_of_a_symlink_loop_is_one_chinese_line(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    """The report names the file a finding is in; a path that cannot be resolved (a symlink
    loop) is compared as written instead of crashing the report."""
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    result = run_cli("check", tmp_path / "a.yaml")
    assert result.code == 1
    assert "符号链接形成循环" in result.out and "Traceback" not in result.out + result.err
