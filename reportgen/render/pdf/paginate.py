"""Pagination: blocks of grid rows onto pages of 22 lines (GB/T 9704 §5.2.3), headings kept with
what follows, the closing never alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from .placed import GlyphRun, Rule


@dataclass
class Row:
    """One line of the grid: its runs of glyphs (all of one role, so one size and horizontal
    scale; x from the left margin), and an outline entry if a title or heading starts here."""

    runs: list[GlyphRun] = field(default_factory=list)
    size: float = 16
    hscale: float = 1.0
    bookmark: tuple[str, int] | None = None
    closing: bool = False
    # Rules drawn with the row (a table's, §8): x from the page's left edge, y in pt *below the
    # top of the row's grid line*; placing the row turns them into the page's rules.
    rules: list[Rule] = field(default_factory=list)
    # Runs set half a grid line lower (a table cell centred in a row an odd number of lines
    # taller than it, as Word and LibreOffice centre it).
    half_runs: list[GlyphRun] = field(default_factory=list)
    turned: bool = False  # on a 横排 page (§8)


@dataclass
class Block:
    """Rows that paginate together, and the blank grid lines around them."""

    rows: list[Row]
    space_before: int = 0
    space_after: int = 0
    keep_with_next: bool = False
    keep_together: bool = False
    # Carry lines of the block before onto a new page rather than start one alone (the closing:
    # the template's closing.keep_lines, §7.3.5).
    keep_with_previous: int = 0
    # Start a new page (a bound 附件, §7.3.7).
    new_page: bool = False
    # A table (§8): its first ``caption`` rows are its title, the next ``head`` rows its head
    # row, repeated at the top of every page it runs on to; then its rows, ``units`` grid lines
    # each, a row moving whole to the next page unless it is longer than a page.
    caption: int = 0
    head: int = 0
    units: tuple[int, ...] = ()
    # A 横排 table (§8): on pages of its own, of this many lines (0: the body's pages).
    page_lines: int = 0


def paginate(blocks: list[Block], per_page: int, min_lines: int = 1) -> list[list[Row | None]]:
    """Rows onto pages of ``per_page`` lines; None is a blank line. A heading stays with the
    first lines of what follows it; blank lines never open a page; a paragraph split across
    pages leaves at least ``min_lines`` lines on each side (widow and orphan control, as Word's
    and LibreOffice's widow control do with 2); the closing never stands alone on the last page
    when lines of the body can go with it: a block with ``keep_with_previous`` takes up to that
    many lines of the block before it (all of them when it is that short) onto its new page."""
    pages: list[list[Row | None]] = [[]]
    tail = 0  # lines of the block before on the current page

    for i, block in enumerate(blocks):
        page = pages[-1]
        blanks = block.space_before + (blocks[i - 1].space_after if i else 0)
        if not page:
            blanks = 0
        wanted = min(_need(blocks, i, min_lines), per_page)
        if block.units and block.page_lines:
            if page:
                pages.append([])
            _table(pages, block, 0, block.page_lines)
            pages.append([])  # what follows starts a new page
            tail = 0
            continue
        if block.units:
            _table(pages, block, blanks, per_page)
            tail = 0  # a closing after a table takes no table rows with it
            continue
        if page and block.new_page:
            pages.append([])
            page = pages[-1]
            blanks = 0
        elif page and blanks + wanted > per_page - len(page):
            count = min(block.keep_with_previous, tail)
            if 0 < tail - count < min_lines:
                count = tail  # leave no orphan behind: the paragraph goes whole
            carried = _carry(page, count)
            pages.append(carried)
            page = pages[-1]
            if not carried:
                blanks = 0
        page.extend([None] * blanks)
        tail = 0
        for j, row in enumerate(block.rows):
            if len(page) >= per_page:
                # widow control: the lines left for the next page are too few, so lines of
                # this page go with them (never below min_lines here: need() saw to that)
                short = min_lines - (len(block.rows) - j)
                moved = page[-short:] if 0 < short < tail else []
                if moved:
                    del page[-short:]
                pages.append(moved)
                page = pages[-1]
                tail = len(moved)
            page.append(row)
            tail += 1
    if len(pages) > 1 and not pages[-1]:
        pages.pop()  # a 横排 table ended the document
    return pages


def _need(blocks: list[Block], i: int, min_lines: int) -> int:
    """Lines of block ``i`` (and of those it keeps with) that must share its first page."""
    block = blocks[i]
    rows = len(block.rows)
    if block.units:
        return block.caption + block.head + block.units[0]
    # too short to split with min_lines on each side: it moves whole
    whole = block.keep_with_next or block.keep_together or rows < 2 * min_lines
    n = rows if whole else min_lines
    if block.keep_with_next and i + 1 < len(blocks):
        n += block.space_after + blocks[i + 1].space_before + _need(blocks, i + 1, min_lines)
    return n


def _table(pages: list[list[Row | None]], block: Block, blanks: int, per_page: int) -> None:
    """A table onto pages: its caption, head and first row together; a row that does not fit
    opens a new page that starts with the head again; a row longer than a page is split there."""
    cap, head_n = block.caption, block.head
    head = block.rows[cap : cap + head_n]
    page = pages[-1]
    first = min(cap + head_n + block.units[0], per_page)
    if page and blanks + first > per_page - len(page):
        pages.append([])
        page, blanks = pages[-1], 0
    page.extend([None] * blanks)
    page.extend(block.rows[: cap + head_n])
    start = cap + head_n
    fresh = True  # no row of the table on this page yet
    for n in block.units:
        unit = block.rows[start : start + n]
        start += n
        if n > per_page - len(page) and not fresh:
            # the row opens the next page, under the head again (and is split there when it
            # is longer than a page, as LibreOffice and Word split it)
            pages.append(list(head))
            page = pages[-1]
        fresh = False
        for row in unit:
            if len(page) >= per_page:
                pages.append(list(head))
                page = pages[-1]
            page.append(row)


def _carry(page: list[Row | None], count: int) -> list[Row | None]:
    """Take the last ``count`` lines of a page (after trailing blanks) to start the next one,
    unless that would leave a heading at the bottom or take the whole page."""
    while page and page[-1] is None:
        page.pop()
    if count <= 0 or len(page) <= count:
        return []
    rest = page[:-count]
    if rest and rest[-1] is not None and rest[-1].bookmark is not None and rest[-1].bookmark[1] > 0:
        return []  # the line before is a heading: moving would strand it
    carried = page[-count:]
    del page[-count:]
    return carried


def closing_alone(pages: list[list[Row | None]]) -> bool:
    """True when the last page holds nothing but the signature and date."""
    if len(pages) < 2:
        return False
    rows = [r for r in pages[-1] if r is not None]
    return bool(rows) and all(r.closing for r in rows)
