"""Shared test inputs for the checks: a brand submission with holes to fill, the findings schema."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, Result

Run = Callable[..., Result]
Write = Callable[..., Path]
TODAY = dt.date(2024, 12, 31)
FINDINGS_SCHEMA = json.loads((ROOT / "schemas" / "findings.schema.json").read_text("utf-8"))
SEED_SAMPLE = ROOT / "tests" / "data" / "seed-artifacts.yaml"

BRAND = """\
kind: brand-submission
organization: 示例镇总工会
date: 2024-12-01
brand:
  name: {name}
  meaning: 党的力量在群众，群众的力量在组织。
achievements:
  - heading: {heading}
    items:
      - lead: 推动基层工会组织建设。
        text: {text}
metrics:
  unions: {{label: 新建基层工会, value: 28, unit: 家, target: 30}}
  private: {{label: 非公企业工会, value: {private}, unit: {unit}, target: 24, part_of: unions}}
"""


def brand(
    name: str = "红色纽带",
    heading: str = "加强组织建设",
    text: str = "新建基层工会{unions}家，完成率达{unions.rate}。",
    private: str = "19",
    unit: str = "家",
    extra: str = "",
) -> str:
    return BRAND.format(name=name, heading=heading, text=text, private=private, unit=unit) + extra
