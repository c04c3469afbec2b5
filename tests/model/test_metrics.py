"""Metric placeholders, half-up completion rates and year-over-year wording."""

from decimal import Decimal

import pytest

from reportgen.model.metrics import (
    PlaceholderError,
    change_text,
    find_placeholders,
    percent,
    substitute,
)
from reportgen.model.models import Metric

D = Decimal


@pytest.mark.parametrize(
    ("value", "target", "decimals", "expected"),
    [
        (1461, 2000, 1, "73.1"),  # exactly 73.05: half-up, where binary floats give 73.0
        (28, 30, 1, "93.3"),
        (19, 24, 1, "79.2"),
        (847, 900, 1, "94.1"),
        (1, 3, 2, "33.33"),
        (2, 3, 0, "67"),
        (5, 8, 1, "62.5"),
        (1, 40, 1, "2.5"),
        (1, 400, 1, "0.3"),  # 0.25 → 0.3
        (30, 30, 1, "100.0"),
    ],
)
def test_percent_rounds_half_up(value: int, target: int, decimals: int, expected: str) -> None:
    assert str(percent(D(value), D(target), decimals)) == expected


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (30, 28, "比上年增长7.1%"),
        (20, 28, "比上年下降28.6%"),
        (28, 28, "与上年持平"),
        (2001, 2000, "比上年增长0.1%"),  # 0.05 rounds half-up
    ],
)
def test_change_text(value: int, previous: int, expected: str) -> None:
    assert change_text(D(value), D(previous)) == expected


METRICS = {
    "unions": Metric(label="新建工会", value=D(28), unit="家", target=D(30)),
    "members": Metric(label="新发展会员", value=D(1461), unit="人", target=D(2000)),
    "share": Metric(label="覆盖率", value=D("4.2"), unit="万人"),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新建{unions}家", "新建28家"),
        ("完成率达{unions.rate}", "完成率达93.3%"),
        ("{members.rate}", "73.1%"),
        ("目标{unions.target}{unions.unit}", "目标30家"),
        ("{unions.label}", "新建工会"),
        ("覆盖{share}万人", "覆盖4.2万人"),
        ("{ unions }", "28"),
        ("字面量{{花括号}}", "字面量{花括号}"),
        ("没有占位符", "没有占位符"),
    ],
)
def test_substitute(text: str, expected: str) -> None:
    assert substitute(text, METRICS) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{unoins}", "是否想写 {unions}"),
        ("{unions.ratio}", "属性无效"),
        ("{share.rate}", "没有非零的 target"),
        ("{share.target}", "没有 target"),
        ("{unions.prev}", "previous"),
        ("{unions.change}", "previous"),
    ],
)
def test_substitute_errors(text: str, fragment: str) -> None:
    with pytest.raises(PlaceholderError) as info:
        substitute(text, METRICS)
    assert fragment in info.value.reason


def test_prev_and_change_with_previous_edition() -> None:
    previous = {"unions": Metric(label="新建工会", value=D(25), unit="家")}
    assert (
        substitute("{unions.prev}家，{unions.change}", METRICS, previous) == "25家，比上年增长12.0%"
    )


def test_find_placeholders_offsets() -> None:
    found = list(find_placeholders("甲{a}乙{{x}}丙{b.rate}"))
    assert [(p.start, p.key, p.attribute) for p in found] == [(1, "a", "value"), (11, "b", "rate")]
