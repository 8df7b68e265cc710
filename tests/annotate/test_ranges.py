"""Range questions by bisection give what a scan of every range gives."""

from __future__ import annotations

import itertools

import pytest

from communique.annotate.ranges import RangeIndex

# Nested, overlapping, touching, empty and repeated ranges.
RANGES = [(2, 5), (4, 9), (10, 30), (12, 14), (30, 31), (40, 40), (12, 14), (50, 60)]


@pytest.mark.parametrize("ranges", [[], RANGES, RANGES[::-1], [(0, 100)]])
def test_answers_match_a_scan_of_every_range(ranges: list[tuple[int, int]]) -> None:
    index = RangeIndex(ranges)
    assert len(index) == len(ranges)
    for start, end in itertools.combinations_with_replacement(range(-1, 63), 2):
        overlaps = any(s < end and start < e for s, e in ranges)
        covers = any(s <= start and end <= e for s, e in ranges)
        assert index.overlaps(start, end) is overlaps, (start, end)
        assert index.covers(start, end) is covers, (start, end)


def test_an_offset_between_two_quotes_is_in_neither() -> None:
    quotes = RangeIndex([(10, 20), (40, 55)])
    assert quotes.covers(12, 13) and quotes.overlaps(18, 30)
    assert not quotes.covers(20, 21) and not quotes.overlaps(20, 40)
