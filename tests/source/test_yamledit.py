"""source.yamledit: the form's data merged into the text keeps what the user wrote by hand."""

from __future__ import annotations

import copy
import json

import pytest

from reportgen.errors import InputError
from reportgen.source.loader import parse_text
from reportgen.source.yamledit import update_text

from ..conftest import INPUTS, SAMPLE

TEXT = """\
# 文件头注释
kind: brand-submission   # 行尾注释
organization: 某单位
date: 2024-12-01
brand:
  name: 品牌   # 名称的注释
  meaning: |
    第一段。

    第二段。
achievements:
  # 小节前的注释
  - heading: 小节一
    items:
      - 条目一
      - lead: 引导句。
        text: 正文。
metrics:
  a: {label: 甲, value: 28, unit: 家, target: 30}
"""


def _data(text: str) -> dict[str, object]:
    return json.loads(json.dumps(parse_text(text), default=float))


@pytest.mark.parametrize("path", [SAMPLE, *sorted(INPUTS.rglob("*.yaml"))])
def test_unchanged_data_leaves_the_text_byte_for_byte(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert update_text(text, _data(text)) == text


def _edit(change: object) -> str:
    data = _data(TEXT)
    change(data)  # type: ignore[operator]
    out = update_text(TEXT, data)
    assert parse_text(out) == json.loads(
        json.dumps(data), parse_float=__import__("decimal").Decimal
    )
    return out


def test_comments_survive_a_change_elsewhere() -> None:
    out = _edit(lambda d: d["brand"].update(name="新品牌"))
    for comment in ("# 文件头注释", "# 行尾注释", "# 名称的注释", "# 小节前的注释"):
        assert comment in out
    assert "name: 新品牌" in out


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: d["metrics"]["a"].update(value=29),
            "a: {label: 甲, value: 29, unit: 家, target: 30}",
        ),
        (lambda d: d.update(date="2025-01-02"), "date: 2025-01-02\n"),
        (
            lambda d: d["brand"].update(meaning="一段。\n\n两段。\n"),
            "  meaning: |\n    一段。\n\n    两段。\n",
        ),
        (lambda d: d["achievements"][0]["items"].append("条目三"), "      - 条目三\n"),
        (
            lambda d: d["metrics"].update(b={"label": "乙", "value": 1}),
            "  b:\n    label: 乙\n    value: 1\n",
        ),
    ],
)
def test_a_change_is_written_as_a_person_would(change: object, expected: str) -> None:
    assert expected in _edit(change)


def test_removed_keys_and_items_go_with_their_values() -> None:
    def change(d: dict) -> None:  # type: ignore[type-arg]
        del d["date"]
        d["achievements"][0]["items"].pop(0)

    out = _edit(change)
    assert "date:" not in out and "条目一" not in out
    assert "# 行尾注释" in out


def test_reordered_items_move_their_values_but_comments_stay_in_place() -> None:
    def change(d: dict) -> None:  # type: ignore[type-arg]
        items = d["achievements"][0]["items"]
        items.reverse()

    out = _edit(change)
    assert out.index("引导句") < out.index("条目一")
    assert "# 小节前的注释" in out


def test_text_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(InputError):
        update_text("kind: [unclosed\n", {"kind": "report"})


def test_data_into_empty_text() -> None:
    out = update_text("", {"kind": "report", "title": "标题"})
    assert parse_text(out) == {"kind": "report", "title": "标题"}


def test_the_input_data_is_not_changed() -> None:
    data = _data(TEXT)
    before = copy.deepcopy(data)
    update_text(TEXT, data)
    assert data == before
