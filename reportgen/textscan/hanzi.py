"""Traditional characters in simplified text (RG207), through OpenCC with an exact prefilter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from .base import HANZI_RE, Edit, Hit

# --------------------------------------------------------------------------- RG207 traditional


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    converter = opencc.OpenCC("t2s")
    convert: Callable[[str], str] = converter.convert
    return convert


@lru_cache(maxsize=1)
def _t2s_changes() -> frozenset[str] | None:
    """Every character OpenCC's t2s tables can change, read from those tables; None when they
    cannot be read (then every text is converted). Text with none of them converts to itself,
    which spares the converter (the bulk of a check's time) for almost all simplified text."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    chars: set[str] = set()
    try:
        for name in ("TSCharacters.txt", "TSPhrases.txt"):
            for line in (folder / name).read_text(encoding="utf-8").splitlines():
                key, _, values = line.partition("\t")
                for value in values.split() or [key]:
                    if len(value) == len(key):
                        chars.update(k for k, v in zip(key, value, strict=True) if k != v)
                    else:
                        chars.update(key)
    except OSError:
        return None
    return frozenset(chars)


def simplified(text: str) -> str:
    """``text`` converted to simplified characters (OpenCC t2s, phrase-aware)."""
    changes = _t2s_changes()
    if changes is not None and changes.isdisjoint(text):
        return text
    return _t2s()(text)


def traditional(text: str) -> Iterator[Hit]:
    """Traditional characters in a simplified document, named with their simplified forms."""
    if not HANZI_RE.search(text):
        return
    converted = simplified(text)
    if converted == text:
        return
    if len(converted) != len(text):
        converted = "".join(simplified(ch) if len(simplified(ch)) == 1 else ch for ch in text)
    edits = tuple(
        Edit(i, i + 1, new)
        for i, (old, new) in enumerate(zip(text, converted, strict=True))
        if old != new
    )
    if edits:
        yield traditional_hit(text, edits)


def traditional_hit(text: str, edits: tuple[Edit, ...]) -> Hit:
    """One finding for all traditional characters of a string, naming each one once."""
    pairs = dict.fromkeys(f"{text[e.start]}→{e.new}" for e in edits)
    shown = "、".join(list(pairs)[:12]) + ("等" if len(pairs) > 12 else "")
    first = edits[0].start
    return Hit(
        "RG207",
        first,
        first + 1,
        f"简体文档中有繁体字（{len(edits)} 处）：{shown}",
        edits,
        f"改为简体：{shown}",
    )
