"""Chinese line breaking on a character grid: unbreakable units, kinsoku, justification."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Characters that may not start a line (GB/T 15834 habit; W3C clreq §3.1.7): closing marks,
# pause and stop marks, the dash and ellipsis (which belong to the text before them), and signs
# that follow a number.
CANNOT_START = frozenset(
    "，。、；：？！”’）》〕】」』〉\uff3d\uff5d…—\u2013～%‰％℃°\u2032″·・々ー,.;:?!)]}>"
)
# Characters that may not end a line: opening marks belong to the text after them.
CANNOT_END = frozenset("“‘（《〔【「『〈\uff3b\uff5b([{<")
# Ambiguous-width characters that Chinese fonts draw one em wide and a grid gives a full cell.
_FULL_AMBIGUOUS = frozenset("—…“”‘’·×÷°\u2032″§№‰℃※→←↑↓△▲○●□■◆◇★☆")
# Characters that may join a run of digits or Latin letters when a letter or digit follows.
_JOINERS = frozenset(".,:/-+_'&·@#")
# Signs and Chinese unit characters that stay on a number they follow (93.3%, 4.2万, 30℃).
_NUMBER_SUFFIXES = frozenset("%‰％℃°万亿")
# Measure words, counters and approximators that stay on the number before them (326名, 2380人次,
# 12月, 100余家): CLREQ §3.1.5 and JLREQ 3.1.10 keep a number and its unit on one line.
MEASURE_WORDS = frozenset(
    "个名人次家件项场期户所余多元角条篇册份支座处间台辆套批类种届轮位岁年月日号天周时分秒倍"
    "米亩吨斤克千百万亿页章节张本部集"
)
# At most this many measure characters join a number (100余名, 2380人次).
_MAX_MEASURE = 3
_EPSILON = 1e-6
# A run of Latin text at least this long (a URL, a file path) may break after a "/".
_PATH_BREAK = 8
_MAX_JOINERS = 3


def is_latin(ch: str) -> bool:
    """Letters and digits that form words (ASCII and full-width forms)."""
    return (ch.isascii() and ch.isalnum()) or "０" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff5a"


def cell_width(ch: str, advance: float) -> float:
    """The width of ``ch`` on the grid, in cells, given its font advance in em.

    Wide and full-width characters take exactly one cell whatever the face says (a face's — may be
    0.92 em), so every full line of Chinese text has the same number of cells.
    """
    if unicodedata.east_asian_width(ch) in "WF" or ch in _FULL_AMBIGUOUS:
        return 1.0
    return advance


@dataclass(frozen=True)
class Unit:
    """An unbreakable piece of text: one hanzi, a number with its unit, a word, a —— pair."""

    start: int
    text: str
    widths: tuple[float, ...]

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


@dataclass(frozen=True)
class Glyph:
    """One character placed on a line: ``x`` and ``width`` in cells from the left edge."""

    index: int
    char: str
    x: float
    width: float


@dataclass(frozen=True)
class Line:
    """A laid-out line: its text (``start`` is where it begins in the paragraph), each
    character's ``x`` and width in cells, where its text starts, and how it was set.

    The characters of a line are always one stretch of the paragraph, so the line keeps plain
    tuples; :attr:`glyphs` builds the per-character view for readers that want it.
    """

    text: str
    start: int
    xs: tuple[float, ...]
    widths: tuple[float, ...]
    indent: float
    justified: bool
    last: bool

    @property
    def glyphs(self) -> tuple[Glyph, ...]:
        return tuple(
            Glyph(self.start + i, ch, x, w)
            for i, (ch, x, w) in enumerate(zip(self.text, self.xs, self.widths, strict=True))
        )

    @property
    def cells(self) -> float:
        """How many cells the line's characters take (without indent or justification)."""
        return sum(self.widths)

    @property
    def right(self) -> float:
        """Where the line's ink ends, in cells from the left edge."""
        return self.xs[-1] + self.widths[-1] if self.xs else self.indent


# Characters that may begin a unit of more than one character: letters and digits (see
# is_latin) and the marks that double (—— and ……). Every other character is a unit by itself.
_MULTI_START = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff5a—…]")


def _unit_end(text: str, i: int) -> int:
    """Where the unit starting at ``text[i]`` (one of _MULTI_START) ends."""
    n = len(text)
    ch = text[i]
    j = i + 1
    if is_latin(ch):
        while j < n:
            c = text[j]
            nxt = text[j + 1] if j + 1 < n else ""
            if is_latin(c):
                j += 1
            elif c in _JOINERS:
                # Up to three joiners between letters stay inside the run ("://" in a URL).
                k = j + 1
                while k < n and k - j < _MAX_JOINERS and text[k] in _JOINERS:
                    k += 1
                if k >= n or not is_latin(text[k]):
                    break
                j = k
                if text[k - 1] == "/" != text[k - 2] and k - i >= _PATH_BREAK:
                    break  # a long URL or path may break after a slash (not "//"); GB/T stays whole
            elif c == " " and nxt.isdigit() and (text[j - 1].isalpha() or text[j - 1] == "/"):
                # "GB/T 9704", "ISO 9001": a standard's code and its number stay together
                j += 1
            elif c in _NUMBER_SUFFIXES and text[j - 1].isdigit():
                j += 1
                break
            else:
                break
    else:
        while j < n and text[j] == ch:
            j += 1
    return j


