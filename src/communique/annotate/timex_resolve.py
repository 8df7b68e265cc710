"""Turn one rule's match into a TIMEX3 value: a function per family of expression.

Each ``norm_*`` function reads the named groups of its pattern (see :mod:`timex_rules`), checks
the guards that only make sense beside it (a year that is really a count, "May" the modal verb,
"its quarterly dividend"), and returns a :class:`Resolution`, or None to veto the match. The
calendar arithmetic itself lives in :mod:`timex_normalise`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from communique.annotate.timex_normalise import (
    STRONG_TENSE_REACH,
    WEAK_TENSE_REACH,
    Context,
    Precision,
    Resolution,
    Tense,
    add_months,
    duration_value,
    format_point,
    holiday,
    month_day_near,
    month_near,
    point,
    quarter_near,
    season_near,
    shift,
    unanchored,
    weekday_near,
    weekend_near,
    weekend_value,
    with_mod,
)
from communique.annotate.timex_vocab import (
    parse_count,
    parse_month,
    parse_ordinal,
    parse_unit,
    parse_weekday,
    parse_year,
)

__all__ = [
    "Normaliser",
    "norm_century",
    "norm_clock",
    "norm_day_word",
    "norm_decade",
    "norm_duration",
    "norm_half",
    "norm_holiday",
    "norm_iso",
    "norm_month",
    "norm_month_day",
    "norm_month_year",
    "norm_noon",
    "norm_offset",
    "norm_quarter",
    "norm_ref",
    "norm_relative_day",
    "norm_relative_unit",
    "norm_season",
    "norm_set_adverb",
    "norm_set_every",
    "norm_slash",
    "norm_the_quarter",
    "norm_the_year",
    "norm_unit_duration",
    "norm_vague_ago",
    "norm_vague_duration",
    "norm_vague_span",
    "norm_weekday",
    "norm_weekday_set",
    "norm_weekend",
    "norm_year",
    "norm_year_ago_adj",
    "norm_year_end",
]

Normaliser = Callable[[re.Match[str], Context], Resolution | None]


def _g(match: re.Match[str], name: str) -> str:
    """A named group's text, lower-cased and with single spaces; "" when it did not take part."""
    text = match.groupdict().get(name)
    return re.sub(r"\s+", " ", text.lower()) if text else ""


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
_LAST = {"last", "past", "previous", "this past", "the previous", "the past", "the last", "prior"}
_NEXT = {"next", "coming", "this coming", "the coming", "the following", "the next", "following"}


def _direction(rel: str, tense: Tense) -> str:
    """``last``/``next`` for explicit words, else the sentence's tense (present counts as past
    because news reports what has happened unless it says otherwise)."""
    if rel in _LAST:
        return "last"
    if rel in _NEXT:
        return "next"
    return "future" if tense == "future" else "past"


def _reach(ctx: Context) -> int:
    return STRONG_TENSE_REACH if ctx.tense_is_local else WEAK_TENSE_REACH


def _year_of(text: str, ctx: Context) -> int | None:
    return parse_year(text, pivot=ctx.anchor.year if ctx.anchor else None)


# -- explicit calendar dates ------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def norm_iso(match: re.Match[str], ctx: Context) -> Resolution | None:
    day = _safe_date(int(_g(match, "y")), int(_g(match, "m")), int(_g(match, "d")))
    if day is None:
        return None
    resolution = point(day, "day", anchored=False)
    if _g(match, "hh"):
        return with_mod(resolution, f"T{_g(match, 'hh')}:{_g(match, 'mi')}")
    return resolution


def norm_slash(match: re.Match[str], ctx: Context) -> Resolution | None:
    year_text = _g(match, "y")
    year = _year_of(year_text if len(year_text) == 4 else "'" + year_text, ctx)
    day = _safe_date(year or 0, int(_g(match, "m")), int(_g(match, "d"))) if year else None
    return point(day, "day", anchored=False) if day else None


