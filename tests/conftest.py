"""Shared fixtures: the bundled inputs, a scratch folder, and the CLI run in-process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
SAMPLE = INPUTS / "tanzhou-2024.yaml"
# The seed document as people paste it (traditional characters, pinyin, mojibake), kept as test
# data so that the suite runs in any clone.
SEED = ROOT / "tests" / "data" / "seed" / "000_5dbfb90da61d6c0c.txt"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``reportgen ARGS`` in this process through ``main`` (exit codes and all)."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_input(tmp_path: Path) -> Callable[..., Path]:
    """Write a YAML snippet (dedented) to a file in a scratch folder and return its path."""

    def write(text: str, name: str = "input.yaml", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
        return path

    return write
