"""When was a text written? Constraint intersection over candidate days, from the text alone.

Every piece of evidence the text gives is a :class:`Clue`: the words, and the days on which a
text saying them could have been written.

* A day reported in the past ("the talks held on May 12, 2025") was on or before publication;
  a day announced ("talks will resume on June 2, 2025") was on or after it. Tense and mode
  decide which: a deadline ("extended until") or a hypothetical ("could meet on") tells nothing.
* A weekday named with its date ("Friday, May 16") is how reporters name days of the current
  week: the text was written within six days of it, after it when it is told as past, before it
  when announced. Without a year, the years in which May 16 is a Friday are all candidates, and
  other evidence picks among them.
* A date without a year lies within a year of publication, on the side its tense says.
* "since March 2022" was written after March 2022 began; "the first talks in three years"
  beside "the 2022 talks" after 2025 began (:mod:`communique.annotate.dating_bounds`).
* "three years after the 2022 talks" dates its telling to about 2025; "for the first time in
  more than three years ... since March 2022" to after March 2025; "in 2022, three years ago"
  to 2025.
* A relative weekday ("on Friday", "last Thursday") refers to one of the explicit dates of the
  same weekday the text names, when it names one: then it too places the text within a week.

The clues are intersected by a weighted sweep over days: the days that agree with the most
evidence win, so one misread tense is outvoted rather than emptying the answer. The answer is a
day when the evidence pins one, otherwise a range (either end may stay open), otherwise unknown
— never a guess.

Example::

    >>> text = "The delegations met on Friday, May 16, 2025. They will meet again on May 22, 2025."
    >>> found = date_text(text, today=dt.date(2026, 1, 1))
    >>> (found.earliest.isoformat(), found.latest.isoformat())
    ('2025-05-16', '2025-05-22')
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from communique.annotate.dating_bounds import first_in_years, since_dates
from communique.annotate.quotes_marks import QuotedSpan, find_quoted_spans
from communique.annotate.timex import (
    _FUTURE_CUE,
    _SENTENCE_END,
    Timex,
    _TenseLookup,
    find_timexes,
    sentence_spans,
)
from communique.annotate.timex_vocab import (
    MONTH_ANY,
    NUM,
    WEEKDAYS,
    parse_count,
    parse_month,
    parse_unit,
)

__all__ = [
    "FRAME_WHY",
    "Clue",
    "Dating",
    "DatingKind",
    "Span",
    "date_text",
    "intersect",
    "pin_weekday",
    "quoted_passages",
    "quoted_spans",
    "sentence_spans",
    "text_clues",
]

Span = tuple[int, int]
"""Inclusive (first, last) day ordinals."""

DatingKind = Literal["day", "range", "unknown"]

EARLIEST_PUBLICATION = dt.date(1900, 1, 1)
_CALENDAR_EDGE = 12 * 366  # days: a weekday and day of month recur within 11 years
_WEEK = 6
_ANNOUNCED_REACH = 20
# A yearless date told as past lies at most this far before publication; as future, after.
_YEARLESS_REACH = 330
_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|should|if|unless|proposed?|propos\w+|suggest\w*|hope\w*"
    r"|wants?\s+to|would\s+like)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|never|n't|no\s+longer)\b", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(r"\b(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_NEAR_CHARS = 400
_LAST_WEEKDAY = re.compile(r"^(?:last|this\s+past)\s", re.IGNORECASE)
_YEAR_ADJUNCT = re.compile(r"\b(?:in|since|during|throughout|early|late|mid)[-\s]+$", re.I)


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of evidence: ``text[start:end]`` says the text was written on a day in
    ``days`` (inclusive ordinal spans); ``why`` in a few words, ``weight`` how much it counts
    when evidence disagrees."""

    words: str
    start: int
    end: int
    why: str
    days: tuple[Span, ...]
    weight: float = 1.0
    weekday: int | None = None
    """Set on a weekday told as past with no date of its own ("said on Tuesday"): it fixes
    nothing alone, but inside a window of a week it names the day the text was written on or
    the day after (see :func:`pin_weekday`)."""


