"""The one interest period loop (``interest._walk``, issue 17 item 4) that ``late_interest`` and
the audit's fast path both consume: its pieces tile the overdue span, day after day, and each
ends on the earliest of its semester's last day, the next cut and ``as_of`` (RULEBOOK §9: a
period never runs across a semester anchor or a payment date)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lexom_terms.interest import _walk


def _semester_end(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    st.integers(-5, 3000),
    st.lists(st.integers(-100, 3100), max_size=6),
)
def test_pieces_tile_the_span_and_stop_at_every_anchor(
    first: date, span: int, offsets: list[int]
) -> None:
    as_of = first + timedelta(days=span)
    cuts = sorted({first + timedelta(days=o) for o in offsets})
    pieces = list(_walk(first, as_of, cuts))
    if as_of < first:
        assert pieces == []
        return
    assert pieces[0][0] == first
    assert pieces[-1][1] == as_of
    for (start, end, semester), following in zip(pieces, [*pieces[1:], None], strict=True):
        assert start <= end <= _semester_end(start)
        assert semester == start.year * 2 + (start.month > 6)
        # ends exactly at the earliest anchor: the semester's end, the first cut, as_of
        anchors = [_semester_end(start), as_of, *(c for c in cuts if c >= start)]
        assert end == min(anchors)
        if following is not None:
            assert following[0] == end + timedelta(days=1)


def test_a_walk_ends_on_a_cut_and_on_30_june() -> None:
    pieces = list(_walk(date(2025, 6, 1), date(2025, 7, 10), [date(2025, 6, 10)]))
    assert [(s.isoformat(), e.isoformat()) for s, e, _ in pieces] == [
        ("2025-06-01", "2025-06-10"),
        ("2025-06-11", "2025-06-30"),
        ("2025-07-01", "2025-07-10"),
    ]
