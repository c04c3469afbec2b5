"""Writing imported data as a readable input file: schema modeline, key order, block text, comments."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, ReportgenError
from ..model.models import SCHEMA_ID
from ..model.validate import validate
from ..source.loader import Source, parse_source, parse_text
from .result import Imported

_INDENT = "  "
# Text longer than this is written as a block literal, so an editor sees it wrapped at its start.
_LONG = 100
_YAML11_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])
_METRIC_ORDER = ("label", "value", "unit", "target", "part_of", "decimals")


# Characters YAML may not hold raw (C0/C1 controls but tab and newline, line and paragraph
# separators, non-characters, lone surrogates); a comment must not even hold a newline.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
)


# Starts with a non-ASCII character (no indicator, no number) and holds none of the characters
# that could end or change a plain scalar; anything else is decided by parsing it.
_SAFE_PLAIN = re.compile(r"[^\x00-\x7f][^\x00-\x1f:#{}\[\],&*!|>'\"%@`\\]*\Z")


def comment_text(text: str) -> str:
    """``text`` made safe as one comment line: every control character shown as an escape."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\n", "\\n"))


def schema_reference(out_path: Path | None) -> str:
    """The modeline's schema: the project's schemas/ file relative to the output, else the id."""
    schema = Path.cwd() / "schemas" / "reportgen.schema.json"
    if not schema.exists():
        return SCHEMA_ID
    base = out_path.resolve().parent if out_path else Path.cwd().resolve()
    return Path(os.path.relpath(schema.resolve(), base)).as_posix()


def _plain_ok(text: str, flow: bool = False) -> bool:
    if not text or text != text.strip() or "\n" in text or _UNPRINTABLE.search(text):
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    if text.lower() in _YAML11_WORDS:
        return False  # reportgen reads them as text, but YAML 1.1 editors would not
    if _SAFE_PLAIN.match(text):
        return True  # Chinese text without YAML's indicators reads back as itself
    try:
        loaded = parse_text(f"k: {{x: {text}}}" if flow else f"k: {text}")
    except InputError:
        return False
    value = loaded["k"]["x"] if flow else loaded["k"]
    return isinstance(value, str) and value == text


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML: plain when that reads back as the same text, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    dumped = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1_000_000)
    return dumped.strip().removesuffix("...").strip()


def _block(text: str, indent: str) -> list[str]:
    header = "|" if text.endswith("\n") else "|-"
    return [header] + [(indent + line) if line else "" for line in text.rstrip("\n").split("\n")]


class _Writer:
    def __init__(self, imported: Imported) -> None:
        self.imported = imported
        self.lines: list[str] = []

    def comments(self, path: tuple[str | int, ...], indent: str) -> None:
        for text in self.imported.comments.get(path, []):
            self.lines.append(f"{indent}# {comment_text(text)}")

    def value(self, key_text: str, value: Any, path: tuple[str | int, ...], indent: str) -> None:
        """``key_text`` is "key: " or "- " (already indented)."""
        if (
            isinstance(value, str)
            and ("\n" in value or len(value) > _LONG)
            and not _UNPRINTABLE.search(value)
            and value == value.strip()
            and "\t" not in value
        ):
            block = _block(value, indent + _INDENT)
            self.lines.append(key_text + block[0])
            self.lines.extend(block[1:])
        elif isinstance(value, dict):
            if not value:
                self.lines.append(key_text + "{}")
                return
            first = True
            for k, v in value.items():
                sub = (*path, k)
                if first and key_text.strip() == "-":
                    self.comments(sub, indent + _INDENT)
                    self.value(key_text + f"{k}: ", v, sub, indent + _INDENT)
                    first = False
                    continue
                if first:
                    self.lines.append(key_text.rstrip())
                    first = False
                self.comments(sub, indent + _INDENT)
                self.value(f"{indent}{_INDENT}{k}: ", v, sub, indent + _INDENT)
        elif (
            isinstance(value, list)
            and "table" in path
            and all(not isinstance(v, (dict, list)) for v in value)
        ):  # a table's head or row: one line, as a person writes it
            self.lines.append(key_text + "[" + ", ".join(scalar(v, flow=True) for v in value) + "]")
        elif isinstance(value, list):
            if not value:
                self.lines.append(key_text + "[]")
                return
            self.lines.append(key_text.rstrip())
            for i, v in enumerate(value):
                self.comments((*path, i), indent + _INDENT)
                self.value(f"{indent}{_INDENT}- ", v, (*path, i), indent + _INDENT)
        else:
            self.lines.append(key_text + scalar(value))

    def metrics(self, metrics: dict[str, dict[str, Any]]) -> None:
        self.lines.append("metrics:")
        for key, metric in metrics.items():
            self.comments(("metrics", key), _INDENT)
            fields = ", ".join(
                f"{k}: {scalar(metric[k], flow=True)}" for k in _METRIC_ORDER if k in metric
            )
            self.lines.append(f"{_INDENT}{key}: {{{fields}}}")


def dump(imported: Imported, out_path: Path | None = None) -> str:
    """The imported data as the text of an input file that ``reportgen check`` accepts."""
    data = imported.data
    w = _Writer(imported)
    w.lines.append(f"# yaml-language-server: $schema={schema_reference(out_path)}")
    w.lines.append(
        comment_text(
            f"# 由 reportgen import 从 {imported.source} 导入。标有“请核对”的地方需要人工确认。"
        )
    )
    for review in imported.review:
        w.lines.append(
            comment_text(f"# 请核对：原文第{review.line}行“{review.span}”：{review.message}")
        )
    for key, value in data.items():
        w.comments((key,), "")
        if key == "metrics":
            w.metrics(value)
        else:
            w.value(f"{key}: ", value, (key,), "")
    text = "\n".join(w.lines) + "\n"
    verify(text, imported)
    return text


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, (int, float, Decimal)) and not isinstance(node, bool):
        return Decimal(str(node)).normalize()
    return str(node) if not isinstance(node, bool) else node


def verify(text: str, imported: Imported) -> None:
    """Load the written text with reportgen's own loader and validate it: it must read back as
    exactly the imported data and be a valid input, or nothing is written."""
    name = "（导入结果）"
    try:
        loaded = parse_source(Path(name), Source(name, text))
    except InputError as exc:
        raise ReportgenError(
            "导入结果写成 YAML 后无法读回（这是 reportgen 的缺陷，请报告）："
            + exc.problems[0].message
        ) from None
    if _plain(loaded.data) != _plain(imported.data):
        raise ReportgenError(
            "导入结果写成 YAML 后读回的内容与导入的不一致（这是 reportgen 的缺陷，请报告）"
        )
    validate(loaded)
