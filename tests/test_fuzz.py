"""Property: for random, mostly-valid inputs, `check` and `build` succeed or raise only
reportgen's own error family (ReportgenError) — never another exception.

The inputs are documents of both kinds with random structure (missing, extra and misplaced
keys, nesting), random Unicode (astral and control characters, braces, YAML syntax), random
numbers (huge, tiny, negative, non-finite), written as YAML or JSON and sometimes damaged byte
by byte. CI runs a bounded number of examples; ``scripts/fuzz.py`` runs many more.
"""

from __future__ import annotations

import contextlib
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.checks.engine import check_file
from reportgen.errors import ReportgenError
from reportgen.model.template import load_template
from reportgen.pipeline import build_file

EXAMPLES = int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "25"))
TEMPLATE = load_template()

_WORDS = [
    "党建",
    "引领",
    "工会",
    "完成",
    "{m}",
    "{m.rate}",
    "{x",
    "}",
    "{{",
    "\uff5b",  # full-width brace
    "：",
    ": ",
    "- ",
    "#",
    "&a",
    "*a",
    "!t",
    "\n",
    "　",
]
text = st.one_of(
    st.text(max_size=40),  # any code point hypothesis likes, controls and astral ones included
    st.lists(st.sampled_from(_WORDS), max_size=8).map("".join),
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), min_size=1, max_size=30
    ),
)
number = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(str),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e999999", "1e-999999", "-0", ".nan", "9" * 400, "0x1F"]),
    text,
)
scalar = st.one_of(text, number, st.booleans(), st.none())
anything = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["a", "body", "heading", "text", "lead"]), inner, max_size=3
        ),
    ),
    max_leaves=12,
)
metric = st.fixed_dictionaries(
    {"label": text, "value": number},
    optional={
        "unit": text,
        "target": number,
        "part_of": st.sampled_from(["m", "n", "x"]),
        "decimals": st.integers(-2, 9),
    },
)
item = st.one_of(text, st.fixed_dictionaries({"lead": text, "text": text}))
section = st.fixed_dictionaries(
    {"heading": text},
    optional={"body": st.lists(text, max_size=3), "items": st.lists(item, max_size=3)},
)
common = {
    "organization": text,
    "date": st.one_of(st.dates().map(str), text),
    "metrics": st.dictionaries(st.sampled_from(["m", "n", "x", "坏键"]), metric, max_size=3),
}
brand = st.fixed_dictionaries(
    {
        "kind": st.just("brand-submission"),
        "brand": st.fixed_dictionaries({"name": text, "meaning": text}),
        **common,
    },
    optional={"achievements": st.lists(section, max_size=4), "extra": anything, "title": text},
)
report = st.fixed_dictionaries(
    {"kind": st.just("report"), "title": text, **common},
    optional={
        "body": st.lists(st.one_of(text, section), max_size=5),
        "recipient": text,
        "extra": anything,
    },
)


def _plain(value: Any) -> Any:
    """Values YAML and JSON can both write (a float NaN stays, as YAML's .nan)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@st.composite
def input_files(draw: st.DrawFn) -> tuple[str, bytes]:
    data = _plain(draw(st.one_of(brand, report)))
    if draw(st.booleans()):
        name, raw = (
            "input.yaml",
            yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"),
        )
    else:
        name, raw = (
            "input.json",
            json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass"),
        )
    for _ in range(draw(st.integers(0, 3))):  # damage: delete, duplicate or insert bytes
        pos = draw(st.integers(0, len(raw)))
        junk = draw(
            st.sampled_from(
                [
                    b"",
                    b"\x00",
                    b"{",
                    b"]",
                    b": ",
                    b"\n  ",
                    b"&a ",
                    b"*a",
                    b"\xff",
                    raw[pos : pos + 20] * 3,
                ]
            )
        )
        raw = raw[:pos] + junk + raw[pos + draw(st.integers(0, 5)) :]
    return name, raw


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(input_files())
def test_check_and_build_raise_only_reportgen_errors(
    tmp_path: Path, case: tuple[str, bytes]
) -> None:
    name, raw = case
    path = tmp_path / name
    path.write_bytes(raw)
    check_file(path, TEMPLATE)  # reports problems, never raises for input problems
    with contextlib.suppress(ReportgenError):  # any other exception fails the property
        build_file(path, tmp_path / "out", ("docx", "pdf"), TEMPLATE)