def _unit_ends(text: str) -> list[int]:
    """The end of every unit of ``text``, in order (see :func:`tokenize`)."""
    ends: list[int] = []
    pos, n = 0, len(text)
    search = _MULTI_START.search
    while True:
        found = search(text, pos)
        stop = found.start() if found else n
        ends.extend(range(pos + 1, stop + 1))
        if found is None:
            return ends
        pos = _unit_end(text, stop)
        ends.append(pos)


def _breakable_space(text: str) -> bool:
    """A space a line may break at (and drop). The ideographic space U+3000 is not one: it is a
    full cell of content, used for indentation (附件 entries, typed paragraph indents)."""
    return text.isspace() and "\u3000" not in text


def tokenize(text: str, measure: Callable[[str], float]) -> list[Unit]:
    """Split ``text`` into units that are never broken across lines.

    A unit is one CJK character; or a run of letters and digits with the joiners and unit signs
    inside it (2024, 93.3%, GB/T 9704-2012, 4.2万, e-mail); or a run of — or … (—— and …… are
    one mark of two cells); or one space.
    """
    widths = [measure(c) for c in text]
    units = []
    start = 0
    for end in _unit_ends(text):
        units.append(Unit(start, text[start:end], tuple(widths[start:end])))
        start = end
    return units


def break_lines(
    text: str,
    measure: Callable[[str], float],
    cells: float = 28,
    first_indent: float = 2,
    rest_indent: float = 0,
    justify: bool = True,
) -> list[Line]:
    """Break ``text`` into lines of ``cells`` cells.

    ``measure(ch)`` gives a character's width in cells. The first line starts ``first_indent``
    cells in, the others ``rest_indent``. No line starts with a character of CANNOT_START or ends
    with one of CANNOT_END: the character before such a mark is pushed to the next line with it
    (or the opening mark is pushed down), never hung in the margin. Justified lines end exactly
    at ``cells``; the last line is flush left. A unit longer than a whole line is the only thing
    ever split.
    """
    return _Breaker(text, list(map(measure, text))).lines(cells, first_indent, rest_indent, justify)


