"""Tables across pages (§8): caption, head and first row together; the head again on each page a
table runs on to; a row moves whole unless it is longer than a page."""

from __future__ import annotations

import pytest

from reportgen.render.pdf.paginate import Block, Row, paginate

PER_PAGE = 22


def _rows(n: int, tag: str) -> list[Row]:
    return [Row(bookmark=(tag, -1)) for _ in range(n)]


def _tags(page: list[Row | None]) -> list[str]:
    return ["" if r is None or r.bookmark is None else r.bookmark[0] for r in page]


def _table(units: list[int], caption: int = 1, head: int = 1) -> Block:
    rows = _rows(caption, "caption") + _rows(head, "head")
    for k, n in enumerate(units):
        rows += _rows(n, f"r{k}")
    return Block(rows, caption=caption, head=head, units=tuple(units))


@pytest.mark.parametrize(
    ("before", "units", "expected"),
    [
        # room for all of it
        (2, [1, 1], [["b", "b", "caption", "head", "r0", "r1"]]),
        # caption, head and first row do not fit under the body: all three go to the next page
        (20, [1, 1], [["b"] * 20, ["caption", "head", "r0", "r1"]]),
        # the second row (2 lines) does not fit: it opens the next page, under the head again
        (18, [1, 2], [["b"] * 18 + ["caption", "head", "r0"], ["head", "r1", "r1"]]),
    ],
)
def test_rows_move_whole_with_the_head_repeated(
    before: int, units: list[int], expected: list[list[str]]
) -> None:
    pages = paginate([Block(_rows(before, "b")), _table(units)], PER_PAGE)
    assert [_tags(p) for p in pages] == expected


def test_head_of_two_lines_repeated_on_every_page() -> None:
    pages = paginate([_table([1] * 50, caption=0, head=2)], PER_PAGE)
    assert len(pages) == 3
    for page in pages:
        assert _tags(page)[:2] == ["head", "head"]
    body = [t for page in pages for t in _tags(page) if t.startswith("r")]
    assert body == [f"r{k}" for k in range(50)]  # every row once, in order


def test_a_row_longer_than_a_page_is_split() -> None:
    pages = paginate([_table([30], caption=0)], PER_PAGE)
    assert [len(p) for p in pages] == [22, 10]
    assert _tags(pages[1])[0] == "head" and set(_tags(pages[1])[1:]) == {"r0"}


def test_body_after_a_table_continues_on_its_page() -> None:
    pages = paginate([_table([1, 1]), Block(_rows(3, "after"), 1)], PER_PAGE)
    assert _tags(pages[0]) == ["caption", "head", "r0", "r1", "", "after", "after", "after"]


def test_a_long_row_after_others_starts_a_page_then_splits() -> None:
    pages = paginate([_table([1, 30, 1], caption=0)], PER_PAGE)
    assert [len(p) for p in pages] == [2, 22, 11]
    assert _tags(pages[1]) == ["head"] + ["r1"] * 21
    assert _tags(pages[2]) == ["head"] + ["r1"] * 9 + ["r2"]
