"""Chinese line breaking on a character grid: unbreakable units, kinsoku, justification."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
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
_EPSILON = 1e-6


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
    """A laid-out line: its glyphs, where its text starts, and how it was set."""

    glyphs: tuple[Glyph, ...]
    indent: float
    justified: bool
    last: bool

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def cells(self) -> float:
        """How many cells the line's characters take (without indent or justification)."""
        return sum(g.width for g in self.glyphs)

    @property
    def right(self) -> float:
        """Where the line's ink ends, in cells from the left edge."""
        return self.glyphs[-1].x + self.glyphs[-1].width if self.glyphs else self.indent


def tokenize(text: str, measure: Callable[[str], float]) -> list[Unit]:
    """Split ``text`` into units that are never broken across lines.

    A unit is one CJK character; or a run of letters and digits with the joiners and unit signs
    inside it (2024, 93.3%, GB/T 9704-2012, 4.2万, e-mail); or a run of — or … (—— and …… are
    one mark of two cells); or one space.
    """
    units: list[Unit] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if is_latin(ch):
            while j < n:
                c = text[j]
                nxt = text[j + 1] if j + 1 < n else ""
                if is_latin(c) or (c in _JOINERS and is_latin(nxt)):
                    j += 1
                elif c == " " and nxt.isdigit() and (text[j - 1].isalpha() or text[j - 1] == "/"):
                    # "GB/T 9704", "ISO 9001": a standard's code and its number stay together
                    j += 1
                elif c in _NUMBER_SUFFIXES and text[j - 1].isdigit():
                    j += 1
                    break
                else:
                    break
        elif ch in "—…":
            while j < n and text[j] == ch:
                j += 1
        units.append(Unit(i, text[i:j], tuple(measure(c) for c in text[i:j])))
        i = j
    return units


def _atoms(units: Sequence[Unit]) -> list[list[Unit]]:
    """Group units that must share a line: a cannot-start unit joins the one before it, and a
    cannot-end unit joins the one after it."""
    atoms: list[list[Unit]] = []
    glue_next = False
    for unit in units:
        if atoms and (glue_next or unit.text[0] in CANNOT_START) and not unit.is_space:
            atoms[-1].append(unit)
        else:
            atoms.append([unit])
        glue_next = unit.text[-1] in CANNOT_END
    return atoms


def _place(
    units: Sequence[Unit], indent: float, available: float, justify: bool, last: bool
) -> Line:
    """Place units from ``indent``; a justified line spreads its slack over the gaps between
    units (never inside a word or number), so it ends exactly at the right edge."""
    total = sum(u.width for u in units)
    gaps = len(units) - 1
    extra = 0.0
    justified = justify and not last and gaps > 0 and total < available - _EPSILON
    if justified:
        extra = (available - total) / gaps
    glyphs: list[Glyph] = []
    x = indent
    for k, unit in enumerate(units):
        for offset, (ch, w) in enumerate(zip(unit.text, unit.widths, strict=False)):
            glyphs.append(Glyph(unit.start + offset, ch, x, w))
            x += w
        if k < gaps:
            x += extra
    return Line(tuple(glyphs), indent, justified, last)


def break_lines(
    text: str,
    measure: Callable[[str], float],
    cells: int = 28,
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
    return _break_units(tokenize(text, measure), cells, first_indent, rest_indent, justify)


def _break_units(
    units: list[Unit], cells: int, first_indent: float, rest_indent: float, justify: bool
) -> list[Line]:
    atoms = _atoms(units)
    lines: list[Line] = []
    current: list[Unit] = []
    used = 0.0
    indent = first_indent

    def flush(last: bool) -> None:
        nonlocal current, used, indent
        while current and current[-1].is_space:
            current.pop()
        if current or last:
            lines.append(_place(current, indent, cells - indent, justify, last))
        current, used, indent = [], 0.0, rest_indent

    k = 0
    while k < len(atoms):
        atom = atoms[k]
        if not current and atom[0].is_space:
            k += 1  # a space never starts a line
            continue
        width = sum(u.width for u in atom)
        if used + width <= cells - indent + _EPSILON:
            current.extend(atom)
            used += width
            k += 1
            continue
        if current:
            flush(last=False)  # push the whole atom to the next line
            continue
        # The atom alone is wider than a line (a very long number or word): split it where it
        # must, as late as possible.
        room = cells - indent
        taken: list[Unit] = []
        for unit in atom:
            if used + unit.width > room + _EPSILON:
                break
            taken.append(unit)
            used += unit.width
        if not taken:
            taken, rest = _split_unit(atom[0], room)
            atoms[k] = [*rest, *atom[1:]]
            current.extend(taken)
            used = room
        else:
            current.extend(taken)
            atoms[k] = atom[len(taken) :]
        flush(last=False)
    flush(last=True)
    return lines


def _split_unit(unit: Unit, room: float) -> tuple[list[Unit], list[Unit]]:
    used = 0.0
    cut = 0
    while cut < len(unit.text) and used + unit.widths[cut] <= room + _EPSILON:
        used += unit.widths[cut]
        cut += 1
    cut = max(cut, 1)
    head = Unit(unit.start, unit.text[:cut], unit.widths[:cut])
    tail = Unit(unit.start + cut, unit.text[cut:], unit.widths[cut:])
    return [head], [tail] if tail.text else []
