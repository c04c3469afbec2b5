"""Repairing mojibake: GBK text decoded one byte out of step, re-aligned with lost bytes filled from context."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from .changes import Change, Cleaned, Review
from .chars import SUSPECT, common, gbk_bytes, gbk_index, gbk_table, is_han

_NUMERALS = "一二三四五六七八九十"
# Garbled text that could not be re-aligned is kept between these marks for a person to fix.
MARK_OPEN, MARK_CLOSE = "【待核对乱码：", "】"
MARKED = re.compile(f"({MARK_OPEN}.*?{MARK_CLOSE})")
_TOKEN_CTX = 8  # characters of right context the re-alignment may consume
_MAX_SPAN = 16  # characters of one garbled span that re-alignment is tried on
_MAX_LOST = 4  # lost characters (?) in one span
_MAX_READINGS = 64  # readings of one byte stream
_MAX_FILLED = 24  # readings of one span whose lost bytes are filled from context


@dataclass
class _Piece:
    """A decoded character of a re-alignment: known, or a pattern with unknown bytes."""

    text: str  # the character, or "" while unresolved
    raw: tuple[int | None, ...]
    guess: str = ""  # "" (certain), "context" (filled from context), "weak" (a plausible guess)


def _candidates(raw: tuple[int | None, ...]) -> list[str]:
    if len(raw) == 1:
        return []
    lead, trail = raw
    by_lead, by_trail = gbk_index()
    if lead is not None:
        return by_lead.get(lead, [])
    if trail is not None:
        return by_trail.get(trail, [])
    return []


class _Realigner:
    """Re-decodes a mojibake span one byte back into step and fills lost bytes from context."""

    def __init__(
        self,
        document: str,
        left: str = "",
        rest: str = "",
        cache: dict[tuple[Any, ...], tuple[str, str]] | None = None,
    ) -> None:
        self.document = document
        self.cache = {} if cache is None else cache
        self.left = left  # the line before the span
        self.rest = rest  # the line after the re-aligned window

    def fill_all(self, pieces: list[_Piece]) -> list[_Piece]:
        pieces = [_Piece(p.text, p.raw, p.guess) for p in pieces]
        # Lost single bytes first (they are what pinyin and entities around them need), then
        # characters in reading order, so a heading number sees its opening bracket.
        for width in (1, 2):
            for i in range(len(pieces)):
                if not pieces[i].text and len(pieces[i].raw) == width:
                    self.fill(pieces, i)
        return pieces

    def fill(self, pieces: list[_Piece], i: int) -> None:
        piece = pieces[i]
        before = self.left + "".join(p.text or "?" for p in pieces[:i])
        after = "".join(p.text or "?" for p in pieces[i + 1 :]) + self.rest
        key = (piece.raw, before[-8:], after[:12])
        if key not in self.cache:
            self._fill(piece, before, after)
            self.cache[key] = (piece.text, piece.guess)
        piece.text, piece.guess = self.cache[key]

    def _fill(self, piece: _Piece, before: str, after: str) -> None:
        if len(piece.raw) == 1:
            # A lost single byte: an ASCII character; only the unambiguous ones are restored.
            if re.match(r"nbsp;|amp;|lt;|gt;|quot;|#\d+;", after):
                piece.text, piece.guess = "&", "context"
            elif re.match(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", after):
                piece.text, piece.guess = "(", "context"
            return
        cands = _candidates(piece.raw)
        if not cands:
            return
        prev = before[-1:] if before else ""

        def pick(options: str, guess: str = "context") -> bool:
            for ch in options:
                if ch in cands:
                    piece.text, piece.guess = ch, guess
                    return True
            return False

        # Heading numbers （一） and their closing bracket.
        if prev in "（(" and pick(_NUMERALS):
            return
        if prev in _NUMERALS and re.search(r"[（(][一二三四五六七八九十]+$", before) and pick("）"):
            return
        blank_after = after[:1] in ("　", " ", "&", "")
        # A sentence end before the indentation of what was the next paragraph.
        if is_han(prev) and blank_after and pick("。", "weak"):
            return
        # Indentation: full-width spaces at the start of the span or before more blank.
        if (not before.strip("　 ") or blank_after) and pick("　"):
            return
        # Document evidence: a candidate the clean text uses with the same right (or left) context.
        best = self._from_document(cands, before, after)
        if best:
            piece.text, piece.guess = best
            return
        if (is_han(prev) or prev == "") and pick("，", "weak"):
            return

    def _from_document(self, cands: list[str], before: str, after: str) -> tuple[str, str] | None:
        doc = self.document
        counts = _char_counts(doc)
        # Only characters the document itself uses can be evidenced by it.
        cands = (
            _present(doc, tuple(cands)) if len(cands) > 8 else [c for c in cands if counts.get(c)]
        )
        if not cands:
            return None
        for width in range(min(8, len(after)), 0, -1):
            right = after[:width]
            if "?" in right:
                continue
            hits = [(n, c) for c in cands if (n := _count(doc, c + right))]
            if hits:
                hits.sort(reverse=True)
                if len(hits) == 1 or hits[0][0] > hits[1][0]:
                    return hits[0][1], "context" if width >= 2 else "weak"
        for width in range(min(4, len(before)), 0, -1):
            left = before[-width:]
            if "?" in left:
                continue
            hits = [(n, c) for c in cands if (n := _count(doc, left + c))]
            if len(hits) == 1:
                return hits[0][1], "context" if width >= 2 else "weak"
        present = sorted(((counts[c], c) for c in cands if is_han(c)), reverse=True)
        if present and (len(present) == 1 or present[0][0] > present[1][0]):
            return present[0][1], "weak"
        return None


@lru_cache(maxsize=65536)
def _count(document: str, text: str) -> int:
    return document.count(text)


@lru_cache(maxsize=1024)
def _present(document: str, cands: tuple[str, ...]) -> list[str]:
    counts = _char_counts(document)
    return [c for c in cands if counts.get(c)]


@lru_cache(maxsize=4)
def _char_counts(document: str) -> dict[str, int]:
    return dict(Counter(document))


def _span_bytes(span: str) -> list[int | None] | None:
    """The bytes a garbled span was decoded from; ``?`` stands for two lost bytes, and ASCII
    punctuation inside a span stands for the full-width form it was narrowed from."""
    out: list[int | None] = []
    for ch in span:
        if ch in "?\ufffd":
            out += [None, None]
        elif ch == " ":
            out += [0xA1, 0xA1]
        elif ch.isascii() and not ch.isalnum():
            raw = gbk_bytes(chr(ord(ch) + 0xFEE0))
            if raw is None:
                return None
            out += list(raw)
        else:
            raw = gbk_bytes(ch)
            if raw is None:
                return None
            out += list(raw)
    return out


_Chain = tuple[_Piece, Any] | None  # a reading so far, as (last piece, the rest)


def _decode(stream: list[int | None]) -> Iterator[list[_Piece]]:
    """Every way to read a byte stream with unknown bytes as GBK characters, depth first (an
    explicit stack: a generator per byte made each reading cost as much as the stream is long)."""
    table = gbk_table()
    stack: list[tuple[int, _Chain]] = [(0, None)]
    n = len(stream)
    while stack:
        i, node = stack.pop()
        if i >= n:
            pieces: list[_Piece] = []
            while node is not None:
                pieces.append(node[0])
                node = node[1]
            yield pieces[::-1]
            continue
        b = stream[i]
        if b is not None and b < 0x80:
            stack.append((i + 1, (_Piece(chr(b), (b,)), node)))
            continue
        branches: list[tuple[int, _Chain]] = []
        if b is None:
            branches.append((i + 1, (_Piece("", (None,)), node)))
        if i + 1 < n:
            pair = (b, stream[i + 1])
            if None in pair:
                branches.append((i + 2, (_Piece("", pair), node)))
            else:
                ch = table.get(bytes(pair))  # type: ignore[arg-type]
                if ch is not None:
                    branches.append((i + 2, (_Piece(ch, pair), node)))
        stack.extend(reversed(branches))


def _score(pieces: list[_Piece], quick: bool = False) -> float:
    """How much a reading looks like Chinese text; ``quick`` leaves unfilled bytes neutral."""
    score = 0.0
    for p in pieces:
        if not p.text:
            score -= 0 if quick else 4
        elif p.guess == "weak":
            score += 0.2
        elif p.guess:
            score += 0.6
        elif SUSPECT.match(p.text):
            score -= 4
        elif common(p.text):
            score += 1
        else:
            score -= 1.5
    text = "".join(p.text or "?" for p in pieces)
    unknown = sum(1 for p in pieces if not p.text) if quick else 0
    if abs(text.count("（") - text.count("）")) > unknown:
        score -= 3
    return score


@dataclass
class Repair:
    """The outcome for one garbled span: its reading, or None when it could not be re-aligned."""

    start: int
    end: int
    garbled: str
    reading: str | None
    guessed: list[str]


def _hypotheses(
    tokens: list[int | None], right: str, right_raw: list[bytes | None]
) -> list[tuple[float, list[_Piece], int]]:
    """(penalty, reading, context characters taken) for every way the span can be re-aligned."""
    # Where a shifted pair fell in GBK's private-use area, the page dropped it without a trace;
    # such silent gaps can only sit between two whole characters of the span.
    boundaries = [i for i in range(2, len(tokens) + 1, 2) if tokens[i - 1] is not None]
    gap_sets: list[tuple[int, ...]] = [()]
    gap_sets += [(a,) for a in boundaries]
    gap_sets += [(a, b) for a in boundaries for b in boundaries if a < b]
    hypotheses: list[tuple[float, list[_Piece], int]] = []
    for gaps in gap_sets:
        stream: list[int | None] = []
        for i, b in enumerate(tokens):
            if i in gaps:
                stream += [None, None]
            stream.append(b)
        if len(tokens) in gaps:
            stream += [None, None]
        stream = stream[1:]  # one byte out of step: the first byte belongs to the previous char
        # The right context must come back into step within its first few characters.
        for take in range(min(3, len(right)) + 1):
            tail: list[int | None] = []
            for raw in right_raw[:take]:
                tail += list(raw or b"")
            for pieces in islice(_decode(stream + tail), _MAX_READINGS):
                # Taking a context character that decodes as itself changes nothing.
                if take and pieces[-1].raw == tuple(right_raw[take - 1] or b""):
                    continue
                hypotheses.append((1.5 * len(gaps), pieces, take))
    return hypotheses


def repair_span(line: str, start: int, end: int, document: str) -> Repair:
    """Re-align the garbled ``line[start:end]`` (it may consume a little of what follows)."""
    garbled = line[start:end]
    # Re-alignment tries every reading of the lost bytes; beyond a few of them the readings are
    # too many to try and too many to trust, so such a span is flagged as it is (this keeps the
    # repair linear in the length of the input).
    if len(garbled) > _MAX_SPAN or garbled.count("?") > _MAX_LOST:
        return Repair(start, end, garbled, None, [])
    tokens = _span_bytes(garbled)
    right = line[end : end + _TOKEN_CTX]
    right_raw = [gbk_bytes(c) for c in right]
    if tokens is None or None in right_raw:
        return Repair(start, end, garbled, None, [])
    hypotheses = _hypotheses(tokens, right, right_raw)
    best: tuple[float, list[_Piece], int] | None = None
    cache: dict[tuple[Any, ...], tuple[str, str]] = {}
    # Filling lost bytes from context is the costly part: only the readings that look most like
    # Chinese before filling are filled (stable order, so ties go as before).
    if len(hypotheses) > _MAX_FILLED:
        ranked = sorted(
            range(len(hypotheses)),
            key=lambda k: -(_score(hypotheses[k][1], quick=True) - hypotheses[k][0]),
        )
        keep = set(ranked[:_MAX_FILLED])
        hypotheses = [h for k, h in enumerate(hypotheses) if k in keep]
    for penalty, pieces, take in hypotheses:
        realigner = _Realigner(document, line[:start], line[end + take :], cache)
        filled = realigner.fill_all(pieces)
        score = _score(filled) - penalty
        if best is None or score > best[0]:
            best = (score, filled, take)
    if best is None:
        return Repair(start, end, garbled, None, [])
    _, pieces, take = best
    bad = [p for p in pieces if not p.text or (not p.guess and SUSPECT.match(p.text))]
    if bad or any(not p.guess and not common(p.text) for p in pieces):
        return Repair(start, end, garbled, None, [])
    reading = "".join(p.text for p in pieces)
    guessed = [p.text for p in pieces if p.guess == "weak"]
    return Repair(start, end + take, line[start : end + take], reading, guessed)


_SPAN_START = re.compile(r"\?")
_RESYNC = re.compile(r"[A-Za-z0-9]")
_TONED = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN_REST = re.compile(f"[{_TONED}]*(?:[\\s'’][{_TONED}]+)*[)）]")
_PINYIN_OPEN = re.compile(f"[(（][{_TONED}]+(?:[\\s'’][{_TONED}]+)*[)）]")


def find_garbled(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that look like GBK decoded one byte out of step: from a lost byte (``?``)
    or an impossible character to where plain ASCII brings the decoding back into step."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(line):
        m = SUSPECT.search(line, i)
        q = _SPAN_START.search(line, i)
        hits = [x.start() for x in (m, q) if x]
        if not hits:
            break
        start = min(hits)
        stop = _RESYNC.search(line, start + 1)
        end = stop.start() if stop else len(line)
        # A pinyin annotation (jiān chí) inside the span is text, not mojibake: the span ends
        # before its bracket.
        annotation = _PINYIN_OPEN.search(line, start + 1)
        if annotation and annotation.start() < end:
            end = annotation.start()
        # A pinyin annotation's accented letters are not mojibake.
        if (
            m
            and start == m.start()
            and line[start].isalpha()
            and line[start].lower() == line[start]
            and _PINYIN_REST.match(line[start:])
        ):
            i = start + 1
            continue
        # Widen to the left over a leading lost byte.
        while start > 0 and line[start - 1] == "?":
            start -= 1
        span = line[start:end]
        marks = span.count("?")
        suspects = len(SUSPECT.findall(span))
        entity_tail = bool(re.match(r"nbsp;|amp;", line[end:]))
        if suspects or marks >= 2 or (marks and entity_tail):
            spans.append((start, end))
        i = max(end, start + 1)
    return spans


def repair_mojibake(cleaned: Cleaned, document: str) -> None:
    for n, line in enumerate(cleaned.lines):
        spans = find_garbled(line)
        if not spans:
            continue
        out = []
        pos = 0
        for start, end in spans:
            if start < pos:
                continue
            repair = repair_span(line, start, end, document)
            out.append(line[pos:start])
            if repair.reading is None:
                out.append(MARK_OPEN + repair.garbled + MARK_CLOSE)
                cleaned.review.append(
                    Review(
                        n + 1,
                        repair.garbled if len(repair.garbled) <= 40 else repair.garbled[:40] + "…",
                        f"疑似 GBK 错位乱码，无法自动还原，已原样保留并标为“{MARK_OPEN}…{MARK_CLOSE}”，请对照原文修改",
                    )
                )
            else:
                out.append(repair.reading)
                cleaned.changes.append(Change("mojibake", n + 1, repair.garbled, repair.reading))
                if repair.guessed:
                    cleaned.review.append(
                        Review(
                            n + 1,
                            repair.reading.strip("　 "),
                            f"乱码已按字节重新对齐还原，其中“{'、'.join(repair.guessed)}”是根据上下文推断的，请核对",
                        )
                    )
            pos = repair.end
        out.append(line[pos:])
        cleaned.lines[n] = "".join(out)
