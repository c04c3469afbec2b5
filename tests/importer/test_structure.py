"""Tests for reportgen.importer.structure (and the YAML it writes): structure, metrics, encodings, round trip."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import opencc
import pytest

from reportgen.importer.figures import infer_target
from reportgen.importer.reading import decode_text
from reportgen.importer.structure import import_file
from reportgen.importer.yamlout import dump, scalar
from reportgen.model.metrics import substitute
from reportgen.model.models import DocumentModel
from reportgen.model.validate import validate
from reportgen.pipeline import build_file, prepare
from reportgen.source.loader import load
from tests.conftest import INPUTS, SEED

DATA = Path(__file__).parent.parent / "data" / "import"


def write(imported: Any, tmp_path: Path, name: str = "out.yaml") -> Path:
    out = tmp_path / name
    out.write_text(dump(imported, out), encoding="utf-8")
    return out


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed() -> Any:
    return import_file(SEED)


def test_seed_is_a_brand_submission(seed: Any) -> None:
    data = seed.data
    assert data["kind"] == "brand-submission"
    assert data["brand"]["name"] == "党建引领，凝聚群众力量"
    assert data["brand"]["meaning"].startswith("党的力量在群众，群众的力量在组织。")
    assert [a["heading"] for a in data["achievements"]] == [
        "坚持党建引领，建强“堡垒”",
        "加强组织建设，促进“共融”",
        "突出以人为本，办好“实事”",
    ]
    assert [len(a["items"]) for a in data["achievements"]] == [2, 2, 3]
    assert data["organization"] == "坦洲镇人大、工会联合党支部"


def test_seed_text_is_clean(seed: Any, tmp_path: Path) -> None:
    text = write(seed, tmp_path).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert not re.search("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", body)
    assert not re.search(r"[\u4e00-\u9fff][,;()][\u4e00-\u9fff]", body)
    assert opencc.OpenCC("t2s").convert(body) == body
    assert "?" not in body and "nbsp" not in body


def test_seed_metrics_inferred(seed: Any) -> None:
    metrics = seed.data["metrics"]
    rated = {k: m for k, m in metrics.items() if "target" in m}
    assert [(m["value"], m["target"]) for m in rated.values()] == [
        (28, 30),
        (19, 24),
        (1461, 2000),
        (847, 900),
    ]
    first, second, third, fourth = rated
    assert metrics[second]["part_of"] == first and metrics[fourth]["part_of"] == third
    assert first == "ji_ceng_gong_hui" and metrics[first]["label"] == "新建25人以上基层工会"
    item = seed.data["achievements"][1]["items"][0]["text"]
    assert f"{{{first}}}家，完成率达{{{first}.rate}}" in item
    # Counts without a rate are metrics too, so the next edition can compare them.
    assert metrics["gong_hui_hui_yuan"] == {
        "label": "工会会员",
        "value": Decimal("4.2"),
        "unit": "万人",
    }
    assert not any(re.fullmatch(r"m\d+", k) for k in metrics)


def test_seed_output_checks_and_prints_the_same_text(seed: Any, tmp_path: Path) -> None:
    out = write(seed, tmp_path)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "target 由完成率反推" in text
    tree = prepare(out).tree
    joined = "\n".join(tree.text_lines())
    assert "完成率达93.3%" in joined and "完成率达73.1%" in joined
    sample = prepare(INPUTS / "tanzhou-2024.yaml").tree
    # Same body text as the hand-made sample input (title and closing differ: no date in the seed).
    assert tree.text_lines()[2:-1] == sample.text_lines()[2:-2]


# --------------------------------------------------------------------------- realistic texts


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        (
            "brand-intro.txt",
            "brand-submission",
            {
                "brand.name": "“红色管家”，服务到家",
                "achievements": [2, 3],
                "date": "2024-11-30",
                "organization": "示例镇社区党委",
                "parts.achievements": "主要做法",
            },
        ),
        (
            "summary-2024.txt",
            "report",
            {
                "title": "示例镇妇联2024年工作总结",
                "recipient": "示例市妇女联合会",
                "organization": "示例镇妇女联合会",
                "date": "2024-12-25",
                "headings": ["主要工作", "存在的问题", "下一步工作打算"],
                "attachments": ["示例镇妇联2024年工作数据统计表", "示例镇2024年“最美家庭”名单"],
            },
        ),
    ],
)
def test_realistic_texts(name: str, kind: str, expected: dict[str, Any], tmp_path: Path) -> None:
    imported = import_file(DATA / name)
    data = imported.data
    assert data["kind"] == kind
    for key, value in expected.items():
        if key == "achievements":
            assert [len(a["items"]) for a in data["achievements"]] == value
        elif key == "headings":
            assert [b["heading"] for b in data["body"] if isinstance(b, dict)] == value
        else:
            node: Any = data
            for part in key.split("."):
                node = node[part]
            assert node == value
    prepare(write(imported, tmp_path))  # passes check


def test_report_heading_levels() -> None:
    body = import_file(DATA / "summary-2024.txt").data["body"]
    work = body[1]
    assert [s["heading"] for s in work["body"]] == ["强化思想引领", "服务妇女发展"]
    assert [i["lead"] for i in work["body"][0]["items"]] == ["深化理论学习。", "开展巾帼宣讲。"]
    level3 = work["body"][1]["body"][0]
    assert level3["heading"] == "推动创业就业"
    assert [s["heading"] for s in level3["body"][1:]] == ["开展电商培训", "落实创业贷款"]
    # Several 一是；二是 in one paragraph are the section's items (issue 13, item 5).
    assert "body" not in body[2]
    assert body[2]["items"] == ["基层妇联组织作用发挥不平衡；", "服务妇女儿童的阵地建设还有短板。"]


@pytest.mark.parametrize("name", ["summary-2024-gbk.txt", "summary-2024-bom.txt"])
def test_encodings(name: str) -> None:
    assert import_file(DATA / name).data == import_file(DATA / "summary-2024.txt").data


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("正文".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "正文".encode(), "utf-8-sig"),
        ("正文".encode("gbk"), "gb18030"),
    ],
)
def test_decode_text(raw: bytes, encoding: str) -> None:
    assert decode_text(raw) == ("正文", encoding)


def test_kind_override(tmp_path: Path) -> None:
    imported = import_file(DATA / "brand-intro.txt", kind="report")
    assert imported.data["kind"] == "report"
    prepare(write(imported, tmp_path))


def test_damaged_glued_item_and_unrecoverable_spot(tmp_path: Path) -> None:
    src = tmp_path / "damaged.txt"
    src.write_text(
        "一、品牌名稱\n黨建引領(lǐng),服務(wù)群眾\n二、品牌內(nèi)涵\n示例鎮(zhèn)黨委堅(jiān)持以人民為中心。\n"
        "三、創(chuàng)建成效\n（一）建強(qiáng)堡壘一是抓學習。全年學習12次。\n二是抓隊伍。培訓黨員30人。\n"
        "（二）辦好實事\n一是?ㄒ?┘?ㄈ?走訪群眾100戶。\n",
        encoding="utf-8",
    )
    imported = import_file(src)
    achievements = imported.data["achievements"]
    assert achievements[0]["heading"] == "建强堡垒"
    assert len(achievements[0]["items"]) == 2
    assert [r.line for r in imported.review] == [9]
    out = write(imported, tmp_path)
    assert "请核对：原文第9行" in out.read_text(encoding="utf-8")
    prepare(out)


# --------------------------------------------------------------------------- metrics


@pytest.mark.parametrize(
    ("value", "rate", "target"),
    [
        ("28", "93.3", 30),
        ("19", "79.2", 24),
        ("1461", "73.1", 2000),
        ("847", "94.1", 900),
        ("2100", "84.0", 2500),
        ("3", "100", 3),
    ],
)
def test_infer_target(value: str, rate: str, target: int) -> None:
    found = infer_target(Decimal(value), Decimal(rate))
    assert found is not None and found[0] == target


@pytest.mark.parametrize(("value", "rate"), [("5", "0"), ("1", "33.4")])
def test_infer_target_impossible(value: str, rate: str) -> None:
    assert infer_target(Decimal(value), Decimal(rate)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("党建引领，凝聚群众力量", "党建引领，凝聚群众力量"),
        ("a: b", '"a: b"'),
        ("yes", '"yes"'),
        ("- 列表", '"- 列表"'),
        ("2024-12-01", "2024-12-01"),
        ("#号", '"#号"'),
        ("123", '"123"'),
    ],
)
def test_scalar(value: str, expected: str) -> None:
    assert scalar(value) == expected


# --------------------------------------------------------------------------- CLI


def test_cli_stdout_and_summary(run_cli: Any) -> None:
    result = run_cli("import", SEED)
    assert result.code == 0
    assert result.out.startswith("# yaml-language-server:")
    assert "乱码修复" in result.err and "第6行" in result.err and "第12行" in result.err
    assert "拼音注音" in result.err and "繁体转简体" in result.err


def test_cli_output_file(run_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "seed.yaml"
    result = run_cli("import", SEED, "-o", out)
    assert result.code == 0 and result.out == ""
    assert run_cli("check", out).code == 0


def test_cli_missing_file(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("import", tmp_path / "nope.txt")
    assert result.code == 1 and "文件不存在" in result.err


# --------------------------------------------------------------------------- round trip


def _normal(model: DocumentModel) -> Any:
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return substitute(value, model.metrics).strip()
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items() if k != "metrics"}
        return value

    return walk(model.model_dump())


@pytest.mark.parametrize("source", sorted(INPUTS.glob("*.yaml")), ids=lambda p: p.name)
def test_docx_round_trip(source: Path, tmp_path: Path) -> None:
    (docx_path,) = build_file(source, tmp_path, formats=("docx",)).outputs
    imported = import_file(docx_path)
    out = write(imported, tmp_path, "round.yaml")
    assert _normal(validate(load(out))) == _normal(validate(load(source)))


def test_standalone_heading_with_a_full_stop_keeps_its_level(tmp_path: Path) -> None:
    """“2、推进重点领域治理。” is a level-3 heading (its stop dropped): the （1）（2）
    headings after it belong to it, not to the heading before."""
    text = (
        "示例街道2024年安全生产工作报告\n"
        "一、主要工作\n"
        "1、开展专项检查。全年检查企业310家次。\n"
        "2、推进重点领域治理。\n"
        "（1）燃气安全。入户检查8600户。\n"
        "（2）消防安全。清理楼道杂物230处。\n"
        "示例街道办事处\n"
        "2024年12月25日\n"
    )
    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    data = import_file(source).data
    (work,) = [s for s in data["body"] if isinstance(s, dict)]
    assert work["heading"] == "主要工作"
    first, second = work["body"]
    assert first["heading"] == "开展专项检查"
    assert second["heading"] == "推进重点领域治理"
    assert [s["heading"] for s in second["body"]] == ["燃气安全", "消防安全"]