def norm_month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Explicit dates: "May 15", "15 May 2025", "Friday, Oct. 23", "September 17-18" (the first
    day)."""
    month = parse_month(match.group("month"))
    day = int(re.match(r"\d+", _g(match, "day")).group())  # type: ignore[union-attr]
    year_text = _g(match, "year") or _g(match, "rangeyear")
    if year_text:
        year = _year_of(year_text, ctx)
        found = _safe_date(year, month, day) if year else None
        return point(found, "day", anchored=False) if found else None
    if ctx.anchor is None:
        return unanchored("DATE", "day")
    found = month_day_near(ctx.anchor, month, day, tense=ctx.tense, reach=_reach(ctx))
    return point(found, "day") if found else None


def norm_month_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    year = _year_of(_g(match, "year"), ctx)
    if year is None:
        return None
    return point(dt.date(year, parse_month(match.group("month")), 1), "month", anchored=False)


_MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|by|until|till|since|from|through|during|of|before|after|early|late|mid|last|next"
    r"|this|that|and|or|to|between|throughout)\s+|mid-)$",
    re.IGNORECASE,
)


def norm_month(match: re.Match[str], ctx: Context) -> Resolution | None:
    """A month without a year: "in May", "late March", "last November", "June last year"."""
    name = match.group("month")
    rel, rel_year = _g(match, "rel"), _g(match, "relyear")
    before = match.string[max(0, match.start() - 20) : match.start()]
    bare = not (rel or rel_year or _g(match, "mod"))
    if name in ("May", "MAY") and bare and not _MAY_CONTEXT.search(before):
        return None  # "May" opening a sentence is the modal verb more often than the month
    if ctx.anchor is None:
        return unanchored("DATE", "month")
    month, anchor = parse_month(name), ctx.anchor
    if rel_year:
        year = anchor.year + {"last": -1, "next": 1}.get(rel_year, 0)
    elif rel in _LAST:
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in _NEXT:
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        year = month_near(anchor, month, tense=ctx.tense, reach=_reach(ctx))
    return point(dt.date(year, month, 1), "month")


_COUNTED = re.compile(
    r"\s+(?:(?!(?:has|was|is|as|this|does|his|its|us|plus|across|versus|thus|perhaps|unless)\b)"
    r"[a-z]{2,}s\b|people|men|women|children|staff|police|personnel|feet|head|of\s+the|to\s+\d)\b"
)


def norm_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """A four-digit year, unless it is money, a count ("2000 troops") or part of a number."""
    text = match.string
    before = text[max(0, match.start() - 2) : match.start()]
    if re.search(r"[$£€#]\s*$|\d[.,]$|No\.\s*$", before):
        return None
    after = text[match.end() : match.end() + 20]
    if re.match(r"\s*(?:%|percent|per\s+cent)", after, re.IGNORECASE):
        return None
    # "2000 troops" is a count but "1989 sales" a year's figure: only a round number before a
    # plural noun, with no "fiscal" or "mid-" before it, is taken for a count.
    year_text = _g(match, "year")
    round_number = year_text.isdigit() and int(year_text) % 10 == 0
    if round_number and not _g(match, "mod") and not _g(match, "fiscal") and _COUNTED.match(after):
        return None
    year = _year_of(_g(match, "year"), ctx)
    return point(dt.date(year, 1, 1), "year", anchored=False) if year else None


def norm_decade(match: re.Match[str], ctx: Context) -> Resolution | None:
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
    text = _g(match, "dec")
    if text in words:
        year = 1900 + 10 * words[text]
    else:
        year = _year_of(text.rstrip("s").rstrip("'’").replace("’", "'"), ctx) or 0
    if year < 1:
        return None
    return Resolution("DATE", f"{year // 10:03d}", False, "decade", dt.date(year, 1, 1))


def norm_century(match: re.Match[str], ctx: Context) -> Resolution | None:
    number = parse_ordinal(_g(match, "ord"))
    if number is None or not 1 <= number <= 30:
        return None
    return Resolution("DATE", f"{number - 1:02d}", False, "century", None)


def norm_holiday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Holidays: "Thanksgiving", "last Christmas", "Easter 1998", "Election Day"."""
    name = re.sub(r"[’']", "'", _g(match, "name"))
    if _g(match, "year"):
        year = _year_of(_g(match, "year"), ctx)
        found = holiday(name, year) if year else None
        return point(found, "day", anchored=False) if found else None
    if ctx.anchor is None:
        return unanchored("DATE", "day")
    options = [d for y in (-1, 0, 1) if (d := holiday(name, ctx.anchor.year + y)) is not None]
    direction = _direction(_g(match, "rel"), ctx.tense)
    if _g(match, "rel") == "this" or (direction == "past" and ctx.tense == "present"):
        direction = "near"
    anchor = ctx.anchor
    picks = {
        "last": [d for d in options if d < anchor], "past": [d for d in options if d <= anchor],
        "next": [d for d in options if d > anchor], "future": [d for d in options if d >= anchor],
    }  # fmt: skip
    chosen = picks.get(direction)
    if not chosen:
        return point(min(options, key=lambda d: abs((d - anchor).days)), "day")
    return point(max(chosen) if direction in ("last", "past") else min(chosen), "day")


