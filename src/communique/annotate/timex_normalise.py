"""Calendar arithmetic and TIMEX3 value formatting for :mod:`communique.annotate.timex`.

Everything here works on plain values (a date, a month number, a tense) so each resolution
rule can be tested without a regex: the rules in :mod:`timex_rules` parse a match into these
values and call one function here. The TIMEX3 conventions followed are those of the TimeML 1.2.1
guidelines: ``2022-04-12``, ``2022-W15``, ``2022-W15-WE``, ``2022-04``, ``2022-Q2``, ``2022-H1``,
``2022-SU``, ``2022``, ``202`` (a decade), ``20`` (a century), ``2022-04-12TMO`` (a part of day),
``2022-04-12T15:30``, durations ``P3Y``/``PT2H``/``PXW`` and the vague ``PRESENT_REF``,
``PAST_REF`` and ``FUTURE_REF``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

__all__ = [
    "STRONG_TENSE_REACH",
    "WEAK_TENSE_REACH",
    "Context",
    "Precision",
    "Resolution",
    "Tense",
    "TimexType",
    "duration_value",
    "format_point",
    "month_day_near",
    "month_near",
    "quarter_near",
    "shift",
    "weekday_near",
    "weekend_near",
]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"]
Precision = Literal[
    "time", "day", "week", "month", "quarter", "half", "season", "year", "decade", "century",
    "none",
]  # fmt: skip

SEASON_CODES = ("SP", "SU", "FA", "WI")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one rule made of one expression; ``value`` is None when it needed a missing anchor."""

    type: TimexType
    value: str | None
    anchored: bool
    precision: Precision
    # The calendar point behind a DATE value, kept so later expressions ("a year earlier",
    # "the following month") can be resolved against it.
    point: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may look at besides its own words."""

    anchor: dt.date | None
    tense: Tense
    # Whether the tense comes from a verb right before the expression (trusted further).
    tense_is_local: bool = False
    # The last DATE before this expression that named a calendar point: the discourse's
    # reference time for anaphoric expressions like "the same day" or "two days later".
    reference: Resolution | None = None
    # The last quarter or half-year mentioned: the reporting period that business copy compares
    # "a year ago" with ("profit rose from $3 million a year ago" means the year-ago quarter).
    focus: Resolution | None = None


def unanchored(kind: TimexType, precision: Precision) -> Resolution:
    """A relative expression with no anchor to resolve it on: value None, never a guess."""
    return Resolution(kind, None, False, precision)


def point(day: dt.date, precision: Precision, *, anchored: bool = True) -> Resolution:
    """A DATE resolution for the calendar unit of ``precision`` that contains ``day``."""
    return Resolution("DATE", format_point(day, precision), anchored, precision, day)


def with_mod(resolution: Resolution, suffix: str, *, kind: TimexType = "TIME") -> Resolution:
    """Append a part-of-day or clock suffix (``TMO``, ``T15:00``) to a day value."""
    if resolution.value is None:
        return replace(resolution, type=kind, precision="time")
    return replace(resolution, type=kind, value=resolution.value + suffix, precision="time")


def format_point(day: dt.date, precision: Precision) -> str:
    """The TIMEX3 value of the unit of ``precision`` that contains ``day``."""
    if precision in ("day", "time", "none"):
        return day.isoformat()
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if precision == "season":
        return season_value(day)
    if precision == "decade":
        return f"{day.year // 10:03d}"
    if precision == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def season_ordinal(day: dt.date) -> int:
    """Seasons counted from year 0 in the order SP, SU, FA, WI; a winter takes its December's
    year, so January 1998 lies in ``1997-WI``."""
    if day.month < 3:
        return (day.year - 1) * 4 + 3
    return day.year * 4 + (day.month - 3) // 3


def season_value(day: dt.date) -> str:
    ordinal = season_ordinal(day)
    return f"{ordinal // 4:04d}-{SEASON_CODES[ordinal % 4]}"


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamping the 31st to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    year = min(max(year, 1), 9999)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
_DAYS_PER_UNIT = {"day": 1, "week": 7}


def shift(day: dt.date, unit: str, count: int) -> dt.date:
    """``day`` moved by ``count`` calendar units (negative = into the past)."""
    if unit in _DAYS_PER_UNIT:
        try:
            return day + dt.timedelta(days=_DAYS_PER_UNIT[unit] * count)
        except OverflowError:
            return day
    if unit == "season":
        return add_months(day, 3 * count)
    return add_months(day, _MONTHS_PER_UNIT.get(unit, 0) * count)


def weekday_near(anchor: dt.date, weekday: int, *, direction: str) -> dt.date:
    """The ``weekday`` (0 = Monday) nearest ``anchor`` in ``direction``.

    ``past``/``future`` include the anchor's own day: a paper dated Wednesday that says "met on
    Wednesday" or "will vote on Wednesday" means that very day (a week away would be "last
    Wednesday" or "next Wednesday"). ``last``/``next`` exclude it.
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "last":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    if direction == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def weekend_near(anchor: dt.date, *, tense: Tense, offset: int = 0) -> dt.date:
    """The Saturday of the weekend meant by "the weekend" (past: the last one; else the next)."""
    saturday = anchor + dt.timedelta(days=5 - anchor.weekday())
    if tense == "past" and anchor.weekday() < 5:
        saturday -= dt.timedelta(days=7)
    return saturday + dt.timedelta(days=7 * offset)


def weekend_value(saturday: dt.date) -> str:
    year, week, _ = saturday.isocalendar()
    return f"{year:04d}-W{week:02d}-WE"


