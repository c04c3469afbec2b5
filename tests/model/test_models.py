"""The input contract as editors see it: the published schema speaks Chinese everywhere."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.model.models import json_schema

SCHEMA = json_schema()


def _chinese(text: str | None) -> bool:
    return bool(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text or "")


@pytest.mark.parametrize("name", sorted(SCHEMA["$defs"]))
def test_every_definition_has_a_chinese_title_and_description(name: str) -> None:
    definition = SCHEMA["$defs"][name]
    assert _chinese(definition.get("title")), (name, definition.get("title"))
    assert _chinese(definition.get("description")), (name, definition.get("description"))


def _properties() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (name, prop, spec)
        for name, definition in SCHEMA["$defs"].items()
        for prop, spec in definition.get("properties", {}).items()
    ]


@pytest.mark.parametrize(("model", "prop", "spec"), _properties())
def test_every_field_has_a_chinese_title(model: str, prop: str, spec: dict[str, Any]) -> None:
    if "$ref" in spec:  # a bare reference: editors show the referenced definition's title
        spec = SCHEMA["$defs"][spec["$ref"].rsplit("/", 1)[-1]]
    assert _chinese(spec.get("title")) or _chinese(spec.get("description")), (model, prop)
