"""The rule cascade: one compiled pattern per family of temporal expression, each paired with
the function that turns its match into a TIMEX3 value.

Families, in priority order (on equal spans the earlier rule wins; otherwise the longest span
does): explicit calendar dates, clock times, relative day words, weekdays, relative offsets
("three years ago"), relative units ("next month"), parts of years (quarters, halves, seasons),
vague references ("now", "recently"), durations and sets. A normaliser returns None to veto its
match (a year that is really a count, "May" the modal verb), so guards live beside the pattern
they protect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.annotate import timex_resolve as r
from communique.annotate.timex_resolve import Normaliser
from communique.annotate.timex_vocab import (
    DAY,
    MONTH,
    MONTH_ANY,
    NUM,
    UNIT,
    WEEKDAY,
    YEAR,
)

__all__ = ["RULES", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern family. When the pattern has a group named ``span``, only that group is the
    expression (the rest is context that must be present, like "for" before "years")."""

    name: str
    pattern: re.Pattern[str]
    normalise: Normaliser


def _rx(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){body}(?![\w])", re.IGNORECASE)


_PART = r"(?P<part>morning|afternoon|evening|night)"
_MOD = (
    r"(?:(?P<mod>early|earlier|late|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|the\s+close\s+of|sometime"
    r"|the\s+first\s+half\s+of|the\s+second\s+half\s+of)(?:-|\s+(?:in\s+)?))?"
)

_RANGE = r"\s*(?:-|–|to|and|through|until)\s*"
_QUARTER_ORDINAL = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_REL_WORDS = (
    r"last|this|next|this\s+past|this\s+coming|the\s+coming|the\s+previous|the\s+following"
    r"|the\s+next|the\s+current|the\s+same|the\s+prior|the\s+last|current|coming|past|previous|that"
)
_YEAR_G = rf"(?P<year>{YEAR})"


