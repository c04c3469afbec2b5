"""Batch runs: output tree, failures, manifest, progress text, and killed runs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber
import pytest

from reportgen import batch

from ..conftest import INPUTS, ROOT, SAMPLE, Result

Run = Callable[..., Result]


# --------------------------------------------------------------------------- whole runs


@pytest.fixture
def folder_with_broken(tmp_path: Path) -> Path:
    """The bundled inputs/ folder plus two broken inputs in a subfolder."""
    src = tmp_path / "inputs"
    shutil.copytree(INPUTS, src)
    (src / "bad").mkdir()
    (src / "bad" / "syntax.yaml").write_text("kind: report\ntitle: [未闭合\n", encoding="utf-8")
    (src / "bad" / "field.yaml").write_text(
        "kind: report\ntitle: 报告\norganisation: 单位\n", encoding="utf-8"
    )
    return src


def test_folder_with_broken_inputs_builds_the_others(
    run_cli: Run, folder_with_broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "inputs", "-o", "out", "-j", "2")
    assert result.code == 1
    failed = sorted(
        line for line in result.err.splitlines() if line.startswith("失败 ")
    )  # as they finish
    assert len(failed) == 2
    assert failed[0].startswith("失败 inputs/bad/field.yaml:3:1: organisation")
    assert failed[1].startswith("失败 inputs/bad/syntax.yaml:3:1: YAML 语法错误")
    bundled = [p for p in INPUTS.rglob("*.yaml") if "abstract: true" not in p.read_text("utf-8")]
    assert f"生成 {len(bundled)} 个，失败 2 个" in result.out
    abstract = [p for p in INPUTS.rglob("*.yaml") if "abstract: true" in p.read_text("utf-8")]
    assert f"跳过基础文件 {len(abstract)} 个" in result.out
    for path in bundled:
        rel = path.relative_to(INPUTS).with_suffix("")
        for fmt in ("docx", "pdf"):
            assert (tmp_path / "out" / f"{rel}.{fmt}").is_file()
    assert not (tmp_path / "out" / "examples" / "shili-base.docx").exists()
    assert "█" not in result.err  # no progress bar when stderr is not a terminal

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    entries = {e["input"]: e for e in manifest["inputs"]}
    assert [e["input"] for e in manifest["inputs"]] == sorted(entries)
    assert entries["../inputs/bad/syntax.yaml"]["status"] == "failed"
    assert entries["../inputs/bad/syntax.yaml"]["problems"]
    built = entries["../inputs/examples/shili-2024.yaml"]
    assert built["status"] == "built"
    assert list(built) == sorted(built)
    assert [o["path"] for o in built["outputs"]] == [
        "examples/shili-2024.docx",
        "examples/shili-2024.pdf",
    ]
    for output in built["outputs"]:
        data = (tmp_path / "out" / output["path"]).read_bytes()
        assert output["sha256"] == hashlib.sha256(data).hexdigest()
        assert output["bytes"] == len(data)
    assert built["render_seconds"] > 0
    assert "../inputs/examples/shili-base.yaml" not in entries


def test_bundled_inputs_build_as_a_whole(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("build", INPUTS, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert "失败 0 个" in result.out


def test_single_input_lists_its_outputs(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("build", SAMPLE, "-o", tmp_path)
    assert result.code == 0, result.err
    assert f"已生成 {tmp_path / 'tanzhou-2024.docx'}" in result.out
    assert f"已生成 {tmp_path / 'tanzhou-2024.pdf'}" in result.out


def test_missing_input_is_named(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("build", tmp_path / "none.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "none.yaml: 文件不存在" in result.err
    assert "失败 1 个" in result.out


def test_named_abstract_base_fails(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("build", INPUTS / "examples" / "shili-base.yaml", "-o", tmp_path)
    assert result.code == 1
    assert "不能单独生成" in result.err


def test_manifest_keeps_other_inputs_and_drops_missing_outputs(
    run_cli: Run, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_cli("build", SAMPLE, "-o", out, "--format", "docx")
    second = run_cli(
        "build", INPUTS / "shili-union-2024-summary.yaml", "-o", out, "--format", "docx"
    )
    assert (first.code, second.code) == (0, 0), first.err + second.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = [Path(e["input"]).name for e in manifest["inputs"]]
    assert sorted(names) == ["shili-union-2024-summary.yaml", "tanzhou-2024.yaml"]
    (out / "tanzhou-2024.docx").unlink()
    batch.write_manifest(out, [])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"]) == 1
    assert manifest["inputs"][0]["input"].endswith("shili-union-2024-summary.yaml")


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (["a.yaml:1:1: x: 错"], "失败 a.yaml:1:1: x: 错"),
        (["base.yaml:1:1: x: 错"], "失败 a.yaml: base.yaml:1:1: x: 错"),
        (
            ["p1", "p2", "p3", "p4"],
            "失败 a.yaml: p1；p2（另有 2 个问题，用 reportgen check 查看全部）",
        ),
    ],
)
def test_failure_line(problems: list[str], expected: str) -> None:
    assert batch.failure_line(batch.Outcome("a.yaml", "failed", problems=problems)) == expected


def test_summary_line() -> None:
    outcomes = [
        batch.Outcome("a", "built", warnings=["w1", "w2"]),
        batch.Outcome("b", "failed"),
        batch.Outcome("c", "skipped"),
    ]
    line = batch.summary_line(batch.BatchResult(outcomes, 2.0, 2))
    assert (
        line == "完成：生成 1 个，失败 1 个，警告 2 条，跳过基础文件 1 个；用时 2.0 秒（2 个进程）"
    )
    more = [batch.Outcome(name, "built") for name in "abcd"]
    line = batch.summary_line(batch.BatchResult(more, 2.0, 2))
    assert line == "完成：生成 4 个，失败 0 个，警告 0 条；用时 2.0 秒（2.0 个/秒，2 个进程）"


# --------------------------------------------------------------------------- safety


def _many_inputs(root: Path, count: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(count):
        path = root / f"unit{i % 4}" / f"doc{i:03}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _assert_complete(out: Path) -> tuple[int, int]:
    docx_files = sorted(out.rglob("*.docx"))
    pdf_files = sorted(out.rglob("*.pdf"))
    for path in docx_files:
        document = docx.Document(str(path))
        assert any(p.text for p in document.paragraphs), path
    for path in pdf_files:
        with pdfplumber.open(path) as pdf:
            assert pdf.pages and pdf.pages[0].extract_text(), path
    return len(docx_files), len(pdf_files)


def _reportgen(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "reportgen", *(str(a) for a in args)]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_run_leaves_only_complete_files(tmp_path: Path, sig: signal.Signals) -> None:
    count = 40
    _many_inputs(tmp_path / "in", count)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _reportgen("build", tmp_path / "in", "-o", out, "-j", "2"),
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(out.rglob("*.pdf"))) >= 3:
            break
        time.sleep(0.005)
    finished = proc.poll() is not None
    if not finished:
        os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    assert not finished, f"the run finished before it could be killed: {err.decode()[-500:]}"
    n_docx, n_pdf = _assert_complete(out)
    assert 3 <= n_pdf < count and n_docx <= count
    if sig == signal.SIGTERM:
        assert proc.returncode == 130, err.decode()
        assert [p.name for p in out.rglob("*.part")] == []
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        built = [e for e in manifest["inputs"] if e["status"] == "built"]
        assert len(built) <= n_pdf


def test_two_runs_into_one_folder(tmp_path: Path) -> None:
    _many_inputs(tmp_path / "in", 6)
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(
            _reportgen("build", tmp_path / "in", "-o", out, "-j", "1"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert _assert_complete(out) == (6, 6)
    assert [p.name for p in out.rglob("*.part")] == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"]) == 6
    for entry in manifest["inputs"]:
        for output in entry["outputs"]:
            data = (out / output["path"]).read_bytes()
            assert output["sha256"] == hashlib.sha256(data).hexdigest()


def test_quiet_does_not_lose_warnings(run_cli: Run, tmp_path: Path) -> None:
    """-q silences the terminal (only errors are printed), not the record: the manifest keeps the
    same warnings."""
    loud = run_cli("build", SAMPLE, "-o", tmp_path / "loud", "-j", "1")
    quiet = run_cli("-q", "build", SAMPLE, "-o", tmp_path / "quiet", "-j", "1")
    assert loud.code == quiet.code == 0

    def manifest_warnings(folder: Path) -> list[str]:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return [w for entry in data["inputs"] for w in entry["warnings"]]

    loud_warnings = manifest_warnings(tmp_path / "loud")
    assert loud_warnings, "the sample uses substitute fonts: expected RG702 warnings"
    assert manifest_warnings(tmp_path / "quiet") == loud_warnings
    count = f"警告 {len(loud_warnings)} 条"
    assert count in loud.err + loud.out and quiet.err + quiet.out == ""
    # As a real process (pytest owns logging in-process): -q keeps warnings off the terminal.
    for flags, shown in (([], True), (["-q"], False)):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "reportgen",
                *flags,
                "build",
                str(SAMPLE),
                "-o",
                str(tmp_path / "proc"),
                "-j",
                "1",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert ("RG702" in proc.stderr) is shown, proc.stderr
        assert (count in proc.stdout + proc.stderr) is shown
        assert shown or proc.stdout + proc.stderr == ""


# --------------------------------------------------------------------------- output folder

# (how -o is given, fragment of the one line): exit 1 before anything is built
OUTPUT_FOLDERS = [
    ("under-file", "路径中有一段是文件，不是文件夹"),
    ("is-file", "同名的文件已存在，不是文件夹"),
    ("proc", "这里不能创建文件或文件夹"),
    ("sys", "不允许在这里写入"),
    ("unwritable", "没有写入权限"),  # simulated: the tests run as root
    ("read-only", "文件系统是只读的"),  # simulated likewise
]


@pytest.mark.parametrize(("how", "message"), OUTPUT_FOLDERS)
def test_output_folder_errors_are_one_chinese_line(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, message: str
) -> None:
    from reportgen import output

    (tmp_path / "file").write_text("x")
    folder = {
        "under-file": tmp_path / "file" / "out",
        "is-file": tmp_path / "file",
        "proc": Path("/proc/reportgen-test"),
        "sys": Path("/sys/reportgen-test"),
    }.get(how, tmp_path / "out")
    if how in ("unwritable", "read-only"):
        code = 13 if how == "unwritable" else 30

        def refuse(*args: object) -> None:
            raise OSError(code, "system text")

        monkeypatch.setattr(output, "_create_temp", refuse)
    result = run_cli("build", SAMPLE, "-o", folder, "-j", "1")
    assert result.code == 1
    assert (
        result.err.strip() == f"{folder}: 无法写入（{message}）；请用 -o 指定另一个可写的输出文件夹"
    )
    assert result.out == ""


def test_eighty_character_chinese_name_builds(run_cli: Run, tmp_path: Path) -> None:
    """245 bytes of file name: the temporary names must not be longer (NAME_MAX is 255)."""
    src = tmp_path / "in" / ("关于推进基层治理现代化工作情况的报告" * 5)[:80]
    src = src.with_suffix(".yaml")
    src.parent.mkdir()
    src.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    assert len(src.name.encode("utf-8")) == 245
    out = tmp_path / "out"
    result = run_cli("build", src.parent, "-o", out, "-j", "1")
    assert result.code == 0, result.err
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".json", ".pdf"]