@dataclass(frozen=True, slots=True)
class Dating:
    """The answer: a day, a range (either end may be None: open), or unknown.

    ``basis`` names the clues that decided it; ``clues`` keeps all of them, agreeing or not.
    """

    published: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    basis: str | None
    clues: tuple[Clue, ...] = ()

    @property
    def kind(self) -> DatingKind:
        if self.published is not None:
            return "day"
        if self.earliest is not None or self.latest is not None:
            return "range"
        return "unknown"

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` is inside what the dating says (False when it says nothing)."""
        if self.kind == "unknown":
            return False
        lo = self.earliest or dt.date.min
        hi = self.latest or dt.date.max
        return lo <= day <= hi


UNKNOWN = Dating(None, None, None, None)


def date_text(
    text: str,
    *,
    tenses: Sequence[tuple[int, int, str]] | None = None,
    today: dt.date | None = None,
) -> Dating:
    """Date a text from what it says. ``tenses`` are sentence spans with their parsed tense
    (as :func:`communique.annotate.timex.sentence_tense` gives); ``today`` caps the answer,
    since nothing was published in the future."""
    last = today or dt.date.today() + dt.timedelta(days=1)
    return intersect(text_clues(text, tenses=tenses, today=last), today=last)


# -- intersecting ------------------------------------------------------------------------


def intersect(
    clues: Sequence[Clue],
    *,
    today: dt.date,
    period: Sequence[tuple[Span, int]] = (),
) -> Dating:
    """The days that agree with the most clue weight, within [1900-01-01, ``today``].

    Ties between separate stretches of days give their hull: an honest range rather than a
    choice among them. ``period`` (the stretches a corpus's dated documents cover, with their
    counts) chooses among tied stretches when exactly one stretch of the period holds any:
    "March 3" of the year the rest of the coverage is from.
    """
    window = (EARLIEST_PUBLICATION.toordinal(), today.toordinal())
    useful = [c for c in clues if _clip(c.days, window)]
    if not useful:
        return Dating(None, None, None, None, tuple(clues))
    best = _deepest(useful, window)
    lo, hi = best[0][0], best[-1][1]
    agreeing = [c for c in useful if _covers(c.days, (lo, hi)) or _covers_any(c.days, best)]
    chosen = _in_period(best, period) if len(best) > 1 and not _past_week(agreeing) else None
    deciding = _strongest(agreeing)
    by = "corpus" if chosen or any(c.why.startswith(_CORPUS) for c in deciding) else "text"
    basis = f"inferred:{by}: " + "; ".join(_describe(c) for c in deciding)
    if chosen is not None:
        best, (run, count) = chosen
        lo, hi = best[0][0], best[-1][1]
        first, last = (dt.date.fromordinal(o).isoformat() for o in run)
        basis += f"; the period of the corpus's {count} dated documents around {first}..{last}"
    # Candidates repeated every year (a yearless date) reach to the window's ends: those ends
    # are the calendar's, not the evidence's.
    repeated = len(best) > 1 and chosen is None
    early = repeated and lo - window[0] < _CALENDAR_EDGE
    late = repeated and window[1] - hi < _CALENDAR_EDGE
    earliest = None if lo < window[0] or early else dt.date.fromordinal(lo)
    latest = None if hi > window[1] or late else dt.date.fromordinal(hi)
    if earliest is None and latest is None:
        return Dating(None, None, None, None, tuple(clues))
    if earliest is not None and earliest == latest:
        return Dating(earliest, earliest, latest, basis, tuple(clues))
    ranged = Dating(None, earliest, latest, basis, tuple(clues))
    # A weekday that an event frame matched fixed the week: it cannot also choose the day in
    # it (measured: it did not, see communique.analyse.dating_frames).
    framed = [(c.start, c.end) for c in useful if c.why.startswith(FRAME_WHY)]
    weekdays = [
        c for c in clues if c.weekday is not None and not any(a <= c.start < b for a, b in framed)
    ]
    return pin_weekday(ranged, weekdays) or ranged


WEEKDAY_DATE_WHY = "weekday and date"
"""How a weekday-with-date clue's ``why`` reads."""


def _past_week(agreeing: Sequence[Clue]) -> bool:
    """Whether a yearless weekday and date told as past ("on Friday, May 16") is among the
    deciding clues: the corpus's period does not choose its year, as the week it claims (the
    date or the six days after, then pinned to a day) is the guess, not the year.

    Measured leave-one-out on TBAQ, whose coverage spans years: the period picked the right
    year each of the 5 times it decided such a clue, yet 4 were wrong (a "Monday, Oct. 26" of
    the next day read as past, dates two weeks or a month old). Told as future, the clue claims
    weeks ahead and pins nothing: its ranges held (TBAQ 1, Zyte 3). PolNeAR's period decided
    neither.
    """
    return any(
        c.why == WEEKDAY_DATE_WHY and c.weekday is not None and len(c.days) > 1 for c in agreeing
    )


FRAME_WHY = "corpus: the same event as document"
"""How an event-frame clue's ``why`` begins (:mod:`communique.analyse.dating_frames`)."""

PIN_WINDOW = 7
_REPORTED_DAY = 3
"""A window at most this many days long holds each weekday once: a weekday word names one day."""


def pin_weekday(window: Dating, weekdays: Sequence[Clue]) -> Dating | None:
    """The day within a closed ``window`` that the text's latest weekday told as past names,
    given as a day of two days' precision (that day or the next); None when the window is open,
    longer than a week or holds none of the weekdays.

    News names the days of the current week by their weekday: the latest one reported ("said
    on Tuesday", "Tuesday's vote") is the day of writing in wire style or the day before in a
    morning paper. Measured on PolNeAR train, TBAQ and the Zyte pages, 76-86 % of texts with
    such a weekday were published that day or the next.
    """
    if window.earliest is None or window.latest is None:
        return None
    lo, hi = window.earliest, window.latest
    if (hi - lo).days + 1 <= _REPORTED_DAY and window.basis is not None:
        # At most three days: a day reported (a dateline, a relative day of a copy) and a day
        # either side; the day is the middle one.
        day = lo + dt.timedelta(days=(hi - lo).days // 2)
        return Dating(day, lo, hi, window.basis, window.clues)
    if not weekdays:
        return None
    if (hi - lo).days + 1 > PIN_WINDOW:
        return None
    # A weekday with its date names one day: the latest such in the window is the nearest
    # the writing. A bare weekday may be last week's: the earliest in the window is safest.
    dated = [
        (dt.date.fromordinal(first), c)
        for c in weekdays
        for first, _ in c.days
        if lo.toordinal() <= first <= hi.toordinal()
    ]
    named = {c.weekday: c for c in weekdays if not c.days}
    bare = [
        (day, named[day.weekday()])
        for k in range((hi - lo).days + 1)
        if (day := lo + dt.timedelta(days=k)).weekday() in named
    ]
    if not dated and not bare:
        return None
    day, clue = max(dated, key=lambda x: x[0]) if dated else bare[0]
    latest = min(day + dt.timedelta(days=1), hi)
    basis = f"{window.basis}; {_describe(clue)} pins {day.isoformat()} or the day after"
    return Dating(day, day, latest, basis, window.clues)


_PERIOD_MIN = 3
"""A period is the coverage's, not one document's: one dated article may be the stale one."""


def _in_period(
    best: Sequence[Span], period: Sequence[tuple[Span, int]]
) -> tuple[list[Span], tuple[Span, int]] | None:
    """The tied stretches inside the one period stretch that holds any; None when none or
    several do (two years of coverage leave the year open)."""
    holding = [
        (run, n)
        for run, n in period
        if n >= _PERIOD_MIN and any(a <= run[1] and run[0] <= b for a, b in best)
    ]
    if len(holding) != 1:
        return None
    run = holding[0][0]
    # The stretches are kept whole: the period picks the year, it does not place the text in it.
    inside = [(a, b) for a, b in best if a <= run[1] and run[0] <= b]
    return inside, holding[0]


def _deepest(clues: Sequence[Clue], window: Span) -> list[Span]:
    """The stretches of days where the covering clues weigh the most (a sweep line)."""
    changes: dict[int, float] = {}
    for clue in clues:
        for first, last in _clip(clue.days, window):
            changes[first] = changes.get(first, 0.0) + clue.weight
            changes[last + 1] = changes.get(last + 1, 0.0) - clue.weight
    depth = 0.0
    points = sorted(changes)
    stretches: list[tuple[float, Span]] = []
    for here, after in itertools.pairwise(points):
        depth += changes[here]
        if depth > 1e-9:
            stretches.append((depth, (here, after - 1)))
    top = max(d for d, _ in stretches)
    return [span for d, span in stretches if d >= top - 1e-9]


_OPEN_LOW, _OPEN_HIGH = dt.date.min.toordinal(), dt.date.max.toordinal()


def _clip(days: Iterable[Span], window: Span) -> list[Span]:
    """Spans cut to the window; an open end lands just outside it, so that an answer nothing
    closes stays open, while one closed beyond today is closed at today."""
    out = []
    for first, last in days:
        first = window[0] - 1 if first <= _OPEN_LOW else max(first, window[0])
        last = window[1] + 1 if last >= _OPEN_HIGH else min(last, window[1])
        if first <= last:
            out.append((first, last))
    return out


def _covers(days: Iterable[Span], span: Span) -> bool:
    return any(first <= span[0] and span[1] <= last for first, last in days)


def _covers_any(days: Sequence[Span], spans: Sequence[Span]) -> bool:
    return all(_covers(days, span) for span in spans)


def _strongest(clues: Sequence[Clue], *, keep: int = 3) -> list[Clue]:
    """The narrowest agreeing clues: the ones that decided the answer."""
    return sorted(clues, key=lambda c: (_width(c.days), -c.weight, c.start))[:keep]


def _width(days: Sequence[Span]) -> int:
    return sum(last - first + 1 for first, last in days)


_CORPUS = "corpus: "


def _describe(clue: Clue) -> str:
    return f"{clue.why.removeprefix(_CORPUS)} ({clue.words!r})"


# -- finding clues -----------------------------------------------------------------------


def text_clues(
    text: str, *, tenses: Sequence[tuple[int, int, str]] | None, today: dt.date
) -> list[Clue]:
    """Every clue the text gives about its own date, in text order."""
    timexes = find_timexes(text, anchor=None, tenses=tenses)
    # Month and day of a yearless date do not depend on the anchor; a leap-year anchor keeps
    # February 29.
    placed = {t.start: t for t in find_timexes(text, anchor=dt.date(2000, 6, 15), tenses=tenses)}
    mood = _Mood(text, tenses)
    years = range(EARLIEST_PUBLICATION.year, today.year + 1)
    clues: list[Clue] = []
    explicit: list[tuple[dt.date, Timex]] = []
    for timex in timexes:
        if timex.type != "DATE":
            continue
        side = mood(timex)
        day = _explicit_day(timex)
        if day is not None:
            before = text[max(0, timex.start - 80) : timex.start]
            if not _DEADLINE_BEFORE.search(before):  # a maturity names no day of this week
                explicit.append((day, timex))
            clues += _day_clues(timex, day, side)
        elif timex.value is None and timex.rule == "month_day" and timex.start in placed:
            clues += _yearless_clues(timex, placed[timex.start], side, years)
        elif timex.value is not None and not timex.anchored and mood.local(timex):
            # A month or a year is so often a plan or a fiscal period that only a verb right
            # before it ("signed in March 2024") decides its side.
            clues += _coarse_clues(text, timex, side)
    clues += _dateline_clues(text, years)
    clues += _weekday_clues(timexes, explicit, mood)
    clues += _weekday_pins(text, timexes, mood)
    clues += _offset_clues(text, timexes)
    clues += _lower_bounds(text, timexes, mood)
    return sorted(clues, key=lambda c: c.start)


def _lower_bounds(text: str, timexes: Sequence[Timex], mood: _Mood) -> list[Clue]:
    """Phrases that look back from the time of writing ("since 2029", "the first talks in
    three years"): see :mod:`communique.annotate.dating_bounds`. Weighed as a year told as
    past is, as each reads a phrase rather than a tense."""
    found = since_dates(text, timexes)
    found += first_in_years(text, timexes, announced=lambda t: mood(t) == "future")
    open_end = dt.date.max.toordinal()
    return [
        Clue(b.words, b.start, b.end, b.why, ((b.earliest.toordinal(), open_end),), 0.5)
        for b in found
    ]


Side = Literal["past", "future", "none"]


class _Mood:
    """Whether a date is told as past (a lower bound), announced (an upper bound) or neither.

    A local cue (the verb just before the date) is trusted over the sentence's parsed tense; a
    hypothetical, negated or deadline reading gives no bound at all.
    """

    def __init__(self, text: str, tenses: Sequence[tuple[int, int, str]] | None) -> None:
        self._text = text
        self._local = _TenseLookup(text, None)
        self._parsed = _TenseLookup(text, tenses) if tenses is not None else None

    def _sentence(self, timex: Timex) -> str:
        starts = [m.end() for m in _SENTENCE_END.finditer(self._text, 0, timex.start)]
        end = _SENTENCE_END.search(self._text, timex.end)
        return self._text[starts[-1] if starts else 0 : end.start() if end else len(self._text)]

    def local(self, timex: Timex) -> bool:
        return self._local(timex.start, timex.end)[1]

    def __call__(self, timex: Timex) -> Side:
        tense, local = self._local(timex.start, timex.end)
        if not local and self._parsed is not None:
            tense, _ = self._parsed(timex.start, timex.end)
        before = self._text[max(0, timex.start - 80) : timex.start]
        clause = re.split(r"[.;!?]\s", before)[-1]
        if _DEADLINE_AFTER.match(self._text, timex.end):
            return "none"  # "gave no reason for the Jan. 14 deadline": a time set, not told
        if tense == "past" and not local and _FUTURE_CUE.search(self._sentence(timex)):
            return "none"  # "said on Monday the vote will be on May 3": which verb is its?
        if tense == "past":
            # "would be released in 2018", "will be signed on May 3": a participle after a
            # modal is no report of the past.
            modal = _MODAL_BEFORE.search(clause)
            return "none" if _DEADLINE_BEFORE.search(before) or modal else "past"
        if tense == "future":
            hedged = _HYPOTHETICAL.search(clause) or _NEGATED.search(clause)
            return "none" if hedged else "future"
        return "none"


_MODAL_BEFORE = re.compile(
    r"\b(?:would|will|could|might|may|should|shall|must|to)\s+(?:not\s+)?(?:be|have)\s+"
    r"(?:(?:\w+ly|again|then)\s+)?\w+ed\s+(?:\w+\s+){0,3}(?:in|on|by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FISCAL = re.compile(r"fiscal\b", re.IGNORECASE)

_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|through|effective|payable|due|ending|expires?(?:\s+on)?"
    r"|deadline\s+(?:of|is))"
    r"\s+(?:the\s+)?(?:(?:early|mid|late|around|about)[-\s]+)?$",
    re.IGNORECASE,
)


_DEADLINE_AFTER = re.compile(r"\s*(?:deadlines?|cutoff|cut-off|target\s+date)\b", re.IGNORECASE)


def _explicit_day(timex: Timex) -> dt.date | None:
    if timex.anchored or timex.precision != "day" or not timex.value:
        return None
    try:
        return dt.date.fromisoformat(timex.value[:10])
    except ValueError:
        return None


def _named_weekday(timex: Timex) -> int | None:
    found = _WEEKDAY_WORD.search(timex.text)
    return WEEKDAYS[found.group().lower()] if found else None


def _bound(day: dt.date, side: Side) -> tuple[Span, ...]:
    o = day.toordinal()
    if side == "past":
        return ((o, dt.date.max.toordinal()),)
    if side == "future":
        return ((dt.date.min.toordinal(), o),)
    return ()


def _near(day: dt.date, side: Side) -> tuple[Span, ...]:
    o = day.toordinal()
    if side == "past":
        return ((o, o + _WEEK),)
    if side == "future":
        # A hearing or a vote is announced by its weekday and date weeks ahead, not only in
        # the week before.
        return ((o - _ANNOUNCED_REACH, o),)
    return ((o - _ANNOUNCED_REACH, o + _WEEK),)


def _day_clues(timex: Timex, day: dt.date, side: Side) -> list[Clue]:
    weekday = _named_weekday(timex)
    if weekday is not None and weekday != day.weekday():
        return []  # a misprint or a misreading: the pair fixes nothing
    clues = []
    if side != "none":
        why = "reported as past" if side == "past" else "announced"
        clues.append(Clue(timex.text, timex.start, timex.end, why, _bound(day, side)))
    if weekday is not None:
        pin = weekday if side == "past" else None
        why = WEEKDAY_DATE_WHY
        clues.append(Clue(timex.text, timex.start, timex.end, why, _near(day, side), 2.0, pin))
    return clues


def _yearless_clues(timex: Timex, placed: Timex, side: Side, years: range) -> list[Clue]:
    """A month and day without a year: one candidate per year, near or within a year."""
    if not placed.value or placed.precision != "day":
        return []
    month, day = int(placed.value[5:7]), int(placed.value[8:10])
    weekday = _named_weekday(timex)
    spans: list[Span] = []
    for year in years:
        try:
            when = dt.date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and when.weekday() != weekday:
            continue
        o = when.toordinal()
        if weekday is not None:
            spans += _near(when, side)
        elif side == "past":
            spans.append((o, o + _YEARLESS_REACH))
        elif side == "future":
            spans.append((o - _YEARLESS_REACH, o))
    if not spans:
        return []
    why = WEEKDAY_DATE_WHY if weekday is not None else f"date without a year, told as {side}"
    weight = 2.0 if weekday is not None else 0.5
    pin = weekday if side == "past" else None
    return [Clue(timex.text, timex.start, timex.end, why, tuple(spans), weight, pin)]


def _coarse_clues(text: str, timex: Timex, side: Side) -> list[Clue]:
    """A month or a year named outright bounds the text on the side its tense says."""
    if side == "none" or timex.precision not in ("month", "year"):
        return []
    first, last = _period(timex.value or "", timex.precision)
    if first is None or last is None:
        return []
    # "the 2016 election" names an event, not a time of telling; "in 2016" does. A fiscal
    # year is named before it begins.
    if timex.precision == "year" and not _YEAR_ADJUNCT.search(text[: timex.start]):
        return []
    before = text[max(0, timex.start - 20) : timex.start]
    if re.search(r"\bfiscal\s+(?:year\s+)?$", before, re.I) or _FISCAL.match(timex.text):
        return []
    day = first if side == "past" else last
    why = "reported as past" if side == "past" else "announced"
    return [Clue(timex.text, timex.start, timex.end, why, _bound(day, side), 0.5)]


def _period(value: str, precision: str) -> tuple[dt.date | None, dt.date | None]:
    try:
        if precision == "day":
            day = dt.date.fromisoformat(value[:10])
            return day, day
        if precision == "year":
            year = int(value[:4])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        year, month = int(value[:4]), int(value[5:7])
    except ValueError:
        return None, None
    start = dt.date(year, month, 1)
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


_DATELINE = re.compile(
    rf"^[ \t]*(?-i:[A-Z][A-Za-z.'-]*(?:[ \t]+[A-Z][A-Za-z.'-]*){{0,3}})"
    rf"(?:,[ \t]*[A-Z][A-Za-z. ]{{1,20}})?,[ \t]+(?P<month>{MONTH_ANY})\.?[ \t]+(?P<day>\d{{1,2}})"
    rf"(?:,?[ \t]+(?P<year>(?:19|20)\d\d))?[ \t]*(?:\(|--|—|–|-|_|/)",
    re.MULTILINE,
)


def _dateline_clues(text: str, years: range) -> list[Clue]:
    """A dateline ("BRUSSELS, February 10 (Agency) --") is the day the report was filed; without
    its year, the same day of any year is a candidate."""
    found = _DATELINE.search(text[:600])
    if found is None:
        return []
    month, day = parse_month(found["month"]), int(found["day"])
    chosen = [int(found["year"])] if found["year"] else list(years)
    spans: list[Span] = []
    for year in chosen:
        try:
            o = dt.date(year, month, day).toordinal()
        except ValueError:
            continue
        # Filed that day; the publication date a site gives may be the day before (its time
        # zone) or the next.
        spans.append((o - 1, o + 1))
    words = found.group().strip()
    return [Clue(words, found.start(), found.end(), "dateline", tuple(spans), 3.0)] if spans else []


def _weekday_clues(
    timexes: Sequence[Timex], explicit: Sequence[tuple[dt.date, Timex]], mood: _Mood
) -> list[Clue]:
    """A relative weekday ("on Friday", "last Thursday") names a day of the week the text was
    written in; when the text also names dates of that weekday, it is one of them."""
    clues = []
    for timex in timexes:
        if timex.rule != "weekday" or timex.value is not None:
            continue
        weekday = _named_weekday(timex)
        side = mood(timex)
        if weekday is None or side == "none":
            continue
        # Only a date told near it: a date of the same weekday pages away is as likely an
        # anniversary ("Tuesday, Sept. 11, 2001") as this week's.
        same = {
            day
            for day, named in explicit
            if day.weekday() == weekday and abs(named.start - timex.start) <= _NEAR_CHARS
        }
        spans: list[Span] = []
        for day in sorted(same):
            o = day.toordinal()
            if _LAST_WEEKDAY.search(timex.text) and side == "past":
                spans.append((o + 1, o + 2 * _WEEK + 1))
            else:
                spans += _near(day, side)
        if spans:
            why = "weekday of a date the text names"
            clues.append(Clue(timex.text, timex.start, timex.end, why, tuple(spans), 0.7))
    return clues


def _weekday_pins(text: str, timexes: Sequence[Timex], mood: _Mood) -> list[Clue]:
    """Weekdays told as past, outside quotations ("Tuesday" in a quote is the speaker's)."""
    quoted = quoted_spans(text)
    pins = []
    for timex in timexes:
        weekday = _named_weekday(timex)
        if timex.rule != "weekday" or timex.value is not None or weekday is None:
            continue
        if _LAST_WEEKDAY.search(timex.text) or any(a <= timex.start < b for a, b in quoted):
            continue  # "last Tuesday" is often the week before
        if mood(timex) == "past":
            why = "a weekday told as past"
            pins.append(Clue(timex.text, timex.start, timex.end, why, (), 0.0, weekday))
    return pins


def quoted_passages(text: str) -> list[QuotedSpan]:
    """The passages in double quotation marks, paired as the quote layer pairs them
    (:func:`communique.annotate.quotes_marks.find_quoted_spans`): one definition of a quotation
    for the dater and the quotes. Single marks are left out: in news they are headline quotes
    and scare quotes far more than speech, whose weekdays would be the speaker's."""
    return [s for s in find_quoted_spans(text) if s.double]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where each double-quoted passage stands, marks included (half-open offsets)."""
    return [(s.open, s.close) for s in quoted_passages(text)]


_OFFSET = re.compile(
    rf"(?P<hedge>(?:more\s+than|over|nearly|almost|about|some|at\s+least)\s+)?"
    rf"(?P<n>{NUM})\s+(?P<unit>years?|months?|weeks?|days?)\s+"
    rf"(?P<rel>after|since|following|ago|before)\b",
    re.IGNORECASE,
)
_ADJACENT = 30
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_IN_MORE_THAN = re.compile(
    rf"\bin\s+(?P<hedge>(?:more\s+than|over|nearly|almost|about|at\s+least)\s+)?"
    rf"(?P<n>{NUM})\s+(?P<unit>years?|months?|weeks?)\b",
    re.IGNORECASE,
)


def _offset_clues(text: str, timexes: Sequence[Timex]) -> list[Clue]:
    """ "three years after the 2022 talks", "in 2022, three years ago", "the first talks since
    March 2022, in more than three years": a known date plus an elapsed time is the present."""
    dated = [t for t in timexes if t.type == "DATE" and t.value and not t.anchored]
    clues: list[Clue] = []
    for sentence in sentence_spans(text):
        inside = [t for t in dated if sentence[0] <= t.start < sentence[1]]
        if not inside:
            continue
        chunk = text[sentence[0] : sentence[1]]
        for match in _OFFSET.finditer(chunk):
            clue = _offset_clue(text, sentence[0], match, inside, match["rel"].lower())
            clues += [clue] if clue else []
        for match in _IN_MORE_THAN.finditer(chunk):
            since = [t for t in inside if _SINCE.search(text[: t.start])]
            clue = _offset_clue(text, sentence[0], match, since, "since")
            clues += [clue] if clue else []
    return clues


# No clue pairs an elapsed time with a year named elsewhere in the text ("interrupted three
# years ago" ... "the 2022 talks" paragraphs away): measured on PolNeAR train, TBAQ and the
# Zyte pages, the pairing held for 6 of 19 texts. A guess; the dater does not make it.


def _offset_clue(
    text: str, base: int, match: re.Match[str], dated: Sequence[Timex], rel: str
) -> Clue | None:
    count = parse_count(match["n"])
    if count is None or count != int(count) or not dated or rel == "before":
        return None
    start, end = base + match.start(), base + match.end()
    # "in 2022, three years ago": the date comes first; "three years after the 2022 talks":
    # after. A date on the other side belongs to another comparison ("up from $38 a year ago
    # and from $34 in October 2015").
    sided = [
        t
        for t in dated
        if (rel == "ago" and t.end <= start)
        or (rel in ("after", "following") and t.start >= end)
        or rel == "since"
    ]
    if not sided:
        return None
    nearest = min(sided, key=lambda t: min(abs(t.start - end), abs(start - t.end)))
    if min(abs(nearest.start - end), abs(start - nearest.end)) > _ADJACENT:
        return None  # the elapsed time and the date belong to different clauses
    first, last = _period(nearest.value or "", _coarse(nearest))
    if first is None or last is None:
        return None
    unit = parse_unit(match["unit"])
    hedge = (match["hedge"] or "").lower().split()
    lo = _shift(first, unit, int(count))
    hi = _shift(last, unit, int(count) + 1)
    if hedge[:1] in (["nearly"], ["almost"]):
        lo = _shift(first, unit, int(count) - 1)
    elif hedge[:1] in (["more"], ["over"], ["at"]) or rel == "since":
        hi = dt.date.max
    words = text[min(start, nearest.start) : max(end, nearest.end)]
    spans = ((lo.toordinal(), hi.toordinal()),)
    return Clue(words, min(start, nearest.start), max(end, nearest.end), "elapsed time", spans)


def _coarse(timex: Timex) -> str:
    return (
        "year"
        if timex.precision in ("year", "quarter", "half", "season")
        else "month"
        if (timex.precision == "month")
        else "day"
    )


def _shift(day: dt.date, unit: str, count: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return dt.date(year, month + 1, min(day.day, 28))
    except ValueError:
        return dt.date.max if months > 0 else dt.date.min
