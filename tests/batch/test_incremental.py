"""Incremental batches: unchanged inputs are skipped; any change to what a build read rebuilds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.batch import incremental
from reportgen.output import temp_prefix

from ..conftest import INPUTS, Result
from .helpers import assert_manifest_matches_disk

Run = Callable[..., Result]


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    """The yearly example: 2023 and 2024 extend base.yaml; 2024 names 2023 as previous."""
    src = tmp_path / "in"
    shutil.copytree(INPUTS / "examples", src)
    (src / "shili-2025.yaml").unlink()
    return src


def _build(run_cli: Run, src: Path, *extra: str) -> Result:
    result = run_cli("build", src, "-o", src.parent / "out", "--format", "docx", "-j", "1", *extra)
    assert result.code == 0, result.err
    return result


def _touch(path: Path) -> None:
    path.write_text(path.read_text("utf-8") + "# 改过\n", "utf-8")


def test_second_run_skips_everything(run_cli: Run, editions: Path) -> None:
    _build(run_cli, editions)
    out = editions.parent / "out"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    result = _build(run_cli, editions)
    assert "生成 0 个" in result.out and "未变化跳过 2 个（--force 全部重新生成）" in result.out
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")} == before
    entries = assert_manifest_matches_disk(out)
    assert [e["status"] for e in entries.values()] == ["built", "built"]
    assert "生成 2 个" in _build(run_cli, editions, "--force").out


# (what changes, how many of the two inputs are built again)
CHANGES = [
    ("the input", 1),
    ("its base (extends)", 2),
    ("its previous edition", 2),
    ("an output deleted", 1),
    ("an output edited", 1),
    ("reportgen's version", 2),
    ("the fonts", 2),
    ("the formats", 2),
]


@pytest.mark.parametrize(("change", "rebuilt"), CHANGES)
def test_a_change_rebuilds(
    run_cli: Run, editions: Path, monkeypatch: pytest.MonkeyPatch, change: str, rebuilt: int
) -> None:
    _build(run_cli, editions)
    out = editions.parent / "out"
    extra: list[str] = []
    if change == "the input":
        _touch(editions / "shili-2024.yaml")
    elif change == "its base (extends)":
        _touch(editions / "shili-base.yaml")
    elif change == "its previous edition":
        _touch(editions / "shili-2023.yaml")  # 2023 itself, and 2024 which reads it
    elif change == "an output deleted":
        (out / "shili-2024.docx").unlink()
    elif change == "an output edited":
        (out / "shili-2024.docx").write_bytes(b"edited")
    elif change == "reportgen's version":
        monkeypatch.setattr(incremental, "__version__", "99.0")
    elif change == "the fonts":
        monkeypatch.setattr(incremental, "_fonts", lambda: "another font")
        extra = ["--format", "pdf"]
        _build(run_cli, editions, *extra)  # built once with the fonts as they are
        monkeypatch.setattr(incremental, "_fonts", lambda: "a new font installed")
    else:
        extra = ["--format", "docx,pdf"]
    result = _build(run_cli, editions, *extra)
    assert f"生成 {rebuilt} 个" in result.out, result.out
    assert_manifest_matches_disk(out)


def test_template_change_rebuilds(run_cli: Run, editions: Path, tmp_path: Path) -> None:
    template = tmp_path / "mine.yaml"
    template.write_text("base: gbt9704\nname: mine\nlead_bold: true\n", "utf-8")
    _build(run_cli, editions, "--template", str(template))
    assert "未变化跳过 2 个" in _build(run_cli, editions, "--template", str(template)).out
    template.write_text("base: gbt9704\nname: mine\nlead_bold: false\n", "utf-8")
    assert "生成 2 个" in _build(run_cli, editions, "--template", str(template)).out


def test_skipped_output_loses_its_stale_temporary(run_cli: Run, editions: Path) -> None:
    _build(run_cli, editions)
    out = editions.parent / "out"
    stale = out / f"{temp_prefix('shili-2024.docx')}abcd1234.part"
    stale.write_bytes(b"left by a killed run")
    assert "未变化跳过 2 个" in _build(run_cli, editions).out
    assert not stale.exists()


def test_a_change_to_an_attached_file_rebuilds_the_request(run_cli: Run, tmp_path: Path) -> None:
    """A 请示 whose 附件 is filed ``from`` another input is rebuilt when that file changes,
    though that file is not one of the batch's inputs."""
    gongwen = tmp_path / "in" / "gongwen"
    gongwen.mkdir(parents=True)
    shutil.copy(INPUTS / "gongwen" / "tanzhou-request-brand-2024.yaml", gongwen)
    shutil.copy(INPUTS / "tanzhou-2024.yaml", tmp_path / "in")
    _build(run_cli, gongwen)
    assert "生成 0 个" in _build(run_cli, gongwen).out
    _touch(tmp_path / "in" / "tanzhou-2024.yaml")
    assert "生成 1 个" in _build(run_cli, gongwen).out