# -- clock times -----------------------------------------------------------------------------


def _day_of(when: str, ctx: Context) -> Resolution | None:
    """The day a clock time or part of day sits on: "today", "yesterday", a weekday, a date."""
    if ctx.anchor is None:
        return unanchored("TIME", "time")
    offsets = {"yesterday": -1, "tomorrow": 1, "today": 0, "tonight": 0, "": 0, "last": -1}
    if when in offsets:
        return point(ctx.anchor + dt.timedelta(days=offsets[when]), "day")
    if when.capitalize() in _WEEKDAY_NAMES:
        direction = _direction("", ctx.tense)
        return point(weekday_near(ctx.anchor, parse_weekday(when), direction=direction), "day")
    parts = re.match(r"([a-z]+\.?)\s+(\d+)", when)
    if parts:
        month, day = parse_month(parts.group(1)), int(parts.group(2))
        found = month_day_near(ctx.anchor, month, day, tense=ctx.tense, reach=_reach(ctx))
        return point(found, "day") if found else None
    return None


def norm_clock(match: re.Match[str], ctx: Context) -> Resolution | None:
    hour = parse_count(_g(match, "h"))
    if hour is None or hour > 24:
        return None
    ampm = _g(match, "ampm").replace(".", "").replace(" ", "")
    part = _g(match, "part")
    if (ampm == "pm" or part in ("afternoon", "evening")) and hour < 12:
        hour += 12
    elif (ampm == "am" or part == "morning") and hour == 12:
        hour = 0
    minute = int(_g(match, "mi") or 0)
    if minute > 59:
        return None
    day = _day_of(_g(match, "when"), ctx)
    return with_mod(day, f"T{int(hour):02d}:{minute:02d}") if day else None


def norm_noon(match: re.Match[str], ctx: Context) -> Resolution | None:
    day = _day_of(_g(match, "when"), ctx)
    suffix = "T24:00" if _g(match, "nm") == "midnight" else "T12:00"
    return with_mod(day, suffix) if day else None


# -- relative days and weekdays --------------------------------------------------------------


