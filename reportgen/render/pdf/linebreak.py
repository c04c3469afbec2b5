"""Chinese line breaking on a character grid: unbreakable units, kinsoku, justification."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .units import (
    CANNOT_END,
    CANNOT_START,
    EPSILON,
    MAX_MEASURE,
    MEASURE_WORDS,
    NUMBER_SUFFIXES,
    Unit,
    breakable_space,
    cell_width,
    is_latin,
    tokenize,
    unit_ends,
)

__all__ = [
    "CANNOT_END",
    "CANNOT_START",
    "MEASURE_WORDS",
    "Glyph",
    "Line",
    "Unit",
    "break_lines",
    "cell_width",
    "is_latin",
    "tokenize",
]


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


def break_lines(
    text: str,
    measure: Callable[[str], float],
    cells: float = 28,
    first_indent: float = 2,
    rest_indent: float = 0,
    justify: bool = True,
    squeeze: Callable[[str], int] | None = None,
) -> list[Line]:
    """Break ``text`` into lines of ``cells`` cells.

    ``measure(ch)`` gives a character's width in cells. The first line starts ``first_indent``
    cells in, the others ``rest_indent``. No line starts with a character of CANNOT_START or ends
    with one of CANNOT_END: the character before such a mark is pushed to the next line with it
    (or the opening mark is pushed down), never hung in the margin. Justified lines end exactly
    at ``cells``; the last line is flush left. A unit longer than a whole line is the only thing
    ever split.

    With ``squeeze`` the breaker pushes in before it pushes out (CLREQ §3.1.7): when a mark that
    may not start a line would be pushed to the next one, the line keeps it if punctuation on it
    can give up the room, half a cell each at most. ``squeeze(ch)`` says which half of ``ch`` is
    empty in its face: 1 the right half (。，、”）…), -1 the left half (“（《…), 0 neither.
    """
    breaker = _Breaker(text, list(map(measure, text)), squeeze)
    return breaker.lines(cells, first_indent, rest_indent, justify)


class _Breaker:
    """The units of one paragraph as parallel lists (start, end, width, is-space), indexed by
    unit number; a unit split because it is wider than a line adds its two halves at the end.

    Widths are summed in the same order everywhere (a unit's characters, then an atom's or a
    line's units), so positions are the same floats whatever the paragraph's length.
    """

    def __init__(
        self, text: str, widths: list[float], squeeze: Callable[[str], int] | None = None
    ) -> None:
        self.text = text
        self.w = widths
        # Which half of each character may be given up when a line pushes in (0: none).
        self.half = [0] * len(text)
        if squeeze is not None:
            self.half = [squeeze(ch) if w == 1.0 else 0 for ch, w in zip(text, widths, strict=True)]
        self.squeezes = any(self.half)
        ends = unit_ends(text)
        starts = [0, *ends[:-1]] if ends else []
        self.starts = starts
        self.ends = ends
        # A unit of one character is as wide as that character (sum of one non-negative float).
        self.uw = [
            widths[s] if e - s == 1 else sum(widths[s:e]) for s, e in zip(starts, ends, strict=True)
        ]
        self.space = [breakable_space(text[s:e]) for s, e in zip(starts, ends, strict=True)]

    def _add(self, start: int, end: int) -> int:
        self.starts.append(start)
        self.ends.append(end)
        self.uw.append(sum(self.w[start:end]))
        self.space.append(breakable_space(self.text[start:end]))
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
                and measures < MAX_MEASURE
                and (measures > 0 or text[s - 1].isdigit() or text[s - 1] in NUMBER_SUFFIXES)
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
        units (never inside a word or number), so it ends exactly at the right edge. A line that
        pushed in (wider than ``available``) takes the room from its punctuation instead."""
        uw, w = self.uw, self.w
        total = sum([uw[k] for k in units])
        gaps = len(units) - 1
        extra = 0.0
        justified = justify and not last and gaps > 0 and total < available - EPSILON
        if justified:
            extra = (available - total) / gaps
        if not units:
            return Line("", 0, (), (), indent, justified, last)
        starts, ends = self.starts, self.ends
        first, end = starts[units[0]], ends[units[-1]]
        if total > available + EPSILON:
            squeezed = self._squeezed(units, indent, total - available)
            return Line(
                self.text[first:end], first, squeezed, tuple(w[first:end]), indent, True, last
            )
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

    def _squeezable(self, first: int, end: int) -> list[int]:
        """The characters of ``text[first:end]`` set on one line that may give up half a cell:
        an opening mark's empty left half only when a character stands before it on the line."""
        half = self.half
        return [
            c for c in range(first, end) if half[c] > 0 or (half[c] < 0 and first < c < end - 1)
        ]

    def _squeezed(self, units: list[int], indent: float, deficit: float) -> tuple[float, ...]:
        """Positions on a pushed-in line: the line's last mark gives up its half first (JLREQ
        3.8.2 sets a line-end mark half wide), the others share what is still missing."""
        first, end = self.starts[units[0]], self.ends[units[-1]]
        marks = self._squeezable(first, end)
        cut: dict[int, float] = {}
        if marks and marks[-1] == end - 1:
            cut[end - 1] = min(0.5, deficit)
            deficit -= cut[end - 1]
            marks.pop()
        for c in marks:
            cut[c] = min(0.5, deficit / len(marks))
        half, w = self.half, self.w
        xs: list[float] = []
        x = indent
        for c in range(first, end):
            r = cut.get(c, 0.0)
            if half[c] < 0:
                x -= r
            xs.append(x)
            x += w[c] - (r if half[c] > 0 else 0.0)
        return tuple(xs)

    def _pushes_in(self, row: list[list[int]], atom: list[int], over: float) -> bool:
        """Whether ``atom``, ``over`` cells too wide for the line, stays on it by squeezing: only
        when a mark that may not start a line is what would be pushed out."""
        if not row or not self.squeezes:
            return False
        starts, ends, text = self.starts, self.ends, self.text
        if not any(text[c] in CANNOT_START for u in atom for c in range(starts[u], ends[u])):
            return False
        marks = self._squeezable(starts[row[0][0]], ends[atom[-1]])
        return over <= 0.5 * len(marks) + EPSILON

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
            if used + width <= cells - indent + EPSILON:
                current.append(atom)
                used += width
                k += 1
                continue
            if self._pushes_in(current, atom, used + width - (cells - indent)):
                current.append(atom)  # push in: its punctuation makes the room
                k += 1
                flush(last=False)
                continue
            if current:
                flush(last=False)  # push the whole atom to the next line
                continue
            # The atom alone is wider than a line (a very long number or word): split it where
            # it must, as late as possible.
            room = cells - indent
            taken: list[int] = []
            for unit in atom:
                if used + uw[unit] > room + EPSILON:
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
        if width > cells - indent + EPSILON:
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
        while cut < end and used + w[cut] <= room + EPSILON:
            used += w[cut]
            cut += 1
        cut = max(cut, start + 1)
        head = self._add(start, cut)
        return head, [self._add(cut, end)] if cut < end else []
