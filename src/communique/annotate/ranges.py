"""Questions about many character ranges at once, answered by bisection.

Asking "is this offset inside a quote?" by scanning every quote made the cost of a document
grow with the square of its length (one scan per token or per finding); sorting the ranges
once and keeping the furthest end reached so far answers each question in log time.

Example::

    >>> quotes = RangeIndex([(10, 20), (40, 55)])
    >>> quotes.covers(12, 13), quotes.overlaps(18, 30), quotes.covers(21, 22)
    (True, True, False)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate

__all__ = ["RangeIndex"]


class RangeIndex:
    """A fixed set of half-open ``(start, end)`` ranges, which may overlap or nest."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [start for start, _ in ordered]
        # The furthest end of any range starting at or before each one.
        self._reach = list(accumulate((end for _, end in ordered), max))

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Some range starts before ``end`` and ends after ``start`` (they share a character)."""
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start

    def covers(self, start: int, end: int) -> bool:
        """Some single range holds all of ``[start, end)``."""
        i = bisect.bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end