def norm_day_word(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Day words: "today", "yesterday morning", "the day after tomorrow", "last night"."""
    word = _g(match, "word")
    offsets = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1,
               "the day before yesterday": -2, "the day after tomorrow": 2, "last": -1,
               "this": 0}  # fmt: skip
    part = "night" if word in ("tonight", "last") else _g(match, "part") or _g(match, "part0")
    if ctx.anchor is None:
        return unanchored("TIME" if part else "DATE", "time" if part else "day")
    day = point(ctx.anchor + dt.timedelta(days=offsets[word]), "day")
    return with_mod(day, _PARTS_OF_DAY[part]) if part else day


def norm_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Weekdays: "Friday", "last Thursday", "next Monday morning", placed by the tense."""
    part = _g(match, "part")
    if ctx.anchor is None:
        return unanchored("TIME" if part else "DATE", "time" if part else "day")
    direction = _direction(_g(match, "rel"), ctx.tense)
    if _g(match, "rel") == "this":
        direction = "past" if ctx.tense == "past" else "future"
    found = weekday_near(ctx.anchor, parse_weekday(match.group("wd")), direction=direction)
    day = point(found, "day")
    return with_mod(day, _PARTS_OF_DAY[part]) if part else day


def norm_weekday_set(match: re.Match[str], ctx: Context) -> Resolution | None:
    weekday = parse_weekday(match.group("wd")) + 1
    part = _g(match, "part").rstrip("s")
    suffix = _PARTS_OF_DAY.get(part, "")
    return Resolution("SET", f"XXXX-WXX-{weekday}{suffix}", False, "none")


# -- relative offsets and units --------------------------------------------------------------

_UNIT_PRECISION: dict[str, Precision] = {
    "second": "day", "minute": "day", "hour": "day", "day": "day", "week": "week",
    "fortnight": "week", "month": "month", "quarter": "quarter", "year": "year",
    "decade": "year", "century": "year", "weekend": "week", "season": "season",
}  # fmt: skip
_REL_PRECISION: dict[str, Precision] = {"decade": "decade", "century": "century"}
_FINER = ("time", "day", "week", "month", "quarter", "half", "season", "year", "decade")


def _shift_point(base: dt.date, unit: str, count: int) -> dt.date:
    if unit == "fortnight":
        return shift(base, "week", 2 * count)
    if unit in ("second", "minute", "hour"):
        return base
    return shift(base, unit, count)


def norm_offset(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Offsets: "three years ago", "two weeks prior", "six months later".

    "ago" counts from the anchor; "earlier"/"later" from the time under discussion (the
    reference) when there is one. Years counted back from a reporting period keep its
    granularity: "a year ago" after "the third quarter" is the year-ago third quarter.
    """
    direction = _g(match, "dir")
    sign = -1 if direction in ("ago", "earlier", "before", "prior", "back", "previously") else 1
    count, unit = parse_count(_g(match, "num") or "x"), parse_unit(_g(match, "unit"))
    if count is None:
        return Resolution("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", False, "none")
    precision = _UNIT_PRECISION[unit]
    deictic = direction in ("ago", "back", "hence", "from now")
    if unit in ("second", "minute", "hour") and not deictic:
        # "over an hour later" measures the gap after an event; it names no calendar day.
        return Resolution("DURATION", duration_value(count, unit), False, "none")
    if ctx.anchor is None or not float(count).is_integer():
        return unanchored("DATE", precision)
    steps = sign * int(count)
    focus, ref = ctx.focus, ctx.reference
    if unit == "year" and focus is not None and focus.point is not None:
        return point(shift(focus.point, "year", steps), focus.precision)
    base = ctx.anchor
    if not deictic and ref is not None and ref.point is not None:
        base = ref.point
    return point(_shift_point(base, unit, steps), precision)


def norm_year_ago_adj(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Year-ago adjectives: "year-earlier", "the year-ago quarter", "the year-ago third quarter"."""
    if ctx.anchor is None:
        return unanchored("DATE", "year")
    ordinal = parse_ordinal(_g(match, "ord")) if _g(match, "ord") else None
    if ordinal is not None and 1 <= ordinal <= 4:
        year = quarter_near(ctx.anchor, ordinal, tense="past") - 1
        return point(dt.date(year, 3 * ordinal - 1, 1), "quarter")
    focus = ctx.focus
    if focus is not None and focus.point is not None:
        return point(shift(focus.point, "year", -1), focus.precision)
    if _g(match, "what") == "quarter":
        return point(shift(add_months(ctx.anchor, -3), "year", -1), "quarter")
    return point(shift(ctx.anchor, "year", -1), "year")


_REL_STEP = {
    "last": -1, "past": -1, "previous": -1, "this past": -1, "the previous": -1, "prior": -1,
    "the prior": -1, "the last": -1, "next": 1, "coming": 1, "the coming": 1, "this coming": 1,
    "the following": 1, "the next": 1, "following": 1, "this": 0, "current": 0,
    "the current": 0, "the present": 0, "the same": 0, "that": 0, "the": 0,
}  # fmt: skip
# These take the discourse's reference time when it has one ("the following day").
_ANAPHORIC = {"the previous", "the following", "the next", "the same", "that", "the prior"}


def norm_relative_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Relative units: "next month", "last year", "this week", "earlier this year", "the following
    day"."""
    rel, unit = _g(match, "rel"), parse_unit(_g(match, "unit").replace("fiscal ", ""))
    if unit == "weekend":  # pragma: no cover - weekends have their own rule
        return None
    precision = _REL_PRECISION.get(unit, _UNIT_PRECISION[unit])
    if ctx.anchor is None:
        return unanchored("DATE", precision)
    base = ctx.anchor
    if rel in _ANAPHORIC and ctx.reference is not None and ctx.reference.point is not None:
        base = ctx.reference.point
    day = _shift_point(base, unit, _REL_STEP[rel])
    return Resolution("DATE", format_point(day, precision), True, precision, day)


def norm_relative_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Anaphoric days: "the next day", "that same day", "the following morning": a day counted from
    the one under discussion (the anchor when nothing has been dated yet)."""
    part = _g(match, "part")
    if ctx.anchor is None:
        return unanchored("TIME" if part else "DATE", "time" if part else "day")
    ref = ctx.reference
    base = ref.point if ref is not None and ref.point is not None else ctx.anchor
    rel = _g(match, "rel").replace("that same", "that")
    day = point(base + dt.timedelta(days=_REL_STEP[rel]), "day")
    return with_mod(day, _PARTS_OF_DAY[part]) if part else day


def norm_the_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The year: "for the year" is the year under discussion; "the year ended March 31" a fiscal
    year, known only as a duration here (its end date is a separate expression)."""
    if _g(match, "ending"):
        return Resolution("DURATION", "P1Y", False, "none")
    if ctx.anchor is None:
        return unanchored("DATE", "year")
    return point(ctx.anchor, "year")


def norm_year_end(match: re.Match[str], ctx: Context) -> Resolution | None:
    """ "The year-end deadline": the last day of the year in view, as TimeML writes it. The
    sentence's tense is no guide here ("had doubled by year-end" may be this year's forecast
    or last year's result), so the year is the anchor's."""
    if ctx.anchor is None:
        return unanchored("DATE", "day")
    return point(dt.date(ctx.anchor.year, 12, 31), "day")


def norm_weekend(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Weekends: "at the weekend" (the last one in past sentences, else the next one)."""
    if ctx.anchor is None:
        return unanchored("DATE", "week")
    rel = _g(match, "rel")
    step = _REL_STEP.get(rel, 0)
    tense: Tense = "past" if step < 0 else "future" if step > 0 else ctx.tense
    saturday = weekend_near(ctx.anchor, tense=tense)
    return Resolution("DATE", weekend_value(saturday), True, "week", saturday)


def norm_vague_ago(match: re.Match[str], ctx: Context) -> Resolution | None:
    future = _g(match, "dir") in ("later", "after", "from now", "hence")
    return Resolution("DATE", "FUTURE_REF" if future else "PAST_REF", False, "none")


# -- parts of years --------------------------------------------------------------------------


def _year_from_words(match: re.Match[str], ctx: Context, *, fallback: int | None) -> int | None:
    """The year given by "of 1990", "1990's", "this year's" or "last year's"; else fallback."""
    for name in ("year", "yearpre"):
        if _g(match, name):
            return _year_of(_g(match, name), ctx)
    rel = _g(match, "relyear")
    if rel and ctx.anchor is not None:
        return ctx.anchor.year + {"last": -1, "next": 1, "previous": -1}.get(rel, 0)
    return fallback


def norm_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Ordinal quarters: "the third quarter", "third-quarter", "the fourth quarter of 1990", "Q3
    2022"."""
    ordinal = parse_ordinal(_g(match, "ord") or "x") or int(_g(match, "q") or 0)
    if not 1 <= ordinal <= 4:
        return None
    # Only a verb right before it moves a quarter to another year: business copy mostly
    # reports the latest quarters whatever the tense of the sentence around them.
    tense = ctx.tense if ctx.tense_is_local else "present"
    near = quarter_near(ctx.anchor, ordinal, tense=tense) if ctx.anchor else None
    year = _year_from_words(match, ctx, fallback=near)
    if year is None:
        return unanchored("DATE", "quarter")
    explicit = bool(_g(match, "year") or _g(match, "yearpre"))
    return point(dt.date(year, 3 * ordinal - 1, 1), "quarter", anchored=not explicit)


def norm_the_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The quarter: "the quarter", "the latest quarter", "the 1988 period": the reporting period
    under discussion, else the last one reported (past sentences) or the current one."""
    if ctx.anchor is None:
        return unanchored("DATE", "quarter")
    focus = ctx.focus
    year = _year_of(_g(match, "year"), ctx) if _g(match, "year") else None
    if focus is not None and focus.point is not None:
        base = focus.point if year is None else focus.point.replace(year=year)
        return point(base, focus.precision)
    rel = _g(match, "rel")
    back = rel in ("latest", "last", "previous", "past", "most recent") or (
        ctx.tense == "past" and rel != "current"
    )
    base = add_months(ctx.anchor, -3 if back else 0)
    return point(base if year is None else base.replace(year=year), "quarter")


def norm_half(match: re.Match[str], ctx: Context) -> Resolution | None:
    half = 1 if _g(match, "ord") == "first" else 2
    current = 1 if ctx.anchor and ctx.anchor.month <= 6 else 2
    near = None
    if ctx.anchor is not None:
        near = ctx.anchor.year - (1 if ctx.tense == "past" and half > current else 0)
    year = _year_from_words(match, ctx, fallback=near)
    if year is None:
        return unanchored("DATE", "half")
    return point(dt.date(year, 6 * half - 1, 1), "half", anchored=not _g(match, "year"))


_SEASON_PREPOSITION = re.compile(
    r"\b(?:in|into|during|over|since|until|till|by|through|throughout|before|after)\s+$",
    re.IGNORECASE,
)
_SEASONS = {"spring": 0, "summer": 1, "fall": 2, "autumn": 2, "winter": 3}


def norm_season(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Seasons: "last fall", "this summer", "the winter of 1994", "in the spring"."""
    season, rel = _SEASONS[_g(match, "season")], _g(match, "rel")
    if _g(match, "year"):
        year = _year_of(_g(match, "year"), ctx)
        if year is None:
            return None
        code = ("SP", "SU", "FA", "WI")[season]
        return Resolution("DATE", f"{year:04d}-{code}", False, "season")
    before = match.string[max(0, match.start() - 12) : match.start()]
    if rel in ("", "the") and not _SEASON_PREPOSITION.search(before):
        return None  # "the fall of the government", "a spring in his step"
    if ctx.anchor is None:
        return unanchored("DATE", "season")
    relation = "this" if rel == "this" else _direction(rel, ctx.tense)
    if relation in ("past", "future") and ctx.tense == "present":
        relation = "this"
    return Resolution("DATE", season_near(ctx.anchor, season, relation=relation), True, "season")


# -- vague references, durations and sets ----------------------------------------------------


def norm_ref(value: str) -> Normaliser:
    def normalise(match: re.Match[str], ctx: Context) -> Resolution | None:
        return Resolution("DATE", value, False, "none")

    return normalise


# "$2 million a year", "700 seats a week", "three times a day": a rate, i.e. a SET.
_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|thousand|hundred|dollars?|cents?|percent|times|twice|once))"
    r"\S*(?:\s+[A-Za-z]+){0,2}\s+$"
)