def _rules() -> tuple[Rule, ...]:
    """Build the cascade once; each entry is (name, pattern, normaliser)."""
    wd = rf"(?:(?P<wd>{WEEKDAY}),?\s+)?"
    table: list[tuple[str, str, Normaliser]] = [
        (
            "iso_date",
            r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mi>\d\d))?",
            r.norm_iso,
        ),
        (
            "slash_date",
            r"(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d\d)",
            r.norm_slash,
        ),
        (
            "month_day",
            # In "September 17-18, 2022" the year after the range is this date's too.
            rf"{wd}(?P<month>{MONTH_ANY})\s+(?P<day>{DAY})(?:,?\s+{_YEAR_G}"
            rf"|(?={_RANGE}{DAY},?\s+(?P<rangeyear>{YEAR}))|)",
            r.norm_month_day,
        ),
        (
            # TimeML tags each end of a range: "18" in "September 17-18" is a date of its own.
            "range_end",
            rf"(?P<month>{MONTH_ANY})\s+{DAY}{_RANGE}(?P<span>(?P<day>{DAY})(?:,?\s+{_YEAR_G})?)",
            r.norm_month_day,
        ),
        (
            "day_month",
            rf"{wd}(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<month>{MONTH})"
            rf"(?:,?\s+{_YEAR_G})?",
            r.norm_month_day,
        ),
        (
            "month_year",
            # An undotted abbreviation ("Feb 2022") is a month only before a full year.
            rf"{_MOD}(?P<month>{MONTH}|{MONTH_ANY}(?=,?\s+(?:1[5-9]|20)\d\d(?!\d)))"
            rf"(?:\s+of)?,?\s+{_YEAR_G}",
            r.norm_month_year,
        ),
        (
            "month",
            rf"{_MOD}(?:(?P<rel>{_REL_WORDS})\s+)?(?P<month>{MONTH})"
            rf"(?:,?\s+(?P<relyear>last|this|next)\s+year)?",
            r.norm_month,
        ),
        (
            "decade",
            rf"(?:the\s+)?{_MOD}(?P<dec>(?:1[5-9]|20)\d0'?s|['’]\d0'?s"
            r"|(?<=the\s)(?:twenties|thirties|forties|fifties|sixties|seventies|eighties"
            r"|nineties))",
            r.norm_decade,
        ),
        (
            "century",
            r"(?:the\s+)?" + _MOD + r"(?P<ord>\d{1,2}(?:st|nd|rd|th)|(?:twenty[-\s])?"
            r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
            r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
            r"|twentieth))[-\s]+century",
            r.norm_century,
        ),
        (
            "holiday",
            rf"(?:(?P<rel>{_REL_WORDS})\s+)?(?P<name>(?-i:New\s+Year['’]s\s+(?:Day|Eve)"
            r"|Christmas(?:\s+Day|\s+Eve)?|Boxing\s+Day|Valentine['’]s\s+Day|Halloween"
            r"|Independence\s+Day|Veterans\s+Day|Armistice\s+Day|Thanksgiving(?:\s+Day)?"
            r"|Labor\s+Day"
            r"|Memorial\s+Day|Election\s+Day|Easter(?:\s+Sunday|\s+Monday)?|Good\s+Friday))"
            rf"(?:,?\s+{_YEAR_G})?",
            r.norm_holiday,
        ),
        (
            "clock",
            r"(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before"
            r"|after))\s+)?(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d))?\s*(?P<ampm>[ap]\.\s?m\.?|[ap]m)"
            r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time))?(?:,?\s+(?P<when>today|tonight|yesterday"
            rf"|tomorrow|{WEEKDAY}|{MONTH_ANY}\s+\d{{1,2}}))?",
            r.norm_clock,
        ),
        (
            "clock_24h",
            r"(?<=at\s)(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?:\s+(?:GMT|UTC|[ECMP][SD]T"
            r"|local\s+time))?",
            r.norm_clock,
        ),
        (
            "clock_words",
            rf"(?P<h>\d{{1,2}}|{NUM})\s+(?:o'clock\s+)?in\s+the\s+"
            r"(?P<part>morning|afternoon|evening)",
            r.norm_clock,
        ),
        (
            "noon",
            r"(?P<nm>noon|midnight|midday)(?:,?\s+(?P<when>today|tonight|yesterday|tomorrow"
            rf"|{WEEKDAY}))?",
            r.norm_noon,
        ),
        (
            "day_word",
            rf"{_MOD}(?:(?:early|late|mid)[-\s]?(?P<part0>morning|afternoon|evening)\s+)?"
            r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
            rf"|today|tonight|tomorrow|yesterday)(?:\s+{_PART})?",
            r.norm_day_word,
        ),
        (
            "part_of_day",
            rf"{_MOD}(?P<word>this|last)\s+(?P<part>morning|afternoon|evening|night)"
            r"(?<!last\smorning)(?<!last\safternoon)(?<!last\sevening)",
            r.norm_day_word,
        ),
        (
            "weekday",
            rf"{_MOD}(?:(?P<rel>{_REL_WORDS})\s+)?(?P<wd>{WEEKDAY})(?:\s+{_PART})?",
            r.norm_weekday,
        ),
        (
            "weekday_set",
            rf"(?P<wd>{WEEKDAY}s)(?:\s+(?P<part>mornings|afternoons|evenings|nights))?",
            r.norm_weekday_set,
        ),
        (
            "offset",
            r"(?:(?:about|around|nearly|almost|roughly|some|more\s+than|less\s+than|over"
            rf"|just|only)\s+)?(?P<num>{NUM})\s+(?:more\s+)?(?P<unit>{UNIT})(?:\s+or\s+so)?\s+"
            r"(?P<dir>ago|earlier|prior|later|back|hence|from\s+now|before(?=\s*[,.;:)])"
            r"|after(?=\s*[,.;:)])|afterwards?)",
            r.norm_offset,
        ),
        (
            "vague_ago",
            r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier|later)",
            r.norm_vague_ago,
        ),
        (
            "year_ago_adj",
            r"(?:the\s+(?=(?:comparable\s+|same\s+)?year[-\s](?:earlier|ago)\s+(?:\w+[-\s]+)?"
            r"(?:quarter|period)))?(?:comparable\s+|same\s+)?year[-\s](?:earlier|ago)"
            r"(?:\s+(?:(?P<ord>"
            r"first|second|third|fourth)[-\s]+)?(?P<what>quarter|period))?",
            r.norm_year_ago_adj,
        ),
        (
            "relative_unit",
            rf"{_MOD}(?P<rel>{_REL_WORDS})\s+(?P<unit>(?:fiscal\s+)?(?:week|month"
            r"|year|quarter|decade|century))",
            r.norm_relative_unit,
        ),
        (
            "the_year",
            r"(?P<span>(?:(?:earlier|later)\s+in\s+)?the\s+(?:(?:current|full|whole|entire)"
            r"\s+)?(?:fiscal\s+)?year)(?![-\w])(?P<ending>\s+(?:ended|ending|to\s+\w+\s+\d))?",
            r.norm_the_year,
        ),
        (
            # "the year-end deadline", "by year end": the close of the year under discussion
            "year_end",
            r"(?:the\s+)?year[-\s]end",
            r.norm_year_end,
        ),
        (
            "past_unit",
            r"the\s+past\s+(?P<unit>week|month|year|decade|century)",
            r.norm_unit_duration,
        ),
        (
            "relative_day",
            r"(?P<rel>the\s+(?:next|following|previous|same|prior)|that(?:\s+same)?)\s+"
            r"(?:(?P<unit>day)|(?P<part>morning|afternoon|evening|night))",
            r.norm_relative_day,
        ),
        ("weekend", rf"(?:(?P<rel>{_REL_WORDS}|the)\s+)weekend", r.norm_weekend),
        (
            "quarter",
            # "the" belongs to "the third quarter" but not to the adjective in "the
            # third-quarter loss", which TimeML tags without it.
            rf"(?:(?:(?:the|this)\s+(?={_QUARTER_ORDINAL}\s+(?:(?:fiscal|calendar)\s+)?quarter)"
            rf"|(?P<relyear>last|this|next)\s+year's\s+|(?P<yearpre>{YEAR})'s\s+))?"
            r"(?:(?:fiscal|calendar)[-\s]+)?(?P<ord>first|second|third|fourth|final|1st|2nd"
            r"|3rd|4th)[-\s]+(?:(?:fiscal|calendar)[-\s]+)?quarter"
            rf"(?:\s+of\s+(?:fiscal\s+)?{_YEAR_G})?",
            r.norm_quarter,
        ),
        ("quarter_code", rf"(?-i:Q(?P<q>[1-4]))(?:\s+{_YEAR_G})?", r.norm_quarter),
        (
            "the_quarter",
            r"the\s+(?:(?P<rel>latest|current|last|previous|past|most\s+recent)\s+"
            rf"|{_YEAR_G}\s+)?(?:fiscal\s+)?quarter(?![-\w]|\s+of\b)",
            r.norm_the_quarter,
        ),
        (
            "the_period",
            rf"the\s+(?:(?P<rel>latest|most\s+recent)|{_YEAR_G})\s+period",
            r.norm_the_quarter,
        ),
        (
            "half",
            r"(?:the\s+)?(?P<ord>first|second|last|latter)\s+half(?:\s+of\s+(?:(?:fiscal\s+)?"
            rf"{_YEAR_G}|(?P<relyear>this|last|next)\s+year|the\s+year))?",
            r.norm_half,
        ),
        (
            "season",
            rf"(?:(?P<rel>{_REL_WORDS}|the|early|late|mid)[-\s]+)?(?P<season>spring|summer"
            rf"|fall|autumn|winter)(?:(?:\s+of)?,?\s+{_YEAR_G})?",
            r.norm_season,
        ),
        (
            "year",
            rf"{_MOD}(?P<fiscal>(?:fiscal|calendar)(?:\s+year)?\s+|FY\s?|the\s+year\s+)?"
            rf"{_YEAR_G}(?!\s*-\s*\d)",
            r.norm_year,
        ),
        (
            "present_ref",
            r"right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days"
            r"|at\s+the\s+moment|the\s+present|current(?!\s+(?:account|affairs|events)\b)",
            r.norm_ref("PRESENT_REF"),
        ),
        (
            "past_ref",
            r"recently|lately|formerly|the\s+past|(?<=in\s)the\s+old\s+days"
            r"|previously(?=\s*[,.;:]|\s+(?:the|a|an|he|she|it|they|we)\b)",
            r.norm_ref("PAST_REF"),
        ),
        (
            "future_ref",
            r"the\s+(?:near\s+|distant\s+)?future|(?<=in\s)future|as\s+soon\s+as"
            r"\s+possible|a\s+later\s+date",
            r.norm_ref("FUTURE_REF"),
        ),
        (
            "duration",
            r"(?:(?:the\s+)?(?:past|last|next|first|coming|previous|following|latest"
            r"|final|remaining|full|entire|whole)\s+|the\s+)?"
            r"(?:(?:about|around|nearly|almost|roughly"
            r"|approximately|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|under|over"
            rf"|some)\s+)?(?P<num>{NUM})(?:\s*(?:-|–|to|or)\s*{NUM})?"
            r"(?P<half0>\s+and\s+a\s+half)?[-\s]+(?:(?:more|additional"
            rf"|full|straight|consecutive)\s+)?(?P<unit>{UNIT})"
            r"(?P<half>[-\s]+and[-\s]+a[-\s]+half)?"
            r"(?:-long)?",
            r.norm_duration,
        ),
        (
            "vague_span",
            r"(?P<when>(?:the\s+)?(?:recent|coming|past|next|last|following|ensuing|previous))"
            r"\s+(?:few\s+|several\s+|many\s+)?"
            r"(?P<unit>years|months|weeks|days|hours|decades|quarters)",
            r.norm_vague_span,
        ),
        (
            "bare_duration",
            r"(?:for|within|over|in|after|took|take|takes|lasted|last|spent|than)\s+"
            r"(?P<span>(?P<unit>years|months|weeks|days|hours|decades|centuries))(?!\s+(?:of|ago))",
            r.norm_vague_duration,
        ),
        (
            "set_adverb",
            r"(?P<adv>hourly|daily|nightly|weekly|biweekly|monthly|bimonthly|quarterly"
            r"|annually|yearly|semiannually|biannually)",
            r.norm_set_adverb,
        ),
        (
            "set_every",
            rf"(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<num>{NUM})\s+)?"
            rf"(?P<what>{UNIT}|{WEEKDAY}|{MONTH}|morning|afternoon|evening|night)",
            r.norm_set_every,
        ),
        (
            "set_times",
            rf"(?:once|twice|thrice|{NUM}\s+times)\s+(?:a|an|per|each|every)\s+"
            r"(?P<what>second|minute|hour|day|week|month|quarter|year|decade)",
            r.norm_set_every,
        ),
    ]
    return tuple(Rule(name, _rx(body), normalise) for name, body, normalise in table)


RULES = _rules()
