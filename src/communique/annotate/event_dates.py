"""Which day a bare weekday, month or holiday means for one event (internal to :mod:`.events`).

The time-expression layer anchors "Tuesday", "in June" or "Christmas" on the publication date
with the tense of the whole sentence; but one sentence can tell a past statement about a
future event ("said on Tuesday that talks will resume"), so the event's own verb decides:

* a verb in the past tense or perfect ("said on Tuesday", "passed in June") looks back: the
  latest such day on or before publication;
* a planned or hypothetical event, or one under will/shall/could/may ("is expected to speak
  Tuesday", "could vote as early as Thursday"), looks ahead: the first one on or after it;
* a present-tense verb in a clause of time ("before she delivers her address on Tuesday",
  "once the board votes Friday") looks ahead too: English tells the future that way there;
* otherwise the layer's reading stands. A holiday with no tense to go by is the occurrence
  nearest to publication ("a deal by Christmas" in December is this Christmas).

Only expressions the layer anchored and that name no year, number or direction ("last",
"next", "this", "ago" ...) are read again: the text has fixed the others.

    >>> import datetime as dt
    >>> shift_bare_date("2025-05-13", "day", text="Tuesday", direction="past",
    ...                 published=dt.date(2025, 5, 10))
    '2025-05-06'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final, Literal

from spacy.tokens import Token

from communique.annotate.event_grammar import DAY_RE, auxiliaries

__all__ = ["Direction", "event_direction", "futurate", "shift_bare_date"]

Direction = Literal["past", "future", "none"]

_WEEKDAYS: Final = re.compile(
    r"^(mon|tues?|wed(nes)?|thu(rs?)?|fri|sat(ur)?|sun)(day)?s?\.?$", re.IGNORECASE
)
_MONTHS: Final = re.compile(
    r"^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\.?$",
    re.IGNORECASE,
)
# Words that leave a weekday or month bare: "on Tuesday night", "early in June".
_FILLERS: Final = frozenset(
    {
        "on",
        "in",
        "at",
        "the",
        "early",
        "late",
        "mid",
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "of",
        "during",
        "s",  # "Thursday's", "Thursday night's"
    }
)
_YEAR_WORD: Final = re.compile(r"\byear\b", re.IGNORECASE)
_MONTH_RE: Final = re.compile(r"^(\d{4})-(\d{2})$")
# Conjunctions of a clause of time, where the present tense tells the future.
_TIME_MARKS: Final = frozenset({"before", "until", "till", "when", "once", "after"})
_PRESENT_BE: Final = (["is"], ["are"], ["am"], ["'s"], ["'re"], ["’s"], ["’re"])
_FUTURE_AUX: Final = frozenset(
    {"will", "shall", "'ll", "’ll", "wo", "could", "may", "might", "would", "should", "must"}
)


def event_direction(clause: Token, mode: str) -> Direction:
    """Which way the event lies from publication, by its mode and its verb's tense."""
    if mode in ("planned", "hypothetical"):
        return "future"
    aux = auxiliaries(clause)
    if any(a.lower_ in _FUTURE_AUX for a in aux):
        return "future"
    if _present_in_time_clause(clause, aux):
        return "future"
    verbs = [clause, *aux]
    if any("Past" in v.morph.get("Tense", []) and v.tag_ != "VBN" for v in verbs):
        return "past"
    if clause.tag_ == "VBN" and any(a.lemma_.lower() == "have" for a in aux):
        return "past"  # "has met on Monday"
    return "none"


def futurate(clause: Token) -> bool:
    """ "Meets the union Tuesday", "is meeting the union Tuesday": an act (not a statement) told
    in the present with a day named is scheduled, so the day lies ahead; news tells what has
    happened in the past tense."""
    aux = auxiliaries(clause)
    if clause.tag_ in ("VBZ", "VBP"):
        return not aux
    return clause.tag_ == "VBG" and [a.lower_ for a in aux] in _PRESENT_BE


def _present_in_time_clause(clause: Token, aux: Sequence[Token]) -> bool:
    """ "(before) the minister delivers", "(once) talks resume": a present-tense verb, with no
    auxiliary of its own, heading a clause introduced by a conjunction of time."""
    return (
        clause.dep_ == "advcl"
        and clause.tag_ in ("VBZ", "VBP")
        and not aux
        and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in clause.children)
    )


def _bare_kind(text: str) -> Literal["weekday", "month", "named", ""]:
    """What a time expression names when it names no year, number or direction."""
    if _YEAR_WORD.search(text):
        return ""  # "year-end" is the end of the year in view, which the layer has fixed
    words = [w for w in re.split(r"[\s\-’']+", text.strip()) if w and w.lower() not in _FILLERS]
    if len(words) != 1 or any(c.isdigit() for c in text):
        return "named" if words and not any(c.isdigit() for c in text) else ""
    word = words[0].rstrip(",")
    if _WEEKDAYS.match(word):
        return "weekday"
    if _MONTHS.match(word):
        return "month"
    return "named"


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _candidates(day: dt.date, kind: str) -> list[dt.date]:
    if kind == "weekday":
        return [day + dt.timedelta(days=7 * n) for n in range(-2, 3)]
    return [_shift_year(day, n) for n in range(-1, 2)]


def _pick(
    options: list[dt.date], last: list[dt.date], direction: Direction, published: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The option whose span lies on the right side of publication, nearest to it."""
    pairs = list(zip(options, last, strict=True))
    if direction == "past":
        fitting = [p for p in pairs if p[0] <= published]
        return max(fitting, default=None)
    if direction == "future":
        fitting = [p for p in pairs if p[1] >= published]
        return min(fitting, default=None)
    return min(pairs, key=lambda p: abs((p[0] - published).days))


def shift_bare_date(
    value: str, precision: str, *, text: str, direction: Direction, published: dt.date | None
) -> str:
    """``value`` moved to the occurrence of a bare weekday, month or holiday that lies on the
    ``direction`` side of ``published``; unchanged when the expression is not bare."""
    if published is None:
        return value
    kind = _bare_kind(text)
    if not kind or (kind == "named" and precision != "day"):
        return value
    if kind == "named":
        direction = "none"  # "by Christmas" said in the past still means the coming one
    elif direction == "none":
        return value
    if (m := DAY_RE.match(value)) and len(value) == 10:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        options = _candidates(day, kind)
        chosen = _pick(options, options, direction, published)
        return chosen[0].isoformat() if chosen else value
    if (m := _MONTH_RE.match(value)) and kind == "month":
        first = dt.date(int(m[1]), int(m[2]), 1)
        options = _candidates(first, "month")
        ends = [_month_last(d) for d in options]
        chosen = _pick(options, ends, direction, published)
        return f"{chosen[0].year:04d}-{chosen[0].month:02d}" if chosen else value
    return value


def _month_last(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
