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
    assert result.err == ""


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
        in result.err
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
    assert "none.yaml: 文件不存在" in result.err


def test_every_command_has_help(run_cli: Run) -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        result = run_cli(name, "--help")
        assert result.code == 0 and "Usage" in result.out


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
    assert "没有发现问题" in proc.stdout
