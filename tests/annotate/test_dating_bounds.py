"""Lower bounds from phrases that look back: invented sentences and the earliest day they allow."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.annotate.dating import date_text
from communique.annotate.dating_bounds import first_in_years, since_dates
from communique.annotate.timex import find_timexes

TODAY = dt.date(2040, 1, 1)


def _since(text: str) -> list[tuple[str, str]]:
    found = since_dates(text, find_timexes(text, anchor=None))
    return [(b.words, b.earliest.isoformat()) for b in found]


def _first(text: str) -> list[tuple[str, str]]:
    found = first_in_years(text, find_timexes(text, anchor=None))
    return [(b.words, b.earliest.isoformat()) for b in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Whatever the tense: a count runs from a day that has come.
        (
            "The first ministerial meeting since 2033 opens in Varna.",
            [("since 2033", "2033-01-01")],
        ),
        ("Freight costs have doubled since March 2034.", [("since March 2034", "2034-03-01")]),
        (
            "No barge has crossed since June 4, 2035, the port said.",
            [("since June 4, 2035", "2035-06-04")],
        ),
        ("Prices have fallen since early 2031.", [("since early 2031", "2031-01-01")]),
        # A date without "since" before it counts from nothing.
        ("The 2033 accord still holds.", []),
        ("The envoys met in 2033 and again later.", []),
    ],
)
def test_since_a_date_bounds_from_below(text: str, expected: list[tuple[str, str]]) -> None:
    assert _since(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The one dated telling of the same kind of event anchors the count.
        (
            "Delegates opened the first direct talks in three years. The 2034 talks had ended badly.",
            [("first direct talks in three years", "2037-01-01")],
        ),
        # A plural meets a singular; "more than" keeps the same earliest year.
        (
            "It was the first summit in more than two years. A summit in 2035 failed.",
            [("first summit in more than two years", "2037-01-01")],
        ),
        # "nearly" counts one year fewer.
        (
            "The first strike in nearly four years began. Dockers last struck in 2030.",
            [],
        ),
        (
            "The first strike in nearly four years began. The 2030 strike was short.",
            [("first strike in nearly four years", "2033-01-01")],
        ),
        # A year beside another noun anchors nothing: the phrase counts from a rate cut.
        ("The bank made its first rate cut in four years. The economy shrank in 2036.", []),
        # Two years beside the noun leave open which one the count starts from.
        (
            "The first talks in two years opened. Talks in 2030 and in 2034 had failed.",
            [],
        ),
        # A year in the phrase's own sentence may be the event's own date.
        ("The first summit in five years will open in 2036 in Varna.", []),
        # "the first time" names no kind of event.
        ("For the first time in five years, the port reopened. It closed in 2031.", []),
        # A level is no event: "the highest in" is not "the first".
        ("Wheat hit its highest price in two years. The 2036 harvest was poor.", []),
    ],
)
def test_the_first_in_years_counts_from_a_dated_telling(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _first(text) == expected


def test_the_bounds_date_a_text_with_no_date_of_its_own() -> None:
    text = (
        "Envoys of Korvania and Ostria sat down for their first direct talks in three years. "
        "Their last talks, in 2034, collapsed within a month."
    )
    found = date_text(text, today=TODAY)
    assert (found.kind, found.earliest, found.latest) == ("range", dt.date(2037, 1, 1), None)
    assert found.basis is not None and "first direct talks in three years" in found.basis


def test_an_announced_year_anchors_nothing() -> None:
    text = "It is the first summit in five years. The next summit will be held in 2036."
    found = date_text(text, today=TODAY)
    assert not [c for c in found.clues if "first summit" in c.words]


def test_since_dates_a_text_in_any_tense() -> None:
    found = date_text("The ferry is the first to sail since 2036.", today=TODAY)
    assert (found.kind, found.earliest, found.latest) == ("range", dt.date(2036, 1, 1), None)
