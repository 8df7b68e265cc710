"""Lower bounds on when a text was written, from phrases that look back over a stretch of time.

Some words can only be written after a date, whatever their tense:

* "since <date>" ("the first talks since March 2031", "prices have doubled since 2030") counts
  from a day that has come: the text was written on or after the first day of that date.
* "the first <event> in N years" says the last such event lies N years back. When the text
  dates a telling of that kind of event ("the 2028 talks" beside "the first talks in three
  years"), that telling is no later than the last one, so the text was written N years after
  it at the earliest. Only one dated year beside the same noun is an anchor: two leave open
  which the count starts from, and a year beside another noun ("the first rate cut in four
  years" beside "the economy shrank in 2029") counts from nothing the phrase names.

Each bound is a lower one only: the text may have been written any time later.
:mod:`communique.annotate.dating` weighs them with its other clues.

Example::

    >>> from communique.annotate.timex import find_timexes
    >>> text = "The first talks in three years opened. The 2028 talks had failed."
    >>> [b.earliest.isoformat() for b in first_in_years(text, find_timexes(text, anchor=None))]
    ['2031-01-01']
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from communique.annotate.timex import Timex, sentence_spans
from communique.annotate.timex_vocab import NUM, parse_count

__all__ = ["LowerBound", "first_in_years", "since_dates"]


@dataclass(frozen=True, slots=True)
class LowerBound:
    """``text[start:end]`` (``words``) shows the text was written on or after ``earliest``."""

    words: str
    start: int
    end: int
    why: str
    earliest: dt.date


SINCE_WHY = "counted since a date"
FIRST_IN_WHY = "the first in a stretch of years after a dated telling"

_SINCE_BEFORE = re.compile(
    r"\bsince\s+(?:(?:the\s+)?(?:(?:early|late|mid|end\s+of|start\s+of)[-\s]+)?)?(?:the\s+)?$",
    re.IGNORECASE,
)
_VALUE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?")


def since_dates(text: str, timexes: Sequence[Timex]) -> list[LowerBound]:
    """ "since <date>": a count from a day that has come, whatever the sentence's tense."""
    bounds = []
    for timex in _explicit(timexes):
        before = text[max(0, timex.start - 30) : timex.start]
        first = _first_day(timex.value or "")
        if first is None or not _SINCE_BEFORE.search(before):
            continue
        start = timex.start - len(before) + before.lower().rfind("since")
        bounds.append(LowerBound(text[start : timex.end], start, timex.end, SINCE_WHY, first))
    return bounds


_FIRST_IN = re.compile(
    rf"\bfirst\b(?P<what>(?:[\s-]+[A-Za-z][\w'-]*){{1,5}}?)\s+in\s+"
    rf"(?P<hedge>(?:more\s+than|over|nearly|almost|about|some|at\s+least)\s+)?"
    rf"(?P<n>{NUM})\s+(?P<unit>years?|decades?)\b",
    re.IGNORECASE,
)
# Words that end "the first ..." without naming a kind of event ("the first time in").
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or"}
    | {"time", "ever", "such", "kind"}
)
_ROUGH = ("nearly", "almost", "about", "some")


def first_in_years(
    text: str,
    timexes: Sequence[Timex],
    *,
    announced: Callable[[Timex], bool] = lambda _: False,
) -> list[LowerBound]:
    """ "the first <event> in N years", anchored on the one year the text names beside the
    same event noun (see the module docstring for why only one). A year in the phrase's own
    sentence ("the first summit in five years will open in 2031") or ``announced`` (told as
    to come) may be the event's own date, not an earlier one: neither anchors."""
    explicit = [t for t in _explicit(timexes) if not announced(t)]
    bounds = []
    matches = list(_FIRST_IN.finditer(text))
    spans = sentence_spans(text) if matches else []  # found once for the text
    starts = [start for start, _ in spans]

    def sentence(at: int) -> tuple[int, int]:
        return spans[bisect.bisect_right(starts, at) - 1]

    words_at: dict[int, list[str]] = {}  # a timex's start -> the words of its sentence
    for match in matches:
        count = parse_count(match["n"])
        noun = _head(match["what"])
        if count is None or count != int(count) or count < 1 or noun is None:
            continue
        own = sentence(match.start())
        years: set[int] = set()
        for t in explicit:
            if not t.value or own[0] <= t.start < own[1]:
                continue
            if t.start not in words_at:
                words_at[t.start] = _words(text[slice(*sentence(t.start))])
            if noun in words_at[t.start]:
                years.add(int(t.value[:4]))
        if len(years) != 1:
            continue
        span = int(count) * (10 if match["unit"].lower().startswith("decade") else 1)
        # "nearly three years" may be two and a bit: count one year fewer.
        hedge = (match["hedge"] or "").lower().split()[:1]
        span -= 1 if hedge and hedge[0] in _ROUGH else 0
        earliest = dt.date(min(years.pop() + span, dt.MAXYEAR), 1, 1)
        words = match.group()
        bounds.append(LowerBound(words, match.start(), match.end(), FIRST_IN_WHY, earliest))
    return bounds


def _explicit(timexes: Sequence[Timex]) -> list[Timex]:
    """Dates read off the text itself (not computed from another), with a year."""
    return [
        t
        for t in timexes
        if t.type == "DATE" and t.value and not t.anchored and _VALUE.match(t.value)
    ]


def _first_day(value: str) -> dt.date | None:
    found = _VALUE.match(value)
    if found is None:
        return None
    try:
        return dt.date(int(found["year"]), int(found["month"] or 1), int(found["day"] or 1))
    except ValueError:
        return None


def _head(what: str) -> str | None:
    """The event noun of "first <words>": the last content word ("direct peace talks" ->
    "talk"); None for "the first time", which names no kind of event."""
    words = _words(what)
    if not words or words[-1] in _FUNCTION_WORDS:
        return None
    return words[-1]


def _words(text: str) -> list[str]:
    """Lower-cased words with a plural -s dropped, so "talks" meets "talk"."""
    out = []
    for word in re.findall(r"[A-Za-z][\w'-]*", text):
        w = word.lower()
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out
