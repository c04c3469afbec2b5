"""Hostile input through the real CLI: every class of issue 16 ends in a clean Chinese error.

Each case runs ``reportgen check`` and ``reportgen build`` in their own process. "Finishes in
under 5 s" is held by a CPU-time limit of 5 s on the process (RLIMIT_CPU: a runaway search or
expansion is killed however busy the machine is) and a wall-clock timeout for what blocks
without computing (a FIFO). The answer must be exit 1 with a located Chinese line, and no
traceback or 内部错误.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

MINI = """kind: brand-submission
organization: 测试单位党支部
date: 2024-12-01
brand:
  name: 品牌
  meaning: 内涵。
"""
CPU_SECONDS = 5
WALL_SECONDS = 60


def _report(title: str, body: str = "  - 正文。\n") -> str:
    return f"kind: report\norganization: 单位\ndate: 2024-12-01\ntitle: {json.dumps(title, ensure_ascii=False)}\nbody:\n{body}"


def _laughs(levels: int) -> str:
    lines = ["  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return MINI + "bomb:\n" + "\n".join(lines) + "\n"


def _metric(value: str, target: str) -> str:
    return (
        MINI
        + f"metrics:\n  m: {{label: 指标, value: {value}, unit: 家, target: {target}}}\n"
        + 'achievements:\n  - heading: 小节\n    body: ["完成{m}，完成率{m.rate}。"]\n'
    )


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "input.yaml")
    return "input.yaml"


def _text(text: str, name: str = "input.yaml") -> Callable[[Path], str]:
    def write(folder: Path) -> str:
        (folder / name).write_text(text, encoding="utf-8")
        return name

    return write


# (class, case, how to make the input, a fragment of the first error line)
CASES = [
    ("depth", "flow-20000", _text(MINI + "x: " + "[" * 20000 + "]" * 20000 + "\n"), "嵌套超过"),
    ("depth", "json-20000", _text('{"a": ' * 20000 + "1" + "}" * 20000, "input.json"), "嵌套超过"),
    (
        "depth",
        "block-1000",
        _text(MINI + "x:\n" + "".join("  " * i + "-\n" for i in range(1, 1000))),
        "嵌套超过",
    ),
    ("characters", "nul", _text(MINI.replace("内涵。", "内\x00涵。")), "input.yaml:6:13:"),
    (
        "characters",
        "esc-in-json",
        _text('{"kind": "report", "x": "a\x1bb"}', "input.json"),
        "U+001B",
    ),
    ("numbers", "huge-exponent", _text(_metric("1e999999", "30")), "应不大于 1000000000000000"),
    ("numbers", "tiny-target", _text(_metric("28", "1e-999999")), "小数位数太多"),
    ("numbers", "5000-digits", _text(_metric("9" * 5000, "30")), "应不大于"),
    ("numbers", "nan", _text(_metric('"NaN"', "30")), "应为有限的数字"),
    (
        "counts",
        "10000-sections",
        _text(MINI + "achievements:\n" + "  - heading: 小节\n" * 10000),
        "文档太长",
    ),
    ("long", "title-20000", _text(_report("关于" * 10000)), "太长（最多 200 个字）"),
    ("long", "file-10MB", _text(MINI + "# " + "x" * 10_500_000 + "\n"), "文件太大"),
    ("aliases", "billion-laughs", _text(_laughs(9)), "YAML 炸弹"),
    ("aliases", "recursive", _text(MINI + "x: &x [*x]\n"), "循环引用"),
    ("files", "fifo", _fifo, "命名管道"),
    ("files", "extends-nul", _text(MINI + 'extends: "a\\0b.yaml"\n'), "空字符"),
    ("files", "extends-long", _text(MINI + f"extends: {'a' * 5000}.yaml\n"), "路径太长"),
    (
        "files",
        "previous-passwd",
        _text(MINI + "previous: /etc/passwd\n"),
        "应为 reportgen 的输入文件",
    ),
]


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@pytest.mark.parametrize(
    ("make", "fragment"),
    [pytest.param(make, fragment, id=f"{cls}-{case}") for cls, case, make, fragment in CASES],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_hostile_input_fails_cleanly_and_quickly(
    tmp_path: Path, command: str, make: Callable[[Path], str], fragment: str
) -> None:
    name = make(tmp_path)
    argv = [sys.executable, "-m", "reportgen", "-q", command, name]
    if command == "build":
        argv += ["-o", "out", "-j", "1"]
    proc = subprocess.run(
        argv,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_cpu,
    )
    said = proc.stdout + proc.stderr
    assert proc.returncode == 1, said[-2000:]
    assert "Traceback" not in said and "内部错误" not in said, said[-2000:]
    assert fragment in said, said[-2000:]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


# --------------------------------------------------------------------------- in-process CLI


def test_an_empty_field_is_reported_once(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(MINI.replace("name: 品牌", "name: ''"), encoding="utf-8")
    result = run_cli("check", path)
    assert result.code == 1
    findings = [line for line in result.out.splitlines() if "brand.name" in line]
    assert len(findings) == 1 and "不能为空 [RG001 错误]" in findings[0], result.out


def test_refused_characters_carry_rg205(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(MINI.replace("内涵。", "内\x1b涵。"), encoding="utf-8")
    result = run_cli("check", path)
    assert result.code == 1
    assert ":6:13: 有输入文件中不允许的字符 U+001B（ESC 转义符），请删除 [RG205 错误]" in result.out


def test_an_unreadable_input_is_ours_to_report(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """click's own check said "is not readable" in English with exit 2; now the loader says it."""
    path = tmp_path / "input.yaml"
    path.write_text(MINI, encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False)  # what click would consult
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "input.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    result = run_cli("check", path)
    monkeypatch.setattr(os, "access", real_access)
    assert result.code == 1, result.err
    assert "无法读取文件（没有读取权限，请检查文件权限）" in result.out
    assert "is not readable" not in result.err


def test_max_input_mb_raises_the_cap(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(MINI + "# " + "x" * 1_200_000 + "\n", encoding="utf-8")
    assert "文件太大" in run_cli("check", path).out
    try:
        result = run_cli("--max-input-mb", "2", "check", path)
    finally:
        os.environ.pop("REPORTGEN_MAX_INPUT_MB", None)
    assert "文件太大" not in result.err
