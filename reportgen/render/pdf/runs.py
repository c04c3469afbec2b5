"""A broken line's glyphs as runs: what the layout places for any line of text."""

from __future__ import annotations

from .glyphs import GlyphTable
from .linebreak import Line
from .placed import GlyphRun


def line_runs(
    runs: list[GlyphRun],
    line: Line,
    table: GlyphTable,
    shift: float,
    em: float,
    size: float,
    hscale: float,
    bold_span: tuple[int, int],
    left: float,
) -> None:
    """The runs of a line: consecutive drawn glyphs of one font and look whose gaps (each
    measured from the glyph before) differ by less than 0.005 pt. Spaces are not drawn."""
    bold_from, bold_to = bold_span
    chars: list[str] = []
    gap = first_gap = run_x = last_x = last_adv = 0.0
    last_font = ""
    last_bold = False
    index = line.start
    for ch, cx in zip(line.text, line.xs, strict=True):
        got = table[ch]
        index += 1
        if got is None or ch.isspace():
            continue
        x = shift + cx * em
        font = got[0]
        adv = got[1] * size * hscale
        bold = bold_from <= index - 1 < bold_to
        if chars:
            this_gap = x - (last_x + last_adv)
            if font == last_font and bold == last_bold:
                if len(chars) == 1:
                    first_gap = gap = this_gap
                    chars.append(ch)
                    last_x, last_adv = x, adv
                    continue
                if abs(this_gap - gap) < 0.005:
                    gap = this_gap
                    chars.append(ch)
                    last_x, last_adv = x, adv
                    continue
            runs.append(GlyphRun(left + run_x, last_font, last_bold, first_gap, "".join(chars)))
        chars = [ch]
        gap = first_gap = 0.0
        run_x = last_x = x
        last_adv, last_font, last_bold = adv, font, bold
    if chars:
        runs.append(GlyphRun(left + run_x, last_font, last_bold, first_gap, "".join(chars)))