class _Breaker:
    """The units of one paragraph as parallel lists (start, end, width, is-space), indexed by
    unit number; a unit split because it is wider than a line adds its two halves at the end.

    Widths are summed in the same order everywhere (a unit's characters, then an atom's or a
    line's units), so positions are the same floats whatever the paragraph's length.
    """

    def __init__(self, text: str, widths: list[float]) -> None:
        self.text = text
        self.w = widths
        ends = _unit_ends(text)
        starts = [0, *ends[:-1]] if ends else []
        self.starts = starts
        self.ends = ends
        # A unit of one character is as wide as that character (sum of one non-negative float).
        self.uw = [
            widths[s] if e - s == 1 else sum(widths[s:e]) for s, e in zip(starts, ends, strict=True)
        ]
        self.space = [_breakable_space(text[s:e]) for s, e in zip(starts, ends, strict=True)]

    def _add(self, start: int, end: int) -> int:
        self.starts.append(start)
        self.ends.append(end)
        self.uw.append(sum(self.w[start:end]))
        self.space.append(_breakable_space(self.text[start:end]))
        return len(self.starts) - 1

    def _atoms(self) -> tuple[list[list[int]], list[float]]:
        """Group units that must share a line: a cannot-start unit joins the one before it, and
        a cannot-end unit joins the one after it. Also each group's width."""
        text, space, uw = self.text, self.space, self.uw
        atoms: list[list[int]] = []
        glue_next = False
        measures = 0  # measure characters glued to the number before them so far
        for k, (s, e) in enumerate(zip(self.starts, self.ends, strict=True)):
            measure = (
                e - s == 1
                and text[s] in MEASURE_WORDS
                and k > 0
                and measures < _MAX_MEASURE
                and (measures > 0 or text[s - 1].isdigit() or text[s - 1] in _NUMBER_SUFFIXES)
            )
            measures = measures + 1 if measure else 0
            if atoms and not space[k] and (glue_next or measure or text[s] in CANNOT_START):
                if text[s] in CANNOT_START and len(atoms) > 1 and all(space[u] for u in atoms[-1]):
                    # "八 ，": the mark may not start a line, so it stays with the word before
                    # the space too (a line never starts with a space, which would drop it).
                    atoms[-2].extend(atoms.pop())
                atoms[-1].append(k)
            else:
                atoms.append([k])
            glue_next = text[e - 1] in CANNOT_END
        widths = [uw[a[0]] if len(a) == 1 else sum([uw[u] for u in a]) for a in atoms]
        return atoms, widths

    def _place(
        self, units: list[int], indent: float, available: float, justify: bool, last: bool
    ) -> Line:
        """Place units from ``indent``; a justified line spreads its slack over the gaps between
        units (never inside a word or number), so it ends exactly at the right edge."""
        uw, w = self.uw, self.w
        total = sum([uw[k] for k in units])
        gaps = len(units) - 1
        extra = 0.0
        justified = justify and not last and gaps > 0 and total < available - _EPSILON
        if justified:
            extra = (available - total) / gaps
        if not units:
            return Line("", 0, (), (), indent, justified, last)
        starts, ends = self.starts, self.ends
        first, end = starts[units[0]], ends[units[-1]]
        xs: list[float] = []
        append = xs.append
        x = indent
        for unit in units:
            start = starts[unit]
            append(x)
            x += w[start]
            if ends[unit] - start > 1:
                for c in range(start + 1, ends[unit]):
                    append(x)
                    x += w[c]
            x += extra  # after the last unit too: x is not read again
        return Line(
            self.text[first:end], first, tuple(xs), tuple(w[first:end]), indent, justified, last
        )

    def lines(
        self, cells: float, first_indent: float, rest_indent: float, justify: bool
    ) -> list[Line]:
        rows = self._rows(cells, first_indent, rest_indent)
        self._no_lone_last_character(rows, cells)
        out = []
        for i, (row, indent) in enumerate(rows):
            last = i == len(rows) - 1
            units = [u for atom in row for u in atom]
            out.append(self._place(units, indent, cells - indent, justify, last))
        return out

    def _rows(
        self, cells: float, first_indent: float, rest_indent: float
    ) -> list[tuple[list[list[int]], float]]:
        """Greedy filling: each line's atoms (trailing spaces dropped) and its indent."""
        uw, space = self.uw, self.space
        atoms, atom_widths = self._atoms()
        rows: list[tuple[list[list[int]], float]] = []
        current: list[list[int]] = []
        used = 0.0
        indent = first_indent

        def flush(last: bool) -> None:
            nonlocal current, used, indent
            self._drop_trailing_spaces(current)
            if current or last:
                rows.append((current, indent))
            current, used, indent = [], 0.0, rest_indent

        k = 0
        while k < len(atoms):
            atom = atoms[k]
            if not current and space[atom[0]]:
                k += 1  # a space never starts a line
                continue
            width = atom_widths[k]
            if used + width <= cells - indent + _EPSILON:
                current.append(atom)
                used += width
                k += 1
                continue
            if current:
                flush(last=False)  # push the whole atom to the next line
                continue
            # The atom alone is wider than a line (a very long number or word): split it where
            # it must, as late as possible.
            room = cells - indent
            taken: list[int] = []
            for unit in atom:
                if used + uw[unit] > room + _EPSILON:
                    break
                taken.append(unit)
                used += uw[unit]
            if not taken:
                head, rest = self._split(atom[0], room)
                atoms[k] = [*rest, *atom[1:]]
                atom_widths[k] = sum([uw[u] for u in atoms[k]])
                current.append([head])
            else:
                current.append(taken)
                atoms[k] = atom[len(taken) :]
                atom_widths[k] = sum([uw[u] for u in atoms[k]])
            flush(last=False)
        flush(last=True)
        return rows

    def _no_lone_last_character(
        self, rows: list[tuple[list[list[int]], float]], cells: float
    ) -> None:
        """A paragraph's last line never holds a single character (a 孤字 such as “题。”): the
        last atom of the line before goes down with it, when both then fit (CLREQ §3.1.8)."""
        if len(rows) < 2:
            return
        last, indent = rows[-1]
        text = "".join(self.text[self.starts[u] : self.ends[u]] for atom in last for u in atom)
        if len([c for c in text if c not in CANNOT_START and not c.isspace()]) != 1:
            return
        before = rows[-2][0]
        if len(before) < 2:
            return
        moved = before[-1]
        width = sum(self.uw[u] for atom in (moved, *last) for u in atom)
        if width > cells - indent + _EPSILON:
            return
        before.pop()
        self._drop_trailing_spaces(before)
        rows[-1] = ([moved, *last], indent)

    def _drop_trailing_spaces(self, row: list[list[int]]) -> None:
        """A line never ends with a space: the break drops it."""
        while row and self.space[row[-1][-1]]:
            row[-1].pop()
            if not row[-1]:
                row.pop()

    def _split(self, unit: int, room: float) -> tuple[int, list[int]]:
        """The head of ``unit`` that fits in ``room`` (at least one character), and its tail."""
        start, end, w = self.starts[unit], self.ends[unit], self.w
        used = 0.0
        cut = start
        while cut < end and used + w[cut] <= room + _EPSILON:
            used += w[cut]
            cut += 1
        cut = max(cut, start + 1)
        head = self._add(start, cut)
        return head, [self._add(cut, end)] if cut < end else []