def norm_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Durations: "three years", "30-day", "the past two months", "two to three weeks", "several
    years"."""
    after = match.string[match.end() : match.end() + 8]
    if re.match(r"[-\s]+old\b", after):
        return None  # "a five-year-old" is an age
    count = parse_count(_g(match, "num"))
    unit = parse_unit(_g(match, "unit"))
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", _g(match, "num")) and not _g(match, "unit").endswith("s"):
        return None  # "the 1988 quarter" names a period of 1988
    if unit == "second" and _g(match, "num") in ("a", "one"):
        return None  # "a second term", "one second-round vote"
    if unit == "quarter" and re.match(r"\s+of\b", after):
        return None  # "a quarter of the budget" is a fraction
    before = match.string[max(0, match.start() - 40) : match.start()]
    if _g(match, "num") in ("a", "an") and _RATE_BEFORE.search(before):
        return Resolution("SET", duration_value(1, unit), False, "none")
    if count is not None and (_g(match, "half") or _g(match, "half0")):
        count += 0.5
    return Resolution("DURATION", duration_value(count, unit), False, "none")


def norm_unit_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Past units: "the past year" is a stretch of time ending now, not last calendar year."""
    return Resolution("DURATION", duration_value(1, parse_unit(_g(match, "unit"))), False, "none")


def norm_vague_span(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Vague spans: "recent years", "the past few weeks" locate something vaguely in the past
    rather than measure it; "the coming months" in the future."""
    when = _g(match, "when")
    future = when in ("coming", "next", "following", "ensuing", "the coming", "the next")
    return Resolution("DATE", "FUTURE_REF" if future else "PAST_REF", False, "none")


