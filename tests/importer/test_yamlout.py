"""Tests for reportgen.importer.yamlout: everything written is escaped, and read back before saving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen.errors import ReportgenError
from reportgen.importer import mojibake
from reportgen.importer.result import Imported
from reportgen.importer.structure import import_file
from reportgen.importer.yamlout import comment_text, dump
from reportgen.source.loader import parse_text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("plain 文字", "plain 文字"),
        ("a\nprevious: x", "a\\nprevious: x"),
        ("bell\x07esc\x1b", "bell\\u0007esc\\u001b"),
        ("line\u2028sep\x85", "line\\u2028sep\\u0085"),
    ],
)
def test_comment_text(given: str, expected: str) -> None:
    assert comment_text(given) == expected


def _data() -> dict[str, Any]:
    return {"kind": "report", "title": "标题", "organization": "示例镇", "body": ["正文。"]}


@pytest.mark.parametrize(
    "hostile",
    ["x\nprevious: /etc/passwd", "x\rprevious: a", "x\x00\x07\x1b[31m", "x\u2028y", "x\x85y"],
)
def test_nothing_hostile_reaches_the_yaml(hostile: str) -> None:
    imported = Imported(_data(), source=f"in{hostile}.txt")
    imported.comment(("title",), f"请核对{hostile}")
    text = dump(imported)
    data = parse_text(text)
    assert data == _data()  # no injected key, comments stayed comments
    assert all(line.startswith("#") or not line.startswith(" #") for line in text.splitlines())


@pytest.mark.parametrize(
    "value", ["a\x07b", "行一\n行二\x1b", " 前导空格" + "长" * 120, "制表\t符"]
)
def test_strings_with_controls_round_trip(value: str) -> None:
    data = {**_data(), "body": [value]}
    assert parse_text(dump(Imported(data, "in.txt")))["body"] == [value]


def test_output_is_verified_before_it_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.importer import yamlout

    monkeypatch.setattr(yamlout, "scalar", lambda value, flow=False: "changed")
    with pytest.raises(ReportgenError, match="读回"):
        dump(Imported(_data(), "in.txt"))


def test_invalid_output_is_refused() -> None:
    with pytest.raises(ReportgenError):
        dump(Imported({**_data(), "kind": "nonsense"}, "in.txt"))


def test_binary_text_imports_and_checks(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "binary.txt"
    source.write_bytes("示例镇工作总结\n一、主要工作\n开展\x00\x07活动\x1b12场。\n".encode())
    out = tmp_path / "out.yaml"
    result = run_cli("import", source, "-o", out)
    assert result.code == 0
    assert "已删除 · 第3行“\\u0000\\u0007\\u001b”：控制字符（3 个）" in result.err
    checked = run_cli("check", out)
    assert "Traceback" not in checked.err and "RG0" not in checked.out + checked.err


def test_file_name_with_a_newline(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "a\nprevious: x.yaml\n#.txt"
    source.write_text("示例镇工作总结\n一、主要工作\n开展活动。\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert run_cli("import", source, "-o", out).code == 0
    assert "previous" not in parse_text(out.read_text(encoding="utf-8"))


def test_mojibake_repair_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lost characters are flagged without trying every reading (that doubled per ?)."""
    calls = []
    real = mojibake._decode
    monkeypatch.setattr(mojibake, "_decode", lambda s: calls.append(len(s)) or real(s))
    line = "开展活动" + "?" * 16 + "完成。"
    repair = mojibake.repair_span(line, 4, 20, line)
    assert repair.reading is None and calls == []
    spans = mojibake.find_garbled(line * 200)
    assert sum(mojibake.repair_span(line * 200, a, b, line).reading is None for a, b in spans)


def test_mojibake_line_is_flagged(tmp_path: Path) -> None:
    source = tmp_path / "q.txt"
    source.write_text("示例\n开展活动????????????????完成。\n", encoding="utf-8")
    imported = import_file(source)
    assert [r.line for r in imported.review] == [2]
