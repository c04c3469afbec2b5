"""Atomic writes: temporary names that fit, stale temporaries removed, OS errors in Chinese."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen import output
from reportgen.output import OutputError, ensure_folder, temp_prefix, write_atomic

from .conftest import ROOT

NAMES = ["a.pdf", "x" * 30 + ".docx", "报" * 80 + ".docx", "报" * 83 + ".pdf", "é" * 125 + ".p"]


@pytest.mark.parametrize("name", NAMES)
def test_temp_name_fits_where_the_name_fits(tmp_path: Path, name: str) -> None:
    size = len(name.encode("utf-8"))
    assert size <= 255
    temp = f"{temp_prefix(name)}{'a' * 8}.part"
    assert len(temp.encode("utf-8")) <= max(size, 40)
    write_atomic(tmp_path / name, b"data")
    assert (tmp_path / name).read_bytes() == b"data"
    assert os.listdir(tmp_path) == [name]


def test_write_keeps_no_temporary_and_sets_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two", mode=0o600)
    assert target.read_bytes() == b"two"
    assert target.stat().st_mode & 0o777 == 0o600
    assert os.listdir(target.parent) == ["out.pdf"]


def test_stale_temporaries_are_removed_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "报告.pdf"
    stale = tmp_path / f"{temp_prefix(target.name)}abcd1234.part"
    stale.write_bytes(b"half")
    other = tmp_path / ".其他.pdf.abcd1234.part"  # another file's temporary: not touched
    other.write_bytes(b"x")
    fd, live = output._create_temp(target)  # held (locked) by a writer that is still running
    try:
        assert output.remove_stale_temps(target) == 1
        assert not stale.exists() and Path(live).exists() and other.exists()
    finally:
        os.close(fd)
    write_atomic(target, b"done")
    assert sorted(os.listdir(tmp_path)) == sorted([target.name, other.name])


WRITER = """
import sys, time
from pathlib import Path
from reportgen import output
fd, tmp = output._create_temp(Path(sys.argv[1]))
print(tmp, flush=True)
time.sleep(60)
"""


def test_temporary_of_a_killed_process_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / ("报" * 80 + ".docx")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    tmp = Path(proc.stdout.readline().strip())
    assert tmp.exists()
    assert output.remove_stale_temps(target) == 0  # its writer is alive
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    time.sleep(0.05)
    write_atomic(target, b"whole")
    assert os.listdir(tmp_path) == [target.name]


# (how the folder is made impossible, fragment of the one-line message)
FOLDERS = [
    ("under-file", "路径中有一段是文件，不是文件夹"),
    ("is-file", "同名的文件已存在，不是文件夹"),
    ("proc", "这里不能创建文件或文件夹"),
    ("sys", "不允许在这里写入"),
]


@pytest.mark.parametrize(("how", "message"), FOLDERS)
def test_folder_errors_name_the_path(tmp_path: Path, how: str, message: str) -> None:
    (tmp_path / "file").write_text("x")
    folder = {
        "under-file": tmp_path / "file" / "out",
        "is-file": tmp_path / "file",
        "proc": Path("/proc/reportgen-test/out"),
        "sys": Path("/sys/reportgen-test"),
    }[how]
    with pytest.raises(OutputError) as caught:
        ensure_folder(folder, "请用 -o 指定另一个文件夹")
    text = caught.value.message
    assert text.startswith(f"{folder}: 无法写入（{message}）；请用 -o"), text
    assert "\n" not in text


def test_write_error_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"/file: 无法写入（同名的文件已存在，不是文件夹）"):
        write_atomic(tmp_path / "file" / "a.pdf", b"x")

    def full(fd: int, *args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        write_atomic(tmp_path / "b.pdf", b"x")
    assert os.listdir(tmp_path) == ["file"]
