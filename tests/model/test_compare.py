"""reportgen compare: every metric across editions, as a table and as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.model.compare import compare_editions, pad, to_csv, to_table, width
from tests.conftest import INPUTS, Result

EXAMPLES = sorted((INPUTS / "examples").glob("*.yaml"))
Run = Callable[..., Result]

EXPECTED = [
    # (key, year, value, target, rate, previous, change)
    ("volunteers", 2023, "1200", "1200", "100.0%", "", ""),
    ("volunteers", 2024, "1380", "1350", "102.2%", "1200", "+15.0%"),
    ("volunteers", 2025, "1452", "1450", "100.1%", "1380", "+5.2%"),
    ("services", 2025, "175", "180", "97.2%", "182", "-3.8%"),
    ("issues_solved", 2025, "118", "100", "118.0%", "97", "+21.6%"),
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_rows_of_examples(expected: tuple[object, ...]) -> None:
    rows = {(r.key, r.year): r for r in compare_editions(EXAMPLES)}
    key, year = expected[:2]
    r = rows[(str(key), int(str(year)))]
    assert (r.key, r.year, r.value, r.target, r.rate, r.previous, r.change) == expected


def test_rows_are_grouped_by_metric_oldest_first() -> None:
    rows = compare_editions(reversed(EXAMPLES))
    assert [(r.key, r.year) for r in rows[:4]] == [
        ("volunteers", 2023),
        ("volunteers", 2024),
        ("volunteers", 2025),
        ("services", 2023),
    ]
    assert len(rows) == 12  # four metrics, three editions; the abstract base is left out


def test_table_is_aligned(run_cli: Run) -> None:
    result = run_cli("compare", *EXAMPLES)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["指标", "版本", "完成数", "目标数", "完成率", "上年数", "比上年"]
    assert lines[2].split() == ["2024年", "1380", "1350", "102.2%", "1200", "+15.0%"]
    assert lines[1].startswith("注册志愿者（人）")
    # right-aligned figures end in the same display column
    assert width(lines[0]) == width(lines[2]) == width(lines[3])
    assert lines[2].index("1380") == lines[3].index("1452")


def test_csv(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "指标.csv"
    result = run_cli("compare", "--format", "csv", "-o", out, *EXAMPLES)
    assert result.code == 0, result.err
    data = out.read_bytes()
    # Excel opens UTF-8 CSV as Chinese only with a BOM; rows end in CRLF as Excel writes them
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 13
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 12
    row = next(r for r in rows if r["key"] == "services" and r["年度"] == "2025")
    assert (row["指标名称"], row["单位"], row["完成数"], row["上年数"], row["比上年"]) == (
        "开展志愿服务活动",
        "场次",
        "175",
        "182",
        "-3.8%",
    )
    assert row["文件"].endswith("shili-2025.yaml")


YEAR = "kind: report\ntitle: 报告\norganization: 单位\nyear: {year}\nmetrics: {{n: {metric}}}\n"


def test_change_without_previous_link_uses_the_edition_before(tmp_path: Path) -> None:
    for year, value in ((2021, 50), (2022, 50), (2023, 40)):
        text = YEAR.format(year=year, metric=f"{{label: 数, value: {value}}}")
        (tmp_path / f"{year}.yaml").write_text(text, encoding="utf-8")
    rows = compare_editions(sorted(tmp_path.glob("*.yaml")))
    assert [r.change for r in rows] == ["", "持平", "-20.0%"]
    assert to_table(rows).splitlines()[1].split()[:2] == ["数", "2021年"]


def test_editions_of_one_year_are_named_by_file(tmp_path: Path) -> None:
    for name in ("a", "b"):
        text = YEAR.format(year=2024, metric="{label: 数, value: 1}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    lines = to_table(compare_editions(sorted(tmp_path.glob("*.yaml")))).splitlines()
    assert lines[1].split()[:2] == ["数", "a"]
    assert lines[2].split()[0] == "b"


def test_problems_of_every_file_are_reported_together(tmp_path: Path, run_cli: Run) -> None:
    (tmp_path / "a.yaml").write_text("kind: report\ntitle: 报告\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("kind: [\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        compare_editions(sorted(tmp_path.glob("*.yaml")))
    text = "\n".join(info.value.lines())
    assert "a.yaml:" in text and "b.yaml:" in text
    result = run_cli("compare", *sorted(tmp_path.glob("*.yaml")))
    assert result.code == 1 and "b.yaml:" in result.err


def test_no_metrics() -> None:
    assert to_table([]) == "没有指标可比较\n"
    assert to_csv([]).startswith("key,指标名称")


@pytest.mark.parametrize(
    ("text", "size", "right", "expected"),
    [
        ("ab", 4, False, "ab  "),
        ("中", 4, False, "中  "),
        ("中", 4, True, "  中"),
        ("1.0%", 4, True, "1.0%"),
    ],
)
def test_pad(text: str, size: int, right: bool, expected: str) -> None:
    assert pad(text, size, right) == expected


@pytest.mark.parametrize(("encoding", "prefix"), [("gbk", b"key,"), ("utf-8", b"key,")])
def test_csv_encodings(run_cli: Run, tmp_path: Path, encoding: str, prefix: bytes) -> None:
    out = tmp_path / "指标.csv"
    result = run_cli("compare", "--format", "csv", "--encoding", encoding, "-o", out, *EXAMPLES)
    assert result.code == 0, result.err
    data = out.read_bytes()
    assert data.startswith(prefix)
    assert "注册志愿者" in data.decode(encoding)


def test_csv_gbk_names_a_character_it_cannot_hold(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "kind: report\ntitle: 报告\norganization: 单位\nyear: 2024\n"
        "metrics: {n: {label: 䶮字指标, value: 1}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "指标.csv"
    result = run_cli("compare", "--format", "csv", "--encoding", "gbk", "-o", out, path)
    assert result.code == 1
    assert "“䶮”无法用 GBK 编码" in result.err
    assert "--encoding utf-8-sig" in result.err
    assert not out.exists()
