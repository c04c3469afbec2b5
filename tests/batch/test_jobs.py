"""Batch jobs: discovery mirrors the input tree; colliding or escaping outputs fail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen import batch
from reportgen.batch import jobs as jobs_module

from ..conftest import SAMPLE, Result

Run = Callable[..., Result]


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kind: report\n", encoding="utf-8")


# --------------------------------------------------------------------------- discovery

DISCOVER = [
    # (files in the input folder, expected (input, output folder) pairs relative to in/ and out/)
    (["a.yaml"], [("a.yaml", ".")]),
    (
        ["a.yaml", "b.yml", "c.json", "d.txt", "e.YAML"],
        [("a.yaml", "."), ("b.yml", "."), ("c.json", "."), ("e.YAML", ".")],
    ),
    (["x/y/deep.yaml", "top.yaml"], [("top.yaml", "."), ("x/y/deep.yaml", "x/y")]),
    ([".hidden.yaml", ".git/config.yaml", "ok.yaml"], [("ok.yaml", ".")]),
    (["reportgen.schema.json", "manifest.json", "ok.json"], [("ok.json", ".")]),
    (["out/old.yaml", "ok.yaml"], [("ok.yaml", ".")]),
]


@pytest.mark.parametrize(("files", "expected"), DISCOVER)
def test_discover_mirrors_the_input_tree(
    tmp_path: Path, files: list[str], expected: list[tuple[str, str]]
) -> None:
    root = tmp_path / "in"
    _touch(root, *files)
    out = root / "out"  # an output folder inside the input folder is not searched
    jobs, failures = batch.discover([root], out)
    assert failures == []
    got = sorted(
        (j.input.relative_to(root).as_posix(), j.out_dir.relative_to(out).as_posix()) for j in jobs
    )
    assert got == sorted(expected)
    assert not any(j.explicit for j in jobs)


DISCOVER_FAILURES = [
    # (files, arguments relative to in/, expected message)
    (["a.yaml", "a.json"], ["."], "输出文件名与"),
    (["x/a.yaml", "y/a.yaml"], ["x", "y"], "输出文件名与"),
]


@pytest.mark.parametrize(("files", "args", "message"), DISCOVER_FAILURES)
def test_discover_failures(tmp_path: Path, files: list[str], args: list[str], message: str) -> None:
    root = tmp_path / "in"
    root.mkdir()
    _touch(root, *files)
    jobs, failures = batch.discover([root / a for a in args], tmp_path / "out")
    assert len(failures) == 1
    assert message in failures[0].problems[0]
    assert len(jobs) == len(files) - 1


def test_same_file_twice_is_built_once(tmp_path: Path) -> None:
    _touch(tmp_path, "in/a.yaml")
    jobs, failures = batch.discover([tmp_path / "in", tmp_path / "in" / "a.yaml"], tmp_path / "o")
    assert (len(jobs), failures) == (1, [])


def test_outputs_never_escape_the_output_folder(tmp_path: Path) -> None:
    jobs = [batch.Job(tmp_path / "a.yaml", tmp_path / "out" / ".." / "elsewhere")]
    kept, failures = jobs_module._dedupe(jobs, tmp_path / "out", [])
    assert kept == []
    assert "输出位置超出输出文件夹" in failures[0].problems[0]


def test_output_names_come_from_file_names(run_cli: Run, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "organization: 坦洲镇人大、工会联合党支部", "organization: ../../逃逸/单位"
    )
    src = tmp_path / "in" / "名单-1.yaml"
    src.parent.mkdir()
    src.write_text(text, encoding="utf-8")
    result = run_cli("build", src, "-o", tmp_path / "out", "--format", "docx", "-j", "1")
    assert result.code == 0, result.err
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.docx"))
    assert files == ["out/名单-1.docx"]