def norm_vague_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    return Resolution(
        "DURATION", duration_value(None, parse_unit(_g(match, "unit"))), False, "none"
    )


_ADVERB_SETS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "bimonthly": "P2M", "quarterly": "P3M", "annually": "P1Y",
    "yearly": "P1Y", "semiannually": "P6M", "biannually": "P6M",
}  # fmt: skip


_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their|his|her|our|first|initial|regular|latest|usual)\s+$", re.IGNORECASE
)


def norm_set_adverb(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Frequency adverbs: "daily", "annually"; after a determiner ("its quarterly dividend") it is
    an adjective describing a payment or a report, not a recurring time."""
    if _DETERMINER_BEFORE.search(match.string[max(0, match.start() - 12) : match.start()]):
        return None
    return Resolution("SET", _ADVERB_SETS[_g(match, "adv")], False, "none")


def norm_set_every(match: re.Match[str], ctx: Context) -> Resolution | None:
    """Sets: "every week", "each Thursday", "every two years", "twice a year", "each July"."""
    what = _g(match, "what")
    if what.capitalize().rstrip("s") in _WEEKDAY_NAMES:
        return Resolution("SET", f"XXXX-WXX-{parse_weekday(what) + 1}", False, "none")
    if what in _PARTS_OF_DAY:
        return Resolution("SET", f"XXXX-XX-XX{_PARTS_OF_DAY[what]}", False, "none")
    try:
        unit = parse_unit(what)
    except KeyError:
        return Resolution("SET", f"XXXX-{parse_month(what):02d}", False, "none")
    count = parse_count(_g(match, "num")) if _g(match, "num") else 1.0
    if _g(match, "other"):
        count = 2.0
    return Resolution("SET", duration_value(count, unit), False, "none")
