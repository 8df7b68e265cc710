"""Word lists and regex fragments shared by the temporal-expression rules.

Month and weekday names are matched case-sensitively (``(?-i:...)``) inside otherwise
case-insensitive patterns, so the modal verb "may" and the verb "march" are never months.
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = [
    "DAY",
    "MONTH",
    "MONTH_ANY",
    "NUM",
    "UNIT",
    "WEEKDAY",
    "YEAR",
    "parse_count",
    "parse_month",
    "parse_ordinal",
    "parse_unit",
    "parse_weekday",
    "parse_year",
]

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTHS = MappingProxyType(
    {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
    | {name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)}
    | {"sept": 9}
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = MappingProxyType({name: i for i, name in enumerate(_WEEKDAY_NAMES)})

# fmt: off
_UNITS_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
# fmt: on
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = MappingProxyType(
    {w: i + 1 for i, w in enumerate(_UNITS_WORDS)}
    | {w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)}
    | {"a": 1, "an": 1, "dozen": 12, "hundred": 100, "thousand": 1000, "couple": 2}
)
# fmt: off
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)
# fmt: on
ORDINALS = MappingProxyType({w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)} | {"last": -1})
VAGUE_COUNTS = frozenset({"several", "few", "a few", "some", "many", "a number of", "numerous"})

UNITS = MappingProxyType(
    {
        "sec": "second", "second": "second", "min": "minute", "minute": "minute",
        "hour": "hour", "hr": "hour", "day": "day", "week": "week", "fortnight": "fortnight",
        "month": "month", "quarter": "quarter", "year": "year", "yr": "year",
        "decade": "decade", "century": "century", "centurie": "century",
    }
)  # fmt: skip

_upper_months = "|".join(n.upper() for n in _MONTH_NAMES)
_full_months = "|".join(n.capitalize() for n in _MONTH_NAMES)
_dotted = r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\."
MONTH = rf"(?-i:{_full_months}|{_upper_months}|{_dotted})"
# Undotted abbreviations ("Jan", "Aug") are names too often; accepted only before a day number.
MONTH_ANY = (
    rf"(?-i:{_full_months}|{_upper_months}|{_dotted}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
WEEKDAY = "(?-i:" + "|".join(n.capitalize() for n in _WEEKDAY_NAMES) + ")"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"

_unit_word = "|".join(_UNITS_WORDS[::-1])  # longest alternatives first ("seventeen" before "seven")
_tens_word = "|".join(_TENS_WORDS)
NUMBER_WORD = (
    rf"(?:(?:{_tens_word})(?:[-\s](?:{_unit_word}))?|{_unit_word}|(?:a\s+)?hundred|(?:a\s+)?dozen)"
)
VAGUE = r"(?:a\s+few|a\s+couple\s+of|a\s+number\s+of|several|few|some|many|numerous)"
NUM = rf"(?:\d+(?:\s+1/2|\.\d+)?|{NUMBER_WORD}|{VAGUE}|an?)"
UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?"
    r"|years?|yrs?|decades?|century|centuries)"
)
_SPOKEN_YEAR = (
    rf"nineteen[-\s]+(?:(?:{_tens_word})(?:[-\s](?:{_unit_word}))?|{_unit_word}|hundred)"
    rf"|two\s+thousand(?:\s+and)?"
    rf"(?:[-\s]+(?:(?:{_tens_word})(?:[-\s](?:{_unit_word}))?|{_unit_word}))?"
)
YEAR = rf"(?:1[5-9]\d\d|20\d\d|'\d\d(?!\w)|{_SPOKEN_YEAR})(?![\d,]\d)"


def parse_month(text: str) -> int:
    word = text.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


def parse_weekday(text: str) -> int:
    return WEEKDAYS[text.lower().rstrip("s")]


def parse_unit(text: str) -> str:
    """``"Years"`` -> ``"year"``; ``"centuries"`` -> ``"century"``."""
    word = text.lower()
    for stem in (word, word[:-1], word[:-2] + "y" if word.endswith("ies") else word):
        if stem in UNITS:
            return UNITS[stem]
    return UNITS[word.rstrip("s")]


def parse_count(text: str) -> float | None:
    """``"three"`` -> 3, ``"1.5"`` -> 1.5, ``"twenty-four"`` -> 24; vague counts -> None."""
    words = re.sub(r"[-\s]+", " ", text.lower()).strip()
    if words in VAGUE_COUNTS or words.startswith(("a few", "a number")):
        return None
    if words.startswith("a couple"):
        return 2
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    if re.fullmatch(r"\d+ 1/2", words):
        return float(words[:-4]) + 0.5
    total = 0
    for word in words.split():
        if word == "hundred":
            total = max(total, 1) * 100
        elif word in NUMBER_WORDS and word != "a":
            total += NUMBER_WORDS[word]
        elif word not in ("a", "and"):
            return None
    return float(total or 1)


def parse_ordinal(text: str) -> int | None:
    """``"third"`` -> 3, ``"21st"`` -> 21, ``"twenty-first"`` -> 21."""
    word = text.lower().replace("-", " ")
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    parts = word.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in ORDINALS:
        return NUMBER_WORDS[parts[0]] + ORDINALS[parts[1]]
    return ORDINALS.get(word)


def parse_year(text: str, *, pivot: int | None = None) -> int | None:
    """``"1998"``, ``"'98"`` (the century before ``pivot``'s year + 10), ``"nineteen ninety"``."""
    word = text.lower().strip()
    if word.isdigit():
        return int(word)
    if word.startswith("'"):
        short = int(word[1:])
        base = ((pivot or 1999) + 10) // 100 * 100
        return base + short if base + short <= (pivot or 1999) + 10 else base - 100 + short
    match = re.match(r"(nineteen|two\s+thousand(?:\s+and)?)[-\s]*(.*)", word)
    if not match:
        return None
    rest = match.group(2)
    tail = int(parse_count(rest) or 0) if rest else 0
    if rest == "hundred":
        tail = 0
    return (1900 if match.group(1) == "nineteen" else 2000) + tail
