"""附件 filed from another input (attachments[i].from): grafted data, metrics, located errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.model.models import BrandSubmission
from reportgen.model.validate import validate
from reportgen.pipeline import load
from reportgen.source.loader import recording_reads
from tests.conftest import INPUTS, SAMPLE

EXAMPLE = INPUTS / "gongwen" / "tanzhou-request-brand-2024.yaml"

REQUEST = """\
kind: request
header:
  issuer: 坦洲镇总工会
  number: 坦工〔2024〕19号
  signers: [陈志远]
title: 关于申报党建品牌的请示
recipient: 中山市总工会
body:
  - 全镇新建基层工会{new_unions}家，申报材料见附件。
attachments:
  - name: 党建品牌申报材料
    from: brand.yaml
organization: 坦洲镇总工会
date: 2024-12-10
"""

BRAND = """\
kind: brand-submission
organization: 坦洲镇人大、工会联合党支部
date: 2024-12-01
brand:
  name: 党建引领，凝聚群众力量
  meaning: 党的力量在群众。
achievements:
  - heading: 加强组织建设
    body:
      - 新建基层工会{new_unions}家，完成率{new_unions.rate}。
metrics:
  new_unions: {label: 新建基层工会, value: 28, unit: 家, target: 30}
"""


def test_example_grafts_the_submission_and_its_metrics() -> None:
    with recording_reads() as reads:
        edition = load(EXAMPLE)
    model = validate(edition.loaded, edition.previous)
    attachment = model.attachments[0]
    assert not isinstance(attachment, str)
    assert isinstance(attachment.document, BrandSubmission)
    assert attachment.document.brand.name == "党建引领，凝聚群众力量"
    assert model.metrics["new_unions"].value == 28  # the 请示 cites the submission's metrics
    assert edition.attached == (SAMPLE.resolve(),)
    assert str(SAMPLE.resolve()) in reads  # a batch manifest lists it: a change rebuilds the 请示


def _problems(write_input: Callable[..., Path], request: str, brand: str) -> list[str]:
    write_input(brand, "brand.yaml")
    path = write_input(request)
    with pytest.raises(InputError) as info:
        edition = load(path)
        validate(edition.loaded, edition.previous)
    folder = f"{path.parent}/"
    return sorted(line.replace(folder, "") for line in info.value.lines())


# (description, request edit, brand edit, expected lines: file:line:col and a fragment)
CASES = [
    (
        "missing file",
        ("from: brand.yaml", "from: missing.yaml"),
        None,
        [("input.yaml:12:11:", "找不到附件文件“missing.yaml”")],
    ),
    (
        "not an input file",
        ("from: brand.yaml", "from: brand.txt"),
        None,
        [("input.yaml:12:11:", "附件文件应为 reportgen 的输入文件")],
    ),
    (
        "itself",
        ("from: brand.yaml", "from: input.yaml"),
        None,
        [("input.yaml:12:11:", "不能指向本文件自己")],
    ),
    (
        "from and body",
        ("    from: brand.yaml\n", "    from: brand.yaml\n    body: [另写的正文。]\n"),
        None,
        [("input.yaml:12:11:", "写了 from 的附件不再写 body")],
    ),
    (
        "a YAML error in the attached file",
        None,
        ("  name: 党建引领，凝聚群众力量\n", "  name: [党建引领\n"),
        [
            ("brand.yaml:6:10:", "YAML 语法错误"),
            ("input.yaml:12:11:", "附件文件“brand.yaml”有问题"),
        ],
    ),
    (
        "an empty field in the attached file",
        None,
        ("  name: 党建引领，凝聚群众力量", '  name: ""'),
        [("brand.yaml:5:9:", "attachments[0].document.brand.name")],
    ),
    (
        "an unknown placeholder in the attached file",
        None,
        ("{new_unions.rate}", "{new_union.rate}"),
        [("brand.yaml:10:32:", "{new_union}")],
    ),
    (
        "an unknown placeholder in the request",
        ("{new_unions}家", "{nonpublic}家"),
        None,
        [("input.yaml:9:13:", "{nonpublic}")],
    ),
]


@pytest.mark.parametrize(
    ("name", "request_edit", "brand_edit", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_problems_are_located_in_their_file(
    write_input: Callable[..., Path],
    name: str,
    request_edit: tuple[str, str] | None,
    brand_edit: tuple[str, str] | None,
    expected: list[tuple[str, str]],
) -> None:
    request, brand = REQUEST, BRAND
    if request_edit:
        assert request_edit[0] in request
        request = request.replace(*request_edit)
    if brand_edit:
        assert brand_edit[0] in brand
        brand = brand.replace(*brand_edit)
    if name == "not an input file":
        write_input(brand, "brand.txt")
    lines = _problems(write_input, request, brand)
    assert len(lines) == len(expected), lines
    for line, (where, fragment) in zip(lines, expected, strict=True):
        assert line.startswith(where) and fragment in line, (line, where, fragment)


def test_a_metric_defined_in_both_files(write_input: Callable[..., Path]) -> None:
    """The same definition in both files is fine; a different one is located in the 公文."""
    same = "metrics:\n  new_unions: {label: 新建基层工会, value: 28, unit: 家, target: 30}\n"
    write_input(BRAND, "brand.yaml")
    edition = load(write_input(REQUEST + same))
    assert validate(edition.loaded, edition.previous).metrics["new_unions"].value == 28
    lines = _problems(write_input, REQUEST + same.replace("28", "30"), BRAND)
    assert len(lines) == 1 and lines[0].startswith("input.yaml:16:15:"), lines
    assert "指标 new_unions 与这里的定义不同" in lines[0]


def test_a_bad_attachment_does_not_hide_the_other_problems(
    write_input: Callable[..., Path],
) -> None:
    """All problems at once: ``check`` reports a missing attached file together with the
    request's own mistakes, each once (the bad ``from`` is not also "不能为空" or the like)."""
    from reportgen.checks.engine import examine

    write_input(BRAND, "brand.yaml")
    request = REQUEST.replace("from: brand.yaml", "from: missing.yaml")
    request = request.replace("坦工〔2024〕19号", "坦工[2024]19号")
    path = write_input(request)
    errors = [f.problem for f in examine(path).findings if f.severity == "error"]
    lines = sorted(f"{p.location.line}:{p.location.col}: {p.message}" for p in errors)
    assert any("找不到附件文件“missing.yaml”" in line for line in lines), lines
    assert any(line.startswith("4:13:") and "六角括号" in line for line in lines), lines
    assert len([line for line in lines if line.startswith("12:11:")]) == 1, lines
    # the request's {new_unions} names the unread file's metric: not also "unknown"
    assert len(lines) == 2, lines