# How far (in months) a tense guess may push a month without a year away from the nearest
# reading. A cue word far from the date is wrong often enough that flipping the date by most of
# a year on its word costs more than it gains (measured on TimeBank); a verb right before the
# date ("was signed in May") is trusted all the way.
WEAK_TENSE_REACH = 8
STRONG_TENSE_REACH = 12


def month_near(
    anchor: dt.date, month: int, *, tense: Tense, reach: int = STRONG_TENSE_REACH
) -> int:
    """The year of a ``month`` named without one: the occurrence on the tense's side of the
    anchor when it is at most ``reach`` months away, else the nearest one."""
    back = (anchor.month - month) % 12
    ahead = (month - anchor.month) % 12
    if tense == "past" and back <= reach:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense == "future" and ahead <= reach:
        return anchor.year if month >= anchor.month else anchor.year + 1
    if back <= ahead:
        return anchor.year if month <= anchor.month else anchor.year - 1
    return anchor.year if month >= anchor.month else anchor.year + 1


def month_day_near(
    anchor: dt.date, month: int, day: int, *, tense: Tense, reach: int = STRONG_TENSE_REACH
) -> dt.date | None:
    """The date of "May 15" without a year, chosen like :func:`month_near` but to the day."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    span = dt.timedelta(days=31 * reach)
    if tense == "past":
        before = [c for c in candidates if anchor - span <= c <= anchor]
        if before:
            return max(before)
    if tense == "future":
        after = [c for c in candidates if anchor <= c <= anchor + span]
        if after:
            return min(after)
    return min(candidates, key=lambda c: abs((c - anchor).days))


def quarter_near(anchor: dt.date, quarter: int, *, tense: Tense) -> int:
    """The year of "the third quarter" without a year (financial copy reports past quarters)."""
    current = (anchor.month - 1) // 3 + 1
    if tense == "past" and quarter > current:
        return anchor.year - 1
    if tense == "future" and quarter < current:
        return anchor.year + 1
    return anchor.year


def season_near(anchor: dt.date, season: int, *, relation: str) -> str:
    """The value of the season meant by "last/this/next summer" (season: 0 = spring, 3 = winter).

    ``relation`` is ``last`` (the latest one before the current season), ``next`` (the first
    after it), ``this`` (in the anchor's year) or a tense for a bare "in the summer".
    """
    current = season_ordinal(anchor)
    back = (current % 4 - season) % 4
    ahead = (season - current % 4) % 4
    if relation == "last":
        ordinal = current - (back or 4)
    elif relation == "next":
        ordinal = current + (ahead or 4)
    elif relation == "past":
        ordinal = current - back
    elif relation == "future":
        ordinal = current + ahead
    else:
        year = anchor.year - 1 if season == 3 and anchor.month < 3 else anchor.year
        ordinal = year * 4 + season
    return f"{ordinal // 4:04d}-{SEASON_CODES[ordinal % 4]}"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` (1-based; -1 = last) ``weekday`` of a month."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday(name: str, year: int) -> dt.date | None:
    """The date of a named holiday in ``year`` (US dates for the US federal holidays)."""
    fixed = {
        "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
        "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
        "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
        "veterans day": (11, 11), "armistice day": (11, 11),
    }  # fmt: skip
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name in ("thanksgiving", "thanksgiving day"):
        return _nth_weekday(year, 11, 3, 4)
    if name == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if name == "election day":
        return _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)
    offsets = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1}
    if name in offsets:
        return easter(year) + dt.timedelta(days=offsets[name])
    return None


_DURATION_CODES = {
    "second": ("T", "S", 1),
    "minute": ("T", "M", 1),
    "hour": ("T", "H", 1),
    "day": ("", "D", 1),
    "week": ("", "W", 1),
    "fortnight": ("", "W", 2),
    "month": ("", "M", 1),
    "quarter": ("", "M", 3),
    "year": ("", "Y", 1),
    "decade": ("", "Y", 10),
    "century": ("", "Y", 100),
}


# The next smaller unit and how many of it make one: a fractional count is carried into it.
# Seconds have none: ISO 8601 lets the smallest unit written carry a decimal fraction.
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60),
            "TM": ("S", 60)}  # fmt: skip


def duration_value(count: float | None, unit: str) -> str:
    """``P3Y``, ``PT2H``, ``P2Y6M`` for two and a half years, ``PT3.5S``; a vague count gives
    ``PXY``."""
    time_part, letter, factor = _DURATION_CODES[unit]
    if count is None:
        vague_letter = {"decade": "DE", "century": "CE", "fortnight": "W", "quarter": "Q"}.get(
            unit, letter
        )
        return f"P{time_part}X{vague_letter}"
    amount = count * factor
    if amount == int(amount):
        return f"P{time_part}{int(amount)}{letter}"
    smaller = _SMALLER.get(time_part + letter if letter == "M" else letter)
    if smaller is None:
        return f"P{time_part}{_decimal(amount)}{letter}"
    small_letter, per = smaller
    # Rounded (half up, as people count) in the smaller unit first, so 1.999 hours is PT2H,
    # never PT1H60M.
    whole, rest = divmod(int(amount * per + 0.5), per)
    if rest == 0:
        return f"P{time_part}{whole}{letter}"
    if letter == "D":
        head = f"P{whole}DT" if whole else "PT"
    elif time_part:
        head = f"PT{whole}{letter}" if whole else "PT"
    else:
        head = f"P{whole}{letter}" if whole else "P"
    return f"{head}{rest}{small_letter}"


def _decimal(amount: float) -> str:
    """A decimal without float noise: 3.5 -> "3.5", 0.25 -> "0.25", 1/3 -> "0.333"."""
    return f"{amount:.3f}".rstrip("0").rstrip(".")
