"""Pagination on the grid: headings kept with what follows, the closing never alone."""

from __future__ import annotations

import pytest

from reportgen.render.pdf.paginate import Block, Row, closing_alone, paginate

PER_PAGE = 22


def _rows(n: int, tag: str, **kw: object) -> list[Row]:
    return [Row(bookmark=(tag, -1), **kw) for _ in range(n)]  # type: ignore[arg-type]


def _tag(row: Row | None) -> str:
    return "" if row is None or row.bookmark is None else row.bookmark[0]


def _closing(keep: int) -> Block:
    return Block(
        _rows(2, "closing", closing=True), 1, 0, keep_together=True, keep_with_previous=keep
    )


@pytest.mark.parametrize(
    ("before", "last", "keep", "on_last_page"),
    [
        # the page is full: the closing takes the last paragraph with it when it is that short …
        (19, 3, 4, ["last"] * 3),
        (18, 4, 4, ["last"] * 4),
        (20, 2, 4, ["last"] * 2),
        (21, 1, 4, ["last"]),
        # … and its last `keep` lines when it is longer
        (16, 6, 4, ["last"] * 4),
        (16, 6, 2, ["last"] * 2),
        # keep 0: nothing goes with it, the closing stands alone (and is reported)
        (19, 3, 0, []),
    ],
)
def test_closing_takes_lines_of_the_paragraph_before(
    before: int, last: int, keep: int, on_last_page: list[str]
) -> None:
    blocks = [Block(_rows(before, "body")), Block(_rows(last, "last")), _closing(keep)]
    pages = paginate(blocks, PER_PAGE)
    assert len(pages) == 2
    tags = [_tag(r) for r in pages[-1]]
    assert tags == [*on_last_page, *([""] if on_last_page else []), "closing", "closing"]
    assert closing_alone(pages) is (not on_last_page)
    assert sum(len(p) for p in pages) >= before + last + 2


def test_closing_that_fits_stays_on_the_page() -> None:
    pages = paginate([Block(_rows(10, "body")), _closing(4)], PER_PAGE)
    assert len(pages) == 1 and [_tag(r) for r in pages[0]][-3:] == ["", "closing", "closing"]


def test_nothing_is_carried_when_that_would_strand_a_heading() -> None:
    heading = Row(bookmark=("heading", 1))
    blocks = [
        Block(_rows(18, "body")),
        Block([heading], keep_with_next=True),
        Block(_rows(3, "last")),
        _closing(4),
    ]
    pages = paginate(blocks, PER_PAGE)
    assert [_tag(r) for r in pages[-1]] == ["closing", "closing"]
    assert closing_alone(pages)


def test_heading_moves_with_the_first_line_after_it() -> None:
    blocks = [
        Block(_rows(21, "body")),
        Block([Row(bookmark=("heading", 1))], keep_with_next=True),
        Block(_rows(3, "after")),
    ]
    pages = paginate(blocks, PER_PAGE)
    assert len(pages[0]) == 21
    assert [_tag(r) for r in pages[1]] == ["heading", "after", "after", "after"]


def _counts(pages: list[list[Row | None]], tag: str) -> list[int]:
    return [sum(_tag(r) == tag for r in page) for page in pages]


@pytest.mark.parametrize(
    ("before", "rows", "expected"),
    [
        # one free line: a paragraph's first line would be an orphan, so it starts the next page
        (21, 5, [0, 5]),
        # two free lines: two lines stay, three go on
        (20, 5, [2, 3]),
        # the last line alone on the next page would be a widow: one more goes with it
        (18, 5, [3, 2]),
        # a three-line paragraph cannot split with two lines each side: it moves whole
        (20, 3, [0, 3]),
        # a paragraph that fits stays
        (17, 5, [5]),
    ],
)
def test_widow_and_orphan_control(before: int, rows: int, expected: list[int]) -> None:
    blocks = [Block(_rows(before, "before")), Block(_rows(rows, "p"))]
    pages = paginate(blocks, PER_PAGE, min_lines=2)
    got = _counts(pages, "p")
    assert got[-len(expected) :] == expected and sum(got) == rows, got
    assert all(len(page) <= PER_PAGE for page in pages)


def test_widow_control_off_fills_every_line() -> None:
    blocks = [Block(_rows(21, "before")), Block(_rows(5, "p"))]
    assert _counts(paginate(blocks, PER_PAGE, min_lines=1), "p") == [1, 4]


def test_a_heading_keeps_the_first_two_lines_of_its_paragraph() -> None:
    heading = Block(_rows(1, "h"), keep_with_next=True)
    blocks = [Block(_rows(20, "before")), heading, Block(_rows(6, "p"))]
    pages = paginate(blocks, PER_PAGE, min_lines=2)
    assert _counts(pages, "h") == [0, 1] and _counts(pages, "p") == [0, 6]
